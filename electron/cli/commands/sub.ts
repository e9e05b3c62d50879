/**
 * `fieldscope sub <url> -t <filter>`: subscribe and print every message as one JSON line. Written for
 * throughput: lines are built as strings and written in large chunks (never one write per message), and
 * the socket is paused while stdout is full, so nothing is dropped and memory stays flat.
 */
import { isUtf8 } from 'node:buffer';
import fs from 'node:fs';
import mqtt, { type IClientOptions, type IPublishPacket } from 'mqtt';
import { topicFilterError } from '../../../shared/mqtt/topic-filter';
import type { ReconnectPolicyLike } from '../../../shared/mqtt/reconnect-backoff';
import { explainRefusal } from '../../../shared/vendors/refusal-explanations';
import { superviseReconnect } from '../../services/captures/mqtt-url-reconnect';
import { installPublishFastPath } from '../../services/connections/mqtt-publish-fast-path';
import { asList, parseArgs, type CliCommand } from '../command';
import { RECONNECT_BOOLEANS, RECONNECT_FLAGS, RECONNECT_USAGE, reconnectPolicyFromFlags } from '../reconnect-flags';
import { isRocketmqSource, ROCKETMQ_SUB_USAGE, runRocketmqSub } from './rocketmq-sub';

const USAGE = `fieldscope sub <url> -t <filter> [-t <filter> ...] [options]

Subscribes and prints each received message as one JSON line (NDJSON) on stdout:
  {"topic":"a/b","qos":1,"retain":false,"payload":"text","arrivedAt":"2026-01-01T00:00:00.000Z"}
A payload that is not valid UTF-8 is printed as base64 with "encoding":"base64" (bytes never altered).

<url>  mqtt://host[:1883]  mqtts://host[:8883]  ws://host[:port]/path  wss://host[:port]/path
       rocketmq://...  rocketmq+http://...  rocketmq+https://...  (RocketMQ 4.x, see the end)

Options:
  -t, --topic <filter>    topic filter (+ and # allowed); repeat for several
  -q, --qos <0|1|2>       subscription QoS (default 0)
  -u, --username <name>
  -P, --password <pass>   or @env:VAR to read it from an environment variable (keeps it out of the process list)
  -c, --client-id <id>    default: fieldscope-sub-<random>
  -V, --protocol <4|5>    MQTT 3.1.1 (4, default) or 5
  --cafile <file>         CA certificate (PEM) for mqtts/wss
  --cert <file> --key <file>   client certificate and key (PEM)
  --insecure              do not verify the server certificate (tests only)
  --persistent            clean session off (receive what was queued while away; needs a fixed -c)
  -k, --keepalive <s>     keep-alive seconds (default 60)
  -C, --count <N>         exit after N messages
  -W, --timeout <s>       exit after s seconds (code 0 if --count was not set, else 3)

A first connection that fails exits 1 with the reason. Once connected, a lost connection is retried:
${RECONNECT_USAGE}

${ROCKETMQ_SUB_USAGE}`;

const ALIASES = { t: 'topic', q: 'qos', u: 'username', P: 'password', c: 'client-id', V: 'protocol', k: 'keepalive', C: 'count', W: 'timeout' };

class UsageError extends Error {}

function intFlag(v: unknown, name: string, min: number, max: number): number | undefined {
  if (v === undefined) return undefined;
  const n = Number(v);
  if (typeof v !== 'string' || !Number.isInteger(n) || n < min || n > max)
    throw new UsageError(`--${name} must be a whole number from ${min} to ${max}, got '${String(v)}'`);
  return n;
}

function single(v: unknown, name: string): string | undefined {
  if (Array.isArray(v)) throw new UsageError(`--${name} was given more than once`);
  return typeof v === 'string' ? v : undefined;
}

function readPassword(v: string | undefined): string | undefined {
  if (v === undefined) return undefined;
  const m = /^@env:(\w+)$/.exec(v);
  if (!m) return v;
  const value = process.env[m[1]!];
  if (value === undefined) throw new UsageError(`the environment variable ${m[1]} (from -P @env:${m[1]}) is not set`);
  return value;
}

function readFile(file: string, what: string): Buffer {
  try {
    return fs.readFileSync(file);
  } catch (err) {
    throw new UsageError(`cannot read the ${what} file ${file}: ${(err as NodeJS.ErrnoException).code ?? (err as Error).message}`);
  }
}

