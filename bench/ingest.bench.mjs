// npm run bench:ingest — MQTT ingest into Fieldscope's backend store against a bare mqtt.js client (the peer),
// in the same run, on the same real mosquitto (started here on free loopback ports):
//   1. N small JSON messages (~100 B) queued for a persistent session (QoS 0 and QoS 1), then drained;
//   2. N messages published live while connected (QoS 0 and QoS 1);
//   3. `fieldscope sub` writing NDJSON to a file vs the bare client vs mosquitto_sub (child processes, spawn→exit).
// Prints msgs/s, the ratio to the peer, loss (must be 0) and memory, then what the receiving side and mosquitto
// spent in CPU while each best run received (who set the pace). Figures only: no pass/fail on timing.
// Options: --count N (default 200000)  --reps R (default 3; best run of each reported, peer and Fieldscope alternate)
//          --skip-cli  --status-field
import { execFileSync, spawn } from 'node:child_process';
import { importTs } from './bundle-ts.mjs';
import { cpuMsOf } from './process-cpu.mjs';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { performance } from 'node:perf_hooks';
import { pathToFileURL } from 'node:url';
import mqtt from 'mqtt';

const root = path.resolve(import.meta.dirname, '..');
const arg = (name, def) => {
  const i = process.argv.indexOf(`--${name}`);
  return i >= 0 ? process.argv[i + 1] : def;
};
const N = Number(arg('count', 200_000));
const REPS = Number(arg('reps', 3));
const SKIP_CLI = process.argv.includes('--skip-cli');
// With --status-field every payload carries "status", one of the presence feature's auto-detect hints, so the
// presence tap parses every message (shows what that costs).
const STATUS_FIELD = process.argv.includes('--status-field');
const fmt = (n) => Math.round(n).toLocaleString('en');
const mb = (n) => `${(n / 1048576).toFixed(0)} MB`;
const pct = (share) => (Number.isFinite(share) ? `${Math.round(share * 100)}%` : 'n/a');
const sleep = (ms) => new Promise((r) => setTimeout(r, ms));

try {
  execFileSync('mosquitto', ['-h'], { stdio: 'ignore' });
} catch (err) {
  if (err.code === 'ENOENT') {
    console.log('bench:ingest skipped: mosquitto is not installed (apt-get install mosquitto mosquitto-clients)');
    process.exit(0);
  }
}

// ---- the backend and the test broker helper, bundled from TypeScript
const outDir = path.join(root, 'dist', 'bench');
fs.mkdirSync(outDir, { recursive: true });
const { startBackend, MemorySecretStore, startMosquitto } = await importTs(
  root,
  'ingest-bench-backend',
  "export { startBackend } from './electron/services/backend'; export { MemorySecretStore } from './electron/services/core/secret-store'; export { startMosquitto } from './test/support/mosquitto';",
);

const broker = await startMosquitto({
  // Queue everything for offline persistent sessions (QoS 0 too); a wide inflight window (0 = unlimited breaks
  // past 65,535 packet ids) so the broker's ack round-trips are not the limit.
  extraConfig: ['max_queued_messages 0', 'max_queued_bytes 0', 'queue_qos0_messages true', 'max_inflight_messages 1000'],
});
const url = broker.url;
process.on('exit', () => void broker.kill());

// ~100-byte JSON telemetry lines for mosquitto_pub -l (a publisher we did not write).
function payloadLines(n) {
  const lines = new Array(n);
  for (let i = 0; i < n; i++) {
    const s = `{"deviceId":"dev-${String(i % 1000).padStart(5, '0')}","seq":${i},"temp":${(20 + (i % 97) / 10).toFixed(2)},"hum":${40 + (i % 31)},${STATUS_FIELD ? '"status":"ok"' : '"kpa":101.3'},"ts":${1_700_000_000_000 + i}}`;
    lines[i] = s.padEnd(100, ' ');
  }
  return lines.join('\n') + '\n';
}
/**
 * CPU spent from now on by this process (the receiver: peer or Fieldscope; publishers are child processes) and
 * by mosquitto. When mosquitto is near a whole core, the broker sets the rate, not the receiver.
 */
