// Builds every bundle: electron main + preload, the Chromium host, the CLI (esbuild) and the renderer (vite).
// --if-stale skips the work when dist is newer than every source file.
import { build as esbuild } from 'esbuild';
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';

const root = path.resolve(path.dirname(new URL(import.meta.url).pathname), '..');
const dist = path.join(root, 'dist');
const only = process.argv.includes('--node-only') ? 'node' : process.argv.includes('--renderer-only') ? 'renderer' : 'all';

function newest(dir) {
  let t = 0;
  if (!fs.existsSync(dir)) return t;
  for (const e of fs.readdirSync(dir, { withFileTypes: true })) {
    if (e.name === 'node_modules') continue;
    const p = path.join(dir, e.name);
    t = Math.max(t, e.isDirectory() ? newest(p) : fs.statSync(p).mtimeMs);
  }
  return t;
}

const stamp = path.join(dist, '.build-stamp');
if (process.argv.includes('--if-stale') && fs.existsSync(stamp)) {
  const built = fs.statSync(stamp).mtimeMs;
  const src = Math.max(
    ...['shared', 'electron', 'renderer', 'package.json', 'vite.config.ts'].map((p) => {
      const full = path.join(root, p);
      return fs.existsSync(full) && fs.statSync(full).isDirectory() ? newest(full) : fs.existsSync(full) ? fs.statSync(full).mtimeMs : 0;
    }),
  );
  if (src <= built) process.exit(0);
}

const common = {
  bundle: true,
  platform: 'node',
  target: 'node20',
  sourcemap: 'linked',
  logLevel: 'warning',
  absWorkingDir: root,
};

if (only !== 'renderer') {
  // The CLI's chunks carry content hashes: last build's would pile up beside this one's.
  fs.rmSync(path.join(dist, 'cli'), { recursive: true, force: true });
  await Promise.all([
    esbuild({
      ...common,
      entryPoints: { main: 'electron/main/main.ts' },
      outdir: 'dist/electron',
      format: 'esm',
      packages: 'external',
      banner: { js: "import { createRequire as __cr } from 'node:module'; const require = __cr(import.meta.url);" },
    }),
    // Sandboxed preloads cannot require npm modules: bundle everything but electron, as CommonJS.
    esbuild({
      ...common,
      entryPoints: { preload: 'electron/preload/preload.ts' },
      outfile: 'dist/electron/preload.cjs',
      format: 'cjs',
      external: ['electron'],
    }),
    esbuild({
      ...common,
      entryPoints: { 'chromium-host': 'electron/hosts/chromium-host.main.ts' },
      outdir: 'dist/host',
      format: 'esm',
      packages: 'external',
      banner: { js: "import { createRequire as __cr } from 'node:module'; const require = __cr(import.meta.url);" },
    }),
    esbuild({
      ...common,
      entryPoints: { main: 'electron/cli/main.ts' },
      outdir: 'dist/cli',
      format: 'esm',
      // Each command a chunk of its own, loaded when it runs: `fieldscope sub` does not start what `sandbox` needs.
      splitting: true,
      chunkNames: 'chunks/[name]-[hash]',
      packages: 'external',
      banner: { js: "import { createRequire as __cr } from 'node:module'; const require = __cr(import.meta.url);" },
    }),
  ]);
}
if (only !== 'node') {
  execFileSync(process.execPath, [path.join(root, 'node_modules', 'vite', 'bin', 'vite.js'), 'build', '--logLevel', 'warn'], { cwd: root, stdio: 'inherit' });
}
fs.mkdirSync(dist, { recursive: true });
if (only === 'all') fs.writeFileSync(stamp, new Date().toISOString());
