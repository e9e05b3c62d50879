import { execFileSync } from 'node:child_process';
import crypto from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import zlib from 'node:zlib';
import mqtt, { type MqttClient } from 'mqtt';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { CaptureInfo } from '../../shared/contract/captures.contract';
import { mosquittoAvailable, startMosquitto, type MosquittoBroker } from '../support/mosquitto';
import { saveProfile, testBackend, waitFor, waitForStatus, type TestBackend } from '../mqtt/mqtt-harness';
import { waitUntil } from '../support/wait-until';

const skip = !mosquittoAvailable();
if (skip) console.warn('captures backend test skipped: mosquitto is not installed (apt-get install mosquitto)');

// Made-up credentials in the vendor's shapes; mosquitto (anonymous) accepts the signature login unchecked.
const ACCESS_KEY = 'LTAI5tFieldscopeTestAk01';
const SECRET_KEY = 'FsTestSecretKey0123456789abcdefXYZ';
const GROUP = 'GID_capturetest';
const DEVICE = 'press-0007';
const CLIENT_ID = `${GROUP}@@@${DEVICE}`;

describe.skipIf(skip)('captures feature on the backend (mosquitto)', () => {
  let broker: MosquittoBroker;
  let t: TestBackend;
  let pub: MqttClient;
  let connectionId: string;
  let file: string;
  let info: CaptureInfo;
  const sent: Array<{ topic: string; payload: Buffer }> = [];

  beforeAll(async () => {
    broker = await startMosquitto();
    t = await testBackend();
    const profileId = await saveProfile(
      t.backend,
      {
        kind: 'aliyun-mq',
        name: 'Customer press line',
        port: broker.port,
        groupId: GROUP,
        deviceId: DEVICE,
        clientId: CLIENT_ID,
        accessKey: ACCESS_KEY,
        authMode: 'signature',
      },
      { secretKey: SECRET_KEY },
    );
    connectionId = (await t.backend.call('connections.open', { profileId })).connectionId;
    await waitForStatus(t, connectionId, 'connected');
    pub = await mqtt.connectAsync(broker.url, { clientId: 'capture-feature-pub' });
  });
  afterAll(async () => {
    await pub?.endAsync();
    await t?.dispose();
    await broker?.stop();
  });

  it('records a live connection, shows size and count, and stops', async () => {
    const statuses: unknown[] = [];
    t.backend.events.on('captures.recordingStatus', (s) => statuses.push(s));
    const started = await t.backend.call('captures.startRecording', { connectionId, gzip: true });
    file = started.file;
    expect(file.startsWith(path.join(t.dataDir, 'captures'))).toBe(true);
    expect(file).toMatch(/\.fscap\.gz$/);
    await t.backend.call('connections.subscribe', { connectionId, filter: 'line3/#', qos: 1 });
    for (let i = 0; i < 40; i++) {
      const payload = i % 4 === 0 ? Buffer.from([0, 255, i, 0x0a, 0x27]) : Buffer.from(JSON.stringify({ i, ak: ACCESS_KEY, device: DEVICE }));
      const topic = `line3/${DEVICE}/${i % 4 === 0 ? 'raw' : 'status'}`;
      sent.push({ topic, payload });
      await pub.publishAsync(topic, payload, { qos: 1 });
    }
    await waitFor('40 messages recorded', async () => (await t.backend.call('captures.recordings', {}))[0]!.messages >= 40 || undefined);
    await t.backend.call('captures.mark', { connectionId, label: `reproduced on ${DEVICE}` });
    // The status is announced at least once a second while recording: wait for a second announcement.
    await waitUntil('a second recording status', () => statuses.length >= 2);
    const stopped = await t.backend.call('captures.stopRecording', { connectionId });
    expect(stopped).toMatchObject({ active: false, messages: 40 });
    expect(stopped.bytes).toBe(fs.statSync(file).size);
    expect(statuses.length).toBeGreaterThanOrEqual(2);
    const raw = zlib.gunzipSync(fs.readFileSync(file)).toString();
    expect(raw).not.toContain(SECRET_KEY);
  });

  it('opens the capture with no connection: inspector rows, details and protocol log work on it', async () => {
    const progress: Array<{ done: boolean }> = [];
    t.backend.events.on('captures.progress', (p) => progress.push(p));
    info = await t.backend.call('captures.open', { file });
    expect(info).toMatchObject({ messages: 40, bundle: false, protocol: 'mqtt', profileKind: 'aliyun-mq', marks: 1 });
    expect(info.warnings).toEqual([]);
    expect(progress.at(-1)?.done).toBe(true);
    const page = await t.backend.call('messages.page', { filter: { connectionIds: [info.connectionId], topicFilter: `line3/+/raw` }, offset: 0, limit: 100 });
    expect(page.total).toBe(10);
    const all = await t.backend.call('messages.page', { filter: { connectionIds: [info.connectionId] }, offset: 0, limit: 100 });
    const details = await Promise.all(all.rows.map((r) => t.backend.call('messages.detail', { seq: r.seq })));
    expect(details.map((d) => d!.topic)).toEqual(sent.map((s) => s.topic));
    details.forEach((d, i) => expect(Buffer.from(d!.payloadBase64, 'base64').equals(sent[i]!.payload)).toBe(true));
    const log = await t.backend.call('captures.timeline', { captureId: info.captureId, kinds: ['log'], offset: 0, limit: 100 });
    expect(log.entries.map((e) => e.logType)).toEqual(expect.arrayContaining(['SUBSCRIBE', 'SUBACK']));
    const marks = await t.backend.call('captures.timeline', { captureId: info.captureId, kinds: ['mark'], offset: 0, limit: 10 });
    expect(marks.entries[0]!.label).toBe(`reproduced on ${DEVICE}`);
    expect((await t.backend.call('captures.list', {})).files.map((f) => f.file)).toContain(file);
  });

  it('replays the capture into a live connection with a topic prefix', async () => {
    await t.backend.call('connections.subscribe', { connectionId, filter: 'again/#', qos: 1 });
    const st = await t.backend.call('captures.replay', { captureId: info.captureId, target: { connectionId }, speed: 0, rewrite: { prefix: 'again/' } });
    const done = await t.backend.services.get('captures').replayDone(st.replayId);
    expect(done).toMatchObject({ state: 'done', sent: 40, errors: 0 });
    const page = await waitFor('replayed rows', async () => {
      const p = await t.backend.call('messages.page', { filter: { connectionIds: [connectionId], topicFilter: 'again/#' }, offset: 0, limit: 100 });
      return p.total === 40 ? p : undefined;
    });
    const d = await t.backend.call('messages.detail', { seq: page.rows[0]!.seq });
    expect(d!.topic).toBe(`again/${sent[0]!.topic}`);
    expect(Buffer.from(d!.payloadBase64, 'base64').equals(sent[0]!.payload)).toBe(true);
    await expect(t.backend.call('captures.replay', { captureId: info.captureId, target: { connectionId }, speed: 1000 })).rejects.toThrow();
    await expect(t.backend.call('captures.replay', { captureId: info.captureId, target: { connectionId }, speed: 1, rewrite: { regex: '(' } })).rejects.toThrow(
      /regular expression/,
    );
  });

  it('support bundle: preview first, then no secret, AccessKey or identifier in any byte; it opens as a capture', async () => {
    const preview = await t.backend.call('captures.bundlePreview', { captureId: info.captureId, pseudonymise: true });
    expect(preview.messages).toBe(40);
    expect(preview.pseudonyms.map((p) => p.kind)).toEqual(expect.arrayContaining(['accessKey', 'clientId', 'deviceName', 'groupId']));
    expect(JSON.stringify(preview)).not.toContain(ACCESS_KEY);
    const made = await t.backend.call('captures.createBundle', { captureId: info.captureId, pseudonymise: true });
    const gz = fs.readFileSync(made.file);
    const text = zlib.gunzipSync(gz);
    // The MQ for IoT signature-mode password: Base64(HmacSHA1(SecretKey, GroupId)).
    const signature = crypto.createHmac('sha1', SECRET_KEY).update(GROUP).digest('base64');
    for (const bytes of [gz, text]) {
      for (const forbidden of [ACCESS_KEY, SECRET_KEY, signature, DEVICE, GROUP, CLIENT_ID]) {
        expect(bytes.includes(Buffer.from(forbidden)), `${forbidden} in ${bytes === gz ? 'compressed' : 'uncompressed'} bundle`).toBe(false);
      }
    }
    // Payload bytes were pseudonymised too (decoded, not only their base64 form).
    const lines = text
      .toString()
      .trim()
      .split('\n')
      .map((l) => JSON.parse(l) as { type?: string; payload?: string });
    for (const l of lines) if (l.type === 'msg') expect(Buffer.from(l.payload!, 'base64').includes(Buffer.from(ACCESS_KEY))).toBe(false);

    const opened = await t.backend.call('captures.open', { file: made.file });
    expect(opened).toMatchObject({ bundle: true, messages: 40 });
    expect(opened.topics).toEqual(['line3/device-1/raw', 'line3/device-1/status']);
    await expect(t.backend.call('captures.createBundle', { captureId: info.captureId, pseudonymise: true, file: made.file })).rejects.toThrow(/already exists/);
  });

  it('copies a binary message as a mosquitto_pub command that reproduces it byte-exact', async () => {
    const all = await t.backend.call('messages.page', { filter: { connectionIds: [info.connectionId], topicFilter: 'line3/+/raw' }, offset: 0, limit: 1 });
    const { command, binary } = await t.backend.call('captures.copyAsMosquittoPub', { seq: all.rows[0]!.seq });
    expect(binary).toBe(true);
    const sub = await mqtt.connectAsync(broker.url, { clientId: 'pubcmd-sub' });
    await sub.subscribeAsync('line3/#', { qos: 1 });
    const got = new Promise<Buffer>((resolve) => sub.once('message', (_t, p) => resolve(p)));
    const cwd = fs.mkdtempSync(path.join(os.tmpdir(), 'fs-pubcmd-'));
    // The capture has no live connection, so the command targets localhost: point it at the test broker's port.
    execFileSync('sh', ['-c', command.replace('mosquitto_pub -h localhost', `mosquitto_pub -h 127.0.0.1 -p ${broker.port}`)], { cwd });
    expect((await got).equals(sent[0]!.payload)).toBe(true);
    await sub.endAsync();
    fs.rmSync(cwd, { recursive: true, force: true });
  });
});
