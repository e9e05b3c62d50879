import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import mqtt, { type MqttClient } from 'mqtt';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { CaptureRecord, MessageRecord } from '../../shared/capture/capture-format';
import { decodeMessageExtras } from '../../shared/capture/capture-parser';
import { readCaptureFile } from '../../electron/services/captures/capture-reader';
import { mosquittoAvailable, startMosquitto, type MosquittoBroker } from '../support/mosquitto';
import { waitUntil } from '../support/wait-until';
import { messagesInCapture, runCli } from './cli-helpers';

const skip = !mosquittoAvailable();
if (skip) console.warn('capture round trip skipped: mosquitto is not installed (apt-get install mosquitto)');

interface Sent {
  topic: string;
  payload: Buffer;
  qos: 0 | 1 | 2;
  retain: boolean;
  properties?: mqtt.IClientPublishOptions['properties'];
}

function variety(): Sent[] {
  const big = Buffer.alloc(256 * 1024);
  for (let i = 0; i < big.length; i++) big[i] = (i * 31 + 7) & 0xff;
  const all = Buffer.from(Array.from({ length: 256 }, (_, i) => i));
  return [
    { topic: 'rt/text', payload: Buffer.from('{"temp":21.5,"ü":"ñ"}'), qos: 0, retain: false },
    { topic: 'rt/binary', payload: all, qos: 1, retain: false },
    { topic: 'rt/empty', payload: Buffer.alloc(0), qos: 1, retain: false },
    { topic: 'rt/big', payload: big, qos: 2, retain: false },
    { topic: 'rt/invalid-utf8', payload: Buffer.from([0xc3, 0x28, 0xff, 0x0a, 0x0d, 0x00]), qos: 1, retain: false },
    { topic: 'rt/newline\u2028', payload: Buffer.from('line1\nline2\u2028"quoted"\\'), qos: 0, retain: false },
    {
      topic: 'rt/v5',
      payload: Buffer.from('with properties'),
      qos: 1,
      retain: false,
      properties: {
        contentType: 'application/json',
        responseTopic: 'rt/reply',
        correlationData: Buffer.from([1, 2, 3, 250]),
        payloadFormatIndicator: true,
        messageExpiryInterval: 3600,
        userProperties: { site: 'line3', multi: ['a', 'b'] },
      },
    },
  ];
}

describe.skipIf(skip)('record from mosquitto → reopen: byte-exact round trip', () => {
  let broker: MosquittoBroker;
  let dir: string;
  let pub: MqttClient;

  beforeAll(async () => {
    broker = await startMosquitto();
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'fs-captures-'));
    pub = await mqtt.connectAsync(broker.url, { protocolVersion: 5, clientId: 'rt-publisher' });
  });
  afterAll(async () => {
    await pub?.endAsync();
    await broker?.stop();
    fs.rmSync(dir, { recursive: true, force: true });
  });

  for (const gzip of [false, true]) {
    it(`keeps every payload byte and property (MQTT 5${gzip ? ', gzip' : ''})`, async () => {
      const file = path.join(dir, `rt${gzip ? '.fscap.gz' : '.fscap'}`);
      // A retained message published before the recorder subscribes arrives with retain=1.
      await pub.publishAsync('rt/retained', Buffer.from('kept'), { qos: 1, retain: true });
      const rec = runCli(['record', `${broker.url}?protocolVersion=5`, '-t', 'rt/#', '-o', file, ...(gzip ? ['--gzip'] : [])]);
      await rec.waitForJson('recording');
      const sent = variety();
      for (const s of sent) await pub.publishAsync(s.topic, s.payload, { qos: s.qos, retain: s.retain, properties: s.properties });
      // The recorder subscribes at QoS 1, so QoS 2 arrives as 1: wait until the file shows everything (+ the retained one).
      await waitUntil('every message in the capture', async () => (await messagesInCapture(file)) >= sent.length + 1);
      rec.proc.kill('SIGTERM');
      const { code } = await rec.exited;
      expect(code, rec.stderr.join('')).toBe(0);

      const records: CaptureRecord[] = [];
      const summary = await readCaptureFile(file, { onRecord: (r) => records.push(r) });
      expect(summary.warnings).toEqual([]);
      expect(summary.hasEnd).toBe(true);
      expect(summary.header.connection?.filters).toEqual(['rt/#']);
      const msgs = records.filter((r): r is MessageRecord => r.type === 'msg');
      expect(msgs.map((m) => m.topic)).toEqual(['rt/retained', ...sent.map((s) => s.topic)]);
      expect(msgs[0]).toMatchObject({ retain: true, qos: 1 });
      expect(Buffer.from(msgs[0]!.payload, 'base64').toString()).toBe('kept');
      sent.forEach((s, i) => {
        const m = msgs[i + 1]!;
        expect(Buffer.from(m.payload, 'base64').equals(s.payload), `payload of ${s.topic}`).toBe(true);
        expect(m.qos).toBe(Math.min(s.qos, 1));
        expect(m.retain).toBe(false);
        const props = decodeMessageExtras(m, { bytes: (b) => Buffer.from(b, 'base64') }).mqttProperties;
        if (s.properties) expect(props).toEqual(s.properties);
        else expect(props).toBeUndefined();
      });
      expect(records.some((r) => r.type === 'log' && r.logType === 'SUBACK')).toBe(true);
      await pub.publishAsync('rt/retained', Buffer.alloc(0), { qos: 1, retain: true });
    });
  }
});
