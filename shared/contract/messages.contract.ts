import { z } from 'zod';
import { Ok, method } from './define';

/** A row of the live inspector: compact, no payload beyond the preview. */
export const MessageRow = z.object({
  seq: z.number(),
  connectionId: z.string(),
  protocol: z.enum(['mqtt', 'amqp', 'rocketmq']),
  arrivedAt: z.number(),
  topic: z.string(),
  qos: z.number().optional(),
  retain: z.boolean().optional(),
  dup: z.boolean().optional(),
  size: z.number(),
  /** First characters of the payload as text, or a hex preview when it is not valid UTF-8. */
  preview: z.string(),
  binary: z.boolean().optional(),
  /** AMQP application-properties. */
  messageId: z.string().optional(),
  generateTime: z.number().optional(),
  /** How many earlier deliveries had the same messageId (0 or absent: first). */
  duplicateOf: z.number().optional(),
  outOfOrder: z.boolean().optional(),
  settlement: z.enum(['accepted', 'rejected', 'released', 'modified', 'unsettled']).optional(),
  redelivered: z.boolean().optional(),
});
export type MessageRow = z.infer<typeof MessageRow>;

export const AmqpSections = z.object({
  header: z.record(z.string(), z.unknown()).optional(),
  deliveryAnnotations: z.record(z.string(), z.unknown()).optional(),
  messageAnnotations: z.record(z.string(), z.unknown()).optional(),
  properties: z.record(z.string(), z.unknown()).optional(),
  applicationProperties: z.record(z.string(), z.unknown()).optional(),
  bodyType: z.string().optional(),
});
export type AmqpSections = z.infer<typeof AmqpSections>;

/** What a RocketMQ 4.x message carries beside topic and body (the row's messageId is its msgId). */
export const RocketmqAttributes = z.object({
  msgId: z.string(),
  tags: z.string().optional(),
  keys: z.array(z.string()),
  queueId: z.number(),
  queueOffset: z.number(),
  commitLogOffset: z.number(),
  bornTimestamp: z.number(),
  storeTimestamp: z.number(),
  bornHost: z.string(),
  storeHost: z.string(),
  reconsumeTimes: z.number(),
  /** Where it was pulled from when that differs from the topic (%RETRY%<group>). */
  pulledFrom: z.string().optional(),
  originMsgId: z.string().optional(),
  brokerName: z.string().optional(),
  consumerGroup: z.string().optional(),
  /** The producer's own properties (system ones such as TAGS and KEYS left out). */
  userProperties: z.record(z.string(), z.string()),
  /** Every property as received, system ones included. */
  properties: z.record(z.string(), z.string()),
  /** A recognised IoT SIM push or Taobao sync message and its key fields (shared/rocketmq/business-messages). */
  business: z
    .object({
      family: z.enum(['iot-sim-push', 'taobao']),
      type: z.string(),
      business: z.string().optional(),
      fields: z.array(z.object({ name: z.string(), value: z.string() })),
    })
    .optional(),
});
export type RocketmqAttributes = z.infer<typeof RocketmqAttributes>;

export const MessageDetail = MessageRow.extend({
  payloadBase64: z.string(),
  /** MQTT 5 properties as received. */
  mqttProperties: z.record(z.string(), z.unknown()).optional(),
  amqp: AmqpSections.optional(),
  rocketmq: RocketmqAttributes.optional(),
});
export type MessageDetail = z.infer<typeof MessageDetail>;

export const MessageFilter = z.object({
  connectionIds: z.array(z.string()).optional(),
  /** MQTT topic filter with + and #. */
  topicFilter: z.string().optional(),
  text: z.string().optional(),
  regex: z.boolean().optional(),
  hideDuplicates: z.boolean().optional(),
  orderBy: z.enum(['arrival', 'generateTime']).optional(),
});
export type MessageFilter = z.infer<typeof MessageFilter>;

export const StoreStats = z.object({
  /** Messages held now. */
  size: z.number(),
  capacity: z.number(),
  /** Messages ever received. */
  received: z.number(),
  /** Messages evicted because the bound was hit. */
  dropped: z.number(),
  latestSeq: z.number(),
});
export type StoreStats = z.infer<typeof StoreStats>;

export const messagesMethods = {
  'messages.page': method(
    z.object({ filter: MessageFilter.default({}), offset: z.number().int().min(0), limit: z.number().int().min(1).max(2000) }),
    z.object({ rows: z.array(MessageRow), total: z.number(), stats: StoreStats }),
  ),
  'messages.detail': method(z.object({ seq: z.number() }), MessageDetail.nullable()),
  'messages.clear': method(z.object({ connectionId: z.string().optional() }), Ok),
  'messages.export': method(
    z.object({ seqs: z.array(z.number()), format: z.enum(['json', 'csv']) }),
    z.object({ text: z.string() }),
  ),
};

export const messagesEvents = {
  /**
   * Sent at most ~60 times a second while messages arrive: store stats and the rows that arrived since the
   * previous batch (capped; `truncated` says how many were left out of this batch — they stay in the store).
   */
  'messages.batch': z.object({ stats: StoreStats, rows: z.array(MessageRow), truncated: z.number() }),
};
