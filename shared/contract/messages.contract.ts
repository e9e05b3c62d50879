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
  /** RocketMQ: lifted out of the attributes for the list's columns (the row's messageId is its msgId). */
  tags: z.string().optional(),
  keys: z.array(z.string()).optional(),
  queueId: z.number().optional(),
  queueOffset: z.number().optional(),
  brokerName: z.string().optional(),
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

/**
 * What a RocketMQ 4.x message carries beside topic and body (the row's messageId is its msgId). The TCP
 * remoting consumer sees queue, offsets, born/store times and hosts; the MQ HTTP protocol gives none of those
 * but publishTime, the consume times and ConsumedTimes (reconsumeTimes = consumedTimes - 1), so the fields only
 * one of them has are optional.
 */
export const RocketmqAttributes = z.object({
  msgId: z.string(),
  tags: z.string().optional(),
  keys: z.array(z.string()),
  queueId: z.number().optional(),
  queueOffset: z.number().optional(),
  commitLogOffset: z.number().optional(),
  bornTimestamp: z.number().optional(),
  storeTimestamp: z.number().optional(),
  bornHost: z.string().optional(),
  storeHost: z.string().optional(),
  /** MQ HTTP: PublishTime, FirstConsumeTime, NextConsumeTime (ms epoch) and ConsumedTimes of this delivery. */
  publishTime: z.number().optional(),
  firstConsumeTime: z.number().optional(),
  nextConsumeTime: z.number().optional(),
  consumedTimes: z.number().optional(),
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
  /** The list's order (a sorted column); arrival when absent. */
  orderBy: z.enum(['arrival', 'generateTime', 'topic', 'connection', 'size', 'qos']).optional(),
  descending: z.boolean().optional(),
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

/**
 * What one inspector view shows: a filter (with its order) and either the newest `count` rows (follow the
 * tail) or `count` rows from `offset`. Main keeps one compiled query per view and pushes exactly these rows.
 */
export const ViewportRange = z.discriminatedUnion('mode', [
  z.object({ mode: z.literal('tail'), count: z.number().int().min(1).max(2000) }),
  z.object({ mode: z.literal('range'), offset: z.number().int().min(0), count: z.number().int().min(1).max(2000) }),
]);
export type ViewportRange = z.infer<typeof ViewportRange>;

export const ViewportRequest = z.object({
  /** Chosen by the renderer (one per view); pushes carry it back. */
  viewId: z.string().min(1).max(64),
  /** Bumped by the renderer with every change of filter or range; pushes say which one they answer. */
  request: z.number().int().min(0),
  filter: MessageFilter.default({}),
  range: ViewportRange,
});
export type ViewportRequest = z.infer<typeof ViewportRequest>;

/** Matching rows that no push carried because the view followed the tail faster than it could be shown. */
export const ViewportGap = z.object({
  /** The last row the previous push carried (the gap starts after it). */
  afterSeq: z.number(),
  /** How many matching rows lie between it and this push's first row; they are in the store, at indexes
   *  [offset - count, offset) of this push's list. */
  count: z.number().int().min(1),
});
export type ViewportGap = z.infer<typeof ViewportGap>;

export const ViewportPush = z.object({
  viewId: z.string(),
  /** Push number within this view; acknowledge it with messages.viewportAck. */
  version: z.number().int(),
  /** The request this push answers. */
  request: z.number().int(),
  /** Index of rows[0] in the filtered, ordered list. */
  offset: z.number().int(),
  /** Length of the filtered list. */
  total: z.number().int(),
  rows: z.array(MessageRow),
  stats: StoreStats,
  gap: ViewportGap.optional(),
  /** The filter cannot run (e.g. an invalid topic filter): what to fix. */
  error: z.string().optional(),
});
export type ViewportPush = z.infer<typeof ViewportPush>;

/** The inspector's columns. AMQP-only ones show only when an AMQP source is in view. */
export const ColumnId = z.enum([
  'time',
  'connection',
  'topic',
  'qos',
  'flags',
  'size',
  'messageId',
  'tags',
  'keys',
  'queue',
  'generateTime',
  'settlement',
  'preview',
]);
export type ColumnId = z.infer<typeof ColumnId>;

/** What the user chose for the columns (kept in main, so it survives a restart of any host). */
export const ColumnSettings = z.object({
  order: z.array(ColumnId).max(20),
  hidden: z.array(ColumnId).max(20),
  /** Pixels; absent: the column's default. */
  widths: z.partialRecord(ColumnId, z.number().int().min(24).max(2000)),
  /** Sorts the rows on screen (the viewport); absent: arrival order. */
  sort: z.object({ column: ColumnId, dir: z.enum(['asc', 'desc']) }).nullable(),
});
export type ColumnSettings = z.infer<typeof ColumnSettings>;

export const messagesMethods = {
  'messages.columnsGet': method(z.object({}), ColumnSettings.nullable()),
  'messages.columnsSet': method(ColumnSettings, Ok),
  /** Opens or changes a view; a push with its rows follows. */
  'messages.viewport': method(ViewportRequest, Ok),
  /** The renderer has shown push `version`: main may send the next one. */
  'messages.viewportAck': method(z.object({ viewId: z.string().min(1).max(64), version: z.number().int() }), Ok),
  'messages.viewportClose': method(z.object({ viewId: z.string().min(1).max(64) }), Ok),
  'messages.page': method(
    z.object({ filter: MessageFilter.default({}), offset: z.number().int().min(0), limit: z.number().int().min(1).max(2000) }),
    z.object({ rows: z.array(MessageRow), total: z.number(), stats: StoreStats }),
  ),
  'messages.detail': method(z.object({ seq: z.number() }), MessageDetail.nullable()),
  'messages.clear': method(z.object({ connectionId: z.string().optional() }), Ok),
  'messages.export': method(z.object({ seqs: z.array(z.number()), format: z.enum(['json', 'csv']) }), z.object({ text: z.string() })),
};

export const messagesEvents = {
  /**
   * One view's rows and counts: at most once a frame, and never before the renderer acknowledged the previous
   * push (backpressure by construction: a slow renderer gets fewer, fresher pushes, and a gap marker for rows
   * it did not see; nothing is dropped from the store or skipped silently).
   */
  'messages.viewport': ViewportPush,
};
