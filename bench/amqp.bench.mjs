// npm run bench:amqp — N small messages (default 100,000) pre-loaded on a real RabbitMQ (AMQP 1.0 plugin,
// started here by scripts/brokers/rabbitmq-amqp10.sh on free ports), then received by
//   (a) the peer: a bare rhea receiver that only counts and accepts, and
//   (b) Fieldscope: the backend (profiles + connections + message store) through its AMQP driver.
// Prints both rates, the ratio (target >= 0.7), loss (must be 0) and RSS.
// Options: --count N  --credit N (both receivers, default 1000)  --sender proton|rhea (default: proton if installed)
import { execFile, execFileSync } from 'node:child_process';
import { importTs } from './bundle-ts.mjs';
import fs from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import rhea from 'rhea';

const root = path.resolve(import.meta.dirname, '..');
const arg = (name, def) => {
  const i = process.argv.indexOf(`--${name}`);
  return i >= 0 ? process.argv[i + 1] : def;
};
const COUNT = Number(arg('count', 100_000));
const CREDIT = Number(arg('credit', 1000));
const SCRIPT = path.join(root, 'scripts', 'brokers', 'rabbitmq-amqp10.sh');
const PROTON_SEND = path.join(root, 'test', 'amqp', 'clients', 'proton-send.py');
const mb = (n) => `${(n / 1048576).toFixed(0)} MB`;
const fmt = (n) => Math.round(n).toLocaleString('en');

if (!fs.existsSync('/usr/lib/rabbitmq/bin/rabbitmq-server')) {
  console.log('bench:amqp skipped: rabbitmq-server is not installed (apt-get install rabbitmq-server)');
  process.exit(0);
}
let hasProton = true;
try {
  execFileSync('/usr/bin/python3', ['-c', 'import proton'], { stdio: 'pipe' });
} catch {
  hasProton = false;
}
const SENDER = arg('sender', hasProton ? 'proton' : 'rhea');

async function freePorts(n) {
  const servers = [];
  for (let i = 0; i < n; i++) {
    const s = net.createServer();
    await new Promise((r) => s.listen(0, '127.0.0.1', r));
    servers.push(s);
  }
  const ports = servers.map((s) => s.address().port);
  await Promise.all(servers.map((s) => new Promise((r) => s.close(r))));
  return ports;
}

const run = (file, args, env) =>
  new Promise((resolve, reject) =>
    execFile(file, args, { env, maxBuffer: 64 * 1024 * 1024 }, (err, stdout, stderr) =>
      err ? reject(new Error(`${file} ${args.join(' ')}: ${stdout}${stderr}`)) : resolve(String(stdout)),
    ),
  );

// ---- broker
const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'fs-bench-rabbitmq-'));
const [amqpPort, amqpsPort, distPort, epmdPort] = await freePorts(4);
const user = 'bench';
const pass = `bench-${Math.random().toString(36).slice(2, 10)}`;
const queue = 'bench';
const env = {
  ...process.env,
  AMQP_PORT: String(amqpPort),
  AMQPS_PORT: String(amqpsPort),
  DIST_PORT: String(distPort),
  EPMD_PORT: String(epmdPort),
  AMQP_USER: user,
  AMQP_PASS: pass,
  AMQP_QUEUES: queue,
};
const stopBroker = async () => {
  await run('bash', [SCRIPT, 'stop', dir], env).catch(() => undefined);
  fs.rmSync(dir, { recursive: true, force: true });
};
process.on('SIGINT', () => void stopBroker().then(() => process.exit(130)));

async function queueDepth() {
  const out = await run('bash', [SCRIPT, 'ctl', dir, 'list_queues', 'name', 'messages_ready', 'messages_unacknowledged'], env);
  for (const line of out.split('\n')) {
    const [name, ready, unacked] = line.trim().split(/\s+/);
    if (name === queue) return { ready: Number(ready), unacked: Number(unacked) };
  }
  throw new Error(`queue ${queue} missing:\n${out}`);
}

