import { createRequire } from 'node:module';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { SandboxEndpoints } from '../../shared/contract/sandbox.contract';
import type { SandboxService } from '../../electron/services/sandbox/sandbox-service';
import { SIM_PUSH_TYPES } from '../../shared/rocketmq/sim-push-messages';
import { ROCKETMQ_ONLY, startSandbox, until } from './sandbox-helpers';

// The MQ HTTP protocol face, spoken to by Alibaba's official SDK (@aliyunmq/mq-http-sdk), a client we did not write.
interface HttpMessage {
  MessageId: string;
  MessageBody: string;
  MessageBodyMD5: string;
  ReceiptHandle: string;
  MessageTag?: string;
  MessageKey?: string;
  ConsumedTimes: string;
  PublishTime: string;
  Properties: Record<string, string>;
}
interface Sdk {
  MQClient: new (
    endpoint: string,
    ak: string,
    sk: string,
  ) => {
    getConsumer(
      instanceId: string,
      topic: string,
      group: string,
      tag?: string,
    ): {
      consumeMessage(n: number, wait: number): Promise<{ code: number; body: HttpMessage[] }>;
      ackMessage(handles: string[]): Promise<{ code: number; body?: unknown }>;
    };
    getProducer(
      instanceId: string,
      topic: string,
    ): { publishMessage(body: string, tag?: string, props?: unknown): Promise<{ code: number; body: { MessageId: string; MessageBodyMD5: string } }> };
  };
  MessageProperties: new () => { messageKey(k: string): void; putProperty(k: string, v: string): void };
}
const sdk = createRequire(import.meta.url)('@aliyunmq/mq-http-sdk') as Sdk;

describe('sandbox MQ HTTP face with @aliyunmq/mq-http-sdk', () => {
  let sandbox: SandboxService;
  let ep: SandboxEndpoints;
  beforeAll(async () => {
    ({ sandbox, ep } = await startSandbox({
      ...ROCKETMQ_ONLY,
      rocketmq: { http: { invisibleMs: 600 } },
      fleet: { enabled: true, devices: 1, telemetryIntervalMs: 1000, simPushIntervalMs: 60, taobaoIntervalMs: 60, statusIntervalMs: 1000 },
    }));
  });
  afterAll(async () => {
    await sandbox.stop();
  });
  const client = (secret = ep.rocketmq!.secretKey) => new sdk.MQClient(ep.rocketmq!.http!.endpoint, ep.rocketmq!.accessKey, secret);
  const inst = () => ep.rocketmq!.http!.instanceId;

  it('consumes SIM pushes with long polling and acks them by receipt handle', async () => {
    const c = client().getConsumer(inst(), ep.rocketmq!.topics.simPush, 'GID_iotsim_app');
    const r = await c.consumeMessage(3, 5);
    expect(r.code).toBe(200);
    expect(r.body.length).toBeGreaterThan(0);
    for (const m of r.body) {
      expect(SIM_PUSH_TYPES).toContain(m.MessageTag);
      expect((JSON.parse(m.MessageBody) as { messageType: string }).messageType).toBe(m.MessageTag);
      expect(m.MessageKey).toBeTruthy();
      expect(m.ConsumedTimes).toBe('1');
    }
    const ack = await c.ackMessage(r.body.map((m) => m.ReceiptHandle));
    expect(ack.code).toBe(204);
  });

  it('publishes a tagged message with a key and a property, reads it back with a tag filter; an ack twice is an error', async () => {
    const topic = ep.rocketmq!.topics.other[0]!;
    const props = new sdk.MessageProperties();
    props.messageKey('order-7');
    props.putProperty('shop', 'sandbox_shop_1');
    const sent = await client().getProducer(inst(), topic).publishMessage('{"订单":7}', 'TagHttp', props);
    expect(sent.code).toBe(201);
    const c = client().getConsumer(inst(), topic, 'GID_fieldscope_diag', 'TagHttp');
    const r = await c.consumeMessage(16, 3);
    const m = r.body.find((x) => x.MessageId === sent.body.MessageId)!;
    expect(m).toBeDefined();
    expect(m).toMatchObject({ MessageBody: '{"订单":7}', MessageTag: 'TagHttp', MessageKey: 'order-7', MessageBodyMD5: sent.body.MessageBodyMD5 });
    expect(m.Properties).toEqual({ shop: 'sandbox_shop_1' });
    expect((await c.ackMessage([m.ReceiptHandle])).code).toBe(204);
    const twice = await c.ackMessage([m.ReceiptHandle]);
    expect(twice.code).toBe(404);
    expect(JSON.stringify(twice.body)).toContain('ReceiptHandleError');
    // one store behind both faces: the TCP face serves the same message under the same msgId
    const store = sandbox.rocketmq!.store;
    const ids = Array.from({ length: store.queueCount(topic) }, (_, q) => store.read(topic, q, 0, 64, { all: true })).flatMap((r) =>
      r.status === 'found' ? r.entries.map((e) => e.msgId) : [],
    );
    expect(ids).toContain(sent.body.MessageId);
  });

  it('redelivers a message not acked within the invisible time, with ConsumedTimes 2', async () => {
    const topic = ep.rocketmq!.topics.other[0]!;
    const sent = await client().getProducer(inst(), topic).publishMessage('again', 'Again');
    const c = client().getConsumer(inst(), topic, 'GID_iotsim_app', 'Again');
    const first = await c.consumeMessage(1, 3);
    expect(first.body[0]!.MessageId).toBe(sent.body.MessageId);
    const again = await until(
      'the redelivery',
      async () => {
        const r = await c.consumeMessage(1, 1).catch(() => undefined);
        return r?.body.find((x) => x.MessageId === sent.body.MessageId);
      },
      20_000,
    );
    expect(again.ConsumedTimes).toBe('2');
    const stale = await c.ackMessage([first.body[0]!.ReceiptHandle]);
    expect(stale.code).toBe(404); // the old receipt handle expired with the invisible time
    expect(JSON.stringify(stale.body)).toContain('ReceiptHandleError');
    expect((await c.ackMessage([again.ReceiptHandle])).code).toBe(204);
  });

  it('refuses a wrong secret and an unknown group', async () => {
    await expect(client('wrong').getConsumer(inst(), ep.rocketmq!.topics.simPush, 'GID_iotsim_app').consumeMessage(1, 1)).rejects.toThrow(
      /SignatureDoesNotMatch/,
    );
    await expect(client().getConsumer(inst(), ep.rocketmq!.topics.simPush, 'GID_nobody').consumeMessage(1, 1)).rejects.toThrow(/SubscriptionNotExist/);
  });
});
