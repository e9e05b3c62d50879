import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { encodeHeader, encodeRecord, makeHeader, messageRecord } from '../../shared/capture/capture-encoder';
import type { MessageRow } from '../../shared/contract/messages.contract';
import { startBackend, type Backend } from '../../electron/services/backend';
import { MemorySecretStore } from '../../electron/services/core/secret-store';

/**
 * "Replay into sandbox": a capture with AMQP (IoT Platform) and MQTT messages replayed into the local sandbox
 * shows the same inspector rows on the sandbox's own connections: AMQP through its AMQP face (messageId and
 * generateTime kept), MQTT through its MQ face's broker.
 */
describe('replay into the local sandbox', () => {
  let backend: Backend;
  let dataDir: string;
  let file: string;
  const base = Date.now() - 60_000;
  const amqpSent: Array<{ topic: string; body: Buffer; messageId: string; generateTime: number }> = [];
  const mqttSent: Array<{ topic: string; body: Buffer }> = [];

  beforeAll(async () => {
    dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'fs-sandbox-replay-'));
    backend = await startBackend({ host: 'test', dataDir, secrets: new MemorySecretStore(), sandbox: true });
    file = path.join(dataDir, 'customer.fscap');
    let text = encodeHeader(makeHeader({ appVersion: 'field', os: 'field', createdAt: base, connection: { connectionId: 'x', protocol: 'amqp' } }));
    for (let i = 0; i < 20; i++) {
      const body = Buffer.from(JSON.stringify({ replayed: i, temp: 20 + i }));
      const m = { topic: `/replayPK/replay-dev-${i % 2}/user/update`, body, messageId: `replay-mid-${i}`, generateTime: base + i * 10 };
      amqpSent.push(m);
      text += encodeRecord(
        messageRecord({
          connectionId: 'x',
          protocol: 'amqp',
          arrivedAt: base + i * 10,
          topic: m.topic,
          payload: body,
          messageId: m.messageId,
          generateTime: m.generateTime,
          amqp: { applicationProperties: { topic: m.topic, messageId: m.messageId, generateTime: m.generateTime }, bodyType: 'data' },
          settlement: 'accepted',
        }),
      );
      const mb = Buffer.from([i, 0, 255]);
      mqttSent.push({ topic: `replayed/${i}`, body: mb });
      text += encodeRecord(messageRecord({ connectionId: 'x', protocol: 'mqtt', arrivedAt: base + i * 10 + 5, topic: `replayed/${i}`, payload: mb, qos: 1 }));
    }
    fs.writeFileSync(file, text);
  }, 120_000);
  afterAll(async () => {
    await backend?.dispose();
    if (dataDir) fs.rmSync(dataDir, { recursive: true, force: true });
  });

  it('reproduces the same inspector rows on the sandbox connections', async () => {
    const status = await backend.call('sandbox.status', {});
    if (!status.running || !status.endpoints?.amqp || !status.endpoints.mq) {
      console.warn(`replay-into-sandbox: the sandbox did not start here (${status.error ?? 'no AMQP/MQ face'}); nothing to assert`);
      expect(status.running).toBe(true);
      return;
    }
    const conns = await backend.call('connections.list', {});
    const amqpConn = conns.find((c) => c.profileId === 'sandbox-amqp');
    const mqConn = conns.find((c) => c.profileId === 'sandbox-mq');
    expect(amqpConn && mqConn).toBeTruthy();
    const deadline = Date.now() + 30_000;
    while (
      (await backend.call('connections.list', {})).some(
        (c) => (c.connectionId === amqpConn!.connectionId || c.connectionId === mqConn!.connectionId) && c.state.status !== 'connected',
      )
    ) {
      if (Date.now() > deadline) throw new Error('sandbox connections did not connect');
      await new Promise((r) => setTimeout(r, 100));
    }
    const parent = status.endpoints.mq.parentTopics[0]!;
    const info = await backend.call('captures.open', { file });
    const st = await backend.call('captures.replay', {
      captureId: info.captureId,
      target: { sandbox: true },
      speed: 0,
      rewrite: { regex: '^replayed/', replacement: `${parent}/telemetry/replayed/` },
    });
    const done = await backend.services.get('captures').replayDone(st.replayId);
    expect(done).toMatchObject({ state: 'done', sent: 40, errors: 0 });
    // At speed 0 the replay can end before the start answer reaches a UI; the rev tells the newer snapshot.
    expect(done.rev).toBeGreaterThan(st.rev);

    const rowsOf = async (connectionId: string, topicFilter: string) => {
      const until = Date.now() + 30_000;
      for (;;) {
        const p = await backend.call('messages.page', { filter: { connectionIds: [connectionId], topicFilter }, offset: 0, limit: 100 });
        if (p.total >= 20 || Date.now() > until) return p.rows;
        await new Promise((r) => setTimeout(r, 100));
      }
    };
    const amqpRows: MessageRow[] = await rowsOf(amqpConn!.connectionId, '/replayPK/#');
    expect(amqpRows.map((r) => [r.topic, r.messageId, r.generateTime])).toEqual(amqpSent.map((m) => [m.topic, m.messageId, m.generateTime]));
    for (const [i, r] of amqpRows.entries()) {
      const d = await backend.call('messages.detail', { seq: r.seq });
      expect(Buffer.from(d!.payloadBase64, 'base64').equals(amqpSent[i]!.body)).toBe(true);
    }
    // (Under telemetry/: the sandbox MQ profile follows the fleet's telemetry stream.)
    const mqRows = await rowsOf(mqConn!.connectionId, `${parent}/telemetry/replayed/#`);
    expect(mqRows.map((r) => r.topic)).toEqual(mqttSent.map((m) => `${parent}/telemetry/${m.topic}`));
    for (const [i, r] of mqRows.entries()) {
      const d = await backend.call('messages.detail', { seq: r.seq });
      expect(Buffer.from(d!.payloadBase64, 'base64').equals(mqttSent[i]!.body)).toBe(true);
    }
  }, 60_000);
});
