import type * as Ons from 'ali-ons';
import type { RocketmqAttributes } from '../../../shared/contract/messages.contract';
import { Prop, splitKeys, userProperties } from '../../../shared/rocketmq/message-properties';
import { recogniseBusinessMessage } from '../../../shared/rocketmq/business-messages';
import { retryTopicOf } from '../../../shared/rocketmq/remoting-codes';
import type { IncomingMessage } from '../messages/incoming-message';

/** An ali-ons message as the store takes it: the body untouched, every RocketMQ attribute kept. */
export function incomingFromOns(m: Ons.Message, connectionId: string, arrivedAt: number, group: string, brokerName?: string): IncomingMessage {
  const properties: Record<string, string> = {};
  for (const [k, v] of Object.entries(m.properties ?? {})) if (v !== null && v !== undefined) properties[k] = String(v);
  const attrs: RocketmqAttributes = {
    msgId: m.msgId,
    keys: splitKeys(properties[Prop.KEYS]),
    queueId: Number(m.queueId),
    queueOffset: Number(m.queueOffset),
    commitLogOffset: Number(m.commitLogOffset),
    bornTimestamp: Number(m.bornTimestamp),
    storeTimestamp: Number(m.storeTimestamp),
    bornHost: String(m.bornHost),
    storeHost: String(m.storeHost),
    reconsumeTimes: Number(m.reconsumeTimes),
    consumerGroup: group,
    userProperties: userProperties(properties),
    properties,
  };
  if (properties[Prop.TAGS]) attrs.tags = properties[Prop.TAGS];
  if (brokerName) attrs.brokerName = brokerName;
  // ali-ons hands a redelivered message over under its original topic; say where it really came from.
  if (properties[Prop.RETRY_TOPIC] && m.reconsumeTimes > 0) attrs.pulledFrom = retryTopicOf(group);
  if (properties[Prop.ORIGIN_MESSAGE_ID]) attrs.originMsgId = properties[Prop.ORIGIN_MESSAGE_ID];
  const payload = Buffer.isBuffer(m.body) ? m.body : Buffer.from(m.body ?? []);
  const business = recogniseBusinessMessage(attrs.tags, payload);
  if (business) attrs.business = business;
  const msg: IncomingMessage = {
    connectionId,
    protocol: 'rocketmq',
    arrivedAt,
    topic: m.topic,
    payload,
    messageId: m.msgId,
    rocketmq: attrs,
  };
  if (m.reconsumeTimes > 0) msg.redelivered = true;
  return msg;
}