export function buildSubOptions(args: string[]): {
  url: string;
  filters: string[];
  qos: 0 | 1 | 2;
  options: IClientOptions;
  reconnect: ReconnectPolicyLike;
  count?: number;
  timeoutSec?: number;
} {
  const { flags, positional } = parseArgs(args, ['insecure', 'persistent', ...RECONNECT_BOOLEANS], ALIASES);
  const known = new Set<string>([
    'topic',
    'qos',
    'username',
    'password',
    'client-id',
    'protocol',
    'keepalive',
    'count',
    'timeout',
    'cafile',
    'cert',
    'key',
    'insecure',
    'persistent',
    ...RECONNECT_FLAGS,
  ]);
  for (const f of Object.keys(flags)) if (!known.has(f)) throw new UsageError(`unknown option --${f}`);
  if (positional.length !== 1)
    throw new UsageError(positional.length ? `expected one broker URL, got: ${positional.join(' ')}` : 'missing the broker URL (e.g. mqtt://127.0.0.1:1883)');
  const url = positional[0]!;
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    throw new UsageError(`'${url}' is not a URL; write e.g. mqtt://host:1883 or wss://host/mqtt`);
  }
  const scheme = parsed.protocol.replace(':', '');
  if (!['mqtt', 'mqtts', 'ws', 'wss', 'tcp', 'ssl', 'tls'].includes(scheme))
    throw new UsageError(`unsupported scheme '${scheme}:'; use mqtt, mqtts, ws or wss`);
  const filters = asList(flags.topic);
  if (!filters.length) throw new UsageError('give at least one topic filter with -t');
  for (const f of filters) {
    const e = topicFilterError(f);
    if (e) throw new UsageError(`topic filter '${f}': ${e}`);
  }
  const qos = (intFlag(flags.qos, 'qos', 0, 2) ?? 0) as 0 | 1 | 2;
  const protocolVersion = (intFlag(flags.protocol, 'protocol', 4, 5) ?? 4) as 4 | 5;
  const clientId = single(flags['client-id'], 'client-id');
  if (flags.persistent && !clientId) throw new UsageError('--persistent needs a fixed client ID (-c), or the broker cannot find the session again');
  const options: IClientOptions = {
    protocolVersion,
    clientId: clientId ?? `fieldscope-sub-${Math.random().toString(16).slice(2, 10)}`,
    clean: !flags.persistent,
    keepalive: intFlag(flags.keepalive, 'keepalive', 0, 65535) ?? 60,
    // Reconnecting is ours (the app's backoff, announced on stderr); subscriptions are renewed by us too,
    // and only when the broker lost the session.
    reconnectPeriod: 0,
    resubscribe: false,
    connectTimeout: 15_000,
  };
  // MQTT 5 ends a session at disconnect unless told otherwise: a persistent one never expires (as mosquitto_sub -c).
  if (flags.persistent && protocolVersion === 5) options.properties = { sessionExpiryInterval: 0xffffffff };
  const reconnect = reconnectPolicyFromFlags(flags, (m) => new UsageError(m));
  const username = single(flags.username, 'username') ?? (parsed.username ? decodeURIComponent(parsed.username) : undefined);
  const password = readPassword(single(flags.password, 'password')) ?? (parsed.password ? decodeURIComponent(parsed.password) : undefined);
  if (username !== undefined) options.username = username;
  if (password !== undefined) options.password = password;
  const cafile = single(flags.cafile, 'cafile');
  if (cafile) options.ca = readFile(cafile, 'CA');
  const cert = single(flags.cert, 'cert');
  const key = single(flags.key, 'key');
  if (!!cert !== !!key) throw new UsageError('--cert and --key go together');
  if (cert && key) {
    options.cert = readFile(cert, 'certificate');
    options.key = readFile(key, 'key');
  }
  if (flags.insecure) options.rejectUnauthorized = false;
  // Credentials were taken out of the URL into options: never pass them on inside the URL string.
  parsed.username = '';
  parsed.password = '';
  return {
    url: parsed.toString(),
    filters,
    qos,
    options,
    reconnect,
    count: intFlag(flags.count, 'count', 1, Number.MAX_SAFE_INTEGER),
    timeoutSec: intFlag(flags.timeout, 'timeout', 1, 86_400),
  };
}

/** Buffered NDJSON writer: one stdout write per ~64 KB, with backpressure reported to the caller. */
class LineWriter {
  private buf = '';
  private scheduled = false;
  constructor(
    private readonly out: NodeJS.WritableStream,
    private readonly onFull: () => void,
  ) {}
  push(line: string): void {
    this.buf += line;
    if (this.buf.length >= 65536) this.flush();
    else if (!this.scheduled) {
      this.scheduled = true;
      setImmediate(() => this.flush());
    }
  }
  flush(): void {
    this.scheduled = false;
    if (!this.buf) return;
    const chunk = this.buf;
    this.buf = '';
    if (!this.out.write(chunk)) this.onFull();
  }
  end(): Promise<void> {
    this.flush();
    return new Promise((r) => {
      if ((this.out as NodeJS.WriteStream).writableNeedDrain) this.out.once('drain', () => r());
      else r();
    });
  }
}

