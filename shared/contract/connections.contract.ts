import { z } from 'zod';
import { Empty, Ok, method } from './define';
import { PAYLOAD_FORMATS } from '../mqtt/payload-codec';
import { ExplainPart } from './vendors.contract';

export const Qos = z.union([z.literal(0), z.literal(1), z.literal(2)]);

export const ConnectionStatus = z.enum(['idle', 'connecting', 'connected', 'reconnecting', 'refused', 'closed']);
export type ConnectionStatus = z.infer<typeof ConnectionStatus>;

export const ConnectionState = z.object({
  status: ConnectionStatus,
  since: z.number(),
  attempt: z.number().int().optional(),
  /** When status is reconnecting: ms until the next attempt at the time of the event. */
  retryInMs: z.number().optional(),
  /** The raw reason (CONNACK code, SASL outcome, socket error). */
  reason: z.string().optional(),
  /** The reason in words, with the likely cause for this vendor and what to fix. */
  explanation: z.string().optional(),
  /** The same explanation as stable codes with params, for the renderer's catalogue (English is `explanation`). */
  explanationParts: z.array(ExplainPart).optional(),
});
export type ConnectionState = z.infer<typeof ConnectionState>;

export const SubscriptionView = z.object({
  filter: z.string(),
  qos: Qos,
  color: z.string(),
  /** Granted QoS from SUBACK, or 128 / a reason code >= 0x80 for a failure. */
  granted: z.number().optional(),
});
export type SubscriptionView = z.infer<typeof SubscriptionView>;

export const ConnectionView = z.object({
  connectionId: z.string(),
  profileId: z.string(),
  name: z.string(),
  kind: z.string(),
  protocol: z.enum(['mqtt', 'amqp', 'rocketmq']),
  state: ConnectionState,
  subscriptions: z.array(SubscriptionView),
  /** AMQP: deliveries received and not settled yet. */
  unsettled: z.number().optional(),
  received: z.number(),
  recording: z.object({ file: z.string(), bytes: z.number(), messages: z.number(), startedAt: z.number() }).optional(),
  /**
   * Grows with every state change main reports. An RPC answer and a state event can reach the page in either
   * order; the page keeps the view with the higher revision, so a late `connections.open` answer ("connecting")
   * never hides the refusal that came first.
   */
  revision: z.number().int().nonnegative(),
});
export type ConnectionView = z.infer<typeof ConnectionView>;

export const PayloadFormat = z.enum(PAYLOAD_FORMATS);
export type PayloadFormat = z.infer<typeof PayloadFormat>;

export const Mqtt5PublishProperties = z.object({
  contentType: z.string().optional(),
  responseTopic: z.string().optional(),
  messageExpiryInterval: z.number().int().min(0).optional(),
  userProperties: z.record(z.string(), z.string()).optional(),
});

/** One protocol-log line: a packet or frame sent or received, or a local event. */
export const ProtocolLogEntry = z.object({
  seq: z.number(),
  connectionId: z.string(),
  at: z.number(),
  dir: z.enum(['out', 'in', 'local']),
  /** CONNECT, CONNACK, PUBLISH, open, attach, transfer, ... */
  type: z.string(),
  /** One line summary; never contains a secret (passwords are masked). */
  summary: z.string(),
  /** Decoded fields, secrets masked. */
  detail: z.record(z.string(), z.unknown()).optional(),
  /** Set when the line explains a failure. */
  explanation: z.string().optional(),
  explanationParts: z.array(ExplainPart).optional(),
});
export type ProtocolLogEntry = z.infer<typeof ProtocolLogEntry>;

export const connectionsMethods = {
  'connections.list': method(Empty, z.array(ConnectionView)),
  'connections.open': method(z.object({ profileId: z.string() }), ConnectionView),
  'connections.close': method(z.object({ connectionId: z.string() }), Ok),
  'connections.subscribe': method(
    z.object({ connectionId: z.string(), filter: z.string().min(1), qos: Qos.default(0), color: z.string().optional() }),
    SubscriptionView,
  ),
  'connections.unsubscribe': method(z.object({ connectionId: z.string(), filter: z.string() }), Ok),
  'connections.publish': method(
    z.object({
      connectionId: z.string(),
      topic: z.string().min(1),
      payload: z.object({ format: PayloadFormat, data: z.string() }),
      qos: Qos.default(0),
      retain: z.boolean().default(false),
      properties: Mqtt5PublishProperties.optional(),
    }),
    Ok,
  ),
  'connections.protocolLog': method(
    z.object({ connectionId: z.string(), offset: z.number().int().min(0).default(0), limit: z.number().int().min(1).max(5000).default(500) }),
    z.object({ entries: z.array(ProtocolLogEntry), total: z.number() }),
  ),
  /**
   * MQ for IoT: pull offline messages now ($SYS/getOfflineMsg). Only for persistent sessions (cleanSession off,
   * QoS 1), within the first keep-alive period after connecting, at most 5 pulls a second.
   */
  'connections.mqPullOffline': method(
    z.object({ connectionId: z.string(), pushOrder: z.enum(['ASC', 'DESC']).default('ASC'), maxPushNum: z.number().int().min(1).max(30).default(30) }),
    z.object({ topic: z.string(), body: z.string() }),
  ),
  /** MQ for IoT: a point-to-point message to one Client ID (`<parent>/p2p/<ClientID>`), no subscription needed there. */
  'connections.mqSendP2p': method(
    z.object({
      connectionId: z.string(),
      parentTopic: z.string().min(1),
      targetClientId: z.string().min(1),
      payload: z.object({ format: PayloadFormat, data: z.string() }),
      qos: z.union([z.literal(0), z.literal(1)]).default(1),
    }),
    z.object({ topic: z.string(), warnings: z.array(z.string()) }),
  ),
  /** AMQP manual settlement of one or many held deliveries (by message store seq). */
  'connections.settle': method(
    z.object({ connectionId: z.string(), seqs: z.array(z.number()), outcome: z.enum(['accept', 'reject', 'release', 'modify']) }),
    z.object({ settled: z.number() }),
  ),
};

export const connectionsEvents = {
  'connections.state': ConnectionView,
  /** Batched protocol log lines (at most ~30 batches a second). */
  'connections.log': z.object({ entries: z.array(ProtocolLogEntry) }),
};
