import { z } from 'zod';
import { method } from './define';

/** One queue assigned to this client by the rebalance, with the offsets RocketMQ Dashboard shows for it. */
export const RocketmqQueueDiagnostics = z.object({
  topic: z.string(),
  brokerName: z.string(),
  queueId: z.number(),
  /** What this client has consumed up to (its in-memory offset store); null before the first pull. */
  consumedOffset: z.number().nullable(),
  /** The group's offset committed on the broker (QUERY_CONSUMER_OFFSET); null when none is committed yet. */
  committedOffset: z.number().nullable(),
  /** The queue's max offset on the broker (GET_MAX_OFFSET). */
  maxOffset: z.number().nullable(),
  /** maxOffset − committedOffset (the Dashboard's "diff"); the client offset stands in when none is committed. */
  lag: z.number().nullable(),
  /** Why a broker value is missing (not a refusal of the whole snapshot). */
  error: z.string().optional(),
});
export type RocketmqQueueDiagnostics = z.infer<typeof RocketmqQueueDiagnostics>;

export const RocketmqDiagnostics = z.object({
  connectionId: z.string(),
  consumerGroup: z.string(),
  messageModel: z.enum(['clustering', 'broadcasting']),
  /** This client's id as the broker knows it (ip@instanceName). */
  clientId: z.string().optional(),
  /** GET_CONSUMER_LIST_BY_GROUP: every client in the group (this one included); null when the broker did not say. */
  consumerIds: z.array(z.string()).nullable(),
  consumerIdsError: z.string().optional(),
  queues: z.array(RocketmqQueueDiagnostics),
  /** The sum of the known queue lags; null while none is known. */
  totalLag: z.number().nullable(),
  at: z.number(),
});
export type RocketmqDiagnostics = z.infer<typeof RocketmqDiagnostics>;

export const rocketmqMethods = {
  /** A snapshot of a RocketMQ connection's consumer: assigned queues, offsets, lag, the group's consumers. */
  'rocketmq.diagnostics': method(z.object({ connectionId: z.string() }), RocketmqDiagnostics),
};

export const rocketmqEvents = {};