function cpuMeter() {
  const self0 = process.cpuUsage();
  const broker0 = cpuMsOf(broker.pid); // NaN (the line says n/a) without /proc or a broker pid
  return (received, wallMs) => {
    const self = process.cpuUsage(self0);
    return { cpuUsPerMsg: (self.user + self.system) / Math.max(1, received), brokerShare: (cpuMsOf(broker.pid) - broker0) / wallMs };
  };
}
const linesCache = new Map();
const linesFor = (n) => linesCache.get(n) ?? linesCache.set(n, payloadLines(n)).get(n);
// mosquitto 2.0.11 cannot hold more than ~65,000 QoS 1 messages queued for one session (it runs out of packet
// ids, says "out of memory" and drops the publisher), whether the session is offline or just slower than the
// publisher, so the QoS 1 runs use at most 60,000 messages.
const QOS1_MAX = 60_000;

function publish(topic, qos, n) {
  return new Promise((resolve, reject) => {
    const p = spawn(
      'mosquitto_pub',
      ['-h', '127.0.0.1', '-p', String(broker.port), '-t', topic, '-q', String(qos), '-l', '-i', `bench-pub-${Math.random().toString(16).slice(2, 8)}`],
      { stdio: ['pipe', 'ignore', 'pipe'] },
    );
    let err = '';
    p.stderr.on('data', (d) => (err += d));
    p.on('close', (code) => (code === 0 ? resolve() : reject(new Error(`mosquitto_pub exited ${code}: ${err}`))));
    p.stdin.end(linesFor(n));
  });
}

/** Creates a persistent session with a subscription, then leaves, so the broker queues for it. */
async function registerSession(clientId, topic, qos) {
  const c = await mqtt.connectAsync(url, { clientId, clean: false, reconnectPeriod: 0 });
  await c.subscribeAsync(topic, { qos });
  await c.endAsync();
}

// ---- the peer: a bare mqtt.js client that only counts
async function peerQueued(qos, rep, N) {
  const clientId = `peer-q${qos}-${rep}`;
  const topic = `bench/peer/q${qos}/${rep}`;
  await registerSession(clientId, topic, qos);
  await publish(topic, qos, N);
  await sleep(500);
  let n = 0;
  const cpu = cpuMeter();
  const t0 = performance.now();
  const c = mqtt.connect(url, { clientId, clean: false, reconnectPeriod: 0 });
  const t1 = await new Promise((resolve) => c.on('message', () => ++n === N && resolve(performance.now())));
  const used = cpu(n, t1 - t0);
  await c.endAsync();
  return { rate: N / ((t1 - t0) / 1000), received: n, ...used };
}

async function peerLive(qos, rep, N) {
  const topic = `bench/peer/live${qos}/${rep}`;
  const c = await mqtt.connectAsync(url, { clientId: `peer-live-${qos}-${rep}`, reconnectPeriod: 0 });
  await c.subscribeAsync(topic, { qos });
  let n = 0;
  let first = 0;
  const done = new Promise((resolve) =>
    c.on('message', () => {
      if (n++ === 0) first = performance.now();
      if (n === N) resolve(performance.now());
    }),
  );
  const cpu = cpuMeter();
  const t0 = performance.now();
  await publish(topic, qos, N);
  const t1 = await Promise.race([done, sleep(120_000).then(() => performance.now())]);
  const used = cpu(n, t1 - t0);
  await c.endAsync();
  return { rate: n / ((t1 - t0) / 1000), received: n, firstLatency: first - t0, ...used };
}

// ---- Fieldscope: the backend (profiles + connections + mqtt driver + message store)
const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'fs-bench-ingest-'));
const rss0 = process.memoryUsage().rss;
const backend = await startBackend({ host: 'cli', dataDir, secrets: new MemorySecretStore(), sandbox: false, storeCapacity: Math.max(250_000, N) });
const messages = backend.services.get('messages');
// An inspector view following the tail, acknowledging each push at once (the cost a renderer adds to ingest).
let viewportPushes = 0;
backend.events.on('messages.viewport', (p) => {
  viewportPushes++;
  void backend.call('messages.viewportAck', { viewId: p.viewId, version: p.version });
});
await backend.call('messages.viewport', { viewId: 'bench-view', request: 1, filter: {}, range: { mode: 'tail', count: 200 } });

