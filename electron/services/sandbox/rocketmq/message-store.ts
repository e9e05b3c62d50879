import { encodeStoredMessage, offsetMsgId, type StoredMessage } from '../../../../shared/rocketmq/message-codec';
import { Prop } from '../../../../shared/rocketmq/message-properties';
import { tagMatches, type TagFilter } from '../../../../shared/rocketmq/tag-expression';

export interface StoredEntry {
  msg: StoredMessage;
  msgId: string;
  /** The encoded stored form, kept so a pull is a concatenation. */
  bytes: Uint8Array;
}

interface QueueLog {
  /** Offset of entries[0]; older entries have been dropped (retention). */
  minOffset: number;
  entries: StoredEntry[];
  waiters: Set<() => void>;
}

export type AppendInput = Omit<StoredMessage, 'queueOffset' | 'commitLogOffset' | 'storeTimestamp' | 'storeHost' | 'preparedTransactionOffset'>;

export type ReadResult =
  | { status: 'found'; entries: StoredEntry[]; nextOffset: number; minOffset: number; maxOffset: number }
  | { status: 'none' | 'no-match' | 'offset-moved'; nextOffset: number; minOffset: number; maxOffset: number };

/**
 * The broker's topics: a commit log position shared by every queue (so msgIds are unique) and per queue an
 * in-memory log with a retention cap. Long-polling pulls wait on a queue and are woken by appends.
 */
export class MessageStore {
  private topics = new Map<string, QueueLog[]>();
  private byCommitOffset = new Map<number, StoredEntry>();
  private commitLogPos = 0;
  private rr = new Map<string, number>();

  constructor(
    /** `host:port` of the broker (set once it listens): msgIds are built from it. */
    public storeHost: string,
    private readonly retainPerQueue: number,
    private readonly now: () => number,
  ) {}

  createTopic(topic: string, queues: number): void {
    if (this.topics.has(topic)) return;
    this.topics.set(
      topic,
      Array.from({ length: queues }, () => ({ minOffset: 0, entries: [], waiters: new Set() })),
    );
  }

  has(topic: string): boolean {
    return this.topics.has(topic);
  }

  queueCount(topic: string): number {
    return this.topics.get(topic)?.length ?? 0;
  }

  topicNames(): string[] {
    return [...this.topics.keys()];
  }

  /** Next queue for a publisher that does not choose one (round robin per topic). */
  nextQueue(topic: string): number {
    const n = this.queueCount(topic);
    const i = (this.rr.get(topic) ?? 0) % Math.max(1, n);
    this.rr.set(topic, i + 1);
    return i;
  }

  append(topic: string, input: AppendInput): StoredEntry {
    const queues = this.topics.get(topic);
    if (!queues) throw new Error(`topic ${topic} does not exist`);
    const q = queues[input.queueId];
    if (!q) throw new Error(`topic ${topic} has no queue ${input.queueId}`);
    const msg: StoredMessage = {
      ...input,
      topic,
      queueOffset: q.minOffset + q.entries.length,
      commitLogOffset: this.commitLogPos,
      storeTimestamp: this.now(),
      storeHost: this.storeHost,
      preparedTransactionOffset: 0,
    };
    const bytes = encodeStoredMessage(msg);
    this.commitLogPos += bytes.length;
    const entry = { msg, msgId: offsetMsgId(this.storeHost, msg.commitLogOffset), bytes };
    q.entries.push(entry);
    this.byCommitOffset.set(msg.commitLogOffset, entry);
    if (q.entries.length > this.retainPerQueue) {
      const dropped = q.entries.shift()!;
      this.byCommitOffset.delete(dropped.msg.commitLogOffset);
      q.minOffset++;
    }
    const waiters = [...q.waiters];
    q.waiters.clear();
    for (const w of waiters) w();
    return entry;
  }

  byOffset(commitLogOffset: number): StoredEntry | undefined {
    return this.byCommitOffset.get(commitLogOffset);
  }

  bounds(topic: string, queueId: number): { min: number; max: number } | undefined {
    const q = this.topics.get(topic)?.[queueId];
    return q && { min: q.minOffset, max: q.minOffset + q.entries.length };
  }

  read(topic: string, queueId: number, offset: number, maxMsgs: number, filter: TagFilter, maxBytes = 4 * 1024 * 1024): ReadResult {
    const q = this.topics.get(topic)?.[queueId];
    if (!q) return { status: 'offset-moved', nextOffset: 0, minOffset: 0, maxOffset: 0 };
    const min = q.minOffset;
    const max = q.minOffset + q.entries.length;
    if (offset < min || offset > max) return { status: 'offset-moved', nextOffset: offset < min ? min : max, minOffset: min, maxOffset: max };
    if (offset === max) return { status: 'none', nextOffset: offset, minOffset: min, maxOffset: max };
    const found: StoredEntry[] = [];
    let bytes = 0;
    let next = offset;
    for (; next < max && found.length < maxMsgs; next++) {
      const e = q.entries[next - min];
      if (!tagMatches(filter, e.msg.properties[Prop.TAGS])) continue;
      if (found.length > 0 && bytes + e.bytes.length > maxBytes) break;
      found.push(e);
      bytes += e.bytes.length;
    }
    if (found.length === 0) return { status: 'no-match', nextOffset: next, minOffset: min, maxOffset: max };
    return { status: 'found', entries: found, nextOffset: next, minOffset: min, maxOffset: max };
  }

  /** Resolves on the next append to the queue or after ms; the returned cancel drops the waiter. */
  waitForAppend(topic: string, queueId: number, ms: number): { done: Promise<void>; cancel: () => void } {
    const q = this.topics.get(topic)?.[queueId];
    let timer: NodeJS.Timeout | undefined;
    let wake: () => void = () => undefined;
    const done = new Promise<void>((resolve) => {
      wake = () => {
        if (timer) clearTimeout(timer);
        q?.waiters.delete(wake);
        resolve();
      };
      q?.waiters.add(wake);
      timer = setTimeout(wake, ms);
    });
    return { done, cancel: wake };
  }

  /** First offset whose store time is at or after ts (SEARCH_OFFSET_BY_TIMESTAMP). */
  searchByTime(topic: string, queueId: number, ts: number): number {
    const q = this.topics.get(topic)?.[queueId];
    if (!q) return 0;
    const i = q.entries.findIndex((e) => e.msg.storeTimestamp >= ts);
    return q.minOffset + (i < 0 ? q.entries.length : i);
  }

  clear(): void {
    for (const [topic, queues] of this.topics) {
      // Suspended pulls are answered now (they find nothing) rather than at their timeout.
      for (const q of queues) for (const w of [...q.waiters]) w();
      this.topics.set(
        topic,
        queues.map(() => ({ minOffset: 0, entries: [], waiters: new Set() })),
      );
    }
    this.byCommitOffset.clear();
  }
}
