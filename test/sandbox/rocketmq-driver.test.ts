import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ConnectionState, ProtocolLogEntry } from '../../shared/contract/connections.contract';
import { Profile, type ProfileInput } from '../../shared/contract/profiles.contract';
import type { SandboxEndpoints } from '../../shared/contract/sandbox.contract';
import { DisposableStore } from '../../electron/services/core/disposables';
import { driverFor } from '../../electron/services/connections/driver-registry';
import type { ConnectionDriver } from '../../electron/services/connections/driver';
import { MessageStore } from '../../electron/services/messages/message-store';
import type { SandboxService } from '../../electron/services/sandbox/sandbox-service';
import { SIM_PUSH_TYPES } from '../../shared/rocketmq/sim-push-messages';
import { ROCKETMQ_ONLY, startSandbox, until } from './sandbox-helpers';
import { ons, onsProducer } from './ons-clients';

// Fieldscope's RocketMQ driver (ali-ons behind the driver interface) against the sandbox face, into the real store.
describe('RocketMQ driver against the sandbox face', () => {
  let sandbox: SandboxService;
  let ep: SandboxEndpoints;
  const drivers: ConnectionDriver[] = [];
  beforeAll(async () => {
    ({ sandbox, ep } = await startSandbox({
      ...ROCKETMQ_ONLY,
      fleet: { enabled: true, devices: 1, telemetryIntervalMs: 1000, simPushIntervalMs: 80, taobaoIntervalMs: 500, statusIntervalMs: 1000 },
    }));
  });
  afterAll(async () => {
    for (const d of drivers) await d.close().catch(() => undefined);
    await sandbox.stop();
  });

  function open(over: Partial<Extract<ProfileInput, { kind: 'rocketmq' }>>, secret: string | null = ep.rocketmq!.secretKey) {
    const [host, port] = ep.rocketmq!.nameServer.split(':');
    const profile = Profile.parse({
      id: `p-${drivers.length}`,
      name: 'SIM push',
      kind: 'rocketmq',
      host,
      port: Number(port),
      accessKey: ep.rocketmq!.accessKey,
      consumerGroupId: 'GID_fieldscope_diag',
      topic: ep.rocketmq!.topics.simPush,
      startPoint: 'earliest',
      ...over,
    });
    const store = new MessageStore({ capacity: 1000 });
    const states: ConnectionState[] = [];
    const logs: Omit<ProtocolLogEntry, 'seq' | 'connectionId' | 'at'>[] = [];
    const connectionId = `c-${drivers.length}`;
    const driver = driverFor(profile)({
      connectionId,
      profile,
      getSecret: async (slot) => (slot === 'secretKey' ? secret : null),
      sink: store,
      log: (e) => logs.push(e),
      setState: (s) => states.push({ since: Date.now(), ...s }),
      disposables: new DisposableStore(),
      now: () => Date.now(),
    });
    drivers.push(driver);
    return { driver, store, states, logs };
  }

  it('consumes the SIM push stream (broadcasting) into the store with msgId, tags, keys, queue and host attributes', async () => {
    const { driver, store, states, logs } = open({ messageModel: 'broadcasting' });
    expect(driver.protocol).toBe('rocketmq');
    await driver.connect();
    await until('SIM pushes in the store', () => store.stats().size >= 3, 30_000);
    expect(states.some((s) => s.status === 'connected')).toBe(true);
    const d = store.detail(1)!;
    expect(d.protocol).toBe('rocketmq');
    expect(d.topic).toBe('iotsim_mq_push');
    expect(d.messageId).toBe(d.rocketmq!.msgId);
    expect(SIM_PUSH_TYPES).toContain(d.rocketmq!.tags);
    const body = JSON.parse(Buffer.from(d.payloadBase64, 'base64').toString()) as { messageType: string; iccid: string; poolId?: string };
    expect(body.messageType).toBe(d.rocketmq!.tags);
    expect(d.rocketmq!.keys).toEqual([body.poolId ?? body.iccid]);
    expect(d.rocketmq).toMatchObject({ bornHost: '100.100.36.17:10911', reconsumeTimes: 0, consumerGroup: 'GID_fieldscope_diag' });
    expect(d.rocketmq!.business).toMatchObject({ family: 'iot-sim-push', type: body.messageType });
    expect(d.rocketmq!.business!.fields[0]).toEqual({ name: 'iccid', value: body.iccid });
    expect(d.rocketmq!.storeTimestamp).toBeGreaterThanOrEqual(d.rocketmq!.bornTimestamp!);
    expect(logs.some((l) => /consumer GID_fieldscope_diag \(broadcasting\)/.test(l.summary) && /SecretKey ••••••/.test(l.summary))).toBe(true);
    expect(JSON.stringify(logs)).not.toContain(ep.rocketmq!.secretKey);
  });

  it("shows a producer's user properties and keys, and a tag filter", async () => {
    const { driver, store } = open({ topic: 'fieldscope_test', tagExpression: 'Diag', consumerGroupId: 'GID_iotsim_app' });
    await driver.connect();
    const p = onsProducer(ep.rocketmq!.nameServer, ep.rocketmq!.accessKey, ep.rocketmq!.secretKey);
    try {
      await p.send(new ons.Message('fieldscope_test', 'Other', 'skip me'));
      const m = new ons.Message('fieldscope_test', 'Diag', Buffer.from([0xff, 0x00, 0x41]));
      m.keys = ['k1', 'k2'];
      m.properties.orderId = 'T-1001';
      const sent = await p.send(m);
      await until('the message', () => store.stats().size >= 1, 30_000);
      const d = store.detail(1)!;
      expect(d.rocketmq).toMatchObject({ msgId: sent.msgId, tags: 'Diag', keys: ['k1', 'k2'], userProperties: { orderId: 'T-1001' } });
      expect(Buffer.from(d.payloadBase64, 'base64')).toEqual(Buffer.from([0xff, 0x00, 0x41]));
      expect(d.binary).toBe(true);
      expect(store.stats().size).toBe(1);
    } finally {
      await p.close().catch(() => undefined);
    }
  });

  it('hold mode: a rejected message comes back through %RETRY%<group> with reconsumeTimes 1, an accepted one is done', async () => {
    const { driver, store } = open({
      topic: 'fieldscope_test',
      tagExpression: 'Hold',
      consumerGroupId: 'CID_jushita_sync',
      messageModel: 'clustering',
      ackMode: 'hold',
    });
    await driver.connect();
    const p = onsProducer(ep.rocketmq!.nameServer, ep.rocketmq!.accessKey, ep.rocketmq!.secretKey);
    try {
      const sent = await p.send(new ons.Message('fieldscope_test', 'Hold', 'judge me'));
      await until('the held message', () => store.stats().size >= 1, 30_000);
      expect(store.row(1)).toMatchObject({ settlement: 'unsettled', messageId: sent.msgId });
      expect(driver.unsettledCount!()).toBe(1);
      expect(await driver.settle!([1], 'reject')).toBe(1);
      expect(store.row(1)!.settlement).toBe('rejected');
      await until('the redelivery', () => store.stats().size >= 2, 30_000);
      const again = store.detail(2)!;
      expect(again.rocketmq).toMatchObject({ reconsumeTimes: 1, pulledFrom: '%RETRY%CID_jushita_sync', originMsgId: sent.msgId });
      expect(again.redelivered).toBe(true);
      expect(await driver.settle!([2], 'accept')).toBe(1);
      expect(driver.unsettledCount!()).toBe(0);
    } finally {
      await p.close().catch(() => undefined);
    }
  });

  it('a wrong SecretKey is refused and explained as a signature problem; an unknown group and a missing topic are named', async () => {
    const wrong = open({}, 'not-the-secret');
    await wrong.driver.connect();
    await until('refused', () => wrong.states.some((s) => s.status === 'refused'), 30_000);
    expect(wrong.states.find((s) => s.status === 'refused')!.explanation).toMatch(/signature does not match/i);
    const group = open({ consumerGroupId: 'GID_nobody', messageModel: 'clustering' });
    await group.driver.connect();
    await until('unknown group explained', () => group.logs.some((l) => /Group ID "GID_nobody" does not exist/.test(l.explanation ?? '')), 30_000);
    const topic = open({ topic: 'no_such_topic' });
    await topic.driver.connect();
    await until('missing topic explained', () => topic.logs.some((l) => /topic "no_such_topic" does not exist/.test(l.explanation ?? '')), 30_000);
  });
});
