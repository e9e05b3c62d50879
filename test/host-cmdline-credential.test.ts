import { afterAll, describe, expect, it } from 'vitest';
import { spawn, type ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import readline from 'node:readline';

const root = path.resolve(import.meta.dirname, '..');
const bundle = path.join(root, 'dist', 'host', 'chromium-host.js');
const CHROMIUM = process.env.FIELDSCOPE_TEST_CHROMIUM ?? '/usr/bin/chromium';
const missing = !fs.existsSync(bundle) ? `${bundle} is not built (node scripts/build.mjs)` : !fs.existsSync(CHROMIUM) ? `no Chromium at ${CHROMIUM}` : null;
if (missing) console.log(`skipping the command-line credential test: ${missing}`);

/** Every argument of every process we can read, as /proc shows it to any local user. */
function allCommandLines(): Array<string[] & { pid?: string }> {
  const out: Array<string[] & { pid?: string }> = [];
  for (const pid of fs.readdirSync('/proc').filter((p) => /^\d+$/.test(p))) {
    try {
      out.push(Object.assign(fs.readFileSync(`/proc/${pid}/cmdline`, 'latin1').split('\0').filter(Boolean), { pid }));
    } catch {
      // the process ended meanwhile
    }
  }
  return out;
}

/** Every string in an argument a thief could try as a credential: the whole, and each piece between URL delimiters. */
function candidates(args: string[][]): Set<string> {
  const found = new Set<string>();
  for (const arg of args.flat()) {
    for (const piece of [arg, ...arg.split(/[=#&?/:,;\s]+/)]) {
      // A credential is visible ASCII; a whole argument with spaces or newlines (a `bash -c` script) is tried
      // through its pieces, and as a header value it would only make fetch throw.
      if (piece.length >= 16 && piece.length <= 512 && /^[\x21-\x7e]+$/.test(piece)) found.add(piece);
    }
  }
  return found;
}

// Issue 14: the browser used to be launched with `--app=http://127.0.0.1:PORT/#token=...`, readable by any
// local user from `ps`. Now it gets a single-use start code; once the page has loaded, nothing in any
// process's command line authorizes a call.
describe.skipIf(!!missing)('no working credential in a command line', () => {
  let host: ChildProcess | undefined;
  const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'fs-cmdline-'));
  afterAll(async () => {
    if (host && host.exitCode === null) {
      host.kill('SIGTERM');
      await new Promise((r) => host!.once('exit', r));
    }
    // The browser may still be flushing its profile as it exits: a leftover temp folder is no test failure.
    try {
      fs.rmSync(tmp, { recursive: true, force: true, maxRetries: 5, retryDelay: 200 });
    } catch {
      // left for the OS's tmp cleaning
    }
  });

  it('after the page has loaded, no argument of any process is accepted as a session token or a start code', async () => {
    // The host launches "the browser" as it would for a user; this wrapper runs the real Chromium headless
    // (no display here) and keeps every argument the host gave, the --app URL among them.
    const wrapper = path.join(tmp, 'browser.sh');
    fs.writeFileSync(
      wrapper,
      `#!/bin/sh\nfor a in "$@"; do case "$a" in --app=*) url="\${a#--app=}";; esac; done\nexec ${CHROMIUM} --headless=new --no-sandbox --disable-gpu "$@" "$url"\n`,
      { mode: 0o755 },
    );
    const env: NodeJS.ProcessEnv = { ...process.env, FIELDSCOPE_DATA_DIR: path.join(tmp, 'data'), FIELDSCOPE_NO_SANDBOX: '1', FIELDSCOPE_BROWSER: wrapper };
    delete env.FIELDSCOPE_NO_BROWSER;
    // A script-set session token: it must reach neither the browser's command line nor its environment.
    const token = `cmdline-test-token-${process.pid}-${Date.now()}`;
    env.FIELDSCOPE_HOST_TOKEN = token;
    host = spawn(process.execPath, [bundle], { env, stdio: ['ignore', 'pipe', 'pipe'] });
    let stderr = '';
    host.stderr!.on('data', (d) => (stderr += d));
    const lines: string[] = [];
    const origin = await new Promise<string>((resolve, reject) => {
      let url = '';
      readline.createInterface({ input: host!.stdout! }).on('line', (l) => {
        lines.push(l);
        if (l.startsWith('{')) url = (JSON.parse(l) as { url: string }).url;
        // The page traded its start code: it has loaded and holds the session token.
        if (/opened its session/.test(l)) resolve(new URL(url).origin);
      });
      host!.on('exit', (c) => reject(new Error(`host exited ${c}: ${lines.join('\n')}\n${stderr}`)));
    });

    const args = allCommandLines();
    // The browser is really running with what the host gave it.
    // (Chromium may rewrite its process title into one space-separated string: search the joined line.)
    const browserArgs = args.find((a) => a.join(' ').includes(`--app=${origin}/`));
    expect(browserArgs, 'the launched browser').toBeDefined();
    expect(fs.readFileSync(`/proc/${browserArgs!.pid}/environ`, 'latin1')).not.toContain(token);
    expect(args.flat().join(' ')).not.toContain(token);
    const tried = candidates(args);
    expect(tried.size).toBeGreaterThan(0);
    const accepted: string[] = [];
    for (const c of tried) {
      const call = await fetch(`${origin}/rpc`, {
        method: 'POST',
        headers: { origin, authorization: `Bearer ${c}`, 'content-type': 'application/json' },
        body: JSON.stringify({ name: 'app.info', input: {} }),
      });
      if (call.status !== 401) accepted.push(`token ${c.slice(0, 12)}… → ${call.status}`);
      const session = await fetch(`${origin}/session`, {
        method: 'POST',
        headers: { origin, 'content-type': 'application/json' },
        body: JSON.stringify({ code: c }),
      });
      if (session.status !== 401) accepted.push(`start code ${c.slice(0, 12)}… → ${session.status}`);
    }
    expect(accepted).toEqual([]);
    // Nor does stdout: the URL printed there carried the same, now used, start code.
    for (const l of lines)
      for (const c of candidates([[l]])) {
        const r = await fetch(`${origin}/session`, {
          method: 'POST',
          headers: { origin, 'content-type': 'application/json' },
          body: JSON.stringify({ code: c }),
        });
        expect(r.status).toBe(401);
      }
  });
});
