import type * as Ons from 'ali-ons';
import { ResponseCode } from '../../../shared/rocketmq/remoting-codes';
import type { RocketmqDiagnostics, RocketmqQueueDiagnostics } from '../../../shared/contract/rocketmq.contract';

/**
 * The parts of an ali-ons push consumer the diagnostics read. Not in its typings, but its own machinery:
 * the rebalance's process queue table, the offset store (memory table, broker query) and the client
 * instance's remoting calls (GET_MAX_OFFSET, GET_CONSUMER_LIST_BY_GROUP), so every request is signed and
 * routed exactly as the consumer's own.
 */
interface OnsInternals {
  readonly clientId: string;
  readonly consumerGroup: string;
  readonly processQueueTable: Ons.Consumer['processQueueTable'];
  readonly _offsetStore: {
    offsetTable: Map<string, number>;
    /** Remote (clustering) store only: QUERY_CONSUMER_OFFSET without touching the memory table. */
    fetchConsumeOffsetFromBroker?(mq: Ons.MessageQueue): Promise<number>;
  };
  readonly _mqClient: {
    maxOffset(mq: Ons.MessageQueue): Promise<number>;
    findConsumerIdList(topic: string, group: string): Promise<string[] | undefined>;
  };
}

const reason = (err: unknown) => {
  const e = err as Error & { code?: number };
  return typeof e.code === 'number' ? `${e.code}: ${e.message}` : e.message;
};

/** The Dashboard's diff: the broker's max offset minus the group's committed offset (the client's when none is). */
export function queueLag(maxOffset: number | null, committed: number | null, consumed: number | null): number | null {
  if (maxOffset === null) return null;
  // An empty queue has nothing to lag behind, whatever the group has committed.
  if (maxOffset === 0) return 0;
  const base = committed ?? consumed;
  return base === null ? null : Math.max(0, maxOffset - base);
}

/**
 * One snapshot of a running consumer. Ordinary Apache RocketMQ clients see the same: a queue whose broker
 * does not answer keeps its row with the reason, and a group list the broker refuses leaves the count unknown.
 */
export async function readRocketmqDiagnostics(
  consumer: Ons.Consumer,
  p: { connectionId: string; topic: string; broadcasting: boolean; now: () => number },
): Promise<RocketmqDiagnostics> {
  const c = consumer as unknown as OnsInternals;
  const mqs = [...c.processQueueTable.values()]
    .map((x) => x.messageQueue)
    .sort((a, b) => a.topic.localeCompare(b.topic) || a.brokerName.localeCompare(b.brokerName) || a.queueId - b.queueId);
  const store = c._offsetStore;
  const queues = await Promise.all(
    mqs.map(async (mq): Promise<RocketmqQueueDiagnostics> => {
      const errors: string[] = [];
      const mem = store.offsetTable.get(mq.key);
      const consumedOffset = typeof mem === 'number' && mem >= 0 ? mem : null;
      const [maxOffset, committedOffset] = await Promise.all([
        c._mqClient.maxOffset(mq).then(
          (n) => (Number.isFinite(n) ? n : null),
          (err: unknown) => (errors.push(`GET_MAX_OFFSET ${reason(err)}`), null),
        ),
        // Broadcasting keeps offsets on the client only: nothing is committed on the broker.
        p.broadcasting || !store.fetchConsumeOffsetFromBroker
          ? Promise.resolve(null)
          : store.fetchConsumeOffsetFromBroker(mq).then(
              (n) => (Number.isFinite(n) && n >= 0 ? n : null),
              (err: unknown) => {
                // QUERY_NOT_FOUND: no offset committed for this group yet; not an error, just none.
                if ((err as { code?: number }).code !== ResponseCode.QUERY_NOT_FOUND) errors.push(`QUERY_CONSUMER_OFFSET ${reason(err)}`);
                return null;
              },
            ),
      ]);
      const q: RocketmqQueueDiagnostics = {
        topic: mq.topic,
        brokerName: mq.brokerName,
        queueId: mq.queueId,
        consumedOffset,
        committedOffset,
        maxOffset,
        lag: queueLag(maxOffset, committedOffset, consumedOffset),
      };
      if (errors.length) q.error = errors.join('; ');
      return q;
    }),
  );
  let consumerIds: string[] | null = null;
  let consumerIdsError: string | undefined;
  try {
    consumerIds = (await c._mqClient.findConsumerIdList(p.topic, c.consumerGroup)) ?? null;
  } catch (err) {
    consumerIdsError = `GET_CONSUMER_LIST_BY_GROUP ${reason(err)}`;
  }
  const out: RocketmqDiagnostics = {
    connectionId: p.connectionId,
    consumerGroup: c.consumerGroup,
    messageModel: p.broadcasting ? 'broadcasting' : 'clustering',
    clientId: c.clientId,
    consumerIds: consumerIds ? [...consumerIds].sort() : null,
    queues,
    // Unknown (not 0) while no queue's lag is known: an engineer must not read "nothing pending" from it.
    totalLag: queues.some((q) => q.lag !== null) ? queues.reduce((n, q) => n + (q.lag ?? 0), 0) : null,
    at: p.now(),
  };
  if (consumerIdsError) out.consumerIdsError = consumerIdsError;
  return out;
}
