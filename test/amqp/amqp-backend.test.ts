import crypto from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startBackend, type Backend } from '../../electron/services/backend';
import { MemorySecretStore } from '../../electron/services/core/secret-store';
import { protonMissingReason, rabbitMqMissingReason, startRabbitMq, type RabbitMq } from '../support/rabbitmq';
import { protonSend } from './amqp-harness';

/**
 * AMQP through the whole backend, as the UI drives it: profiles.save (password to the secret store),
 * connections.open, the message store's rows (duplicates flagged, generateTime order), detail sections and
 * bytes, settlement, the protocol log — against a real RabbitMQ and an independent proton sender.
 */
const missing = rabbitMqMissingReason() ?? protonMissingReason();
if (missing) console.warn(`skipping AMQP backend tests: ${missing}`);

describe.skipIf(!!missing)('AMQP through the backend (RabbitMQ)', () => {
  let mq: RabbitMq;
  let backend: Backend;
  let dataDir: string;
  const events: Array<{ name: string; payload: unknown }> = [];

  beforeAll(async () => {
    mq = await startRabbitMq({ queues: ['iot', 'hold'] });
    dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'fs-amqp-backend-'));
    backend = await startBackend({ host: 'test', dataDir, secrets: new MemorySecretStore(), sandbox: false });
    backend.events.onAny((name, payload) => events.push({ name, payload }));
  });
  afterAll(async () => {
    await backend?.dispose();
    await mq?.stop();
    if (dataDir) fs.rmSync(dataDir, { recursive: true, force: true });
  });

  const saveProfile = async (over: Record<string, unknown>, password = mq.pass) => {
    const v = await backend.call('profiles.save', {
      profile: {
        id: '',
        kind: 'amqp',
        name: `rabbit ${Math.random().toString(36).slice(2, 6)}`,
        host: '127.0.0.1',
        port: mq.amqpsPort,
        tls: true,
        tlsOptions: { caFile: mq.caFile, rejectUnauthorized: true },
        username: mq.user,
        sourceAddress: '/amq/queue/iot',
        idleTimeoutSec: 45,
        ...over,
      } as never,
      secrets: { password },
    });
    return v.profile.id;
  };
  const until = async (what: string, pred: () => Promise<boolean> | boolean, timeoutMs = 30_000) => {
    const deadline = Date.now() + timeoutMs;
    while (!(await pred())) {
      if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
      await new Promise((r) => setTimeout(r, 50));
    }
  };

  it('shows the messages, flags duplicates, re-orders by generateTime and keeps every section and byte', async () => {
    const profileId = await saveProfile({});
    const view = await backend.call('connections.open', { profileId });
    expect(view.protocol).toBe('amqp');
    expect(view.state.status).toBe('connected');
    const connectionIds = [view.connectionId];

    const sent = await protonSend({ url: `amqp://${mq.user}:${mq.pass}@127.0.0.1:${mq.amqpPort}`, address: '/amq/queue/iot', count: 150 });
    await until('150 rows', async () => (await backend.call('messages.page', { filter: { connectionIds }, offset: 0, limit: 1 })).total >= 150);

    const arrival = await backend.call('messages.page', { filter: { connectionIds }, offset: 0, limit: 2000 });
    expect(arrival.total).toBe(150);
    expect(arrival.rows.map((r) => r.messageId)).toEqual(sent.manifest.map((m) => m[0]));
    expect(arrival.rows.every((r) => r.topic === '/a1xx/dev1/user/update' && r.settlement === 'accepted')).toBe(true);

    // Duplicates: the sender repeats the previous messageId every 50th message.
    const seen = new Map<string, number>();
    const expectedDup = sent.manifest.map(([mid]) => {
      const n = seen.get(mid) ?? 0;
      seen.set(mid, n + 1);
      return n;
    });
    expect(expectedDup.filter((n) => n > 0).length).toBeGreaterThan(0);
    arrival.rows.forEach((r, i) => expect(r.duplicateOf ?? 0).toBe(expectedDup[i]));
    const hidden = await backend.call('messages.page', { filter: { connectionIds, hideDuplicates: true }, offset: 0, limit: 2000 });
    expect(hidden.total).toBe(seen.size);

    // Out of order: every 7th is backdated; the store marks it and can order by generateTime.
    let max = -Infinity;
    const expectedLate = sent.manifest.map(([, gen]) => {
      const late = gen < max;
      max = Math.max(max, gen);
      return late;
    });
    arrival.rows.forEach((r, i) => expect(!!r.outOfOrder).toBe(expectedLate[i]));
    const byTime = await backend.call('messages.page', { filter: { connectionIds, orderBy: 'generateTime' }, offset: 0, limit: 2000 });
    const times = byTime.rows.map((r) => r.generateTime!);
    expect(times).toEqual([...sent.manifest.map((m) => m[1])].sort((a, b) => a - b));

    // Detail: every section and the exact body bytes.
    for (const i of [0, 49, 77, 149]) {
      const d = await backend.call('messages.detail', { seq: arrival.rows[i]!.seq });
      expect(d).not.toBeNull();
      expect(crypto.createHash('sha256').update(Buffer.from(d!.payloadBase64, 'base64')).digest('hex')).toBe(sent.manifest[i]![2]);
      expect(d!.amqp?.bodyType).toBe('data');
      expect(d!.amqp?.applicationProperties).toMatchObject({ messageId: sent.manifest[i]![0], generateTime: sent.manifest[i]![1] });
      expect(d!.amqp?.header).toMatchObject({ durable: true });
    }

    const log = await backend.call('connections.protocolLog', { connectionId: view.connectionId, offset: 0, limit: 5000 });
    const openOut = log.entries.find((e) => e.dir === 'out' && e.type === 'open');
    expect(openOut?.summary).toContain('idle-time-out=45000 ms');
    expect(log.entries.some((e) => e.dir === 'out' && e.type === 'attach' && e.summary.includes('/amq/queue/iot'))).toBe(true);
    await backend.call('connections.close', { connectionId: view.connectionId });
    // The password never leaves main: not in the log, not in any event to the renderer.
    expect(JSON.stringify(log)).not.toContain(mq.pass);
    expect(JSON.stringify(events)).not.toContain(mq.pass);
  });

  it('hold mode: unsettled count visible, settle from the API, redelivered after reopening', async () => {
    await protonSend({ url: `amqp://${mq.user}:${mq.pass}@127.0.0.1:${mq.amqpPort}`, address: '/amq/queue/hold', count: 6 });
    const profileId = await saveProfile({ sourceAddress: '/amq/queue/hold', ackMode: 'hold', credit: 4 });
    let view = await backend.call('connections.open', { profileId });
    const connectionIds = [view.connectionId];
    await until('4 held', async () => (await backend.call('messages.page', { filter: { connectionIds }, offset: 0, limit: 1 })).total >= 4);
    const list = async () => (await backend.call('connections.list', {})).find((c) => c.connectionId === view.connectionId)!;
    await until('unsettled 4', async () => (await list()).unsettled === 4);
    const rows = (await backend.call('messages.page', { filter: { connectionIds }, offset: 0, limit: 10 })).rows;
    expect(rows.every((r) => r.settlement === 'unsettled')).toBe(true);

    const r = await backend.call('connections.settle', { connectionId: view.connectionId, seqs: [rows[0]!.seq], outcome: 'accept' });
    expect(r.settled).toBe(1);
    // Settling gives the credit back: the fifth message arrives, still held.
    await until('5 rows', async () => (await backend.call('messages.page', { filter: { connectionIds }, offset: 0, limit: 1 })).total >= 5);
    expect((await backend.call('messages.detail', { seq: rows[0]!.seq }))!.settlement).toBe('accepted');
    await until('unsettled 4 again', async () => (await list()).unsettled === 4);
    await until('broker has 1 ready, 4 unacked', async () => JSON.stringify(await mq.queueDepth('hold')) === JSON.stringify({ messages: 1, unacked: 4 }));

    const before = (await backend.call('messages.page', { filter: { connectionIds }, offset: 0, limit: 100 })).rows;
    const lastSeq = Math.max(...before.map((row) => row.seq));
    await backend.call('connections.close', { connectionId: view.connectionId });
    // Closing hands the held ones back to the broker; the store says so.
    const afterClose = await backend.call('messages.page', { filter: { connectionIds }, offset: 0, limit: 100 });
    expect(afterClose.rows.filter((row) => row.settlement === 'released')).toHaveLength(4);

    view = await backend.call('connections.open', { profileId });
    const again = [view.connectionId];
    const newer = async () =>
      (await backend.call('messages.page', { filter: { connectionIds: again }, offset: 0, limit: 100 })).rows.filter((row) => row.seq > lastSeq);
    // Credit 4 again: the four requeued ones come first, marked redelivered.
    await until('redeliveries', async () => (await newer()).length >= 4);
    const redo = await newer();
    expect(redo).toHaveLength(4);
    expect(redo.every((row) => row.redelivered)).toBe(true);
    await backend.call('connections.close', { connectionId: view.connectionId });
  });

  it('a wrong password is refused and explained on the connection; the backend keeps serving', async () => {
    const profileId = await saveProfile({}, 'wrong-password-123');
    const view = await backend.call('connections.open', { profileId });
    expect(view.state.status).toBe('refused');
    expect(view.state.reason).toMatch(/authenticate|unauthorized/i);
    expect(view.state.explanation).toMatch(/password/i);
    const listed = await backend.call('connections.list', {});
    expect(listed.some((c) => c.connectionId === view.connectionId && c.state.status === 'refused')).toBe(true);
    expect(JSON.stringify(events)).not.toContain('wrong-password-123');
    await backend.call('connections.close', { connectionId: view.connectionId });
  });

  it('a missing queue is a session error shown on the connection; the backend keeps serving', async () => {
    const profileId = await saveProfile({ sourceAddress: '/amq/queue/nope' });
    const view = await backend.call('connections.open', { profileId });
    expect(view.state.status).toBe('refused');
    expect(view.state.reason).toContain('amqp:not-found');
    expect(view.state.explanation).toBeTruthy();
    expect((await backend.call('connections.list', {})).length).toBeGreaterThan(0);
    await backend.call('connections.close', { connectionId: view.connectionId });
  });
});
