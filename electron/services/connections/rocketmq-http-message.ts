import type { MqHttpMessage } from '@aliyunmq/mq-http-sdk';
import type { RocketmqAttributes } from '../../../shared/contract/messages.contract';
import { recogniseBusinessMessage } from '../../../shared/rocketmq/business-messages';
import { Prop, splitKeys, userProperties } from '../../../shared/rocketmq/message-properties';
import type { IncomingMessage } from '../messages/incoming-message';

const ms = (v: string | number | undefined): number | undefined => {
  const n = Number(v);
  return v === undefined || v === '' || !Number.isFinite(n) ? undefined : n;
};

/**
 * One MQ HTTP delivery as the store takes it, in the same RocketMQ attribute section the TCP driver fills.
 * The HTTP protocol has no queue, offsets or hosts; it says how often this message was handed out
 * (ConsumedTimes), so reconsumeTimes is that minus one. The SDK moves KEYS out of the properties (MessageKey);
 * they are put back so `properties` lists what the service sent.
 */
export function incomingFromMqHttp(m: MqHttpMessage, connectionId: string, topic: string, arrivedAt: number, group: string): IncomingMessage {
  const consumed = ms(m.ConsumedTimes) ?? 1;
  const properties: Record<string, string> = { ...(m.Properties ?? {}) };
  if (m.MessageKey) properties[Prop.KEYS] = m.MessageKey;
  if (m.MessageTag) properties[Prop.TAGS] = m.MessageTag;
  const attrs: RocketmqAttributes = {
    msgId: m.MessageId,
    keys: splitKeys(m.MessageKey),
    reconsumeTimes: consumed - 1,
    consumedTimes: consumed,
    consumerGroup: group,
    userProperties: userProperties(properties),
    properties,
  };
  if (m.MessageTag) attrs.tags = m.MessageTag;
  for (const [k, v] of [
    ['publishTime', m.PublishTime],
    ['firstConsumeTime', m.FirstConsumeTime],
    ['nextConsumeTime', m.NextConsumeTime],
  ] as const) {
    const n = ms(v);
    if (n !== undefined) attrs[k] = n;
  }
  // The SDK hands the body over as a string (the protocol carries text); its UTF-8 bytes are what was sent.
  const payload = Buffer.from(m.MessageBody ?? '', 'utf8');
  const business = recogniseBusinessMessage(attrs.tags, payload);
  if (business) attrs.business = business;
  return {
    connectionId,
    protocol: 'rocketmq',
    arrivedAt,
    topic,
    payload,
    messageId: m.MessageId,
    redelivered: consumed > 1,
    rocketmq: attrs,
  };
}