export const subCommand: CliCommand = {
  name: 'sub',
  usage: USAGE,
  async run(args) {
    if (args.some(isRocketmqSource)) return runRocketmqSub(args, USAGE);
    let cfg: ReturnType<typeof buildSubOptions>;
    try {
      cfg = buildSubOptions(args);
    } catch (err) {
      if (err instanceof UsageError) {
        process.stderr.write(`fieldscope sub: ${err.message}\n\n${USAGE}\n`);
        return 2;
      }
      throw err;
    }
    const { url, filters, qos, options, reconnect, count, timeoutSec } = cfg;
    const out = process.stdout;
    let received = 0;
    let lastMs = 0;
    let lastIso = '';
    let client: mqtt.MqttClient;
    const writer = new LineWriter(out, () => {
      // stdout is full: stop reading the socket until it drains (the broker keeps the rest).
      const stream = (client as unknown as { stream?: { pause(): void; resume(): void } }).stream;
      stream?.pause();
      out.once('drain', () => stream?.resume());
    });

    return await new Promise<number>((resolve) => {
      let done = false;
      let stopSupervising = () => {};
      const finish = async (code: number, message?: string) => {
        if (done) return;
        done = true;
        if (timer) clearTimeout(timer);
        process.off('SIGINT', onSignal);
        process.off('SIGTERM', onSignal);
        stopSupervising();
        await writer.end();
        if (message) process.stderr.write(`fieldscope sub: ${message}\n`);
        client.end(true);
        resolve(code);
      };
      const onSignal = () => void finish(0);
      process.on('SIGINT', onSignal);
      process.on('SIGTERM', onSignal);
      const timer = timeoutSec
        ? setTimeout(
            () => void finish(count ? 3 : 0, count ? `timed out after ${timeoutSec} s with ${received} of ${count} messages` : undefined),
            timeoutSec * 1000,
          )
        : null;

      // manualConnect: the fast path wraps the stream builder before the first stream is made.
      client = mqtt.connect(url, { ...options, manualConnect: true });
      let connectedOnce = false;
      let unsupervise: (() => void) | null = null;
      const print = (topic: string, payload: Buffer, qos: number, retain: boolean) => {
        const now = Date.now();
        if (now !== lastMs) {
          lastMs = now;
          lastIso = new Date(now).toISOString();
        }
        const text = isUtf8(payload);
        writer.push(
          `{"topic":${JSON.stringify(topic)},"qos":${qos},"retain":${retain}${text ? '' : ',"encoding":"base64"'},"payload":${text ? JSON.stringify(payload.toString('utf8')) : `"${payload.toString('base64')}"`},"arrivedAt":"${lastIso}"}\n`,
        );
        if (count && ++received >= count) void finish(0);
        else if (!count) received++;
      };
      // As in the app's driver: MQTT 3.1.1 over TCP/TLS takes QoS 0/1 PUBLISHes off the socket before mqtt.js.
      if (options.protocolVersion !== 5 && /^mqtts?:$/.test(new URL(url).protocol))
        installPublishFastPath(client, (p) => (done ? false : (print(p.topic, p.payload, p.qos, p.retain), true)));
      client.on('message', (topic: string, payload: Buffer, packet: IPublishPacket) => {
        if (!done) print(topic, payload, packet.qos, packet.retain);
      });
      const subscribe = () => {
        const map: Record<string, { qos: 0 | 1 | 2 }> = {};
        for (const f of filters) map[f] = { qos };
        client.subscribe(map, (err, granted) => {
          // A subscribe cut short by a lost connection is sent again after the reconnect.
          if (err) return void (client.connected && finish(1, `subscribe failed: ${err.message}`));
          const refused = (granted ?? []).filter((g) => g.qos >= 0x80);
          if (refused.length) {
            const words = explainRefusal({ kind: 'mqtt', phase: 'subscribe', code: refused[0]!.qos });
            void finish(1, `the broker refused ${refused.map((g) => g.topic).join(', ')}${words ? `: ${words}` : ''}`);
          }
        });
      };
      client.on('connect', () => {
        if (connectedOnce) return;
        connectedOnce = true;
        subscribe();
        unsupervise = superviseReconnect(client, {
          policy: reconnect,
          onEvent: (e) => process.stderr.write(`fieldscope sub: ${e.summary}\n`),
          onReconnected: (connack) => {
            if (!connack.sessionPresent) subscribe();
          },
          onGiveUp: () => void finish(1),
        });
      });
      // Before the first CONNACK a failure ends the command (like mosquitto_sub); after it the supervisor
      // owns errors and closes.
      client.on('error', (err: Error & { code?: number | string }) => {
        if (connectedOnce) return;
        const phase = typeof err.code === 'number' ? 'connect' : 'transport';
        const words = explainRefusal({ kind: 'mqtt', phase, code: err.code, message: err.message });
        void finish(1, `${err.message}${words ? `\n  ${words}` : ''}`);
      });
      client.on('close', () => {
        if (!done && !connectedOnce) void finish(1, 'the connection closed');
      });
      stopSupervising = () => unsupervise?.();
      client.connect();
    });
  },
};
