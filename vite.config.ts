import react from '@vitejs/plugin-react';
import { defineConfig } from 'vite';

// Relative base so the same build loads from file:// (Electron) and http://127.0.0.1 (Chromium host).
export default defineConfig({
  root: 'renderer',
  base: './',
  plugins: [react()],
  build: {
    outDir: '../dist/renderer',
    emptyOutDir: true,
    chunkSizeWarningLimit: 8000,
    sourcemap: false,
  },
});
