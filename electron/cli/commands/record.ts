import os from 'node:os';
import path from 'node:path';
import { makeHeader } from '../../../shared/capture/capture-encoder';
import { asList, parseArgs, type CliCommand } from '../command';
import { CaptureRecorder } from '../../services/captures/capture-recorder';
import { connectUrl, isBrokerUrl, packetSummary, urlWithoutCredentials } from '../../services/captures/mqtt-url-client';
import { APP_VERSION } from '../../services/core/version';
import { openProfileBackend, type ProfileRunOverrides } from '../../services/captures/cli-profile-backend';
import { superviseReconnect, type LinkEvent } from '../../services/captures/mqtt-url-reconnect';
import { ROCKETMQ_RECORD_USAGE, runRocketmqRecord } from './rocketmq-record';
import { isRocketmqSource } from './rocketmq-sub';
import { RECONNECT_BOOLEANS, RECONNECT_FLAGS, RECONNECT_USAGE, reconnectPolicyFromFlags } from '../reconnect-flags';

const USAGE = `fieldscope record <profile|url> -o <file> [-t <filter>]... [--duration <s>] [--gzip] [--qos <0|1|2>] [--mqtt5]
                 [-c <client id>] [--persistent] [reconnect options]

Records what a connection receives into a capture file (docs/capture-format.md): every message byte-exact,
the protocol log, a header with the app/OS versions and the profile without secrets. The file is flushed at
least once a second, so Ctrl-C, a crash or kill -9 leaves a readable file missing at most the last second.

  <profile|url>      a saved profile (name or id; its secrets come from the OS keychain; a RocketMQ profile records
                     its topic with every message's RocketMQ attributes, -t does not apply), or a broker URL:
                     mqtt://host:1883, mqtts://host:8883, ws://host:8083/mqtt, rocketmq://… (below) (user:password@ allowed;
                     the password is never written to the capture). ?protocolVersion=5 or --mqtt5 for MQTT 5.
  -o, --output       capture file (.fscap, or .fscap.gz with --gzip); never overwritten
  -t, --topic        topic filter to subscribe (repeatable; default '#'); profiles use their own subscriptions
                     when none is given
  --duration <s>     stop after s seconds (default: until Ctrl-C / SIGTERM)
  --gzip             gzip the file (each second is a sync-flushed block, readable after a crash)
  --qos <n>          subscription QoS (default 1)
  -c, --client-id    fixed client ID (for a profile: instead of its own, this run only)
  --persistent       clean session off: the broker keeps the session and queues QoS 1/2 messages while the
                     connection is down; kept across reconnects (needs -c, or a profile with a Client ID)

A first connection that fails exits 1 with the reason. Once recording, a lost connection is retried and each
loss, failed attempt and reconnect is written to stderr and to the capture's protocol log.
${RECONNECT_USAGE}
  (for a profile these flags replace its own reconnect settings for this run; without them it keeps its own)

Prints one JSON line on stdout when recording starts and a summary line when it stops.

${ROCKETMQ_RECORD_USAGE}`;

function numberFlag(v: unknown, name: string, min: number, max: number): number | undefined {
  if (v === undefined) return undefined;
  const n = Number(v);
  if (typeof v !== 'string' || !Number.isFinite(n) || n < min || n > max)
    throw new Error(`--${name} needs a number between ${min} and ${max}, got '${String(v)}'`);
  return n;
}

/** Resolves when SIGINT/SIGTERM arrives or the duration ends. */
function untilStopped(durationS: number | undefined): Promise<string> {
  return new Promise((resolve) => {
    const done = (why: string) => {
      process.off('SIGINT', onInt);
      process.off('SIGTERM', onTerm);
      if (timer) clearTimeout(timer);
      resolve(why);
    };
    const onInt = () => done('interrupted');
    const onTerm = () => done('terminated');
    process.on('SIGINT', onInt);
    process.on('SIGTERM', onTerm);
    const timer = durationS !== undefined ? setTimeout(() => done('duration reached'), durationS * 1000) : null;
  });
}

