import os from 'node:os';
import path from 'node:path';
import { makeHeader } from '../../../shared/capture/capture-encoder';
import { asList, parseArgs, type CliCommand } from '../command';
import { CaptureRecorder } from '../../services/captures/capture-recorder';
import { connectUrl, isBrokerUrl, packetSummary, urlWithoutCredentials } from '../../services/captures/mqtt-url-client';
import { APP_VERSION } from '../../services/core/version';
import { openProfileBackend } from '../../services/captures/cli-profile-backend';

const USAGE = `fieldscope record <profile|url> -o <file> [-t <filter>]... [--duration <s>] [--gzip] [--qos <0|1|2>] [--mqtt5]

Records what a connection receives into a capture file (docs/capture-format.md): every message byte-exact,
the protocol log, a header with the app/OS versions and the profile without secrets. The file is flushed at
least once a second, so Ctrl-C, a crash or kill -9 leaves a readable file missing at most the last second.

  <profile|url>      a saved profile (name or id; its secrets come from the OS keychain), or a broker URL:
                     mqtt://host:1883, mqtts://host:8883, ws://host:8083/mqtt (user:password@ allowed;
                     the password is never written to the capture). ?protocolVersion=5 or --mqtt5 for MQTT 5.
  -o, --output       capture file (.fscap, or .fscap.gz with --gzip); never overwritten
  -t, --topic        topic filter to subscribe (repeatable; default '#'); profiles use their own subscriptions
                     when none is given
  --duration <s>     stop after s seconds (default: until Ctrl-C / SIGTERM)
  --gzip             gzip the file (each second is a sync-flushed block, readable after a crash)
  --qos <n>          subscription QoS (default 1)

Prints one JSON line on stdout when recording starts and a summary line when it stops.`;

function numberFlag(v: unknown, name: string, min: number, max: number): number | undefined {
  if (v === undefined) return undefined;
  const n = Number(v);
  if (typeof v !== 'string' || !Number.isFinite(n) || n < min || n > max) throw new Error(`--${name} needs a number between ${min} and ${max}, got '${String(v)}'`);
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
  summary: 'record a connection (profile or broker URL) to a capture file',
  usage: USAGE,
  async run(args) {
    const { flags, positional } = parseArgs(args, ['gzip', 'mqtt5'], { o: 'output', t: 'topic' });
    const source = positional[0];
    if (!source) throw new Error(`give a profile name or a broker URL.\n\nUsage: ${USAGE.split('\n')[0]}`);
    const out = typeof flags.output === 'string' ? path.resolve(flags.output) : undefined;
    if (!out) throw new Error('give the capture file with -o <file>');
    const gzip = flags.gzip === true || /\.gz$/i.test(out);
    const duration = numberFlag(flags.duration, 'duration', 0, 31 * 24 * 3600);
    const qos = (numberFlag(flags.qos, 'qos', 0, 2) ?? 1) as 0 | 1 | 2;
    const filters = asList(flags.topic);

    if (!isBrokerUrl(source)) {
      const pb = await openProfileBackend(source);
      try {
        const connectionId = await pb.open();
        for (const f of filters) await pb.backend.call('connections.subscribe', { connectionId, filter: f, qos });
        const rec = await pb.backend.call('captures.startRecording', { connectionId, file: out, gzip });
        console.log(JSON.stringify({ recording: rec.file, connectionId, profile: pb.profileName }));
        const why = await untilStopped(duration);
        const stats = await pb.backend.call('captures.stopRecording', { connectionId });
        console.log(JSON.stringify({ stopped: why, file: stats.file, messages: stats.messages, bytes: stats.bytes }));
        return 0;
      } finally {
        await pb.dispose();
      }
    }

    const topics = filters.length ? filters : ['#'];
    const connectionId = 'cli';
    let recorder: CaptureRecorder | null = null;
    const early: Array<{ dir: 'in' | 'out'; at: number; type: string; summary: string }> = [];
    const client = await connectUrl(source, {
      protocolVersion: flags.mqtt5 === true ? 5 : undefined,
      onPacket: (dir, p) => {
        if (p.cmd === 'publish' || p.cmd === 'puback' || p.cmd === 'pingreq' || p.cmd === 'pingresp') return;
        const s = packetSummary(p);
        const entry = { dir, at: Date.now(), ...s };
        if (recorder) recorder.recordLog({ connectionId, ...entry });
        else early.push(entry);
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
    let lost: string | null = null;
    let ending = false;
    const closed = new Promise<string>((resolve) =>
      client.once('close', () => {
        if (!ending) resolve((lost = 'connection closed by the broker'));
      }),
    );
    const granted = await client.subscribeAsync(topics.map((t) => ({ topic: t, qos })).reduce<Record<string, { qos: 0 | 1 | 2 }>>((a, s) => ({ ...a, [s.topic]: { qos: s.qos } }), {}));
    const refused = granted.filter((g) => g.qos === 128 || g.qos >= 0x80);
    if (refused.length) console.error(`fieldscope record: the broker refused ${refused.map((g) => g.topic).join(', ')}`);
    console.log(JSON.stringify({ recording: out, url: urlWithoutCredentials(source), topics }));
    const why = await Promise.race([untilStopped(duration), closed]);
    const stats = await rec.stop();
    ending = true;
    if (!lost) await client.endAsync();
    console.log(JSON.stringify({ stopped: why, file: stats.file, messages: stats.messages, bytes: stats.bytes }));
    return lost || stats.error ? 1 : 0;
  },
};
