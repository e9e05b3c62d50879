// `npm start`: Electron when its binary is installed, otherwise the Chromium host — and it says which.
import { spawn } from 'node:child_process';
import fs from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import { fetchElectronOnce } from './electron-fetch.mjs';

const root = path.resolve(path.dirname(new URL(import.meta.url).pathname), '..');
const require = createRequire(import.meta.url);

// Read path.txt ourselves: require('electron') would start a download when the binary is missing.
function electronBinary() {
  try {
    const dir = path.dirname(require.resolve('electron/package.json'));
    const rel = fs.readFileSync(path.join(dir, 'path.txt'), 'utf8').trim();
    const bin = process.env.ELECTRON_OVERRIDE_DIST_PATH ? path.join(process.env.ELECTRON_OVERRIDE_DIST_PATH, rel) : path.join(dir, 'dist', rel);
    return fs.existsSync(bin) ? bin : null;
  } catch {
    return null;
  }
}

const forced = process.env.FIELDSCOPE_HOST; // 'electron' | 'chromium'
let bin = forced === 'chromium' ? null : electronBinary();
if (!bin && forced !== 'chromium' && !process.env.FIELDSCOPE_NO_ELECTRON_FETCH) {
  // npm 11 skips dependency install scripts unless approved, so the binary may simply never have been fetched.
  const marker = path.join(root, 'node_modules', '.fieldscope-electron-fetch-failed');
  if (!fs.existsSync(marker) && fs.existsSync(path.join(root, 'node_modules', 'electron', 'install.js'))) {
    const r = await fetchElectronOnce({ installScript: path.join(root, 'node_modules', 'electron', 'install.js') });
    const code = r.ok ? 0 : 1;
    // Tried once: later starts go straight to the Chromium host (delete the marker to try again).
    if (code !== 0) fs.writeFileSync(marker, new Date().toISOString());
    bin = electronBinary();
  }
}

if (bin) {
  console.log(`Fieldscope: starting the Electron host (${bin}).`);
  const child = spawn(bin, [path.join(root, 'dist', 'electron', 'main.js')], { stdio: 'inherit' });
  child.on('exit', (c) => process.exit(c ?? 0));
} else {
  console.log('Fieldscope: the Electron binary is missing, so starting the Chromium host (UI in Chromium/Chrome/Edge as an app window).');
  const child = spawn(process.execPath, [path.join(root, 'dist', 'host', 'chromium-host.js')], { stdio: 'inherit' });
  child.on('exit', (c) => process.exit(c ?? 0));
  for (const s of ['SIGINT', 'SIGTERM']) process.on(s, () => child.kill(s));
}
