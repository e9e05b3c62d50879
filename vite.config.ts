import react from '@vitejs/plugin-react';
import { defineConfig, type Plugin } from 'vite';
import { cspMetaElement } from './electron/hosts/csp.ts';

// Relative base so the same build loads from file:// (Electron) and http://127.0.0.1 (Chromium host).
// Monaco is bundled (no CDN): its workers are ?worker imports in renderer/src/monaco/setup.ts, emitted as
// ES module workers served from our own origin (CSP worker-src 'self').
// The CSP right after the charset, first thing in <head>: over file:// (Electron) no response header can carry it, so the
// built page carries it itself, before any script or style is seen. One policy, electron/hosts/csp.ts.
const cspMeta: Plugin = {
  name: 'fieldscope-csp-meta',
  transformIndexHtml: {
    order: 'post',
    handler: (html) => {
      const at = /<meta charset=[^>]*>/i.exec(html) ?? /<head>/i.exec(html);
      if (!at) throw new Error('renderer/index.html has no <head>: cannot place the CSP');
      const end = at.index + at[0].length;
      return `${html.slice(0, end)}\n    ${cspMetaElement()}${html.slice(end)}`;
    },
  },
};

export default defineConfig({
  root: 'renderer',
  base: './',
  plugins: [react(), cspMeta],
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