async function profileFor(name, clientId, topic, qos, clean) {
  const view = await backend.call('profiles.save', {
    profile: {
      id: '',
      kind: 'mqtt',
      name,
      host: '127.0.0.1',
      port: broker.port,
      clientId,
      clean,
      subscriptions: [{ filter: topic, qos }],
      reconnect: { enabled: false, initialDelayMs: 1000, maxDelayMs: 1000, maxAttempts: 0 },
    },
  });
  return view.profile.id;
}

async function waitState(connectionId, status) {
  for (;;) {
    const v = (await backend.call('connections.list', {})).find((c) => c.connectionId === connectionId);
    if (v?.state.status === status && (status !== 'connected' || v.subscriptions.every((s) => s.granted !== undefined))) return v;
    if (v && ['refused', 'closed'].includes(v.state.status) && status !== v.state.status) throw new Error(`connection ${v.state.status}: ${v.state.reason}`);
    await sleep(10);
  }
}

/** Counts every message stored from now on; resolves at the Nth. */
function countStored(N) {
  let n = 0;
  let resolveDone;
  const done = new Promise((r) => (resolveDone = r));
  const off = messages.onIngest(() => {
    if (++n === N) resolveDone(performance.now());
  });
  return { done, count: () => n, off };
}

/** Every payload's "seq" 0..N-1 present exactly once in the store? */
function verifyStore(N) {
  const stats = messages.stats();
  const seen = new Uint8Array(N);
  let distinct = 0;
  for (let seq = stats.latestSeq - stats.size + 1; seq <= stats.latestSeq; seq++) {
    const m = messages.get(seq);
    if (!m) continue;
    const i = JSON.parse(m.payload.toString('utf8')).seq;
    if (!seen[i]) {
      seen[i] = 1;
      distinct++;
    }
  }
  return { held: stats.size, dropped: stats.dropped, loss: N - distinct };
}

async function fieldscopeQueued(qos, rep, N) {
  const clientId = `fs-q${qos}-${rep}`;
  const topic = `bench/fs/q${qos}/${rep}`;
  const profileId = await profileFor(`queued q${qos} ${rep}`, clientId, topic, qos, false);
  let { connectionId } = await backend.call('connections.open', { profileId });
  await waitState(connectionId, 'connected');
  await backend.call('connections.close', { connectionId });
  await publish(topic, qos, N);
  await sleep(500);
  await backend.call('messages.clear', {});
  const counter = countStored(N);
  const cpu = cpuMeter();
  const t0 = performance.now();
  ({ connectionId } = await backend.call('connections.open', { profileId }));
  const t1 = await Promise.race([counter.done, sleep(120_000).then(() => performance.now())]);
  const used = cpu(counter.count(), t1 - t0);
  counter.off();
  await backend.call('connections.close', { connectionId });
  return { rate: counter.count() / ((t1 - t0) / 1000), received: counter.count(), ...verifyStore(N), ...used };
}

async function fieldscopeLive(qos, rep, N) {
  const topic = `bench/fs/live${qos}/${rep}`;
  const profileId = await profileFor(`live q${qos} ${rep}`, `fs-live-${qos}-${rep}`, topic, qos, true);
  const { connectionId } = await backend.call('connections.open', { profileId });
  await waitState(connectionId, 'connected');
  await backend.call('messages.clear', {});
  const counter = countStored(N);
  const cpu = cpuMeter();
  const t0 = performance.now();
  await publish(topic, qos, N);
  const t1 = await Promise.race([counter.done, sleep(120_000).then(() => performance.now())]);
  const used = cpu(counter.count(), t1 - t0);
  counter.off();
  await sleep(50);
  const verified = verifyStore(N);
  await backend.call('connections.close', { connectionId });
  return { rate: counter.count() / ((t1 - t0) / 1000), received: counter.count(), ...verified, ...used };
}

