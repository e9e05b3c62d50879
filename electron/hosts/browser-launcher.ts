import { spawn, type ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';

/** Where a Chromium-family browser usually lives on each OS. FIELDSCOPE_BROWSER wins. */
export function findBrowser(): string | null {
  const env = process.env.FIELDSCOPE_BROWSER;
  if (env) return fs.existsSync(env) ? env : null;
  const candidates: string[] = [];
  if (process.platform === 'win32') {
    const pf = [process.env['PROGRAMFILES'], process.env['PROGRAMFILES(X86)'], process.env.LOCALAPPDATA].filter(Boolean) as string[];
    for (const base of pf) {
      candidates.push(
        path.join(base, 'Google', 'Chrome', 'Application', 'chrome.exe'),
        path.join(base, 'Microsoft', 'Edge', 'Application', 'msedge.exe'),
        path.join(base, 'Chromium', 'Application', 'chrome.exe'),
      );
    }
  } else if (process.platform === 'darwin') {
    candidates.push(
      '/Applications/Google Chrome.app/Contents/MacOS/Google Chrome',
      '/Applications/Microsoft Edge.app/Contents/MacOS/Microsoft Edge',
      '/Applications/Chromium.app/Contents/MacOS/Chromium',
    );
  } else {
    candidates.push(
      '/usr/bin/chromium',
      '/usr/bin/chromium-browser',
      '/usr/bin/google-chrome',
      '/usr/bin/google-chrome-stable',
      '/usr/bin/microsoft-edge',
      '/snap/bin/chromium',
    );
  }
  return candidates.find((c) => fs.existsSync(c)) ?? null;
}

export type BrowserChoice = { kind: 'disabled' } | { kind: 'none' } | { kind: 'open'; browser: string };

/** Whether to open a window, and in what: FIELDSCOPE_NO_BROWSER=1 is a choice, not a missing browser. */
export function chooseBrowser(env: NodeJS.ProcessEnv, find: () => string | null = findBrowser): BrowserChoice {
  if (env.FIELDSCOPE_NO_BROWSER === '1') return { kind: 'disabled' };
  const browser = find();
  return browser ? { kind: 'open', browser } : { kind: 'none' };
}

/** What the host prints when it does not open a window itself. */
export function noWindowMessage(choice: Exclude<BrowserChoice, { kind: 'open' }>, url: string): string {
  const why =
    choice.kind === 'disabled'
      ? 'Not opening a browser window (FIELDSCOPE_NO_BROWSER=1).'
      : 'No Chromium, Chrome or Edge found (set FIELDSCOPE_BROWSER to its path to have it opened for you).';
  return `${why} Open this URL in a Chromium-based browser:\n  ${url}`;
}

/** The browser's environment: ours without the session token (a browser and its helpers need not hold it). */
export function browserEnv(env: NodeJS.ProcessEnv): NodeJS.ProcessEnv {
  const { FIELDSCOPE_HOST_TOKEN: _token, ...rest } = env;
  return rest;
}

/** Opens the UI as an app window (no tabs, no address bar) with its own profile folder. */
export function launchAppWindow(browser: string, url: string, profileDir: string): ChildProcess {
  fs.mkdirSync(profileDir, { recursive: true });
  const args = [
    `--app=${url}`,
    `--user-data-dir=${profileDir}`,
    '--no-first-run',
    '--no-default-browser-check',
    '--disable-background-networking',
    '--disable-component-update',
    '--disable-sync',
    '--window-size=1400,900',
  ];
  if (process.platform === 'linux' && os.userInfo().uid === 0) args.push('--no-sandbox');
  return spawn(browser, args, { stdio: 'ignore', detached: false, env: browserEnv(process.env) });
}
