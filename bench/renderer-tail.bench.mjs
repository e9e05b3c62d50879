// Renderer figures for the ingest benchmark (issue: last row visible, longest frame gap, memory), measured
// through the Chromium host with Debian Chromium and a real mosquitto on loopback:
//   N small JSON messages (~100 B, QoS 0) are published live (bench/raw-publisher.mjs) while the inspector
//   follows the tail. Reports how long after the last message reached the backend (its arrivedAt) its row
//   was on screen, the longest gap between animation frames while ingesting, DOM rows alive, the backend's
//   RSS and the renderer's JS heap with N messages held. Figures only: no pass/fail on timing.
// Needs a built dist (node scripts/build.mjs). Options: --count N (default 200000).
import { execFileSync, spawn } from 'node:child_process';
import crypto from 'node:crypto';
import fs from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import readline from 'node:readline';
import { chromium } from '@playwright/test';
import mqtt from 'mqtt';
import { connectRaw } from './raw-publisher.mjs';
import { pageRpc } from './page-rpc.mjs';
import { cpuMsOf } from './process-cpu.mjs';

const root = path.resolve(import.meta.dirname, '..');
const argIdx = process.argv.indexOf('--count');
const N = argIdx >= 0 ? Number(process.argv[argIdx + 1]) : 200_000;
const CHROMIUM = process.env.FIELDSCOPE_TEST_CHROMIUM ?? '/usr/bin/chromium';
const fmt = (n) => Math.round(n).toLocaleString('en');
const mb = (bytes) => `${(bytes / 1048576).toFixed(0)} MB`;
const sleep = (ms) => new Promise((r) => setTimeout(r, ms));

for (const [what, check] of [
  ['mosquitto', () => execFileSync('mosquitto', ['-h'], { stdio: 'ignore' })],
  ['chromium', () => fs.accessSync(CHROMIUM)],
  ['a build (node scripts/build.mjs)', () => fs.accessSync(path.join(root, 'dist', 'host', 'chromium-host.js'))],
]) {
  try {
    check();
  } catch (err) {
    if (what !== 'mosquitto' || err.code === 'ENOENT') {
      console.log(`bench renderer-tail skipped: ${what} is missing`);
      process.exit(0);
    }
  }
}

// The host keeps secrets only in the OS keychain and reads a profile's slots when connecting: on Linux
// without a session bus, run this bench inside a private D-Bus session with gnome-keyring (keyrings in a
// temp folder, so a user's own keyring is never touched).
if (process.platform === 'linux' && !process.env.DBUS_SESSION_BUS_ADDRESS && !process.env.FIELDSCOPE_BENCH_WRAPPED) {
  const dataHome = fs.mkdtempSync(path.join(os.tmpdir(), 'fs-bench-keyring-'));
  const session = path.join(import.meta.dirname, '..', 'scripts', 'keyring-session.sh');
  try {
    execFileSync('bash', [session, dataHome, '--', process.execPath, ...process.argv.slice(1)], {
      stdio: 'inherit',
      env: { ...process.env, FIELDSCOPE_BENCH_WRAPPED: '1' },
    });
    process.exitCode = 0;
  } catch (err) {
    if (err.status === 127) console.log('bench renderer-tail skipped: no D-Bus session and dbus-run-session is missing (apt-get install dbus gnome-keyring)');
    else process.exitCode = err.status ?? 1;
  } finally {
    fs.rmSync(dataHome, { recursive: true, force: true });
  }
  process.exit(process.exitCode ?? 0);
}

const freePort = () =>
  new Promise((resolve, reject) => {
    const s = net.createServer();
    s.once('error', reject);
    s.listen(0, '127.0.0.1', () => {
      const { port } = s.address();
      s.close(() => resolve(port));
    });
  });
const rssOf = (pid) => {
  const m = /VmRSS:\s+(\d+) kB/.exec(fs.readFileSync(`/proc/${pid}/status`, 'utf8'));
  return m ? Number(m[1]) * 1024 : NaN;
};