const best = (runs) => runs.reduce((a, b) => (b.rate > a.rate ? b : a));
const rows = [];
for (const [label, peerFn, fsFn, qos, count] of [
  ['queued, QoS 0', peerQueued, fieldscopeQueued, 0, N],
  ['queued, QoS 1', peerQueued, fieldscopeQueued, 1, Math.min(N, QOS1_MAX)],
  ['live, QoS 1', peerLive, fieldscopeLive, 1, Math.min(N, QOS1_MAX)],
  ['live, QoS 0', peerLive, fieldscopeLive, 0, N],
]) {
  const peerRuns = [];
  const fsRuns = [];
  for (let r = 0; r < REPS; r++) {
    peerRuns.push(await peerFn(qos, r, count));
    fsRuns.push(await fsFn(qos, r, count));
  }
  const p = best(peerRuns);
  const f = best(fsRuns);
  rows.push({ label, p, f });
  console.log(
    `${label.padEnd(14)} ${fmt(count).padStart(7)} msgs  peer ${fmt(p.rate).padStart(9)} msg/s (${fmt(p.received)} recv) | Fieldscope store ${fmt(f.rate).padStart(9)} msg/s  ratio ${(f.rate / p.rate).toFixed(2)}  loss ${f.loss}  dropped ${f.dropped}  held ${fmt(f.held)}`,
  );
}

// Who set the pace: the receiving process's CPU per message and mosquitto's share of a core, per best run.
console.log('\nCPU while receiving (best runs): the receiving process per message (live: with feeding mosquitto_pub), mosquitto in % of a core');
for (const { label, p, f } of rows)
  console.log(
    `  ${label.padEnd(14)} peer ${p.cpuUsPerMsg.toFixed(2)} µs/msg, Fieldscope ${f.cpuUsPerMsg.toFixed(2)} µs/msg; mosquitto ${pct(p.brokerShare)} / ${pct(f.brokerShare)} of a core`,
  );

// memory with N messages held (the last scenario's store)
globalThis.gc?.();
await sleep(200);
const mem = process.memoryUsage();
console.log(
  `\nmemory with ${fmt(messages.stats().size)} messages held: backend process RSS ${mb(mem.rss)} (before the backend started: ${mb(rss0)}), JS heap used ${mb(mem.heapUsed)}, array buffers ${mb(mem.arrayBuffers)}`,
);
console.log(`viewport pushes to the (acknowledging) inspector view during the run: ${fmt(viewportPushes)} (at most one a frame by construction)`);

// Diagnostics: what every message costs in the store's ingest taps (presence, tokens), in-process, with the bench
// payloads on an ordinary topic (messages.ingest runs the store and every onIngest listener; the taps alone too).
{
  const lines = linesFor(N).split('\n').slice(0, N);
  const msgs = lines.map((l) => ({
    connectionId: 'bench-diag',
    protocol: 'mqtt',
    arrivedAt: Date.now(),
    topic: 'bench/diag/telemetry',
    payload: Buffer.from(l),
  }));
  const presence = backend.services.maybe('presence');
  const tokens = backend.services.maybe('tokens');
  const nsPer = (fn) => {
    fn(); // warm-up round
    const t = performance.now();
    fn();
    return ((performance.now() - t) * 1e6) / msgs.length;
  };
  await backend.call('messages.clear', {});
  const storeNs = nsPer(() => {
    for (const m of msgs) messages.ingest(m);
  });
  await backend.call('messages.clear', {});
  const parts = [`store ingest with every tap ${storeNs.toFixed(0)} ns/msg`];
  if (presence)
    parts.push(
      `presence tap ${nsPer(() => {
        for (const m of msgs) presence.ingestMessage(m);
        presence.flush();
      }).toFixed(0)} ns/msg`,
    );
  if (tokens)
    parts.push(
      `tokens tap ${nsPer(() => {
        for (const m of msgs) tokens.onMessage(m.connectionId, m.topic, m.payload);
      }).toFixed(0)} ns/msg`,
    );
  console.log(`\ningest taps, in-process (${fmt(msgs.length)} bench payloads${STATUS_FIELD ? ' with "status"' : ''}): ${parts.join(', ')}`);
}