/** Pre-loads COUNT small IoT-shaped messages (application-properties topic/messageId/generateTime, 32-byte body). */
async function preload() {
  const t0 = performance.now();
  if (SENDER === 'proton') {
    const out = await run(
      '/usr/bin/python3',
      [PROTON_SEND, `amqp://${user}:${pass}@127.0.0.1:${amqpPort}`, `/amq/queue/${queue}`, String(COUNT), '--small', '--timeout', '600'],
      env,
    );
    const res = JSON.parse(out.trim().split('\n').pop());
    if (res.accepted !== COUNT) throw new Error(`pre-load incomplete: ${out}`);
  } else {
    await new Promise((resolve, reject) => {
      const c = rhea.create_container();
      c.on('error', reject);
      const conn = c.connect({ host: '127.0.0.1', port: amqpPort, username: user, password: pass, reconnect: false });
      const sender = conn.open_sender(`/amq/queue/${queue}`);
      let sent = 0;
      let confirmed = 0;
      const base = Date.now();
      sender.on('sendable', () => {
        while (sender.sendable() && sent < COUNT) {
          sender.send({
            body: rhea.message.data_section(Buffer.alloc(32, 120)),
            application_properties: { topic: '/a1xx/dev1/user/update', messageId: String(sent), generateTime: base + sent },
          });
          sent++;
        }
      });
      sender.on('accepted', () => {
        if (++confirmed === COUNT) {
          conn.close();
          resolve();
        }
      });
      conn.on('connection_error', (ctx) => reject(ctx.connection.error));
    });
  }
  const depth = await queueDepth();
  if (depth.ready !== COUNT) throw new Error(`expected ${COUNT} ready messages, broker has ${depth.ready}`);
  return performance.now() - t0;
}

/** (a) The peer: a bare rhea receiver that counts and accepts. */
function peerReceive() {
  return new Promise((resolve, reject) => {
    const c = rhea.create_container();
    c.on('error', reject);
    const t0 = performance.now();
    const cpu0 = process.cpuUsage();
    let n = 0;
    const conn = c.connect({ host: '127.0.0.1', port: amqpPort, username: user, password: pass, reconnect: false, idle_time_out: 60_000 });
    const receiver = conn.open_receiver({ source: { address: `/amq/queue/${queue}` }, credit_window: CREDIT });
    receiver.on('message', () => {
      if (++n === COUNT) {
        const ms = performance.now() - t0;
        const cpu = process.cpuUsage(cpu0);
        // Let the last dispositions go out before closing.
        setTimeout(() => {
          conn.close();
          resolve({ ms, received: n, cpuMs: (cpu.user + cpu.system) / 1000 });
        }, 200);
      }
    });
    conn.on('connection_error', (ctx) => reject(ctx.connection.error));
  });
}

/** (b) Fieldscope: the backend with an AMQP profile, receiving into its message store. */
async function fieldscopeReceive() {
  const { startBackend, MemorySecretStore } = await importTs(
    root,
    'amqp-bench-backend',
    "export { startBackend } from './electron/services/backend'; export { MemorySecretStore } from './electron/services/core/secret-store';",
  );
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'fs-bench-data-'));
  const backend = await startBackend({ host: 'cli', dataDir, secrets: new MemorySecretStore(), sandbox: false, storeCapacity: Math.max(250_000, COUNT) });
  try {
    const saved = await backend.call('profiles.save', {
      profile: {
        id: '',
        kind: 'amqp',
        name: 'bench rabbitmq',
        host: '127.0.0.1',
        port: amqpPort,
        tls: false,
        username: user,
        sourceAddress: `/amq/queue/${queue}`,
        credit: CREDIT,
        ackMode: 'auto',
        idleTimeoutSec: 60,
      },
      secrets: { password: pass },
    });
    const t0 = performance.now();
    const cpu0 = process.cpuUsage();
    const view = await backend.call('connections.open', { profileId: saved.profile.id });
    if (view.state.status !== 'connected') throw new Error(`Fieldscope did not connect: ${JSON.stringify(view.state)}`);
    const stats = () => backend.services.get('messages').stats();
    let last = 0;
    let lastChange = performance.now();
    for (;;) {
      const s = stats();
      if (s.received >= COUNT) break;
      if (s.received !== last) {
        last = s.received;
        lastChange = performance.now();
      } else if (performance.now() - lastChange > 15_000) {
        break; // stalled: report what arrived
      }
      await new Promise((r) => setTimeout(r, 5));
    }
    const ms = performance.now() - t0;
    const cpu = process.cpuUsage(cpu0);
    const s = stats();
    const page = await backend.call('messages.page', { filter: { hideDuplicates: true }, offset: 0, limit: 1 });
    await new Promise((r) => setTimeout(r, 300));
    const log = await backend.call('connections.protocolLog', { connectionId: view.connectionId, offset: 0, limit: 5000 });
    await backend.call('connections.close', { connectionId: view.connectionId });
    return { ms, cpuMs: (cpu.user + cpu.system) / 1000, received: s.received, dropped: s.dropped, distinct: page.total, logLines: log.total };
  } finally {
    await backend.dispose?.();
    fs.rmSync(dataDir, { recursive: true, force: true });
  }
}

