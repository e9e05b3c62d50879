// npm run bench:rocketmq — N small messages (default 20,000) stored on the sandbox RocketMQ face (in-process,
// loopback), then consumed from the earliest offset by
//   (a) the peer: a bare ali-ons push consumer that only counts, and
//   (b) Fieldscope: its RocketMQ driver (ali-ons behind the driver interface) into the message store.
// Each reads in its own Group ID, so both see all N. Prints both rates, the ratio (target >= 0.9) and loss (must be 0).
// Options: --count N
import { createRequire } from 'node:module';
import path from 'node:path';
import { importTs } from './bundle-ts.mjs';

const root = path.resolve(import.meta.dirname, '..');
const require = createRequire(import.meta.url);
const ons = require('ali-ons');
const arg = (name, def) => {
  const i = process.argv.indexOf(`--${name}`);
  return i >= 0 ? process.argv[i + 1] : def;
};
const COUNT = Number(arg('count', 20_000));
const fmt = (n) => Math.round(n).toLocaleString('en');

const { SandboxService, driverFor, MessageStore, Profile, DisposableStore } = await importTs(
  root,
  'rocketmq-bench',
  `export { SandboxService } from './electron/services/sandbox/sandbox-service';
   export { driverFor } from './electron/services/connections/driver-registry';
   export { MessageStore } from './electron/services/messages/message-store';
   export { Profile } from './shared/contract/profiles.contract';
   export { DisposableStore } from './electron/services/core/disposables';`,
);

const sandbox = new SandboxService();
await sandbox.start({
  config: {
    mq: { enabled: false },
    amqp: { enabled: false },
    huawei: { enabled: false },
    iotDevice: { enabled: false },
    huaweiDevice: { enabled: false },
    fleet: { enabled: false },
    rocketmq: { groupIds: ['GID_bench_peer', 'GID_bench_fieldscope'], retainPerQueue: COUNT + 10 },
  },
});
const ep = sandbox.endpoints().rocketmq;
const topic = ep.topics.other[0];
const body = Buffer.from(JSON.stringify({ messageType: 'FLOW_USAGE_PER_MONTH', iccid: '89860000000000000001', usedFlowKb: 123456 }));
for (let i = 0; i < COUNT; i++) sandbox.rocketmq.publish(topic, { tags: 'FLOW_USAGE_PER_MONTH', keys: [String(i)], body });
console.log(`pre-loaded ${fmt(COUNT)} messages on ${topic} (${sandbox.rocketmq.store.queueCount(topic)} queues)`);

const quiet = { info() {}, warn() {}, error() {}, debug() {} };
const noHttp = { request: () => Promise.reject(new Error('no address server')) };

async function peer() {
  const seen = new Set();
  const t0 = performance.now();
  const c = new ons.Consumer({
    nameSrv: ep.nameServer,
    httpclient: noHttp,
    accessKeyId: ep.accessKey,
    accessKeySecret: ep.secretKey,
    consumerGroup: 'GID_bench_peer',
    consumeFromWhere: 'CONSUME_FROM_FIRST_OFFSET',
    logger: quiet,
    instanceName: `bench-peer-${process.pid}`,
  });
  c.on('error', () => undefined);
  await new Promise((resolve) => {
    c.subscribe(topic, '*', async (m) => {
      seen.add(m.msgId);
      if (seen.size === COUNT) resolve();
    });
  });
  const ms = performance.now() - t0;
  await c.close().catch(() => undefined);
  return { ms, received: seen.size };
}

async function fieldscope() {
  const [host, port] = ep.nameServer.split(':');
  const profile = Profile.parse({
    id: 'bench',
    name: 'bench',
    kind: 'rocketmq',
    host,
    port: Number(port),
    accessKey: ep.accessKey,
    consumerGroupId: 'GID_bench_fieldscope',
    topic,
    messageModel: 'clustering',
    startPoint: 'earliest',
  });
  const store = new MessageStore({ capacity: COUNT + 10 });
  const t0 = performance.now();
  let done;
  const finished = new Promise((r) => (done = r));
  store.onIngest(() => {
    if (store.stats().received === COUNT) done();
  });
  const driver = driverFor(profile)({
    connectionId: 'bench',
    profile,
    getSecret: async () => ep.secretKey,
    sink: store,
    log: () => undefined,
    setState: () => undefined,
    disposables: new DisposableStore(),
    now: () => Date.now(),
  });
  await driver.connect();
  await finished;
  const ms = performance.now() - t0;
  const ids = new Set();
  for (let s = 1; s <= COUNT; s++) ids.add(store.get(s)?.messageId);
  await driver.close();
  return { ms, received: ids.size };
}

const a = await peer();
const b = await fieldscope();
const rate = (r) => (r.received / r.ms) * 1000;
console.log(`(a) bare ali-ons consumer : ${fmt(rate(a))} msg/s (${fmt(a.ms)} ms, ${fmt(a.received)} distinct)`);
console.log(`(b) Fieldscope store      : ${fmt(rate(b))} msg/s (${fmt(b.ms)} ms, ${fmt(b.received)} distinct)`);
console.log(`ratio ${(rate(b) / rate(a)).toFixed(2)} (target >= 0.9), loss ${COUNT - b.received} (must be 0)`);
await sandbox.stop();
process.exit(COUNT - b.received === 0 ? 0 : 1);
