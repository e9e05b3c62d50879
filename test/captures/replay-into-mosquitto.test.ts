import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import mqtt, { type MqttClient } from 'mqtt';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { encodeHeader, encodeRecord, makeHeader, messageRecord } from '../../shared/capture/capture-encoder';
import { captureRecords } from '../../electron/services/captures/capture-reader';
import { mqttClientTarget } from '../../electron/services/captures/mqtt-url-client';
import { Replayer } from '../../electron/services/captures/replayer';
import { mosquittoAvailable, startMosquitto, type MosquittoBroker } from '../support/mosquitto';
import { runCli } from './cli-helpers';

const skip = !mosquittoAvailable();
if (skip) console.warn('replay tests skipped: mosquitto is not installed (apt-get install mosquitto)');

/** A synthetic capture: deterministic irregular gaps (100–1000 ms) so timing errors cannot hide in a regular beat. */
function writeCapture(file: string, spanMs: number) {
  let t = 1_700_000_000_000;
  let text = encodeHeader(makeHeader({ appVersion: 'test', os: 'test', createdAt: t, connection: { connectionId: 'c', protocol: 'mqtt' } }));
  const ats: number[] = [];
  let seed = 7;
  let i = 0;
  while (t - 1_700_000_000_000 < spanMs) {
    ats.push(t);
    const props = i % 5 === 0 ? { contentType: 'text/plain', userProperties: { i: String(i) } } : undefined;
    text += encodeRecord(messageRecord({ connectionId: 'c', protocol: 'mqtt', arrivedAt: t, topic: `timing/${i % 3}`, payload: Buffer.from([i & 0xff, 0, 255, (i >> 8) & 0xff]), qos: i % 2, mqttProperties: props }));
    seed = (seed * 1103515245 + 12345) & 0x7fffffff;
    t += 100 + (seed % 901);
    i++;
  }
  fs.writeFileSync(file, text);
  return ats;
}