export const recordCommand: CliCommand = {
  name: 'record',
  usage: USAGE,
  async run(args) {
    if (args.some(isRocketmqSource)) return runRocketmqRecord(args, USAGE, untilStopped);
    const { flags, positional } = parseArgs(args, ['gzip', 'mqtt5', 'persistent', ...RECONNECT_BOOLEANS], { o: 'output', t: 'topic', c: 'client-id' });
    const known = new Set<string>(['output', 'topic', 'duration', 'gzip', 'qos', 'mqtt5', 'client-id', 'persistent', ...RECONNECT_FLAGS]);
    for (const f of Object.keys(flags)) if (!known.has(f)) throw new Error(`unknown option --${f}\n\nUsage: ${USAGE.split('\n')[0]}`);
    const source = positional[0];
    if (!source) throw new Error(`give a profile name or a broker URL.\n\nUsage: ${USAGE.split('\n')[0]}`);
    const out = typeof flags.output === 'string' ? path.resolve(flags.output) : undefined;
    if (!out) throw new Error('give the capture file with -o <file>');
    const gzip = flags.gzip === true || /\.gz$/i.test(out);
    const duration = numberFlag(flags.duration, 'duration', 0, 31 * 24 * 3600);
    const qos = (numberFlag(flags.qos, 'qos', 0, 2) ?? 1) as 0 | 1 | 2;
    const filters = asList(flags.topic);
    if (Array.isArray(flags['client-id'])) throw new Error('--client-id was given more than once');
    const clientId = typeof flags['client-id'] === 'string' ? flags['client-id'] : undefined;
    const persistent = flags.persistent === true;
    const reconnect = reconnectPolicyFromFlags(flags, (m) => new Error(m));
    const reconnectGiven = RECONNECT_FLAGS.some((f) => flags[f] !== undefined);

    if (!isBrokerUrl(source)) {
      const overrides: ProfileRunOverrides = {
        ...(clientId !== undefined ? { clientId } : {}),
        ...(persistent ? { clean: false } : {}),
        ...(reconnectGiven ? { reconnect } : {}),
      };
      return recordProfile(source, { out, gzip, duration, qos, filters, overrides });
    }
    if (persistent && !clientId) throw new Error('--persistent needs a fixed client ID (-c), or the broker cannot find the session again');

    const topics = filters.length ? filters : ['#'];
    const connectionId = 'cli';
    let recorder: CaptureRecorder | null = null;
    const early: Array<{ dir: 'in' | 'out' | 'local'; at: number; type: string; summary: string }> = [];
    const log = (entry: { dir: 'in' | 'out' | 'local'; type: string; summary: string }) => {
      const e = { at: Date.now(), ...entry };
      if (recorder) recorder.recordLog({ connectionId, ...e });
      else early.push(e);
    };
    const client = await connectUrl(source, {
      protocolVersion: flags.mqtt5 === true ? 5 : undefined,
      ...(clientId !== undefined ? { clientId } : {}),
      clean: !persistent,
      onPacket: (dir, p) => {
        if (p.cmd === 'publish' || p.cmd === 'puback' || p.cmd === 'pingreq' || p.cmd === 'pingresp') return;
        log({ dir, ...packetSummary(p) });
      },
    });
    const header = makeHeader({
      appVersion: APP_VERSION,
      os: `${process.platform}-${process.arch} ${os.release()}`,
      createdAt: Date.now(),
      connection: { connectionId, protocol: 'mqtt', kind: 'url', name: urlWithoutCredentials(source), url: urlWithoutCredentials(source), filters: topics },
    });
    recorder = CaptureRecorder.create({
      file: out,
      header,
      gzip,
      onError: (err) => {
        console.error(`fieldscope record: ${err.message}`);
        process.exitCode = 1;
      },
    });
    for (const e of early) recorder.recordLog({ connectionId, ...e });
    const rec = recorder;
    client.on('message', (topic, payload, packet) => {
      rec.recordMessage({
        connectionId,
        protocol: 'mqtt',
        arrivedAt: Date.now(),
        topic,
        payload,
        qos: packet.qos,
        retain: packet.retain,
        dup: packet.dup,
        ...(packet.properties && Object.keys(packet.properties).length ? { mqttProperties: packet.properties as Record<string, unknown> } : {}),
      });
    });
    const subscribe = async (): Promise<void> => {
      const granted = await client.subscribeAsync(topics.reduce<Record<string, { qos: 0 | 1 | 2 }>>((a, t) => ({ ...a, [t]: { qos } }), {}));
      const refused = granted.filter((g) => g.qos >= 0x80);
      if (refused.length) console.error(`fieldscope record: the broker refused ${refused.map((g) => g.topic).join(', ')}`);
    };
    let lost: string | null = null;
    let giveUp!: (why: string) => void;
    const gaveUp = new Promise<string>((resolve) => (giveUp = resolve));
    const report = (e: LinkEvent) => {
      console.error(`fieldscope record: ${e.summary}`);
      log({ dir: 'local', type: e.logType, summary: e.summary });
    };
    const unsupervise = superviseReconnect(client, {
      policy: reconnect,
      onEvent: report,
      onReconnected: (connack) => {
        // The broker kept the session (and its subscriptions) or it did not: then subscribe again.
        if (!connack.sessionPresent) subscribe().catch((err: Error) => console.error(`fieldscope record: subscribing again failed: ${err.message}`));
      },
      onGiveUp: (why) => giveUp((lost = why)),
    });
    await subscribe();
    console.log(JSON.stringify({ recording: out, url: urlWithoutCredentials(source), topics }));
    const why = await Promise.race([untilStopped(duration), gaveUp]);
    unsupervise();
    const stats = await rec.stop();
    if (!lost) await client.endAsync();
    else client.end(true);
    console.log(JSON.stringify({ stopped: why, file: stats.file, messages: stats.messages, bytes: stats.bytes }));
    return lost || stats.error ? 1 : 0;
  },
};

