import crypto from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import rhea from 'rhea';
import { Profile } from '../../shared/contract/profiles.contract';
import { amqpConnectCredentials } from '../../electron/services/vendors/connect-credentials';
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

  // IoT-Platform-style profile: its cloud-style user name (clientId|...,timestamp=...|) and signed password
  // are made by the product's signer for a fixed clock, and RabbitMQ is given exactly that user.
  const T1 = 1_700_000_000_000;
  const T2 = T1 + 90_000;
  const accessSecret = 'test-access-secret-not-real';
  const cloudInput = {
    id: 'cloud',
    name: 'IoT Platform (on RabbitMQ)',
    kind: 'aliyun-amqp' as const,
    host: '127.0.0.1',
    port: 5671,
    clientId: 'fieldscope-test-1',
    iotInstanceId: 'iot-06z00test',
    consumerGroupId: 'DEFAULT_GROUP',
    accessKey: 'LTAI-test-key',
    signMethod: 'hmacsha256' as const,
    sourceAddress: '/amq/queue/cloud',
    idleTimeoutSec: 60,
  };
  const cloudCreds = (now: number) => amqpConnectCredentials(Profile.parse(cloudInput), async (slot) => (slot === 'accessSecret' ? accessSecret : null), now);
  let cloud1: Awaited<ReturnType<typeof cloudCreds>>;

  beforeAll(async () => {
    cloud1 = await cloudCreds(T1);
    mq = await startRabbitMq({
      queues: ['iot', 'hold', 'manual', 'modify', 'cloud', 'verify', 'bodies'],
      extraUser: { user: cloud1.username, pass: cloud1.password },
    });
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

    await expect.poll(() => mq.queueDepth('iot'), { timeout: 30_000 }).toEqual({ messages: 0, unacked: 0 });
    // Exactly one receiver link (one consumer on the broker) for this connection.
    const consumers = (await mq.ctl(['list_consumers', 'queue_name'])).split('\n').filter((l) => l.trim() === 'iot');
    expect(consumers).toHaveLength(1);

    const types = h.logs.map((l) => `${l.dir}:${l.type}`);
    for (const t of [
      'in:sasl-mechanisms',
      'out:sasl-init',
      'in:sasl-outcome',
      'out:open',
      'in:open',
      'out:begin',
      'in:begin',
      'out:attach',
      'in:attach',
      'out:flow',
      'in:transfer',
      'out:disposition',
    ]) {
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

  it('IoT-Platform profile: cloud-style SASL user name over TLS, and a fresh signature on every reconnect', async () => {
    expect(cloud1.username).toMatch(/^fieldscope-test-1\|.*authMode=aksign.*timestamp=1700000000000\|$/);
    const cloud2 = await cloudCreds(T2);
    expect(cloud2.username).not.toBe(cloud1.username);
    await mq.ctl(['add_user', cloud2.username, cloud2.password]);
    await mq.ctl(['set_permissions', '-p', '/', cloud2.username, '.*', '.*', '.*']);

    let clock = T1;
    const h = driverHarness(
      { ...cloudInput, port: mq.amqpsPort, tls: true, tlsOptions: { caFile: mq.caFile }, reconnect: { initialDelayMs: 200 } },
      { accessSecret },
      { now: () => clock },
    );
    open.push(h);
    await h.driver.connect();
    expect(h.lastState()?.status).toBe('connected');
    const sent = await protonSend({ url: senderUrl(), address: '/amq/queue/cloud', count: 3 });
    await h.waitFor('3 messages', () => h.messages.length >= 3);
    expect(h.messages.map((m) => m.messageId)).toEqual(sent.manifest.map((x) => x[0]));

    clock = T2; // the broker drops us; the retry must sign again with the new time
    await mq.ctl(['close_all_connections', 'test']);
    await h.waitFor('reconnected', () => h.states.filter((s) => s.status === 'connected').length >= 2);
    const inits = h.logs.filter((l) => l.type === 'sasl-init').map((l) => l.detail?.username);
    expect(inits).toEqual([cloud1.username, cloud2.username]);
    const opens = h.logs.filter((l) => l.dir === 'out' && l.type === 'open');
    expect(opens.every((l) => l.summary.includes('idle-time-out=60000 ms'))).toBe(true);
    const text = logText(h.logs);
    for (const secret of [accessSecret, cloud1.password, cloud2.password]) expect(text).not.toContain(secret);
    await h.dispose();
  });

  it('amqp-value bodies (binary, string, map) sent by another client arrive with their bytes and body type', async () => {
    const bodies: unknown[] = [Buffer.from([0, 1, 0xfe, 0xff]), 'tëxt ✓', { k: 'v', n: 3 }];
    await new Promise<void>((resolve, reject) => {
      const c = rhea.create_container();
      c.on('error', reject);
      const conn = c.connect({ host: '127.0.0.1', port: mq.amqpPort, username: mq.user, password: mq.pass, reconnect: false });
      const sender = conn.open_sender('/amq/queue/bodies');
      let acked = 0;
      sender.once('sendable', () =>
        bodies.forEach((body, i) => sender.send({ body, application_properties: { topic: 't/b', messageId: `b${i}`, generateTime: i } })),
      );
      sender.on('accepted', () => {
        if (++acked === bodies.length) {
          conn.close();
          resolve();
        }
      });
      conn.on('connection_error', (ctx) => reject(ctx.connection.error));
    });
    const h = harness({ sourceAddress: '/amq/queue/bodies' });
    await h.driver.connect();
    await h.waitFor('3 bodies', () => h.messages.length >= 3);
    expect(h.messages[0]!.amqp?.bodyType).toBe('amqp-value:binary');
    expect(h.messages[0]!.payload).toEqual(Buffer.from([0, 1, 0xfe, 0xff]));
    expect(h.messages[1]!.amqp?.bodyType).toBe('amqp-value:string (UTF-8)');
    expect(h.messages[1]!.payload.toString('utf8')).toBe('tëxt ✓');
    expect(h.messages[2]!.amqp?.bodyType).toBe('amqp-value:map (as JSON)');
    expect(JSON.parse(h.messages[2]!.payload.toString('utf8'))).toEqual({ k: 'v', n: 3 });
    await h.dispose();
  });

  it('explains a wrong password (amqp:unauthorized-access) and stops retrying; the process lives on', async () => {
    const h = harness({}, { password: 'not-the-password' });
    await h.driver.connect();
    const st = h.lastState()!;
    expect(st.status).toBe('refused');
    expect(st.reason).toMatch(/authenticate/i);
    expect(st.explanation).toMatch(/SASL authentication failed/);
    expect(st.explanation).toMatch(/password/i);
    expect(h.logs.some((l) => l.type === 'sasl-outcome' && l.summary.includes('code=1'))).toBe(true);
    expect(logText(h.logs)).not.toContain('not-the-password');
    const n = h.states.length;
    await new Promise((r) => setTimeout(r, 600));
    expect(h.states.length).toBe(n); // no retry loop against a refusal a retry cannot fix
    await h.dispose();
  });

  it('SASL ANONYMOUS against a broker that offers only PLAIN is refused with the reason', async () => {
    const h = harness({ sasl: 'anonymous', username: '' }, { password: '' });
    await h.driver.connect();
    const st = h.lastState()!;
    expect(st.status).toBe('refused');
    expect(st.reason).toMatch(/No suitable mechanism; server supports PLAIN/);
    expect(st.explanation).toMatch(/ANONYMOUS/);
    expect(h.logs.some((l) => l.type === 'sasl-mechanisms' && l.summary.includes('PLAIN'))).toBe(true);
    await h.dispose();
  });

  it('shows a missing queue as a session error (amqp:not-found) with the fix, without crashing', async () => {
    const h = harness({ sourceAddress: '/amq/queue/no-such-queue' });
    await h.driver.connect();
    const st = h.lastState()!;
    expect(st.status).toBe('refused');
    expect(st.reason).toContain('amqp:not-found');
    expect(st.explanation).toMatch(/source address/i);
    expect(h.logs.some((l) => l.dir === 'in' && (l.type === 'end' || l.type === 'detach' || l.type === 'close') && l.summary.includes('amqp:not-found'))).toBe(
      true,
    );
    await h.dispose();
    // The broker and a fresh connection are still fine afterwards.
    const ok = harness();
    await ok.driver.connect();
    expect(ok.lastState()?.status).toBe('connected');
    await ok.dispose();
  });

  it('shows the broker error for an empty source address and keeps retrying with backoff', async () => {
    const h = harness({ sourceAddress: '' });
    await h.driver.connect();
    await h.waitFor('a reconnect scheduled', () => h.states.some((s) => s.status === 'reconnecting' && s.retryInMs !== undefined));
    const st = h.states.find((s) => s.status === 'reconnecting' && s.retryInMs !== undefined)!;
    expect(st.reason).toBeTruthy();
    expect(st.explanation).toMatch(/no source address/);
    const attach = h.logs.find((l) => l.dir === 'out' && l.type === 'attach')!;
    expect(attach.summary).toContain('source=none');
    await h.waitFor('a second attempt', () => h.logs.filter((l) => l.dir === 'out' && l.type === 'open').length >= 2);
    await h.dispose();
    expect(h.lastState()?.status).toBe('closed');
  });

  it('hold mode: keeps `credit` deliveries unsettled, and they come back redelivered after a reconnect', async () => {
    const sent = await protonSend({ url: senderUrl(), address: '/amq/queue/hold', count: 8 });
    const h = harness({ sourceAddress: '/amq/queue/hold', ackMode: 'hold', credit: 5 });
    await h.driver.connect();
    await h.waitFor('5 held', () => h.messages.length >= 5);
    await new Promise((r) => setTimeout(r, 300));
    expect(h.messages).toHaveLength(5); // credit is lent per held delivery: the backlog stays on the broker
    expect(h.driver.unsettledCount!()).toBe(5);
    expect(h.messages.every((m) => m.settlement === 'unsettled' && !m.redelivered)).toBe(true);
    expect(await mq.queueDepth('hold')).toEqual({ messages: 3, unacked: 5 });

    // The broker drops every connection: the driver reconnects by itself and the held ones come again.
    await mq.ctl(['close_all_connections', 'test']);
    await h.waitFor('reconnected', () => h.states.filter((s) => s.status === 'connected').length >= 2);
    await h.waitFor('5 more', () => h.messages.length >= 10);
    expect(h.messages.slice(0, 5).every((m) => m.settlement === 'released')).toBe(true);
    const again = h.messages.slice(5, 10);
    expect(again.every((m) => m.redelivered)).toBe(true);
    expect(again.map((m) => m.messageId)).toEqual(sent.manifest.slice(0, 5).map((x) => x[0]));
    expect(h.logs.some((l) => l.summary.includes('back to the broker'))).toBe(true);

    // Closing the connection hands them back too; an auto-accept consumer then drains everything.
    await h.dispose();
    const drain = harness({ sourceAddress: '/amq/queue/hold' });
    await drain.driver.connect();
    await drain.waitFor('all 8', () => drain.messages.length >= 8);
    expect(drain.messages.slice(0, 5).every((m) => m.redelivered)).toBe(true);
    expect(drain.messages.slice(5).every((m) => !m.redelivered)).toBe(true);
    expect(new Set(drain.messages.map((m) => m.messageId))).toEqual(new Set(sent.manifest.map((x) => x[0])));
    await drain.dispose();
  });

  it('manual mode: accept, reject and release one or many held deliveries by store seq', async () => {
    await protonSend({ url: senderUrl(), address: '/amq/queue/manual', count: 6 });
    const h = harness({ sourceAddress: '/amq/queue/manual', ackMode: 'manual', credit: 10 });
    await h.driver.connect();
    await h.waitFor('6 held', () => h.messages.length >= 6);
    expect(h.driver.unsettledCount!()).toBe(6);

    expect(await h.driver.settle!([1, 2], 'accept')).toBe(2);
    expect(await h.driver.settle!([3], 'reject')).toBe(1);
    expect(await h.driver.settle!([1, 999], 'accept')).toBe(0); // already settled / unknown: ignored
    expect(h.messages[0]!.settlement).toBe('accepted');
    expect(h.messages[2]!.settlement).toBe('rejected');
    expect(h.driver.unsettledCount!()).toBe(3);

    // Release requeues at once: the broker delivers it again to this receiver, marked redelivered.
    const releasedId = h.messages[3]!.messageId;
    expect(await h.driver.settle!([4], 'release')).toBe(1);
    expect(h.messages[3]!.settlement).toBe('released');
    await h.waitFor('the released one again', () => h.messages.length >= 7);
    expect(h.messages[6]!.messageId).toBe(releasedId);
    expect(h.messages[6]!.redelivered).toBe(true);

    expect(await h.driver.settle!([5, 6, 7], 'accept')).toBe(3);
    expect(h.driver.unsettledCount!()).toBe(0);
    await h.waitFor('broker saw the outcomes', () => true);
    await expect.poll(() => mq.queueDepth('manual'), { timeout: 30_000 }).toEqual({ messages: 0, unacked: 0 });
    expect(h.logs.some((l) => l.dir === 'out' && l.type === 'disposition' && /rejected/.test(l.summary))).toBe(true);
    expect(h.logs.some((l) => l.dir === 'out' && l.type === 'disposition' && /released/.test(l.summary))).toBe(true);
    await h.dispose();
  });

  it('a refused `modify` outcome (RabbitMQ 3.10: amqp:invalid-field) is shown on the connection, which recovers', async () => {
    await protonSend({ url: senderUrl(), address: '/amq/queue/modify', count: 2 });
    const h = harness({ sourceAddress: '/amq/queue/modify', ackMode: 'manual' });
    await h.driver.connect();
    await h.waitFor('2 held', () => h.messages.length >= 2);
    expect(await h.driver.settle!([1], 'modify')).toBe(1);
    await h.waitFor('the refusal', () => h.states.some((s) => s.reason?.includes('amqp:invalid-field')));
    expect(h.states.find((s) => s.reason?.includes('amqp:invalid-field'))!.explanation).toMatch(/release or reject/);
    await h.waitFor('reconnected', () => h.states.filter((s) => s.status === 'connected').length >= 2);
    await h.waitFor('both again', () => h.messages.length >= 4);
    expect(h.messages.slice(2).every((m) => m.redelivered)).toBe(true);
    expect(await h.driver.settle!([3, 4], 'accept')).toBe(2);
    await expect.poll(() => mq.queueDepth('modify'), { timeout: 30_000 }).toEqual({ messages: 0, unacked: 0 });
    await h.dispose();
  });

  it('TLS: an unknown CA is refused and explained; skipping verification connects with a visible warning', async () => {
    const strict = harness({ tlsOptions: { rejectUnauthorized: true }, reconnect: { enabled: false } });
    await strict.driver.connect();
    expect(strict.lastState()?.status).toBe('refused');
    expect(strict.lastState()?.explanation).toMatch(/CA file|self-signed/i);
    await strict.dispose();

    const lax = harness({ sourceAddress: '/amq/queue/verify', tlsOptions: { rejectUnauthorized: false } });
    await lax.driver.connect();
    expect(lax.lastState()?.status).toBe('connected');
    const warning = lax.logs.find((l) => l.type === 'warning');
    expect(warning?.summary).toMatch(/verification is OFF/);
    await lax.dispose();
  });

  it('a CA file that cannot be read is a profile error with the fix, not a crash', async () => {
    const h = harness({ tlsOptions: { caFile: '/nonexistent/ca.pem', rejectUnauthorized: true } });
    await expect(h.driver.connect()).rejects.toMatchObject({ code: 'tls-file-unreadable' });
    expect(h.lastState()?.status).toBe('refused');
    expect(h.lastState()?.explanation).toMatch(/CA file/);
    await h.dispose();
  });
});
