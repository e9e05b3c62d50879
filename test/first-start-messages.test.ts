import { describe, expect, it } from 'vitest';
import { spawn } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import readline from 'node:readline';
import { chooseBrowser, noWindowMessage } from '../electron/hosts/browser-launcher';
// @ts-expect-error: a plain .mjs script without type declarations
import { ELECTRON_FETCH_TIMEOUT_MS, fetchElectronOnce } from '../scripts/electron-fetch.mjs';

const root = path.resolve(import.meta.dirname, '..');
const bundle = path.join(root, 'dist', 'host', 'chromium-host.js');

// Issue 11, "First start": npm start must not sit for minutes on an Electron download that cannot succeed,
// and must not claim no browser exists when the user asked for none.
describe('first start', () => {
  it('caps the Electron download attempt at a few seconds, says so, and kills a hung installer', async () => {
    expect(ELECTRON_FETCH_TIMEOUT_MS).toBeLessThanOrEqual(10_000);
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'fs-electron-fetch-'));
    const hang = path.join(dir, 'install.js');
    fs.writeFileSync(hang, 'setInterval(() => {}, 1000);'); // an installer waiting on a network that never answers
    const said: string[] = [];
    const r = (await fetchElectronOnce({ installScript: hang, timeoutMs: 300, log: (l: string) => said.push(l) })) as {
      ok: boolean;
      reason: string;
      pid: number;
    };
    expect(r).toMatchObject({ ok: false, reason: 'timeout' });
    expect(said[0]).toMatch(/trying to download it once .*giving up after 0\.3 s/);
    expect(said[1]).toMatch(/no Electron download after 0\.3 s.*Chromium host instead/);
    // The installer is gone (killed, not left downloading in the background).
    let alive = true;
    while (alive) {
      try {
        process.kill(r.pid, 0);
        await new Promise((res) => setTimeout(res, 20));
      } catch {
        alive = false;
      }
    }
    expect(alive).toBe(false);
  });

  it('reports a failed installer without waiting for the cap', async () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'fs-electron-fetch-'));
    const fail = path.join(dir, 'install.js');
    fs.writeFileSync(fail, 'process.exit(3);');
    const said: string[] = [];
    const r = await fetchElectronOnce({ installScript: fail, timeoutMs: 60_000, log: (l: string) => said.push(l) });
    expect(r).toMatchObject({ ok: false, reason: 'failed' });
    expect(said.at(-1)).toMatch(/failed \(exit code 3\)/);
  });

  it('with FIELDSCOPE_NO_BROWSER=1 does not look for a browser nor claim none was found', () => {
    let looked = false;
    const choice = chooseBrowser({ FIELDSCOPE_NO_BROWSER: '1' }, () => ((looked = true), '/usr/bin/chromium'));
    expect(choice).toEqual({ kind: 'disabled' });
    expect(looked).toBe(false);
    const msg = noWindowMessage({ kind: 'disabled' }, 'http://127.0.0.1:1/#code=x');
    expect(msg).not.toMatch(/No Chromium/);
    expect(msg).toMatch(/FIELDSCOPE_NO_BROWSER=1/);
    expect(noWindowMessage({ kind: 'none' }, 'u')).toMatch(/No Chromium, Chrome or Edge found/);
    expect(chooseBrowser({}, () => null)).toEqual({ kind: 'none' });
  });

  it.skipIf(!fs.existsSync(bundle))('the built host says it is not opening a window on purpose', async () => {
    const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'fs-nobrowser-'));
    const child = spawn(process.execPath, [bundle], {
      env: { ...process.env, FIELDSCOPE_DATA_DIR: dataDir, FIELDSCOPE_NO_BROWSER: '1', FIELDSCOPE_NO_SANDBOX: '1' },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    try {
      const lines: string[] = [];
      await new Promise<void>((resolve, reject) => {
        readline.createInterface({ input: child.stdout! }).on('line', (l) => {
          lines.push(l);
          if (/Open this URL/.test(l)) resolve();
        });
        child.on('exit', (c) => reject(new Error(`host exited ${c}: ${lines.join('\n')}`)));
      });
      const text = lines.join('\n');
      expect(text).toMatch(/Not opening a browser window \(FIELDSCOPE_NO_BROWSER=1\)/);
      expect(text).not.toMatch(/No Chromium, Chrome or Edge found/);
    } finally {
      child.kill('SIGTERM');
    }
  });
});
