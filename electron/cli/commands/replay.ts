import path from 'node:path';
import { asList, parseArgs, type CliCommand } from '../command';
import { captureRecords, readCaptureFile } from '../../services/captures/capture-reader';
import { connectUrl, isBrokerUrl, mqttClientTarget, urlWithoutCredentials } from '../../services/captures/mqtt-url-client';
import { Replayer, type ReplayStatus } from '../../services/captures/replayer';
import { openProfileBackend } from '../../services/captures/cli-profile-backend';

const USAGE = `fieldscope replay <file> --to <profile|url> [--speed <x>] [--filter <topic filter>]... [--topic-prefix <p>]
                 [--topic-regex <re> --topic-replace <s>] [--qos <0|1|2>] [--keep-retain] [--mqtt5] [--quiet]

Publishes the messages of a capture (or support bundle) again, keeping the recorded timing.

  --to <profile|url>   a saved profile (name or id) or a broker URL (mqtt://, mqtts://, ws://, wss://)
  --speed <x>          0.1 to 100 times the recorded pace (default 1); 0 = as fast as possible
  --filter <filter>    replay only topics matching this MQTT filter (repeatable)
  --topic-prefix <p>   put p in front of every topic
  --topic-regex <re>   replace matches of this regular expression (RE2 syntax) in each topic…
  --topic-replace <s>  …with s ($1, $2 for groups; default empty)
  --qos <n>            publish with this QoS instead of the recorded one
  --keep-retain        keep the recorded retain flags (default: publish without retain)
  --quiet              no progress lines

Progress goes to stderr; a JSON summary line to stdout at the end. Ctrl-C stops the replay.`;

export const replayCommand: CliCommand = {
  name: 'replay',
  usage: USAGE,
  async run(args) {
    const { flags, positional } = parseArgs(args, ['keep-retain', 'mqtt5', 'quiet']);
    const file = positional[0];
    if (!file) throw new Error(`give the capture file.\n\nUsage: ${USAGE.split('\n')[0]}`);
    const to = typeof flags.to === 'string' ? flags.to : undefined;
    if (!to) throw new Error('give the target with --to <profile|url>');
    const speedText = typeof flags.speed === 'string' ? flags.speed : '1';
    const speed = Number(speedText.replace(/x$/i, ''));
    if (!Number.isFinite(speed) || (speed !== 0 && (speed < 0.1 || speed > 100)))
      throw new Error(`--speed must be 0 (as fast as possible) or 0.1 to 100, got '${speedText}'`);
    let qos: 0 | 1 | 2 | undefined;
    if (flags.qos !== undefined) {
      const q = Number(flags.qos);
      if (q !== 0 && q !== 1 && q !== 2) throw new Error(`--qos must be 0, 1 or 2, got '${String(flags.qos)}'`);
      qos = q;
    }
    const full = path.resolve(file);
    // First pass: validate the file and learn the slice size/span for progress (fast; nothing kept in memory).
    const filters = asList(flags.filter);
    const head = await readCaptureFile(full, { onRecord: () => undefined });
    for (const w of head.warnings) if (w.code !== 'no-end-record') console.error(`fieldscope replay: warning: ${w.message}`);

    let target;
    let cleanup: () => Promise<void>;
    if (isBrokerUrl(to)) {
      const client = await connectUrl(to, { protocolVersion: flags.mqtt5 === true ? 5 : undefined });
      // Replay does not reconnect: a lost broker fails the pending publishes (reported) instead of hanging them.
      let ending = false;
      client.once('close', () => {
        if (ending) return;
        console.error(`fieldscope replay: the connection to ${urlWithoutCredentials(to)} closed`);
        client.end(true);
      });
      target = mqttClientTarget(client, urlWithoutCredentials(to));
      cleanup = () => {
        ending = true;
        return client.endAsync();
      };
    } else {
      const pb = await openProfileBackend(to);
      const connectionId = await pb.open();
      const backend = pb.backend;
      target = {
        label: pb.profileName,
        async publish(m: { topic: string; payload: Buffer; qos: 0 | 1 | 2; retain: boolean }) {
          await backend.call('connections.publish', {
            connectionId,
            topic: m.topic,
            payload: { format: 'base64', data: m.payload.toString('base64') },
            qos: m.qos,
            retain: m.retain,
          });
        },
      };
      cleanup = () => pb.dispose();
    }
    const quiet = flags.quiet === true;
    const { records } = captureRecords(full);
    const replayer = new Replayer({
      records,
      target,
      speed,
      filter: filters.length ? { topics: filters } : undefined,
      rewrite: {
        prefix: typeof flags['topic-prefix'] === 'string' ? flags['topic-prefix'] : undefined,
        regex: typeof flags['topic-regex'] === 'string' ? flags['topic-regex'] : undefined,
        replacement: typeof flags['topic-replace'] === 'string' ? flags['topic-replace'] : undefined,
      },
      keepRetain: flags['keep-retain'] === true,
      qos,
      total: filters.length ? null : head.messages,
      progressIntervalMs: 1000,
      onProgress: (s: ReplayStatus) => {
        if (!quiet)
          console.error(
            `replay: ${s.sent}${s.total !== null ? `/${s.total}` : ''} sent, ${(s.position / 1000).toFixed(1)} s of recorded time${s.errors ? `, ${s.errors} errors` : ''}`,
          );
      },
    });
    const onSignal = () => replayer.stop();
    process.on('SIGINT', onSignal);
    process.on('SIGTERM', onSignal);
    let result: ReplayStatus;
    try {
      result = await replayer.done;
    } finally {
      process.off('SIGINT', onSignal);
      process.off('SIGTERM', onSignal);
      await cleanup();
    }
    console.log(
      JSON.stringify({
        state: result.state,
        sent: result.sent,
        skipped: result.skipped,
        errors: result.errors,
        lastError: result.lastError,
        target: target.label,
      }),
    );
    return result.state === 'done' && result.errors === 0 ? 0 : 1;
  },
};
