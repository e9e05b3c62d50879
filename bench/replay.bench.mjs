// How closely a replay keeps the recorded timing on this machine (figures, no assertions; the schedule's
// rules are asserted on a manual clock in electron/services/captures/replayer.test.ts). A synthetic 30 s
// capture with irregular gaps (100–1000 ms) is replayed at 1x into a mosquitto on a free port; the gap errors
// are measured where the scheduler hands each message over and where a subscriber receives it.
import { spawn } from 'node:child_process';
import net from 'node:net';
import path from 'node:path';
import { importTs } from './bundle-ts.mjs';

const root = path.resolve(import.meta.dirname, '..');
const SPAN_MS = Number(process.env.REPLAY_SPAN_MS ?? 30_000);
const { Replayer, mqttClientTarget, messageRecord } = await importTs(
  root,
  'replay',
  `export { Replayer } from './electron/services/captures/replayer';
   export { mqttClientTarget } from './electron/services/captures/mqtt-url-client';
   export { messageRecord } from './shared/capture/capture-encoder';`,
);
const mqtt = (await import('mqtt')).default;

const port = await new Promise((resolve) => {
  const s = net.createServer().listen(0, '127.0.0.1', () => {
    const p = s.address().port;
    s.close(() => resolve(p));
  });
});
const broker = spawn('mosquitto', ['-p', String(port)], { stdio: 'ignore' });
for (let i = 0; ; i++) {
  const ok = await new Promise((r) =>
    net
      .connect(port, '127.0.0.1')
      .once('connect', function () {
        this.destroy();
        r(true);
      })
      .once('error', () => r(false)),
  );
  if (ok) break;
  if (i > 100) throw new Error('mosquitto did not start');
  await new Promise((r) => setTimeout(r, 50));
}

const ats = [];
let t = 1_700_000_000_000;
let seed = 7;
while (t - 1_700_000_000_000 < SPAN_MS) {
  ats.push(t);
  seed = (seed * 1103515245 + 12345) & 0x7fffffff;
  t += 100 + (seed % 901);
}
async function* records() {
  for (const [i, at] of ats.entries())
    yield messageRecord({ connectionId: 'c', protocol: 'mqtt', arrivedAt: at, topic: `timing/${i % 3}`, payload: Buffer.from([i & 0xff]) });
}

const sub = await mqtt.connectAsync(`mqtt://127.0.0.1:${port}`, { clientId: 'bench-replay-sub' });
await sub.subscribeAsync('r1/#', { qos: 1 });
const arrivals = [];
sub.on('message', () => arrivals.push(performance.now()));
const pub = await mqtt.connectAsync(`mqtt://127.0.0.1:${port}`, { clientId: 'bench-replay-pub' });
const inner = mqttClientTarget(pub, 'mosquitto');
const handed = [];
const replayer = new Replayer({
  records: records(),
  speed: 1,
  rewrite: { prefix: 'r1/' },
  target: { label: inner.label, publish: (m) => (handed.push(performance.now()), inner.publish(m)) },
});
const status = await replayer.done;
await new Promise((r) => setTimeout(r, 300));

function report(times, label) {
  const gapErrors = [];
  const offsets = [];
  for (let k = 1; k < times.length; k++) {
    const rec = ats[k] - ats[k - 1];
    gapErrors.push(Math.abs(times[k] - times[k - 1] - rec) / rec);
    offsets.push(Math.abs(times[k] - times[0] - (ats[k] - ats[0])));
  }
  const sorted = [...gapErrors].sort((a, b) => a - b);
  const pct = (x) => `${(x * 100).toFixed(2)}%`;
  const totalRec = ats.at(-1) - ats[0];
  console.log(
    `replay 1x ${label.padEnd(16)} ${times.length} messages over ${(totalRec / 1000).toFixed(1)} s; gap error median ${pct(sorted[Math.floor(sorted.length / 2)])}, ` +
      `p95 ${pct(sorted[Math.floor(sorted.length * 0.95)])}, max ${pct(sorted.at(-1))}; ${pct(gapErrors.filter((e) => e <= 0.05).length / gapErrors.length)} of gaps within 5%; ` +
      `worst cumulative offset ${Math.max(...offsets).toFixed(1)} ms; total span error ${pct(Math.abs(times.at(-1) - times[0] - totalRec) / totalRec)}`,
  );
}
console.log(`replay: ${status.state}, ${status.sent} sent, ${status.errors} errors`);
report(handed, 'scheduler');
report(arrivals, 'at the subscriber');
await sub.endAsync();
await pub.endAsync();
broker.kill();
