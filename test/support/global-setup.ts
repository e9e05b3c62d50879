import { execFileSync } from 'node:child_process';
import path from 'node:path';

// The CLI and host tests run the built bundles, so build them once (node parts only; fast with esbuild).
export default function setup() {
  const root = path.resolve(import.meta.dirname, '..', '..');
  execFileSync(process.execPath, [path.join(root, 'scripts', 'build.mjs'), '--node-only'], { cwd: root, stdio: 'inherit' });
}
