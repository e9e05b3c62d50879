import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import mqtt, { type MqttClient } from 'mqtt';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { mosquittoAvailable, startMosquitto, type MosquittoBroker } from '../support/mosquitto';
import { waitUntil } from '../support/wait-until';
import { runCli } from './cli-helpers';

const skip = !mosquittoAvailable();
if (skip) console.warn('replay tests skipped: mosquitto is not installed (apt-get install mosquitto)');

// Replays through a real broker. The schedule's rules (offsets, no drift, pause, stop) are asserted on a manual
// clock in electron/services/captures/replayer.test.ts; how closely a loaded machine keeps it is `npm run bench:replay`.

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
    await waitUntil('200 messages in the capture', () => fs.existsSync(file) && (fs.readFileSync(file, 'utf8').match(/"type":"msg"/g)?.length ?? 0) >= 200);
    rec.proc.kill('SIGINT');
    expect((await rec.exited).code).toBe(0);

    arrivals.length = 0;
    const rp = runCli([
      'replay',
      file,
      '--to',
      `${broker.url}?protocolVersion=5`,
      '--speed',
      '0',
      '--topic-regex',
      '^orig/',
      '--topic-replace',
      'copy/',
      '--quiet',
    ]);
    const result = await rp.waitForJson('state');
    expect((await rp.exited).code, rp.stderr.join('')).toBe(0);
    expect(result).toMatchObject({ state: 'done', sent: 200, errors: 0 });
    await waitUntil('200 replayed messages at the subscriber', () => arrivals.filter((a) => a.topic.startsWith('copy/')).length >= 200);
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
    await waitUntil('50 sliced messages at the subscriber', () => arrivals.filter((a) => a.topic.startsWith('slice/')).length >= 50);
    expect(arrivals.filter((a) => a.topic.startsWith('slice/')).map((a) => a.topic)).toEqual(Array(50).fill('slice/orig/dev1/data'));
  });
});
