import { test as base, chromium, type Browser, type Page } from '@playwright/test';
import { spawn, type ChildProcess } from 'node:child_process';
import crypto from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import readline from 'node:readline';

export const CHROMIUM = process.env.FIELDSCOPE_TEST_CHROMIUM ?? '/usr/bin/chromium';
const root = path.resolve(import.meta.dirname, '..');

export interface HostHandle {
  /** The URL to open: it carries a single-use start code, not the session token. */
  url: string;
  /** The session token, set by the test through FIELDSCOPE_HOST_TOKEN (never read from a URL). */
  token: string;
  dataDir: string;
  proc: ChildProcess;
  output: string[];
  stop(): Promise<void>;
}

/** Starts the Chromium host (built bundle) on a fresh data folder, without opening a browser itself. */
export async function startHost(opts: { env?: Record<string, string>; dataDir?: string } = {}): Promise<HostHandle> {
  const dataDir = opts.dataDir ?? fs.mkdtempSync(path.join(os.tmpdir(), 'fieldscope-e2e-'));
  const token = opts.env?.FIELDSCOPE_HOST_TOKEN ?? crypto.randomBytes(24).toString('base64url');
  const proc = spawn(process.execPath, [path.join(root, 'dist', 'host', 'chromium-host.js')], {
    env: { ...process.env, FIELDSCOPE_DATA_DIR: dataDir, FIELDSCOPE_NO_BROWSER: '1', ...opts.env, FIELDSCOPE_HOST_TOKEN: token },
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
    token,
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
    args: [
      '--no-sandbox',
      '--disable-gpu',
      '--disable-quic',
      '--no-first-run',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
    ],
  });
}

type Fixtures = { host: HostHandle; page: Page; consoleErrors: string[] };

/** Fresh data folder and host per test; the test fails on any console error from the page. */
export const test = base.extend<Fixtures>({
  // eslint-disable-next-line no-empty-pattern -- Playwright reads the fixture's dependencies from this pattern
  consoleErrors: async ({}, use) => {
    await use([]);
  },
  // eslint-disable-next-line no-empty-pattern -- as above
  host: async ({}, use) => {
    const h = await startHost();
    await use(h);
    await h.stop();
    fs.rmSync(h.dataDir, { recursive: true, force: true });
  },
  page: async ({ host, consoleErrors }, use) => {
    const browser = await launchChromium();
    // English pinned: the UI follows the browser's language, and these tests read English words.
    const page = await browser.newPage({ locale: 'en-US' });
    page.on('console', (m) => {
      if (m.type() === 'error') consoleErrors.push(m.text());
    });
    page.on('pageerror', (e) => consoleErrors.push(e.message));
    pageTokens.set(page, host.token);
    await page.goto(host.url);
    await use(page);
    await browser.close();
    if (consoleErrors.length) throw new Error(`console errors in the page:\n${consoleErrors.join('\n')}`);
  },
});

/** The same fixtures with the host started without the local sandbox, whose traffic would mix into what a test checks. */
export const testWithoutSandbox = test.extend({
  // eslint-disable-next-line no-empty-pattern -- as above
  host: async ({}, use) => {
    const h = await startHost({ env: { FIELDSCOPE_NO_SANDBOX: '1' } });
    await use(h);
    await h.stop();
    fs.rmSync(h.dataDir, { recursive: true, force: true });
  },
});

/** Why tests that store secrets cannot run here (no Secret Service session), or null. */
export function keychainMissingReason(): string | null {
  return process.env.DBUS_SESSION_BUS_ADDRESS
    ? null
    : 'no D-Bus session with a Secret Service (run inside scripts/test-all.sh or dbus-run-session + gnome-keyring-daemon)';
}

export interface RpcReply<T> {
  ok: boolean;
  value?: T;
  error?: { code: string; message: string };
}

/** The session token of the host a fixture page was opened on (the page itself keeps it out of reach). */
const pageTokens = new WeakMap<Page, string>();
/** For a test that opens its own page on a host it started: lets `rpc` call that host from the page. */
export function useHostToken(page: Page, host: Pick<HostHandle, 'token'>): void {
  pageTokens.set(page, host.token);
}
export function tokenOf(page: Page): string {
  const t = pageTokens.get(page);
  if (!t) throw new Error('this page was not opened by the e2e page fixture, so its session token is unknown');
  return t;
}

/** Calls the backend from inside the page (its origin) with the host's session token. */
export async function rpc<T = unknown>(page: Page, name: string, input: unknown): Promise<RpcReply<T>> {
  return page.evaluate(
    async ([n, i, token]) => {
      const res = await fetch('/rpc', {
        method: 'POST',
        headers: { 'content-type': 'application/json', authorization: `Bearer ${token}` },
        body: JSON.stringify({ name: n, input: i }),
      });
      return res.json();
    },
    [name, input, tokenOf(page)] as const,
  ) as Promise<RpcReply<T>>;
}

/**
 * Skips the running test, saying why, when a reply failed for want of an OS keychain and this session provides
 * none. Inside a session that does (scripts/test-all.sh), a keychain error is the test's failure, not a skip.
 */
export function skipWithoutKeychain(reply: RpcReply<unknown>): void {
  if (reply.ok || !/keychain|secret service|keyring/i.test(reply.error?.message ?? '')) return;
  const missing = keychainMissingReason();
  if (missing) base.skip(true, `${missing}: ${reply.error?.message}`);
}

export { expect } from '@playwright/test';
