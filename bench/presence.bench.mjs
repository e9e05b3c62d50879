// npm run bench:presence — derives presence for 10,000 clients from 1,000,000 MQ for IoT events delivered
// shuffled within ±60 s, prints time and memory, and compares with a naive sort-everything-then-fold peer.
// Options: --clients N --events N --jitter MS --no-frames (skip the Chromium frame-gap measurement).
import { build } from 'esbuild';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import v8 from 'node:v8';
import vm from 'node:vm';
import { TYPES, generateFleet } from './presence-fleet.mjs';

const root = path.resolve(import.meta.dirname, '..');
const arg = (name, def) => {
  const i = process.argv.indexOf(`--${name}`);
  return i >= 0 ? Number(process.argv[i + 1]) : def;
};
const CLIENTS = arg('clients', 10_000);
const EVENTS = arg('events', 1_000_000);
const JITTER = arg('jitter', 60_000);

v8.setFlagsFromString('--expose-gc');
const gc = vm.runInNewContext('gc');
const mb = (n) => `${(n / 1048576).toFixed(0)} MB`;
const ms = (n) => `${n.toFixed(0)} ms`;

// The model is TypeScript in shared/: bundle it for this run.
const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'fieldscope-bench-'));
const bundle = path.join(tmp, 'presence.mjs');
await build({
  entryPoints: [path.join(root, 'shared/presence/presence-timeline.ts')],
  bundle: true,
  format: 'esm',
  platform: 'node',
  outfile: bundle,
  logLevel: 'warning',
});
const { PresenceModel } = await import(pathToFileURL(bundle).href);

console.log(`presence bench: ${CLIENTS.toLocaleString('en')} clients, ${EVENTS.toLocaleString('en')} events, arrival shuffled within ±${JITTER / 1000} s`);
let t0 = performance.now();
const fleet = generateFleet({ clients: CLIENTS, events: EVENTS, jitterMs: JITTER });
console.log(`  generated in ${ms(performance.now() - t0)} (not counted)`);
const { clients, client, time, type, channel, order } = fleet;

let late = 0;
{
  const maxSeen = new Float64Array(CLIENTS).fill(-Infinity);
  for (let i = 0; i < EVENTS; i++) {
    const e = order[i];
    if (time[e] < maxSeen[client[e]]) late++;
    else maxSeen[client[e]] = time[e];
  }
}
console.log(`  ${late.toLocaleString('en')} events arrive after a later event of the same client (${((late / EVENTS) * 100).toFixed(1)}%)`);

gc();
const base = process.memoryUsage();

// --- Fieldscope model
t0 = performance.now();
const model = new PresenceModel({ flapTransitions: 4, flapWindowMs: 60_000 });
for (let i = 0; i < EVENTS; i++) {
  const e = order[i];
  model.addChannelEvent(clients[client[e]], time[e], TYPES[type[e]], channel[e]);
}
const tIngest = performance.now() - t0;
t0 = performance.now();
model.derive();
const tDerive = performance.now() - t0;
t0 = performance.now();
let online = 0;
let flapping = 0;
let duplicate = 0;
const modelState = new Map();
for (const id of clients) {
  const s = model.summary(id);
  if (s.online) online++;
  if (s.flapping) flapping++;
  if (s.duplicate) duplicate++;
  modelState.set(id, s.openChannels.join(','));
}
const tSummaries = performance.now() - t0;
gc();
const after = process.memoryUsage();
const total = tIngest + tDerive;
console.log('\nFieldscope model (columnar per client, insertion sort on demand):');
console.log(`  ingest (live add, in-order events folded at once)   ${ms(tIngest)}`);
console.log(`  derive (sort + fold the out-of-order clients)       ${ms(tDerive)}`);
console.log(`  ingest + derive                                     ${ms(total)}  ${total < 2000 ? '(under 2 s: ok)' : '(OVER the 2 s target)'}`);
console.log(`  summaries for all ${CLIENTS} clients                   ${ms(tSummaries)}`);
console.log(
  `  heap used by the model ${mb(after.heapUsed - base.heapUsed)}; process heap ${mb(after.heapUsed)}, RSS ${mb(after.rss)} ${after.rss < 500 * 1048576 ? '(under 500 MB: ok)' : '(OVER 500 MB)'}`,
);
console.log(`  online ${online}, flapping ${flapping}, duplicate ${duplicate}`);

