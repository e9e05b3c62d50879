import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type * as Ons from 'ali-ons';
import type { SandboxService } from '../../electron/services/sandbox/sandbox-service';
import type { SandboxEndpoints } from '../../shared/contract/sandbox.contract';
import { SIM_PUSH_TYPES } from '../../shared/rocketmq/sim-push-messages';
import { ROCKETMQ_ONLY, startSandbox, until } from './sandbox-helpers';
import { ons, onsConsumer, onsProducer } from './ons-clients';

// The sandbox RocketMQ 4.x face [seeds 000, 003] spoken to by ali-ons, a client we did not write.
describe('sandbox RocketMQ face with ali-ons', () => {
  let sandbox: SandboxService;
  let ep: SandboxEndpoints;
  const closers: (() => Promise<unknown>)[] = [];
  beforeAll(async () => {
    ({ sandbox, ep } = await startSandbox({
      ...ROCKETMQ_ONLY,
      rocketmq: { groupIds: ['GID_iotsim_app', 'CID_jushita_sync', 'GID_fieldscope_diag', 'GID_retry', 'GID_wrong'], retryDelayMs: 200 },
      fleet: { enabled: true, devices: 1, telemetryIntervalMs: 1000, simPushIntervalMs: 60, taobaoIntervalMs: 60, statusIntervalMs: 1000 },
    }));
  });
  afterAll(async () => {
    for (const c of closers.reverse()) await c().catch(() => undefined);
    await sandbox.stop();
  });
  const rmq = () => ep.rocketmq!;
  const consumer = (o: Partial<Ons.ConsumerOptions> & { consumerGroup: string }, secret = rmq().secretKey) => {
    const c = onsConsumer(rmq().nameServer, rmq().accessKey, secret, o);
    closers.push(() => c.close());
    return c;
  };

  it('lists the face in the sandbox endpoints', () => {
    expect(rmq().nameServer).toMatch(/^127\.0\.0\.1:\d+$/);
    expect(rmq().topics.simPush).toBe('iotsim_mq_push');
    expect(rmq().topics.taobao.length).toBe(6);
    expect(rmq().groupIds).toContain('GID_iotsim_app');
  });

  it('an ali-ons consumer receives the IoT SIM pushes and the Taobao sync messages with tags and keys', async () => {
    const sims: Ons.Message[] = [];
    const taobao: Ons.Message[] = [];
    const errors: Error[] = [];
    const sim = consumer({ consumerGroup: 'GID_iotsim_app' });
    sim.on('error', (e: Error) => errors.push(e));
    sim.subscribe(rmq().topics.simPush, '*', async (m) => void sims.push(m));
    const tb = consumer({ consumerGroup: 'CID_jushita_sync' });
    tb.on('error', (e: Error) => errors.push(e));
    for (const t of rmq().topics.taobao) tb.subscribe(t, '*', async (m) => void taobao.push(m));
    await until('SIM pushes and Taobao messages', () => sims.length >= 5 && new Set(taobao.map((m) => m.topic)).size >= 2, 30_000);
    // ali-ons reports a new group's missing offset (QUERY_NOT_FOUND, 22) as an error before it starts from its start point
    expect(errors.filter((e) => (e as { code?: number }).code !== 22)).toEqual([]);
    expect(errors.length).toBeGreaterThan(0);
    for (const m of sims) {
      const body = JSON.parse(m.body.toString()) as { messageType: string; iccid: string; poolId?: string };
      expect(SIM_PUSH_TYPES).toContain(m.tags);
      expect(body.messageType).toBe(m.tags);
      expect(m.properties.KEYS).toBe(body.poolId ?? body.iccid);
      expect(m.topic).toBe('iotsim_mq_push');
      expect(m.msgId).toMatch(/^[0-9A-F]{32}$/);
      expect(m.bornHost).toBe('100.100.36.17:10911');
      expect(m.storeTimestamp).toBeGreaterThan(0);
      expect(m.reconsumeTimes).toBe(0);
    }
    for (const m of taobao) {
      const body = JSON.parse(m.body.toString()) as { topic: string; user_nick: string; tid: number };
      expect(m.tags).toBe(body.topic);
      expect(m.properties.KEYS).toBe(String(body.tid));
      expect(body.user_nick).toMatch(/^sandbox_shop_/);
    }
    // clustering: the group's four queues are all this client's (the only consumer of the group)
    expect(sandbox.rocketmq!.broker.consumerIds('GID_iotsim_app').length).toBe(1);
  });

  it('an ali-ons producer sends a tagged, keyed message with a user property; a consumer with a tag filter reads it back exactly', async () => {
    const got: Ons.Message[] = [];
    const c = consumer({ consumerGroup: 'GID_fieldscope_diag' });
    c.on('error', () => undefined); // a new group's QUERY_NOT_FOUND, as above
    c.subscribe('fieldscope_test', 'TagA || TagB', async (m) => void got.push(m));
    const p = onsProducer(rmq().nameServer, rmq().accessKey, rmq().secretKey);
    closers.push(() => p.close());
    const skip = new ons.Message('fieldscope_test', 'TagC', 'not for this subscription');
    await p.send(skip);
    const body = Buffer.from([0x7b, 0x00, 0xff, 0xe4, 0xb8, 0xad, 0x7d]);
    const msg = new ons.Message('fieldscope_test', 'TagA', body);
    msg.keys = ['order-42', 'iccid-8986'];
    msg.properties.shop = '测试店铺';
    const sent = await p.send(msg);
    expect(sent.sendStatus).toBe('SEND_OK');
    await until('the message read back', () => got.length >= 1, 30_000);
    const m = got[0];
    expect(m.msgId).toBe(sent.msgId);
    expect(m.tags).toBe('TagA');
    expect(m.properties.KEYS).toBe('order-42 iccid-8986');
    expect(m.properties.shop).toBe('测试店铺');
    expect(Buffer.compare(m.body, body)).toBe(0);
    expect(m.queueOffset).toBe(sent.queueOffset);
    expect(m.queueId).toBe(Number(sent.messageQueue.queueId)); // ali-ons keeps the header string here
    expect(m.bornHost).toMatch(/^127\.0\.0\.1:\d+$/);
    expect(got.some((x) => x.tags === 'TagC')).toBe(false);
  });

  it('failed consumption comes back through %RETRY%<group> with reconsumeTimes 1', async () => {
    const seen: { msgId: string; reconsumeTimes: number; topic: string; storedIn?: string; origin?: string }[] = [];
    const c = consumer({ consumerGroup: 'GID_retry' });
    c.on('error', () => undefined); // the library reports the failed handler; expected here
    c.subscribe('fieldscope_test', 'Retry', async (m) => {
      // ali-ons hands the retry message over with its original topic; where it was pulled from is the broker's to say
      const storedIn = sandbox.rocketmq!.store.byOffset(m.commitLogOffset)?.msg.topic;
      seen.push({ msgId: m.msgId, reconsumeTimes: m.reconsumeTimes, topic: m.topic, storedIn, origin: m.originMessageId });
      if (m.reconsumeTimes === 0) return ons.Consumer.ACTION_RETRY;
      return undefined;
    });
    const p = onsProducer(rmq().nameServer, rmq().accessKey, rmq().secretKey);
    closers.push(() => p.close());
    const sent = await p.send(new ons.Message('fieldscope_test', 'Retry', 'try me twice'));
    await until('the redelivery', () => seen.some((s) => s.reconsumeTimes === 1), 40_000);
    const first = seen.find((s) => s.reconsumeTimes === 0)!;
    const again = seen.find((s) => s.reconsumeTimes === 1)!;
    expect(first.msgId).toBe(sent.msgId);
    expect(first.storedIn).toBe('fieldscope_test');
    expect(again.storedIn).toBe('%RETRY%GID_retry');
    expect(again.topic).toBe('fieldscope_test');
    expect(again.origin).toBe(sent.msgId);
    expect(again.msgId).not.toBe(sent.msgId);
    expect(sandbox.record.query({ face: 'rocketmq', kind: 'to-retry' }).length).toBeGreaterThan(0);
  });

  it('a wrong secret is refused: the consumer reports NO_PERMISSION with the signature named, the producer cannot send', async () => {
    const errors: (Error & { code?: number })[] = [];
    const c = consumer({ consumerGroup: 'GID_wrong' }, 'not-the-secret');
    c.on('error', (e: Error) => errors.push(e));
    c.subscribe('fieldscope_test', '*', async () => undefined);
    await until('a refusal', () => errors.some((e) => e.code === 16 && /signature/i.test(e.message)), 30_000);
    const p = onsProducer(rmq().nameServer, rmq().accessKey, 'not-the-secret', { retryTimesWhenSendFailed: 0 });
    p.on('error', () => undefined);
    closers.push(() => p.close());
    await expect(p.send(new ons.Message('fieldscope_test', 'X', 'x'))).rejects.toThrow();
    expect(sandbox.record.query({ face: 'rocketmq', kind: 'acl-refused' }).some((e) => e.detail?.reason === 'signature-mismatch')).toBe(true);
    expect(sandbox.rocketmq!.broker.consumerIds('GID_wrong')).toEqual([]);
  });
});