describe.skipIf(skip)('replay', () => {
  let broker: MosquittoBroker;
  let dir: string;
  let sub: MqttClient;
  let pubClient: MqttClient;
  const arrivals: Array<{ topic: string; payload: Buffer; at: number; props?: unknown }> = [];

  beforeAll(async () => {
    // TCP_NODELAY on the broker side so Nagle's algorithm does not add its own delays to measured gaps.
    broker = await startMosquitto({ extraConfig: ['set_tcp_nodelay true'] });
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'fs-replay-'));
    sub = await mqtt.connectAsync(broker.url, { protocolVersion: 5, clientId: 'replay-sub' });
    await sub.subscribeAsync('#', { qos: 1 });
    sub.on('message', (topic, payload, packet) => arrivals.push({ topic, payload, at: performance.now(), props: packet.properties }));
    pubClient = await mqtt.connectAsync(broker.url, { protocolVersion: 5, clientId: 'replay-pub' });
  });
  afterAll(async () => {
    await sub?.endAsync();
    await pubClient?.endAsync();
    await broker?.stop();
    fs.rmSync(dir, { recursive: true, force: true });
  });

  it('keeps the recorded gaps within 5% at 1x over a 30 s capture (drift-free scheduler)', async () => {
    arrivals.length = 0;
    const file = path.join(dir, 'timing.fscap');
    const ats = writeCapture(file, 30_000);
    // The scheduler's own accuracy is measured where it hands each message to the connection; the
    // broker-arrival gaps (which add the broker, two sockets and a shared CPU) are printed and checked loosely.
    const inner = mqttClientTarget(pubClient, 'mosquitto');
    const handedAt: number[] = [];
    const target = { label: inner.label, publish: (m: Parameters<typeof inner.publish>[0]) => (handedAt.push(performance.now()), inner.publish(m)) };
    const replayer = new Replayer({ records: captureRecords(file).records, target, speed: 1, rewrite: { prefix: 'r1/' } });
    const status = await replayer.done;
    await new Promise((r) => setTimeout(r, 300));
    expect(status).toMatchObject({ state: 'done', sent: ats.length, errors: 0 });
    const got = arrivals.filter((a) => a.topic.startsWith('r1/'));
    expect(got).toHaveLength(ats.length);
    const measure = (times: number[], label: string) => {
      const gapErrors: number[] = [];
      const offsets: number[] = [];
      for (let k = 1; k < times.length; k++) {
        const rec = ats[k]! - ats[k - 1]!;
        gapErrors.push(Math.abs(times[k]! - times[k - 1]! - rec) / rec);
        offsets.push(Math.abs(times[k]! - times[0]! - (ats[k]! - ats[0]!)));
      }
      const worstOffset = Math.max(...offsets);
      const medianOffset = [...offsets].sort((a, b) => a - b)[Math.floor(offsets.length / 2)]!;
      const sorted = [...gapErrors].sort((a, b) => a - b);
      const within = gapErrors.filter((e) => e <= 0.05).length / gapErrors.length;
      const totalRec = ats.at(-1)! - ats[0]!;
      const totalErr = Math.abs(times.at(-1)! - times[0]! - totalRec) / totalRec;
      console.log(
        `replay 1x ${label}: ${times.length} messages over ${(totalRec / 1000).toFixed(1)} s; gap error median ${(sorted[Math.floor(sorted.length / 2)]! * 100).toFixed(2)}%, ` +
          `p95 ${(sorted[Math.floor(sorted.length * 0.95)]! * 100).toFixed(2)}%, max ${(sorted.at(-1)! * 100).toFixed(2)}%; ${(within * 100).toFixed(1)}% of gaps within 5%; ` +
          `worst cumulative offset ${worstOffset.toFixed(1)} ms; total span error ${(totalErr * 100).toFixed(3)}%`,
      );
      return { within, worstOffset, medianOffset, totalErr, median: sorted[Math.floor(sorted.length / 2)]! };
    };
    const sched = measure(handedAt, 'scheduler');
    const wire = measure(got.map((g) => g.at), 'at the subscriber');
    // Scheduler: gaps within 5% (a timer can still fire late when the shared 2-core machine is starved — the
    // figures above show how often; 95% must hold), and no drift: a late message does not delay the next ones,
    // so the typical cumulative offset stays at timer granularity.
    expect(sched.within).toBeGreaterThanOrEqual(0.95);
    expect(sched.median).toBeLessThan(0.01);
    expect(sched.medianOffset).toBeLessThan(5);
    // Through the broker, on a shared CPU: most gaps within 5%, the whole span within 1%.
    expect(wire.within).toBeGreaterThanOrEqual(0.85);
    expect(wire.totalErr).toBeLessThan(0.01);
  }, 60_000);

  it('pauses and resumes without losing the schedule, and stops', async () => {
    arrivals.length = 0;
    const file = path.join(dir, 'pause.fscap');
    const ats = writeCapture(file, 4_000);
    const replayer = new Replayer({ records: captureRecords(file).records, target: mqttClientTarget(pubClient, 'mosquitto'), speed: 2, rewrite: { prefix: 'p/' } });
    await new Promise((r) => setTimeout(r, 500));
    replayer.pause();
    const sentAtPause = replayer.current.sent;
    await new Promise((r) => setTimeout(r, 800));
    expect(replayer.current.sent).toBeLessThanOrEqual(sentAtPause + 1);
    expect(replayer.current.state).toBe('paused');
    replayer.resume();
    const st = await replayer.done;
    expect(st.state).toBe('done');
    expect(st.sent).toBe(ats.length);

    const again = new Replayer({ records: captureRecords(file).records, target: mqttClientTarget(pubClient, 'mosquitto'), speed: 1 });
    await new Promise((r) => setTimeout(r, 300));
    again.stop();
    const stopped = await again.done;
    expect(stopped.state).toBe('stopped');
    expect(stopped.sent).toBeLessThan(ats.length);
  });

  it('fieldscope record → fieldscope replay --speed 0 reproduces the same messages, topics rewritten', async () => {
    arrivals.length = 0;
    const file = path.join(dir, 'repro.fscap');
    const rec = runCli(['record', `${broker.url}?protocolVersion=5`, '-t', 'orig/#', '-o', file]);
    await rec.waitForJson('recording');
    const sent: Array<{ topic: string; payload: Buffer; props?: mqtt.IClientPublishOptions['properties'] }> = [];
    for (let i = 0; i < 200; i++) {
      const payload = Buffer.from(Array.from({ length: 1 + (i % 40) }, (_, k) => (i * 7 + k) & 0xff));
      const props = i % 10 === 0 ? { contentType: 'application/octet-stream', userProperties: { n: String(i) }, correlationData: Buffer.from([i]) } : undefined;
      sent.push({ topic: `orig/dev${i % 4}/data`, payload, props });
      await pubClient.publishAsync(`orig/dev${i % 4}/data`, payload, { qos: 1, properties: props });
    }
    await new Promise((r) => setTimeout(r, 600));
    rec.proc.kill('SIGINT');
    expect((await rec.exited).code).toBe(0);

    arrivals.length = 0;
    const rp = runCli(['replay', file, '--to', `${broker.url}?protocolVersion=5`, '--speed', '0', '--topic-regex', '^orig/', '--topic-replace', 'copy/', '--quiet']);
    const result = await rp.waitForJson('state');
    expect((await rp.exited).code, rp.stderr.join('')).toBe(0);
    expect(result).toMatchObject({ state: 'done', sent: 200, errors: 0 });
    await new Promise((r) => setTimeout(r, 500));
    const got = arrivals.filter((a) => a.topic.startsWith('copy/'));
    expect(got.map((g) => g.topic)).toEqual(sent.map((s) => s.topic.replace(/^orig\//, 'copy/')));
    got.forEach((g, i) => {
      expect(g.payload.equals(sent[i]!.payload)).toBe(true);
      if (sent[i]!.props) expect(g.props).toMatchObject(sent[i]!.props!);
    });

    // --filter replays a slice only.
    arrivals.length = 0;
    const sl = runCli(['replay', file, '--to', broker.url, '--speed', '0', '--filter', 'orig/dev1/#', '--topic-prefix', 'slice/', '--quiet']);
    expect(await sl.waitForJson('state')).toMatchObject({ state: 'done', sent: 50 });
    await sl.exited;
    await new Promise((r) => setTimeout(r, 300));
    expect(arrivals.filter((a) => a.topic.startsWith('slice/')).map((a) => a.topic)).toEqual(Array(50).fill('slice/orig/dev1/data'));
  });
});
