// npm run bench:rocketmq-http — N messages (default 5,000) pre-loaded on one topic of the sandbox's MQ HTTP
// face, then consumed (each by its own Group ID, so both see all N) by
//   (a) the peer: a bare @aliyunmq/mq-http-sdk consumer loop that only counts and acks, and
//   (b) Fieldscope: the backend (profiles + connections + message store) through its rocketmq-http driver.
// Prints both rates, the ratio, loss (must be 0: every msgId once in the store, every message acked) and RSS.
// Options: --count N  --batch N (messages per request, 1-16, default 16)
import { importTs } from './bundle-ts.mjs';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { createRequire } from 'node:module';

const root = path.resolve(import.meta.dirname, '..');
// The SDK is CommonJS, loaded as Fieldscope's driver loads it.
const mqHttp = createRequire(import.meta.url)('@aliyunmq/mq-http-sdk');
const arg = (name, def) => {
  const i = process.argv.indexOf(`--${name}`);
  return i >= 0 ? process.argv[i + 1] : def;
};
const COUNT = Number(arg('count', 5000));
const BATCH = Number(arg('batch', 16));
const TOPIC = 'bench_http';
const mb = (n) => `${(n / 1048576).toFixed(0)} MB`;
const fmt = (n) => Math.round(n).toLocaleString('en');

const { SandboxService, startBackend, MemorySecretStore } = await importTs(
  root,
  'rocketmq-http-bench',
  "export { SandboxService } from './electron/services/sandbox/sandbox-service'; export { startBackend } from './electron/services/backend'; export { MemorySecretStore } from './electron/services/core/secret-store';",
);

const sandbox = new SandboxService();
await sandbox.start({
  config: {
    fleet: { enabled: false },
    mq: { enabled: false },
    amqp: { enabled: false },
    huawei: { enabled: false },
    iotDevice: { enabled: false },
    huaweiDevice: { enabled: false },
    rocketmq: { groupIds: ['GID_bench_peer', 'GID_bench_fieldscope'], topics: { other: [TOPIC] }, retainPerQueue: COUNT + 10 },
  },
});
const ep = sandbox.endpoints().rocketmq;
const face = sandbox.rocketmq;
const backlog = (group) => face.http.unacked(group, TOPIC);
for (let i = 0; i < COUNT; i++) {
  const body = JSON.stringify({ messageType: 'FLOW_USAGE_PER_MONTH', iccid: `8986${String(i).padStart(16, '0')}`, usedFlowKb: i });
  face.publish(TOPIC, { body: Buffer.from(body), tags: 'FLOW_USAGE_PER_MONTH', keys: [String(i)] });
}

// ---- (a) the bare SDK consumer
async function peer() {
  const consumer = new mqHttp.MQClient(ep.http.endpoint, ep.accessKey, ep.secretKey).getConsumer(ep.http.instanceId, TOPIC, 'GID_bench_peer');
  const seen = new Set();
  const t0 = performance.now();
  const cpu0 = process.cpuUsage();
  let empty = 0;
  while (seen.size < COUNT && empty < 3) {
    try {
      const r = await consumer.consumeMessage(BATCH, 1);
      empty = 0;
      for (const m of r.body) seen.add(m.MessageId);
      await consumer.ackMessage(r.body.map((m) => m.ReceiptHandle));
    } catch (err) {
      if (err.Code !== 'MessageNotExist') throw err;
      empty++;
    }
  }
  const cpu = process.cpuUsage(cpu0);
  return { ms: performance.now() - t0, received: seen.size, cpuMs: (cpu.user + cpu.system) / 1000, backlog: backlog('GID_bench_peer') };
}

// ---- (b) Fieldscope's backend
async function fieldscope() {
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'fs-bench-rmq-http-'));
  const backend = await startBackend({ host: 'cli', dataDir, secrets: new MemorySecretStore(), sandbox: false, storeCapacity: Math.max(250_000, COUNT) });
  try {
    const url = new URL(ep.http.endpoint);
    const saved = await backend.call('profiles.save', {
      profile: {
        id: '',
        kind: 'rocketmq-http',
        name: 'bench',
        host: url.hostname,
        port: Number(url.port),
        instanceId: ep.http.instanceId,
        topic: TOPIC,
        groupId: 'GID_bench_fieldscope',
        accessKey: ep.accessKey,
        batchSize: BATCH,
        waitSeconds: 1,
      },
      secrets: { accessSecret: ep.secretKey },
    });
    const t0 = performance.now();
    const cpu0 = process.cpuUsage();
    const view = await backend.call('connections.open', { profileId: saved.profile.id });
    const connectionIds = [view.connectionId];
    let last = -1;
    let stall = performance.now();
    for (;;) {
      const total = (await backend.call('messages.page', { filter: { connectionIds }, offset: 0, limit: 1 })).total;
      if (total >= COUNT && backlog('GID_bench_fieldscope') === 0) break;
      if (total !== last) ((last = total), (stall = performance.now()));
      if (performance.now() - stall > 5000) break;
      await new Promise((r) => setTimeout(r, 5));
    }
    const ms = performance.now() - t0;
    const cpu = process.cpuUsage(cpu0);
    const ids = new Set();
    let total = 0;
    for (let offset = 0; ; offset += 2000) {
      const page = await backend.call('messages.page', { filter: { connectionIds }, offset, limit: 2000 });
      total = page.total;
      for (const r of page.rows) ids.add(r.messageId);
      if (page.rows.length < 2000) break;
    }
    await backend.call('connections.close', { connectionId: view.connectionId });
    return { ms, received: total, distinct: ids.size, cpuMs: (cpu.user + cpu.system) / 1000, backlog: backlog('GID_bench_fieldscope') };
  } finally {
    await backend.dispose();
    fs.rmSync(dataDir, { recursive: true, force: true });
  }
}

console.log(`bench:rocketmq-http: ${fmt(COUNT)} messages pre-loaded on the sandbox MQ HTTP face, ${BATCH} per consume request, ack per batch`);
const a = await peer();
const b = await fieldscope();
await sandbox.stop();
const rate = (x) => (x.received / x.ms) * 1000;
console.log(`  bare SDK consumer : ${fmt(a.received)} in ${fmt(a.ms)} ms = ${fmt(rate(a))} msg/s (cpu ${fmt(a.cpuMs)} ms), left un-acked ${a.backlog}`);
console.log(
  `  Fieldscope store  : ${fmt(b.received)} in ${fmt(b.ms)} ms = ${fmt(rate(b))} msg/s (cpu ${fmt(b.cpuMs)} ms), distinct msgIds ${fmt(b.distinct)}, left un-acked ${b.backlog}`,
);
console.log(`  ratio ${(rate(b) / rate(a)).toFixed(2)}, loss ${COUNT - b.distinct} (peer loss ${COUNT - a.received}), rss ${mb(process.memoryUsage().rss)}`);
process.exit(COUNT - b.distinct === 0 && b.backlog === 0 ? 0 : 1);
