import { test as base, chromium, type Browser, type Page } from '@playwright/test';
import { spawn, type ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import readline from 'node:readline';

export const CHROMIUM = process.env.FIELDSCOPE_TEST_CHROMIUM ?? '/usr/bin/chromium';
const root = path.resolve(import.meta.dirname, '..');

export interface HostHandle {
  url: string;
  dataDir: string;
  proc: ChildProcess;
  output: string[];
  stop(): Promise<void>;
}

/** Starts the Chromium host (built bundle) on a fresh data folder, without opening a browser itself. */
export async function startHost(opts: { env?: Record<string, string>; dataDir?: string } = {}): Promise<HostHandle> {
  const dataDir = opts.dataDir ?? fs.mkdtempSync(path.join(os.tmpdir(), 'fieldscope-e2e-'));
  const proc = spawn(process.execPath, [path.join(root, 'dist', 'host', 'chromium-host.js')], {
    env: { ...process.env, FIELDSCOPE_DATA_DIR: dataDir, FIELDSCOPE_NO_BROWSER: '1', ...opts.env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  const output: string[] = [];
  proc.stderr!.on('data', (d: Buffer) => output.push(d.toString()));
  const rl = readline.createInterface({ input: proc.stdout! });
  const url = await new Promise<string>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`host did not start: ${output.join('')}`)), 30_000);
    rl.on('line', (line) => {
      output.push(line);
      if (line.startsWith('{')) {
        try {
          const j = JSON.parse(line) as { url?: string };
          if (j.url) {
            clearTimeout(timer);
            resolve(j.url);
          }
        } catch {
          // not our line
        }
      }
    });
    proc.on('exit', (code) => reject(new Error(`host exited ${code}: ${output.join('\n')}`)));
  });
  return {
    url,
    dataDir,
    proc,
    output,
    async stop() {
      if (proc.exitCode !== null) return;
      proc.kill('SIGTERM');
      await new Promise((r) => {
        const t = setTimeout(() => {
          proc.kill('SIGKILL');
          r(null);
        }, 10_000);
        proc.on('exit', () => {
          clearTimeout(t);
          r(null);
        });
      });
    },
  };
}

export async function launchChromium(): Promise<Browser> {
  return chromium.launch({
    executablePath: CHROMIUM,
    args: ['--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync'],
  });
}

type Fixtures = { host: HostHandle; page: Page; consoleErrors: string[] };

/** Fresh data folder and host per test; the test fails on any console error from the page. */
export const test = base.extend<Fixtures>({
  consoleErrors: async ({}, use) => {
    await use([]);
  },
  host: async ({}, use) => {
    const h = await startHost();
    await use(h);
    await h.stop();
    fs.rmSync(h.dataDir, { recursive: true, force: true });
  },
  page: async ({ host, consoleErrors }, use) => {
    const browser = await launchChromium();
    const page = await browser.newPage();
    page.on('console', (m) => {
      if (m.type() === 'error') consoleErrors.push(m.text());
    });
    page.on('pageerror', (e) => consoleErrors.push(e.message));
    await page.goto(host.url);
    await use(page);
    await browser.close();
    if (consoleErrors.length) throw new Error(`console errors in the page:\n${consoleErrors.join('\n')}`);
  },
});

export { expect } from '@playwright/test';
