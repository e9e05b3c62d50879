import crypto from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { CaptureRecord, MessageRecord } from '../../shared/capture/capture-format';
import { decodeMessageExtras } from '../../shared/capture/capture-parser';
import { startBackend, type Backend } from '../../electron/services/backend';
import { readCaptureFile } from '../../electron/services/captures/capture-reader';
import { MemorySecretStore } from '../../electron/services/core/secret-store';
import { protonMissingReason, rabbitMqMissingReason, startRabbitMq, type RabbitMq } from '../support/rabbitmq';
import { protonSend } from '../amqp/amqp-harness';

/**
 * AMQP round trip: IoT-platform-shaped messages from an independent sender (C proton) through RabbitMQ, received
 * by the app's AMQP connection while it records; the capture must hold every section and byte the live store
 * holds, and reopening it must show the same inspector details.
 */
const missing = rabbitMqMissingReason() ?? protonMissingReason();
if (missing) console.warn(`skipping AMQP capture round trip: ${missing}`);

describe.skipIf(!!missing)('record an AMQP connection (RabbitMQ) → reopen', () => {
  let mq: RabbitMq;
  let backend: Backend;
  let dataDir: string;

  beforeAll(async () => {
    mq = await startRabbitMq({ queues: ['iot'] });
    dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'fs-amqp-capture-'));
    backend = await startBackend({ host: 'test', dataDir, secrets: new MemorySecretStore(), sandbox: false });
  }, 120_000);
  afterAll(async () => {
    await backend?.dispose();
    await mq?.stop();
    if (dataDir) fs.rmSync(dataDir, { recursive: true, force: true });
  });

  it('keeps every AMQP section, application property, settlement and body byte', async () => {
    const v = await backend.call('profiles.save', {
      profile: {
        id: '',
        kind: 'amqp',
        name: 'rabbit capture',
        host: '127.0.0.1',
        port: mq.amqpsPort,
        tls: true,
        tlsOptions: { caFile: mq.caFile, rejectUnauthorized: true },
        username: mq.user,
        sourceAddress: '/amq/queue/iot',
      } as never,
      secrets: { password: mq.pass },
    });
    const view = await backend.call('connections.open', { profileId: v.profile.id });
    expect(view.state.status).toBe('connected');
    const rec = await backend.call('captures.startRecording', { connectionId: view.connectionId });
    const sent = await protonSend({ url: `amqp://${mq.user}:${mq.pass}@127.0.0.1:${mq.amqpPort}`, address: '/amq/queue/iot', count: 120 });
    const deadline = Date.now() + 20_000;
    while ((await backend.call('captures.recordings', {}))[0]!.messages < 120) {
      if (Date.now() > deadline) throw new Error('120 messages were not recorded');
      await new Promise((r) => setTimeout(r, 50));
    }
    const stopped = await backend.call('captures.stopRecording', { connectionId: view.connectionId });
    expect(stopped.messages).toBe(120);

    const records: CaptureRecord[] = [];
    const summary = await readCaptureFile(rec.file, { onRecord: (r) => records.push(r) });
    expect(summary.warnings).toEqual([]);
    expect(summary.header.connection).toMatchObject({ protocol: 'amqp', kind: 'amqp' });
    expect(JSON.stringify(summary.header)).not.toContain(mq.pass);
    const msgs = records.filter((r): r is MessageRecord => r.type === 'msg');
    expect(msgs).toHaveLength(120);
    const store = backend.services.get('messages');
    msgs.forEach((m, i) => {
      const [messageId, generateTime, sha] = sent.manifest[i]!;
      const body = Buffer.from(m.payload, 'base64');
      expect(crypto.createHash('sha256').update(body).digest('hex')).toBe(sha);
      expect(m).toMatchObject({ protocol: 'amqp', topic: '/a1xx/dev1/user/update', messageId, generateTime });
      // Every section equal to what the live store holds for the same delivery.
      const live = store.get(m.seq!)!;
      expect(body.equals(live.payload)).toBe(true);
      expect(decodeMessageExtras(m, { bytes: (b) => Buffer.from(b, 'base64') }).amqp).toEqual(live.amqp);
      expect(m.settlement).toBe(live.settlement);
    });
    expect(records.some((r) => r.type === 'log')).toBe(true);

    // Reopened, the inspector shows the same details as for the live connection.
    const info = await backend.call('captures.open', { file: rec.file });
    const reopened = await backend.call('messages.page', { filter: { connectionIds: [info.connectionId] }, offset: 0, limit: 500 });
    const liveRows = await backend.call('messages.page', { filter: { connectionIds: [view.connectionId] }, offset: 0, limit: 500 });
    expect(reopened.total).toBe(120);
    for (const i of [0, 49, 50, 119]) {
      const a = await backend.call('messages.detail', { seq: liveRows.rows[i]!.seq });
      const b = await backend.call('messages.detail', { seq: reopened.rows[i]!.seq });
      const strip = (d: typeof a) => ({ ...d!, seq: 0, connectionId: '' });
      expect(strip(b)).toEqual(strip(a));
    }
  }, 120_000);
});
