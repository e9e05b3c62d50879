import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import type { ConnectionState, ProtocolLogEntry } from '../../shared/contract/connections.contract';
import { Profile, type ProfileInput } from '../../shared/contract/profiles.contract';
import type { SandboxEndpoints } from '../../shared/contract/sandbox.contract';
import { DisposableStore } from '../../electron/services/core/disposables';
import { driverFor } from '../../electron/services/connections/driver-registry';
import type { ConnectionDriver } from '../../electron/services/connections/driver';
import { MessageStore } from '../../electron/services/messages/message-store';
import type { SandboxService } from '../../electron/services/sandbox/sandbox-service';
import { ROCKETMQ_ONLY, startSandbox, until } from '../sandbox/sandbox-helpers';

// Fieldscope's RocketMQ HTTP driver (the official @aliyunmq/mq-http-sdk inside) against the sandbox's MQ HTTP
// face over real sockets, into the real message store.
describe('RocketMQ HTTP driver against the sandbox MQ HTTP face', () => {
  let sandbox: SandboxService;
  let ep: SandboxEndpoints;
  const open: Array<{ driver: ConnectionDriver; disposables: DisposableStore }> = [];
  beforeAll(async () => {
    ({ sandbox, ep } = await startSandbox({
      ...ROCKETMQ_ONLY,
      // Redelivery of an un-acked message after 3 s instead of the cloud's 5 min.
      rocketmq: { topics: { other: ['drv_auto', 'drv_hold', 'drv_manual', 'drv_refused'] }, http: { invisibleMs: 3000 } },
    }));
  });
  afterEach(async () => {
    for (const o of open.splice(0)) {
      await o.driver.close();
      await o.disposables.dispose();
    }
  });
  afterAll(async () => {
    await sandbox.stop();
  });

  function harness(over: Partial<Extract<ProfileInput, { kind: 'rocketmq-http' }>>, secret = ep.rocketmq!.secretKey) {
    const url = new URL(ep.rocketmq!.http!.endpoint);
    const profile = Profile.parse({
      id: `p-${open.length}`,
      name: 'rmq http',
      kind: 'rocketmq-http',
      host: url.hostname,
      port: Number(url.port),
      instanceId: ep.rocketmq!.http!.instanceId,
      topic: 'drv_auto',
      groupId: 'GID_fieldscope_diag',
      accessKey: ep.rocketmq!.accessKey,
      waitSeconds: 2,
      reconnect: { enabled: false },
      ...over,
    });
    const store = new MessageStore({ capacity: 1000 });
    const states: ConnectionState[] = [];
    const logs: Omit<ProtocolLogEntry, 'seq' | 'connectionId' | 'at'>[] = [];
    const disposables = new DisposableStore();
    const driver = driverFor(profile)({
      connectionId: `c-${open.length}`,
      profile,
      getSecret: async (slot) => (slot === 'accessSecret' ? secret : null),
      sink: store,
      log: (e) => logs.push(e),
      setState: (s) => states.push({ since: Date.now(), ...s }),
      disposables,
      now: () => Date.now(),
    });
    open.push({ driver, disposables });
    return { driver, store, states, logs, lastState: () => states[states.length - 1] };
  }
  const publish = (topic: string, body: string, m: { tags?: string; keys?: string[]; properties?: Record<string, string> } = {}) =>
    sandbox.rocketmq!.publish(topic, { ...m, body: Buffer.from(body, 'utf8') });

  it('consumes into the store with the RocketMQ attributes and acks each batch (auto)', async () => {
    const sent = publish('drv_auto', '{"messageType":"CARD_STATUS_CHANGE","iccid":"8986001"}', {
      tags: 'CARD_STATUS_CHANGE',
      keys: ['8986001'],
      properties: { source: 'iotsim' },
    });
    const h = harness({});
    expect(h.driver.protocol).toBe('rocketmq');
    await h.driver.connect();
    expect(h.lastState()?.status).toBe('connected');
    publish('drv_auto', '订单 2', { tags: 'TradeCreate', keys: ['1001', 'b'] });
    await until('two messages', async () => h.store.stats().received >= 2 || undefined, 20_000);
    const a = h.store.detail(1)!;
    const b = h.store.detail(2)!;
    expect(a).toMatchObject({ protocol: 'rocketmq', topic: 'drv_auto', settlement: 'accepted', messageId: sent.msgId });
    expect(Buffer.from(a.payloadBase64, 'base64').toString('utf8')).toBe('{"messageType":"CARD_STATUS_CHANGE","iccid":"8986001"}');
    expect(a.rocketmq).toMatchObject({
      msgId: sent.msgId,
      tags: 'CARD_STATUS_CHANGE',
      keys: ['8986001'],
      userProperties: { source: 'iotsim' },
      consumedTimes: 1,
      reconsumeTimes: 0,
      consumerGroup: 'GID_fieldscope_diag',
    });
    expect(a.rocketmq!.publishTime).toBeGreaterThan(0);
    expect(a.rocketmq!.nextConsumeTime).toBeGreaterThan(a.rocketmq!.firstConsumeTime!);
    // The HTTP protocol has no queue or offsets: nothing is made up for them.
    expect(a.rocketmq!.queueId).toBeUndefined();
    expect(a.redelivered).toBeFalsy();
    expect(Buffer.from(b.payloadBase64, 'base64').toString('utf8')).toBe('订单 2');
    expect(b.rocketmq).toMatchObject({ tags: 'TradeCreate', keys: ['1001', 'b'] });
    // Each batch acked by receipt handle, none refused by the service.
    await until('the ack', async () => h.logs.some((l) => l.type === 'ack') || undefined, 20_000);
    expect(h.logs.filter((l) => l.type === 'ack').every((l) => !/refused/.test(l.summary))).toBe(true);
    expect(JSON.stringify(h.logs)).not.toContain(ep.rocketmq!.secretKey);
  });

  it('holds un-acked messages, sees them again with a higher consumed count, and acks only the current delivery (hold)', async () => {
    const h = harness({ topic: 'drv_hold', ackMode: 'hold' });
    await h.driver.connect();
    publish('drv_hold', 'held', { tags: 'T' });
    await until('the redelivery', async () => h.store.stats().received >= 2 || undefined, 30_000);
    const first = h.store.detail(1)!;
    const again = h.store.detail(2)!;
    expect(first).toMatchObject({ settlement: 'unsettled' });
    expect(first.redelivered).toBeFalsy();
    expect(again.rocketmq!.msgId).toBe(first.rocketmq!.msgId);
    expect(again.rocketmq!.consumedTimes).toBe(2);
    expect(again.rocketmq!.reconsumeTimes).toBe(1);
    expect(again.redelivered).toBe(true);
    expect(h.driver.unsettledCount!()).toBeGreaterThanOrEqual(2);
    // The first delivery's receipt handle died with the redelivery: the service refuses its ack.
    expect(await h.driver.settle!([1], 'accept')).toBe(0);
    expect(h.store.detail(1)!.settlement).toBe('released');
    expect(h.logs.some((l) => l.type === 'ack' && /1 refused \(ReceiptHandleError\)/.test(l.summary))).toBe(true);
    // The newest delivery's handle is current (on a slow machine a further redelivery may have replaced it: take the newest again).
    const acked = await until(
      'the current delivery acked',
      async () => {
        const seq = h.store.stats().latestSeq;
        return (await h.driver.settle!([seq], 'accept')) === 1 ? seq : undefined;
      },
      30_000,
    );
    expect(h.store.detail(acked)!.settlement).toBe('accepted');
  });

  it('leaves a held message for redelivery: released in the store, it comes back', async () => {
    const h = harness({ topic: 'drv_manual', ackMode: 'manual' });
    await h.driver.connect();
    publish('drv_manual', 'leave me', { tags: 'T' });
    await until('the delivery', async () => (h.store.detail(1)?.rocketmq ? true : undefined), 20_000);
    expect(await h.driver.settle!([1], 'release')).toBe(1);
    expect(h.store.detail(1)!.settlement).toBe('released');
    await until('the redelivery', async () => h.store.stats().received >= 2 || undefined, 30_000);
    expect(h.store.detail(2)!.rocketmq).toMatchObject({ msgId: h.store.detail(1)!.rocketmq!.msgId, consumedTimes: 2 });
  });

  // Liveness bound only: the first request waits 1 s, not the profile's 30 s long poll.
  it('is connected on a quiet topic without waiting out a whole long poll', { timeout: 20_000 }, async () => {
    const h = harness({ topic: 'drv_refused', waitSeconds: 30 });
    await h.driver.connect();
    expect(h.lastState()?.status).toBe('connected');
    expect(h.store.stats().received).toBe(0);
  });

  it('is refused with the reason explained: wrong secret, unknown Group ID, unknown topic, unknown instance', async () => {
    const wrong = harness({ topic: 'drv_refused' }, 'not-the-secret');
    await expect(wrong.driver.connect()).rejects.toThrow(/SignatureDoesNotMatch/);
    expect(wrong.lastState()).toMatchObject({ status: 'refused', reason: 'SignatureDoesNotMatch' });
    expect(wrong.lastState()?.explanation).toMatch(/AccessKey secret/);
    expect(wrong.logs.some((l) => l.dir === 'in' && l.type === 'error' && /signature/i.test(l.explanation ?? ''))).toBe(true);
    expect(JSON.stringify(wrong.logs)).not.toContain('not-the-secret');

    const group = harness({ topic: 'drv_refused', groupId: 'GID_nobody' });
    await expect(group.driver.connect()).rejects.toThrow(/SubscriptionNotExist/);
    expect(group.lastState()?.explanationParts?.[0]?.code).toBe('rocketmq-http.GroupNotExist');
    expect(group.lastState()?.explanation).toMatch(/GID_nobody/);

    const topic = harness({ topic: 'no_such_topic' });
    await expect(topic.driver.connect()).rejects.toThrow(/TopicNotExist/);
    expect(topic.lastState()?.explanationParts?.[0]?.code).toBe('rocketmq-http.TopicNotExist');

    const instance = harness({ topic: 'drv_refused', instanceId: 'MQ_INST_other' });
    await expect(instance.driver.connect()).rejects.toThrow(/InstanceNotExist/);
    expect(instance.lastState()?.explanation).toMatch(/MQ_INST_other/);
  });

  it('explains an endpoint where nothing answers, and gives up when reconnecting is off', async () => {
    const h = harness({ host: '127.0.0.1', port: 1, topic: 'drv_refused' });
    await expect(h.driver.connect()).rejects.toThrow();
    expect(h.lastState()?.status).toBe('closed');
    expect(h.lastState()?.explanationParts?.[0]?.code).toBe('rocketmq-http.network');
  });
});