try {
  console.log(`bench:amqp: ${fmt(COUNT)} messages (32-byte body + topic/messageId/generateTime), credit ${CREDIT}, pre-loaded by ${SENDER}`);
  let t = performance.now();
  await run('bash', [SCRIPT, 'start', dir], env);
  console.log(`  RabbitMQ up in ${((performance.now() - t) / 1000).toFixed(1)} s (amqp ${amqpPort})`);
  const rss0 = process.memoryUsage().rss;

  t = await preload();
  console.log(`  pre-loaded in ${(t / 1000).toFixed(1)} s`);
  const peer = await peerReceive();
  const peerDepth = await queueDepth();
  const rssPeer = process.memoryUsage().rss;
  const peerRate = (peer.received / peer.ms) * 1000;
  console.log(
    `  (a) peer (bare rhea, count + accept): ${fmt(peer.received)} in ${(peer.ms / 1000).toFixed(2)} s = ${fmt(peerRate)} msg/s, CPU ${((peer.cpuMs / peer.ms) * 100).toFixed(0)}% of a core; broker left ${peerDepth.ready} ready / ${peerDepth.unacked} unacked`,
  );

  t = await preload();
  console.log(`  pre-loaded again in ${(t / 1000).toFixed(1)} s`);
  const fs1 = await fieldscopeReceive();
  const fsDepth = await queueDepth();
  const rssFs = process.memoryUsage().rss;
  const fsRate = (fs1.received / fs1.ms) * 1000;
  console.log(
    `  (b) Fieldscope backend -> store: ${fmt(fs1.received)} in ${(fs1.ms / 1000).toFixed(2)} s = ${fmt(fsRate)} msg/s, CPU ${((fs1.cpuMs / fs1.ms) * 100).toFixed(0)}% of a core; store dropped ${fs1.dropped}; ${fmt(fs1.distinct)} distinct messageIds; ${fmt(fs1.logLines)} protocol-log lines; broker left ${fsDepth.ready} ready / ${fsDepth.unacked} unacked`,
  );

  // Run the peer once more after Fieldscope so neither side gains from running second (JIT warm-up, broker
  // caches); the better peer run is the one compared against.
  t = await preload();
  const peer2 = await peerReceive();
  const peer2Depth = await queueDepth();
  const peer2Rate = (peer2.received / peer2.ms) * 1000;
  console.log(
    `  (a') peer again: ${fmt(peer2.received)} in ${(peer2.ms / 1000).toFixed(2)} s = ${fmt(peer2Rate)} msg/s, CPU ${((peer2.cpuMs / peer2.ms) * 100).toFixed(0)}% of a core; broker left ${peer2Depth.ready} ready / ${peer2Depth.unacked} unacked`,
  );
  const bestPeer = Math.max(peerRate, peer2Rate);

  const loss = COUNT - fs1.received + fs1.dropped + fsDepth.ready + fsDepth.unacked;
  const ratio = fsRate / bestPeer;
  console.log(`  ratio Fieldscope/peer (best peer run): ${ratio.toFixed(2)} (target >= 0.70) ${ratio >= 0.7 ? 'OK' : 'BELOW TARGET'}`);
  console.log(
    `  loss: ${loss} ${loss === 0 ? 'OK' : 'LOST MESSAGES'} (peer lost ${COUNT - peer.received + peerDepth.ready + peerDepth.unacked} and ${COUNT - peer2.received + peer2Depth.ready + peer2Depth.unacked})`,
  );
  console.log(
    `  RSS: start ${mb(rss0)}, after peer ${mb(rssPeer)}, after Fieldscope ${mb(rssFs)}, end ${mb(process.memoryUsage().rss)} (one process; broker not included)`,
  );
  process.exitCode = loss === 0 ? 0 : 1;
} catch (err) {
  console.error('bench:amqp failed:', err instanceof Error ? err.message : err);
  process.exitCode = 1;
} finally {
  await stopBroker();
}