/** `record <profile>`: the app's own connection (driver, reconnect policy, protocol log) into a capture. */
async function recordProfile(
  source: string,
  o: { out: string; gzip: boolean; duration?: number; qos: 0 | 1 | 2; filters: string[]; overrides: ProfileRunOverrides },
): Promise<number> {
  const pb = await openProfileBackend(source, o.overrides);
  try {
    const connectionId = await pb.open();
    let giveUp!: (why: string) => void;
    const gaveUp = new Promise<string>((resolve) => (giveUp = resolve));
    let lost: string | null = null;
    let down = false;
    // The driver writes each loss and attempt to the protocol log (and so the capture); echo them on stderr.
    const offLog = pb.backend.events.on('connections.log', ({ entries }) => {
      for (const e of entries)
        if (e.connectionId === connectionId && e.dir === 'local' && ['reconnect', 'closed', 'refused', 'error'].includes(e.type))
          console.error(`fieldscope record: ${e.summary}`);
    });
    const offState = pb.backend.events.on('connections.state', (v) => {
      if (v.connectionId !== connectionId) return;
      const st = v.state.status;
      if (st === 'reconnecting') down = true;
      else if (st === 'connected' && down) {
        down = false;
        console.error('fieldscope record: reconnected.');
      } else if (st === 'closed' || st === 'refused') giveUp((lost = v.state.reason ?? st));
    });
    try {
      for (const f of o.filters) await pb.backend.call('connections.subscribe', { connectionId, filter: f, qos: o.qos });
      const rec = await pb.backend.call('captures.startRecording', { connectionId, file: o.out, gzip: o.gzip });
      console.log(JSON.stringify({ recording: rec.file, connectionId, profile: pb.profileName }));
      const why = await Promise.race([untilStopped(o.duration), gaveUp]);
      const stats = await pb.backend.call('captures.stopRecording', { connectionId });
      console.log(JSON.stringify({ stopped: why, file: stats.file, messages: stats.messages, bytes: stats.bytes }));
      return lost ? 1 : 0;
    } finally {
      offLog();
      offState();
    }
  } finally {
    await pb.dispose();
  }
}
