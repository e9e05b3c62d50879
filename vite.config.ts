import react from '@vitejs/plugin-react';
import { defineConfig } from 'vite';

// Relative base so the same build loads from file:// (Electron) and http://127.0.0.1 (Chromium host).
// Monaco is bundled (no CDN): its workers are ?worker imports in renderer/src/monaco/setup.ts, emitted as
// ES module workers served from our own origin (CSP worker-src 'self').
export default defineConfig({
  root: 'renderer',
  base: './',
  plugins: [react()],
  worker: { format: 'es' },
  build: {
    outDir: '../dist/renderer',
    emptyOutDir: true,
    chunkSizeWarningLimit: 8000,
    sourcemap: false,
    // Monaco's many chunks make rolldown report plugin timings on every build: noise, not a problem.
    rolldownOptions: { checks: { bundlerTimings: false } },
  },
});
