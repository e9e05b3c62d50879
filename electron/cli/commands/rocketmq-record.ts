/**
 * `fieldscope record rocketmq://… -t <topic> -g <GID> -o <file>`: the RocketMQ source of `fieldscope sub`
 * (same URL form and flags, same driver) written to a normal capture file: every message byte-exact with its
 * RocketMQ section, the driver's protocol log, a header naming the name servers and the profile (no secret).
 */
import os from 'node:os';
import path from 'node:path';
import { makeHeader } from '../../../shared/capture/capture-encoder';
import { CaptureRecorder } from '../../services/captures/capture-recorder';
import { DisposableStore } from '../../services/core/disposables';
import { APP_VERSION } from '../../services/core/version';
import { driverFor } from '../../services/connections/driver-registry';
import { buildRocketmqSource, UsageError, type RocketmqSource } from './rocketmq-sub';

export const ROCKETMQ_RECORD_USAGE = `RocketMQ 4.x source (the same URL form and source options as fieldscope sub):
  fieldscope record rocketmq://[<AccessKey>@]<host>:<port>[,<host>:<port>] -t <topic> -g <Group ID> -o <file>
                    [--tags <expr>] [--clustering] [--from <latest|earliest|ms>] [--namespace <instance ID>]
                    [-P <SecretKey>|@env:VAR] [--duration <s>] [--gzip]
  fieldscope record rocketmq+http[s]://<AccessKey>@<host>[:port][?instance=<instance ID>] -t <topic> -g <Group ID>
                    -o <file> [--tags <expr>] -P @env:VAR [--duration <s>] [--gzip]   (MQ HTTP protocol, as fieldscope sub)
  Each message is recorded with its RocketMQ attributes (msgId, tags, keys, queue, offsets, timestamps, hosts,
  reconsumeTimes, properties); the SecretKey is never written to the file.`;

function seconds(v: unknown): number | undefined {
  if (v === undefined) return undefined;
  const n = Number(v);
  if (typeof v !== 'string' || !Number.isFinite(n) || n < 0 || n > 31 * 24 * 3600)
    throw new UsageError(`--duration needs a number of seconds, got '${String(v)}'`);
  return n;
}

export async function runRocketmqRecord(args: string[], usage: string, untilStopped: (durationS: number | undefined) => Promise<string>): Promise<number> {
  let cfg: RocketmqSource;
  let out: string;
  let duration: number | undefined;
  try {
    cfg = buildRocketmqSource(args, { booleans: ['gzip'], aliases: { o: 'output' }, known: ['output', 'duration', 'gzip'] });
    if (cfg.flags.count !== undefined || cfg.flags.timeout !== undefined)
      throw new UsageError('-C/--count and -W/--timeout are for fieldscope sub; record stops with --duration or Ctrl-C');
    if (typeof cfg.flags.output !== 'string') throw new UsageError('give the capture file with -o <file>');
    out = path.resolve(cfg.flags.output);
    duration = seconds(cfg.flags.duration);
  } catch (err) {
    if (err instanceof UsageError) {
      process.stderr.write(`fieldscope record: ${err.message}\n\n${usage}\n`);
      return 2;
    }
    throw err;
  }
  const { profile, secret } = cfg;
  const gzip = cfg.flags.gzip === true || /\.gz$/i.test(out);
  const connectionId = 'cli';
  // The source as the user named it, less any AccessKey: name servers over TCP, the endpoint over HTTP.
  const source =
    profile.kind === 'rocketmq'
      ? `rocketmq://${[`${profile.host}:${profile.port}`, ...profile.moreNameServers].join(',')}`
      : `rocketmq+${profile.tls ? 'https' : 'http'}://${profile.host}:${profile.port}`;
  const recorder = CaptureRecorder.create({
    file: out,
    header: makeHeader({
      appVersion: APP_VERSION,
      os: `${process.platform}-${process.arch} ${os.release()}`,
      createdAt: Date.now(),
      connection: {
        connectionId,
        protocol: 'rocketmq',
        kind: 'url',
        name: source,
        url: source,
        filters: [profile.topic],
      },
      profile: profile as unknown as Record<string, unknown>,
    }),
    gzip,
    onError: (err) => {
      console.error(`fieldscope record: ${err.message}`);
      process.exitCode = 1;
    },
  });
  const disposables = new DisposableStore();
  let refused: string | null = null;
  let giveUp!: (why: string) => void;
  const gaveUp = new Promise<string>((resolve) => (giveUp = resolve));
  let seq = 0;
  const driver = driverFor(profile)({
    connectionId,
    profile,
    // The one secret slot of the source's kind: secretKey over TCP, accessSecret over HTTP.
    getSecret: async (slot) => (slot === 'secretKey' || slot === 'accessSecret' ? (secret ?? null) : null),
    sink: {
      ingest(msg) {
        recorder.recordMessage(msg, ++seq);
        return seq;
      },
    },
    log(e) {
      recorder.recordLog({ connectionId, at: Date.now(), ...e });
      if (e.type === 'error') console.error(`fieldscope record: ${e.summary}${e.explanation ? `\n  ${e.explanation}` : ''}`);
    },
    setState(s) {
      if (s.status === 'refused') giveUp((refused = s.reason ?? 'refused'));
    },
    disposables,
    now: () => Date.now(),
  });
  try {
    await driver.connect();
  } catch (err) {
    refused = (err as Error).message;
    giveUp(refused);
  }
  if (!refused)
    console.log(
      JSON.stringify({ recording: out, url: source, topic: profile.topic, group: profile.kind === 'rocketmq' ? profile.consumerGroupId : profile.groupId }),
    );
  const why = refused ? 'refused' : await Promise.race([untilStopped(duration), gaveUp]);
  await driver.close().catch(() => undefined);
  await disposables.dispose();
  const stats = await recorder.stop();
  console.log(JSON.stringify({ stopped: why, file: stats.file, messages: stats.messages, bytes: stats.bytes }));
  // ali-ons' scheduled tasks sleep up to 30 s before they see the close: do not wait for them (as fieldscope sub).
  setTimeout(() => process.exit(), 200).unref();
  return refused || stats.error ? 1 : 0;
}