// Re-derive after one late event for one client: the live cost of an out-of-order arrival.
const PROBES = 200;
t0 = performance.now();
for (let p = 0; p < PROBES; p++) {
  const probe = clients[p];
  model.addChannelEvent(probe, model.summary(probe).firstTime - 1, 'connect', 'late-probe');
  model.summary(probe);
}
const tLate = (performance.now() - t0) / PROBES;
console.log(`  one late event → re-sort + re-fold that client only  ${tLate.toFixed(3)} ms (mean of ${PROBES})`);

// --- naive peer: objects, sort everything by (client, time), fold with Map/Set.
gc();
const nbase = process.memoryUsage();
const objs = new Array(EVENTS);
for (let i = 0; i < EVENTS; i++) {
  const e = order[i];
  objs[i] = { clientId: clients[client[e]], time: time[e], eventType: TYPES[type[e]], channelId: channel[e] };
}
t0 = performance.now();
const rank = { connect: 0, disconnect: 1, tcpclean: 2 };
const sorted = [...objs].sort((a, b) =>
  a.clientId < b.clientId
    ? -1
    : a.clientId > b.clientId
      ? 1
      : a.time - b.time || rank[a.eventType] - rank[b.eventType] || (a.channelId < b.channelId ? -1 : a.channelId > b.channelId ? 1 : 0),
);
const naive = new Map();
for (const ev of sorted) {
  let c = naive.get(ev.clientId);
  if (!c) naive.set(ev.clientId, (c = { open: new Set(), closed: new Set(), disc: new Set(), online: false, lastOffline: undefined }));
  if (ev.eventType === 'connect') {
    if (!c.closed.has(ev.channelId)) {
      c.open.add(ev.channelId);
      c.online = true;
    }
  } else if (ev.eventType === 'disconnect') c.disc.add(ev.channelId);
  else if (!c.closed.has(ev.channelId)) {
    c.closed.add(ev.channelId);
    c.open.delete(ev.channelId);
    if (c.open.size === 0) {
      c.online = false;
      c.lastOffline = c.disc.has(ev.channelId) ? 'graceful' : 'abnormal';
    }
  }
}
const tNaive = performance.now() - t0;
gc();
const nafter = process.memoryUsage();
void objs.length; // keep the peer's inputs alive through the measurement
void sorted.length;
let mismatches = 0;
let naiveOnline = 0;
for (const [id, c] of naive) {
  if (c.online) naiveOnline++;
  if (Number(id.slice(-5)) < PROBES) continue;
  if ([...c.open].sort().join(',') !== modelState.get(id)) mismatches++;
}
console.log('\nNaive peer (event objects, sort all by client+time, fold with Map/Set):');
console.log(`  sort + fold                                         ${ms(tNaive)}`);
console.log(`  heap for its event objects + state ${mb(nafter.heapUsed - nbase.heapUsed)} (the model above holds its events too)`);
console.log(`  online ${naiveOnline}; open channels differ from the model for ${mismatches} client(s)`);
console.log(`\nratio naive / Fieldscope (ingest + derive): ${(tNaive / total).toFixed(2)}×`);

void model.size; // keep the model alive until the naive figures are taken
fs.rmSync(tmp, { recursive: true, force: true });

if (process.argv.includes('--no-frames')) {
  console.log('\n(frame gaps while panning: skipped by --no-frames)');
} else {
  const { measureFrames } = await import('./presence-frames.mjs');
  await measureFrames({ lanes: CLIENTS });
}
