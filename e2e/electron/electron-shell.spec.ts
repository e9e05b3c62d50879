import { _electron as electron, expect, test } from '@playwright/test';
import fs from 'node:fs';
import { createRequire } from 'node:module';
import os from 'node:os';
import path from 'node:path';

const require = createRequire(import.meta.url);
// path.txt, not require('electron'): requiring it starts a download when the binary is missing.
function electronBinary(): string | null {
  try {
    const dir = path.dirname(require.resolve('electron/package.json'));
    const bin = path.join(dir, 'dist', fs.readFileSync(path.join(dir, 'path.txt'), 'utf8').trim());
    return fs.existsSync(bin) ? bin : null;
  } catch {
    return null;
  }
}
const bin = electronBinary();
const reason = 'Electron binary not installed on this machine (its download needs GitHub); Electron-shell tests run where it exists';
if (!bin) console.log(`[skip] e2e/electron: ${reason}`);

test.describe('Electron shell', () => {
  test.skip(!bin, reason);

  test('window is hardened and the preload exposes only the contract', async () => {
    const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'fieldscope-electron-'));
    const app = await electron.launch({
      executablePath: bin!,
      args: [path.resolve(import.meta.dirname, '..', '..', 'dist', 'electron', 'main.js')],
      env: { ...process.env, FIELDSCOPE_DATA_DIR: dataDir },
    });
    const win = await app.firstWindow();
    await expect(win.locator('.app')).toHaveAttribute('data-host', 'electron');
    const exposed = await win.evaluate(() => ({
      require: typeof (globalThis as { require?: unknown }).require,
      process: typeof (globalThis as { process?: unknown }).process,
      keys: Object.keys((globalThis as unknown as { fieldscope: object }).fieldscope).sort(),
    }));
    expect(exposed).toEqual({ require: 'undefined', process: 'undefined', keys: ['call', 'on', 'post'] });
    // Navigation away and new windows are refused by main; an https:// link asks first (answered "Cancel" here).
    const asked: string[] = [];
    await app.evaluate(({ dialog }) => {
      const g = globalThis as unknown as { __asked: string[] };
      g.__asked = [];
      dialog.showMessageBox = (async (...args: unknown[]) => {
        const opts = args.at(-1) as { detail?: string };
        g.__asked.push(opts.detail ?? '');
        return { response: 1, checkboxChecked: false };
      }) as typeof dialog.showMessageBox;
    });
    await win.evaluate(() => (globalThis as unknown as { open(u: string): unknown }).open('https://example.com'));
    expect(app.windows().length).toBe(1);
    asked.push(...(await app.evaluate(() => (globalThis as unknown as { __asked: string[] }).__asked)));
    expect(asked.join('\n')).toContain('https://example.com/');
    // Over file:// the CSP comes from the page's own <meta>: an injected inline script does not run.
    const inlineRan = await win.evaluate(() => {
      const d = (globalThis as unknown as { document: { createElement(t: string): { textContent: string }; head: { appendChild(n: unknown): void } } })
        .document;
      const s = d.createElement('script');
      s.textContent = 'globalThis.__inlineRan = true';
      d.head.appendChild(s);
      return (globalThis as { __inlineRan?: boolean }).__inlineRan === true;
    });
    expect(inlineRan).toBe(false);
    // One secret store in every host: the OS keychain.
    const info = (await win.evaluate(() =>
      (globalThis as unknown as { fieldscope: { call(n: string, i: unknown): Promise<unknown> } }).fieldscope.call('app.info', {}),
    )) as { value: { keychain: { kind: string } } };
    expect(info.value.keychain.kind).toBe('os-keychain');
    await app.close();
  });
});
