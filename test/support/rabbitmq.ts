import { execFile, execFileSync } from 'node:child_process';
import fs from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';

const repoRoot = path.resolve(import.meta.dirname, '..', '..');
export const RABBITMQ_SCRIPT = path.join(repoRoot, 'scripts', 'brokers', 'rabbitmq-amqp10.sh');
const SERVER_BIN = '/usr/lib/rabbitmq/bin/rabbitmq-server';

/** Why a RabbitMQ test must be skipped on this machine, or null when the broker can be started. */
export function rabbitMqMissingReason(): string | null {
  if (!fs.existsSync(SERVER_BIN)) return `rabbitmq-server is not installed (${SERVER_BIN} missing; apt-get install rabbitmq-server)`;
  try {
    execFileSync('openssl', ['version'], { stdio: 'pipe' });
  } catch {
    return 'openssl is not installed';
  }
  return null;
}

/** Why the python proton sender cannot run here, or null. */
export function protonMissingReason(): string | null {
  try {
    execFileSync('/usr/bin/python3', ['-c', 'import proton'], { stdio: 'pipe' });
    return null;
  } catch {
    return 'python3-qpid-proton is not installed for /usr/bin/python3 (apt-get install python3-qpid-proton)';
  }
}

export interface RabbitMqOptions {
  /** Durable queues to declare; the first is `queue`. Default ['iot']. */
  queues?: string[];
  /** A second user, e.g. a cloud-style `clientId|authMode=aksign,...|` name. */
  extraUser?: { user: string; pass: string };
}

export interface RabbitMq {
  amqpPort: number;
  amqpsPort: number;
  caFile: string;
  user: string;
  pass: string;
  queue: string;
  queues: string[];
  dir: string;
  /** rabbitmqctl against this broker (e.g. ['list_queues', 'name', 'messages']); resolves stdout. */
  ctl(args: string[]): Promise<string>;
  /** Ready / unacked message counts of one queue. */
  queueDepth(queue: string): Promise<{ messages: number; unacked: number }>;
  stop(): Promise<void>;
}

/** Four distinct free ports, all held open at once while probing so they differ. */
async function freePorts(n: number): Promise<number[]> {
  const servers: net.Server[] = [];
  try {
    for (let i = 0; i < n; i++) {
      const srv = net.createServer();
      servers.push(srv);
      await new Promise<void>((r, j) => {
        srv.once('error', j);
        srv.listen(0, '127.0.0.1', () => r());
      });
    }
    return servers.map((s) => (s.address() as net.AddressInfo).port);
  } finally {
    await Promise.all(servers.map((s) => new Promise((r) => s.close(() => r(null)))));
  }
}

function run(file: string, args: string[], env: NodeJS.ProcessEnv): Promise<{ code: number; out: string }> {
  return new Promise((resolve) => {
    execFile(file, args, { env, maxBuffer: 10 * 1024 * 1024 }, (err, stdout, stderr) => {
      const code = err ? (typeof (err as { code?: unknown }).code === 'number' ? (err as { code: number }).code : 1) : 0;
      resolve({ code, out: String(stdout) + String(stderr) });
    });
  });
}

const live = new Set<string>();
let exitHook = false;

/**
 * Starts RabbitMQ with the AMQP 1.0 plugin on four free loopback ports via the project's script, in a
 * temp folder (TLS with a generated CA, SASL PLAIN users from definitions.json). About 3-6 s.
 */
export async function startRabbitMq(opts: RabbitMqOptions = {}): Promise<RabbitMq> {
  const missing = rabbitMqMissingReason();
  if (missing) throw new Error(missing);
  if (!exitHook) {
    exitHook = true;
    // Last resort if a test run dies without afterAll: kill brokers by their saved PIDs.
    process.on('exit', () => {
      for (const dir of live) {
        for (const f of ['beam.pid', 'server.pid', 'epmd.pid']) {
          try {
            process.kill(Number(fs.readFileSync(path.join(dir, f), 'utf8').trim()), 'SIGKILL');
          } catch {
            /* already gone */
          }
        }
      }
    });
  }
  const queues = opts.queues?.length ? opts.queues : ['iot'];
  const user = 'iot';
  const pass = 's3cret-' + Math.random().toString(36).slice(2, 10);
  let lastErr = '';
  for (let attempt = 0; attempt < 3; attempt++) {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'fs-rabbitmq-'));
    const [amqpPort, amqpsPort, distPort, epmdPort] = await freePorts(4);
    const env: NodeJS.ProcessEnv = {
      ...process.env,
      AMQP_PORT: String(amqpPort),
      AMQPS_PORT: String(amqpsPort),
      DIST_PORT: String(distPort),
      EPMD_PORT: String(epmdPort),
      AMQP_USER: user,
      AMQP_PASS: pass,
      AMQP_QUEUES: queues.join(' '),
      ...(opts.extraUser ? { AMQP_USER2: opts.extraUser.user, AMQP_PASS2: opts.extraUser.pass } : {}),
    };
    live.add(dir);
    const res = await run('bash', [RABBITMQ_SCRIPT, 'start', dir], env);
    if (res.code !== 0) {
      lastErr = res.out;
      live.delete(dir);
      fs.rmSync(dir, { recursive: true, force: true });
      continue; // a port may have been taken between probing and binding
    }
    const ctl = async (args: string[]) => {
      const r = await run('bash', [RABBITMQ_SCRIPT, 'ctl', dir, ...args], env);
      if (r.code !== 0) throw new Error(`rabbitmqctl ${args.join(' ')} failed: ${r.out}`);
      return r.out;
    };
    let stopped = false;
    return {
      amqpPort,
      amqpsPort,
      caFile: path.join(dir, 'tls', 'ca.pem'),
      user,
      pass,
      queue: queues[0]!,
      queues,
      dir,
      ctl,
      async queueDepth(queue: string) {
        const out = await ctl(['list_queues', 'name', 'messages_ready', 'messages_unacknowledged']);
        for (const line of out.split('\n')) {
          const [name, ready, unacked] = line.trim().split(/\s+/);
          if (name === queue) return { messages: Number(ready), unacked: Number(unacked) };
        }
        throw new Error(`queue ${queue} not found in:\n${out}`);
      },
      async stop() {
        if (stopped) return;
        stopped = true;
        await run('bash', [RABBITMQ_SCRIPT, 'stop', dir], env);
        live.delete(dir);
        fs.rmSync(dir, { recursive: true, force: true });
      },
    };
  }
  throw new Error(`RabbitMQ did not start after 3 attempts:\n${lastErr}`);
}
