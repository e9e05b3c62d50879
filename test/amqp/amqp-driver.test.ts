import crypto from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { protonMissingReason, rabbitMqMissingReason, startRabbitMq, type RabbitMq } from '../support/rabbitmq';
import { driverHarness, logText, protonSend, type DriverHarness } from './amqp-harness';

/**
 * The AMQP driver against a real RabbitMQ (AMQP 1.0 plugin) with messages from an independent client
 * (python-qpid-proton): TLS, SASL PLAIN, sections and body bytes, ack modes, redelivery, refusals.
 */
const missing = rabbitMqMissingReason() ?? protonMissingReason();
if (missing) console.warn(`skipping AMQP driver tests: ${missing}`);

describe.skipIf(!!missing)('AMQP driver on RabbitMQ', () => {
  let mq: RabbitMq;
  const open: DriverHarness[] = [];

  beforeAll(async () => {
    mq = await startRabbitMq({ queues: ['iot', 'hold', 'manual', 'modify', 'relay', 'verify'] });
  });
  afterAll(async () => {
    for (const h of open) await h.dispose();
    await mq?.stop();
  });

  const senderUrl = () => `amqp://${mq.user}:${mq.pass}@127.0.0.1:${mq.amqpPort}`;
  const profile = (over: Record<string, unknown> = {}) => ({
    id: 'p1',
    name: 'rabbit',
    kind: 'amqp' as const,
    host: '127.0.0.1',
    port: mq.amqpsPort,
    tls: true,
    tlsOptions: { caFile: mq.caFile, rejectUnauthorized: true },
    username: mq.user,
    sourceAddress: '/amq/queue/iot',
    idleTimeoutSec: 30,
    reconnect: { enabled: true, initialDelayMs: 200, maxDelayMs: 2000, maxAttempts: 0 },
    ...over,
  });
  const harness = (over: Record<string, unknown> = {}, secrets: Record<string, string> = {}) => {
    const h = driverHarness(profile(over), { password: mq.pass, ...secrets });
    open.push(h);
    return h;
  };

  it('receives over TLS + SASL PLAIN with every section, exact body bytes and an honest frame log', async () => {
    const h = harness();
    await h.driver.connect();
    expect(h.lastState()?.status).toBe('connected');
    const sent = await protonSend({ url: senderUrl(), address: '/amq/queue/iot', count: 120 });
    expect(sent.accepted).toBe(120);
    await h.waitFor('120 messages', () => h.messages.length >= 120);
    expect(h.messages).toHaveLength(120);

    for (let i = 0; i < 120; i++) {
      const m = h.messages[i]!;
      const [mid, gen, sha] = sent.manifest[i]!;
      expect(m.protocol).toBe('amqp');
      expect(m.topic).toBe('/a1xx/dev1/user/update');
      expect(m.messageId).toBe(mid);
      expect(m.generateTime).toBe(gen);
      expect(crypto.createHash('sha256').update(m.payload).digest('hex')).toBe(sha);
      expect(m.amqp?.bodyType).toBe('data');
      expect(m.amqp?.applicationProperties).toMatchObject({ topic: '/a1xx/dev1/user/update', messageId: mid, generateTime: gen });
      expect(m.amqp?.header).toMatchObject({ durable: true });
      expect(m.settlement).toBe('accepted');
      expect(m.redelivered).toBe(false);
    }
    // The sender repeats a messageId every 50th message and backdates every 7th generateTime: both pass through.
    const ids = h.messages.map((m) => m.messageId);
    expect(new Set(ids).size).toBeLessThan(ids.length);
    expect(h.messages.some((m, i) => i > 0 && m.generateTime! < h.messages[i - 1]!.generateTime!)).toBe(true);

    await h.waitFor('queue drained', () => true);
    const depth = await mq.queueDepth('iot');
    expect(depth).toEqual({ messages: 0, unacked: 0 });

    const types = h.logs.map((l) => `${l.dir}:${l.type}`);
    for (const t of ['in:sasl-mechanisms', 'out:sasl-init', 'in:sasl-outcome', 'out:open', 'in:open', 'out:begin', 'in:begin', 'out:attach', 'in:attach', 'out:flow', 'in:transfer', 'out:disposition']) {
      expect(types).toContain(t);
    }
    const openOut = h.logs.find((l) => l.dir === 'out' && l.type === 'open')!;
    expect(openOut.summary).toContain('idle-time-out=30000 ms');
    expect(openOut.detail).toMatchObject({ idle_time_out: 30000 });
    const attachOut = h.logs.find((l) => l.dir === 'out' && l.type === 'attach')!;
    expect(attachOut.summary).toContain('"/amq/queue/iot"');
    expect(attachOut.summary).toContain('role=receiver');
    const init = h.logs.find((l) => l.type === 'sasl-init')!;
    expect(init.summary).toContain('mechanism=PLAIN');
    expect(init.detail).toMatchObject({ username: mq.user });
    // 120 transfers: the first ones one by one, the rest summarised.
    const transfers = h.logs.filter((l) => l.dir === 'in' && l.type === 'transfer');
    expect(transfers.length).toBeLessThan(120);
    await h.driver.close();
    const summaries = h.logs.filter((l) => l.type === 'transfer' && l.detail?.aggregated === true);
    const individually = transfers.filter((l) => !l.detail?.aggregated).length;
    expect(individually + summaries.reduce((n, l) => n + Number(l.detail!.count), 0)).toBe(120);
    expect(logText(h.logs)).not.toContain(mq.pass);
    expect(h.lastState()?.status).toBe('closed');
    if (process.env.FIELDSCOPE_PRINT_AMQP_LOG) console.log(h.logs.map((l) => `${l.dir} ${l.type} ${l.summary}`).join('\n'));
  });
});