const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'fs-renderer-bench-'));
const children = [];
let browser;
const cleanup = async () => {
  await browser?.close().catch(() => {});
  const exits = children.filter((c) => c.exitCode === null).map((c) => new Promise((r) => (c.once('exit', r), c.kill('SIGTERM'))));
  await Promise.race([Promise.all(exits), sleep(5000)]);
  fs.rmSync(tmp, { recursive: true, force: true });
};
process.on('SIGINT', () => void cleanup().then(() => process.exit(130)));

try {
  const port = await freePort();
  fs.writeFileSync(path.join(tmp, 'mosquitto.conf'), `listener ${port} 127.0.0.1\nallow_anonymous true\nmax_queued_messages 0\n`);
  const mosq = spawn('mosquitto', ['-c', path.join(tmp, 'mosquitto.conf')], { stdio: 'ignore' });
  children.push(mosq);

  // The page keeps its token to itself; the bench sets it so its own calls can carry it.
  const sessionToken = crypto.randomBytes(24).toString('base64url');
  // BENCH_HOST_PROFILE=dir: the host's CPU profile (node --cpu-prof), written when the bench stops it.
  const hostProfile = process.env.BENCH_HOST_PROFILE ? ['--cpu-prof', `--cpu-prof-dir=${process.env.BENCH_HOST_PROFILE}`] : [];
  const host = spawn(process.execPath, [...hostProfile, path.join(root, 'dist', 'host', 'chromium-host.js')], {
    env: {
      ...process.env,
      FIELDSCOPE_DATA_DIR: path.join(tmp, 'data'),
      FIELDSCOPE_NO_BROWSER: '1',
      FIELDSCOPE_NO_SANDBOX: '1',
      FIELDSCOPE_HOST_TOKEN: sessionToken,
    },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  children.push(host);
  const url = await new Promise((resolve, reject) => {
    const t = setTimeout(() => reject(new Error('the Chromium host did not start')), 30_000);
    readline.createInterface({ input: host.stdout }).on('line', (l) => {
      if (l.startsWith('{')) {
        clearTimeout(t);
        resolve(JSON.parse(l).url);
      }
    });
  });

  browser = await chromium.launch({ executablePath: CHROMIUM, args: ['--no-sandbox', '--disable-gpu', '--enable-precise-memory-info'] });
  const page = await browser.newPage({ viewport: { width: 1400, height: 900 } });
  await page.goto(url);
  await page.waitForSelector('.app');
  const rpc = pageRpc(page, sessionToken);

  await rpc('profiles.save', { profile: { id: 'bench', name: 'bench', kind: 'mqtt', host: '127.0.0.1', port } });
  const conn = await rpc('connections.open', { profileId: 'bench' });
  for (let i = 0; i < 100; i++) {
    const list = await rpc('connections.list', {});
    if (list.find((c) => c.connectionId === conn.connectionId)?.state.status === 'connected') break;
    await sleep(100);
  }
  await rpc('connections.subscribe', { connectionId: conn.connectionId, filter: 'bench/#', qos: 0 });
  await sleep(500);
  if (process.env.BENCH_DEBUG) console.log(JSON.stringify(await rpc('connections.list', {})));

  // In the page: the longest gap between animation frames, and when the last message's row is on screen.
  await page.evaluate(() => {
    const w = window;
    w.__bench = { maxGap: 0, frames: 0, visibleAt: 0, maxRows: 0, running: true, long: [] };
    let last = performance.now();
    const tick = (now) => {
      const b = w.__bench;
      if (b.from && Date.now() >= b.from) {
        b.maxGap = Math.max(b.maxGap, now - last);
        b.frames++;
        if (now - last > 50 && b.long.length < 20) b.long.push([Date.now(), Math.round(now - last)]);
      }
      last = now;
      const rows = document.querySelectorAll('[data-testid="message-row"]');
      b.maxRows = Math.max(b.maxRows, rows.length);
      if (!b.visibleAt) for (const r of rows) if (r.textContent.includes('bench/last')) b.visibleAt = Date.now();
      if (b.running) requestAnimationFrame(tick);
    };
    requestAnimationFrame(tick);
  });

  // BENCH_DEBUG: CPU of each process while publishing (ms of CPU per second), to see who competes for the cores.
  const cpuOf = (pid) => cpuMsOf(pid) || 0;
  const processes = () => {
    const out = { bench: process.pid, host: host.pid, mosquitto: mosq.pid };
    for (const pid of fs.readdirSync('/proc').filter((d) => /^\d+$/.test(d))) {
      let cmd = '';
      try {
        cmd = fs.readFileSync(`/proc/${pid}/cmdline`, 'utf8');
      } catch {
        continue;
      }
      if (!/chrom/.test(cmd.split('\0')[0] ?? '')) continue;
      const type = /--type=([a-z-]+)/.exec(cmd)?.[1] ?? 'browser';
      out[`chromium-${type}-${pid}`] = Number(pid);
    }
    return out;
  };
  const cpuAtStart = process.env.BENCH_DEBUG ? Object.fromEntries(Object.entries(processes()).map(([k, pid]) => [k, cpuOf(pid)])) : {};
  // The fleet's load: by default a hand-encoding socket publisher (bench/raw-publisher.mjs) whose CPU is a
  // fraction of mqtt.js's; BENCH_PUBLISHER=mqttjs publishes with mqtt.js as before (for comparison).
  const useMqttJs = process.env.BENCH_PUBLISHER === 'mqttjs';
  const pub = useMqttJs ? mqtt.connect(`mqtt://127.0.0.1:${port}`, { clientId: `bench-pub-${process.pid}` }) : null;
  if (pub) await new Promise((r, j) => (pub.once('connect', r), pub.once('error', j)));
  const raw = pub ? null : await connectRaw(port, `bench-pub-${process.pid}`);
  const pad = 'x'.repeat(40);
  const message = (i) => [`bench/dev-${i % 100}`, `{"i":${i},"t":${Date.now()},"v":${(i % 1000) / 10},"p":"${pad}"}`];
  const t0 = performance.now();
  const t0Epoch = Date.now();
  await page.evaluate((from) => (window.__bench.from = from), t0Epoch);
  // BENCH_TRACE=file: a Chromium trace of three seconds of ingest (from the fourth second), for profiling.
  const tracing = process.env.BENCH_TRACE
    ? sleep(Number(process.env.BENCH_TRACE_FROM ?? 4000))
        .then(() =>
          browser.startTracing(page, { path: process.env.BENCH_TRACE, categories: ['devtools.timeline', 'toplevel', 'v8', 'blink', 'cc', 'gpu', 'viz'] }),
        )
        .then(() => sleep(Number(process.env.BENCH_TRACE_FOR ?? 3000)))
        .then(() => browser.stopTracing())
    : process.env.BENCH_PROFILE
      ? (async () => {
          // BENCH_PROFILE=file: the renderer's JS CPU profile over the same three seconds (.cpuprofile, for DevTools).
          const cdp = await page.context().newCDPSession(page);
          await sleep(4000);
          await cdp.send('Profiler.enable');
          await cdp.send('Profiler.start');
          await sleep(3000);
          const { profile } = await cdp.send('Profiler.stop');
          fs.writeFileSync(process.env.BENCH_PROFILE, JSON.stringify(profile));
        })()
      : Promise.resolve();
  if (pub) {
    for (let i = 0; i < N - 1; i++) {
      const ok = pub.publish(...message(i), { qos: 0 });
      // Respect the socket: without this, 200k writes sit in mqtt.js's buffer before the first reaches the broker.
      if (ok === false || (i & 1023) === 0) await new Promise((r) => setImmediate(r));
    }
    await new Promise((r) => pub.publish('bench/last', '{"last":true}', { qos: 1 }, r));
  } else {
    await raw.publishMany(N - 1, message);
    await raw.publishAcked('bench/last', '{"last":true}');
  }
  const published = performance.now() - t0;
  if (process.env.BENCH_DEBUG)
    console.log(
      'CPU while publishing (ms per s):',
      Object.entries(processes())
        .map(([k, pid]) => `${k} ${Math.round(((cpuOf(pid) - (cpuAtStart[k] ?? 0)) * 1000) / published)}`)
        .join(', '),
    );
  await tracing;

  let visibleAt = 0;
  const deadline = Date.now() + 120_000;
  while (!visibleAt && Date.now() < deadline) {
    await sleep(50);
    visibleAt = await page.evaluate(() => window.__bench.visibleAt);
  }
  const bench = await page.evaluate(() => ((window.__bench.running = false), window.__bench));
  const lastRow = (await rpc('messages.page', { filter: { topicFilter: 'bench/last' }, offset: 0, limit: 1 })).rows[0];
  const { stats } = await rpc('messages.page', { filter: {}, offset: 0, limit: 1 });
  await sleep(1000);
  const cdp = await page.context().newCDPSession(page);
  await cdp.send('HeapProfiler.collectGarbage');
  await cdp.send('Performance.enable');
  const metrics = Object.fromEntries((await cdp.send('Performance.getMetrics')).metrics.map((m) => [m.name, m.value]));
  const rss = rssOf(host.pid);
  pub?.end(true);
  raw?.end();

  // A text filter over the full store: from Enter in the search field to the first viewport on screen
  // (every visible row matches and the count changed). '"v":12.3,' matches one message in 1,000.
  const needle = '"v":12.3,';
  const filterMs = await page.evaluate(async (text) => {
    const count = () => document.querySelector('[data-testid="inspector-count"]')?.textContent ?? '';
    const before = count();
    const input = document.getElementById('inspector-filter-text');
    const t0 = performance.now();
    // Typed and confirmed in one go (React sees the native value setter + input event, then Enter skips the typing pause).
    Object.getOwnPropertyDescriptor(HTMLInputElement.prototype, 'value').set.call(input, text);
    input.dispatchEvent(new Event('input', { bubbles: true }));
    input.dispatchEvent(new KeyboardEvent('keydown', { key: 'Enter', bubbles: true }));
    return new Promise((resolve) => {
      const check = () => {
        const rows = [...document.querySelectorAll('[data-testid="message-row"]')];
        if (count() !== before && rows.length > 0 && rows.every((r) => r.textContent.includes(text))) resolve(performance.now() - t0);
        else if (performance.now() - t0 > 60_000) resolve(NaN);
        else requestAnimationFrame(check);
      };
      requestAnimationFrame(check);
    });
  }, needle);

  console.log(`renderer tail bench: ${fmt(N)} messages published live (QoS 0, ~100 B) in ${fmt(published)} ms`);
  console.log(`backend store: ${fmt(stats.size)} held, ${fmt(stats.received)} received, ${fmt(stats.dropped)} dropped (capacity ${fmt(stats.capacity)})`);
  if (visibleAt && lastRow)
    console.log(`last row visible in the renderer ${fmt(visibleAt - lastRow.arrivedAt)} ms after it reached the backend (target < 500 ms)`);
  else console.log('last row NOT seen in the renderer within 120 s');
  console.log(`longest frame gap while ingesting: ${fmt(bench.maxGap)} ms over ${fmt(bench.frames)} frames (target < 100 ms)`);
  if (process.env.BENCH_DEBUG)
    console.log('frames over 50 ms (ms after publishing began, gap):', JSON.stringify(bench.long.map(([at, g]) => [at - t0Epoch, g])));
  console.log(`message rows in the DOM at most: ${fmt(bench.maxRows)} (virtualized)`);
  console.log(
    `memory with ${fmt(stats.size)} messages: backend RSS ${mb(rss)} + renderer JS heap ${mb(metrics.JSHeapUsedSize)} = ${mb(rss + metrics.JSHeapUsedSize)} (target < 1,000 MB)`,
  );
  console.log(
    Number.isNaN(filterMs)
      ? `filter over ${fmt(stats.size)} messages: NOT painted within 60 s`
      : `filter over ${fmt(stats.size)} messages: ${fmt(filterMs)} ms (target < 500 ms)`,
  );
} finally {
  await cleanup();
}