// ---- fieldscope sub vs the bare client vs mosquitto_sub, each a child process writing/counting N messages
if (!SKIP_CLI) {
  const cliBin = path.join(root, 'bin', 'fieldscope.js');
  if (!fs.existsSync(path.join(root, 'dist', 'cli', 'main.js'))) {
    console.log('\nfieldscope sub: skipped (dist/cli not built; run npm run build)');
  } else {
    const outFile = path.join(dataDir, 'sub.ndjson');
    const peerScript = path.join(outDir, 'peer-count.mjs');
    fs.writeFileSync(
      peerScript,
      `import mqtt from ${JSON.stringify(pathToFileURL(path.join(root, 'node_modules', 'mqtt', 'build', 'index.js')).href)};
const [url, clientId, n] = process.argv.slice(2); let c = 0;
const client = mqtt.connect(url, { clientId, clean: false, reconnectPeriod: 0 });
client.on('message', () => { if (++c === Number(n)) client.end(true, () => process.exit(0)); });\n`,
    );
    const timed = (cmd, args, stdoutFile) =>
      new Promise((resolve, reject) => {
        const out = stdoutFile ? fs.openSync(stdoutFile, 'w') : 'ignore';
        const t0 = performance.now();
        const p = spawn(cmd, args, { stdio: ['ignore', out, 'pipe'] });
        let err = '';
        p.stderr.on('data', (d) => (err += d));
        p.on('close', (code) => {
          if (typeof out === 'number') fs.closeSync(out);
          code === 0 ? resolve(performance.now() - t0) : reject(new Error(`${cmd} exited ${code}: ${err}`));
        });
      });
    const results = {};
    // BENCH_CLI_PROFILE=dir: fieldscope sub's CPU profile (node --cpu-prof), one file per run.
    const cliProfile = process.env.BENCH_CLI_PROFILE ? ['--cpu-prof', `--cpu-prof-dir=${process.env.BENCH_CLI_PROFILE}`] : [];
    // The peer script subscribes nothing: the persistent session registered before each run carries the subscription.
    for (const [name, make] of [
      ['bare mqtt.js (counts)', (id) => [process.execPath, [peerScript, url, id, String(N)], null]],
      [
        'fieldscope sub > file',
        (id) => [process.execPath, [...cliProfile, cliBin, 'sub', url, '-t', `bench/cli/${id}`, '-c', id, '--persistent', '--count', String(N)], outFile],
      ],
      [
        'mosquitto_sub > file',
        (id) => ['mosquitto_sub', ['-h', '127.0.0.1', '-p', String(broker.port), '-t', `bench/cli/${id}`, '-i', id, '-c', '-C', String(N)], outFile],
      ],
    ]) {
      let bestMs = Infinity;
      for (let r = 0; r < REPS; r++) {
        const id = `cli-${name.split(' ')[0]}-${r}`.replace(/[^\w-]/g, '');
        await registerSession(id, `bench/cli/${id}`, 0);
        await publish(`bench/cli/${id}`, 0, N);
        await sleep(500);
        const [cmd, args, file] = make(id);
        bestMs = Math.min(bestMs, await timed(cmd, args, file));
        if (file && name.startsWith('fieldscope')) {
          const lines = fs.readFileSync(file, 'utf8').trimEnd().split('\n');
          results.cliLines = lines.length;
          results.cliLoss = N - new Set(lines.map((l) => JSON.parse(JSON.parse(l).payload).seq)).size;
        }
      }
      results[name] = N / (bestMs / 1000);
    }
    const peer = results['bare mqtt.js (counts)'];
    console.log(`\nqueued QoS 0 drain by a child process, spawn → exit (includes Node start-up):`);
    for (const name of ['bare mqtt.js (counts)', 'fieldscope sub > file', 'mosquitto_sub > file']) {
      console.log(`  ${name.padEnd(24)} ${fmt(results[name]).padStart(9)} msg/s  ratio ${(results[name] / peer).toFixed(2)}`);
    }
    console.log(`  fieldscope sub wrote ${fmt(results.cliLines)} NDJSON lines, loss ${results.cliLoss}`);
  }
}

console.log('\nrenderer figures (last row visible, longest frame gap, renderer heap): npm run bench:renderer (bench/renderer-tail.bench.mjs).');
await backend.dispose();
await broker.stop();
fs.rmSync(dataDir, { recursive: true, force: true });
process.exit(0);
