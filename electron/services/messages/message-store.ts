import { isUtf8 } from 'node:buffer';
import type { AmqpSections, MessageDetail, MessageRow, RocketmqAttributes, StoreStats } from '../../../shared/contract/messages.contract';
import { hexPreview } from '../../../shared/mqtt/hex';
import { previewOfValidUtf8 } from '../../../shared/mqtt/utf8';
import { searchableAttributes } from '../../../shared/rocketmq/searchable-attributes';
import type { IncomingMessage } from './incoming-message';
import { PayloadArena } from './payload-arena';
import { StringInterner } from './string-interner';

// A million messages by default; the byte cap keeps the whole app (main + renderer) within about 1 GB
// whatever the payload sizes (past it the oldest are evicted, counted in stats.dropped and shown in the status bar).
export const DEFAULT_STORE_CAPACITY = 1_000_000;
export const DEFAULT_STORE_MAX_BYTES = 384 * 1024 * 1024;
export const PREVIEW_CHARS = 120;

export type Settlement = NonNullable<IncomingMessage['settlement']>;
const SETTLEMENTS: Array<Settlement | undefined> = [undefined, 'accepted', 'rejected', 'released', 'modified', 'unsettled'];
const settlementCode = (s: IncomingMessage['settlement']) => (s ? SETTLEMENTS.indexOf(s) : 0);

// flag bits
const QOS_MASK = 3;
const RETAIN = 1 << 2;
const DUP = 1 << 3;
const AMQP = 1 << 4;
const REMOVED = 1 << 5;
const OUT_OF_ORDER = 1 << 6;
const REDELIVERED = 1 << 7;

interface Extras {
  mqttProperties?: Record<string, unknown>;
  messageId?: string;
  amqp?: AmqpSections;
  rocketmq?: RocketmqAttributes;
}

export interface MessageStoreOptions {
  capacity?: number;
  /** Bound on payload bytes held; oldest messages are evicted (and counted as dropped) past it. */
  maxBytes?: number;
}

/**
 * The bounded message store in main: a ring of parallel typed arrays indexed by seq % capacity, payload
 * bytes in a slab arena, topics and connection ids interned. Seqs are contiguous from `firstSeq` to
 * `nextSeq - 1`; a message removed by a per-connection clear stays as a tombstone until its slot is reused.
 * Rows (previews) are computed only when asked for.
 */
export class MessageStore {
  readonly capacity: number;
  readonly maxBytes: number;
  private firstSeq = 1;
  private nextSeq = 1;
  private live = 0;
  private received = 0;
  private dropped = 0;
  private payloadBytes = 0;
  /** Bumped whenever messages disappear other than by eviction (clear), so query caches restart. */
  generation = 0;

  private readonly arrivedAt: Float64Array;
  private readonly generateTime: Float64Array;
  private readonly topicId: Int32Array;
  private readonly connId: Int32Array;
  private readonly flags: Uint8Array;
  private readonly settlement: Uint8Array;
  private readonly duplicateOf: Uint32Array;
  /** 0 unknown, 1 valid UTF-8, 2 not. Filled lazily. */
  private readonly utf8State: Uint8Array;
  private readonly extras: Array<Extras | undefined>;
  private readonly arena: PayloadArena;
  private readonly topics = new StringInterner();
  private readonly conns = new StringInterner();
  /** AMQP duplicate detection: deliveries held per (connection, messageId). */
  private readonly seenIds = new Map<string, number>();
  private readonly maxGenerateTime = new Map<number, number>();
  /** An array, not a Set: iterated once per message. */
  private listeners: Array<(msg: IncomingMessage, seq: number) => void> = [];
  /** The batcher's hook: cheaper than a listener, called after each ingest and settlement change. */
  onChange: ((seq: number, kind: 'ingest' | 'update') => void) | null = null;

  constructor(opts: MessageStoreOptions = {}) {
    const cap = opts.capacity ?? DEFAULT_STORE_CAPACITY;
    if (!Number.isInteger(cap) || cap < 1) throw new Error(`store capacity must be a positive integer (got ${cap})`);
    this.capacity = cap;
    this.maxBytes = opts.maxBytes ?? DEFAULT_STORE_MAX_BYTES;
    this.arrivedAt = new Float64Array(cap);
    this.generateTime = new Float64Array(cap);
    this.topicId = new Int32Array(cap);
    this.connId = new Int32Array(cap);
    this.flags = new Uint8Array(cap);
    this.settlement = new Uint8Array(cap);
    this.duplicateOf = new Uint32Array(cap);
    this.utf8State = new Uint8Array(cap);
    this.extras = new Array(cap);
    this.arena = new PayloadArena(cap);
  }

  ingest(msg: IncomingMessage): number {
    const len = msg.payload.length;
    if (this.nextSeq - this.firstSeq >= this.capacity) this.evictOldest();
    while (this.payloadBytes + len > this.maxBytes && this.firstSeq < this.nextSeq) this.evictOldest();
    const seq = this.nextSeq++;
    const slot = seq % this.capacity;
    this.arrivedAt[slot] = msg.arrivedAt;
    this.topicId[slot] = this.topics.acquire(msg.topic);
    const conn = this.conns.acquire(msg.connectionId);
    this.connId[slot] = conn;
    let f = (msg.qos ?? 0) & QOS_MASK;
    if (msg.retain) f |= RETAIN;
    if (msg.dup) f |= DUP;
    if (msg.redelivered) f |= REDELIVERED;
    this.settlement[slot] = msg.settlement ? settlementCode(msg.settlement) : 0;
    // Computed lazily (ingest stays cheap); a text scan learns it a whole slab at a time (see textScanner).
    this.utf8State[slot] = 0;
    this.duplicateOf[slot] = 0;
    this.generateTime[slot] = NaN;
    if (msg.protocol === 'amqp') {
      f |= AMQP;
      if (msg.generateTime !== undefined) {
        this.generateTime[slot] = msg.generateTime;
        const max = this.maxGenerateTime.get(conn);
        if (max !== undefined && msg.generateTime < max) f |= OUT_OF_ORDER;
        if (max === undefined || msg.generateTime > max) this.maxGenerateTime.set(conn, msg.generateTime);
      }
      if (msg.messageId !== undefined) {
        const key = `${conn}\u0000${msg.messageId}`;
        const seen = this.seenIds.get(key) ?? 0;
        this.duplicateOf[slot] = seen;
        this.seenIds.set(key, seen + 1);
      }
    }
    this.flags[slot] = f;
    this.extras[slot] =
      msg.mqttProperties || msg.messageId !== undefined || msg.amqp || msg.rocketmq
        ? { mqttProperties: msg.mqttProperties, messageId: msg.messageId, amqp: msg.amqp, rocketmq: msg.rocketmq }
        : undefined;
    this.arena.put(seq, slot, msg.payload);
    this.payloadBytes += len;
    this.received++;
    this.live++;
    const ls = this.listeners;
    for (let i = 0; i < ls.length; i++) {
      try {
        ls[i]!(msg, seq);
      } catch {
        // A broken tap (presence, capture) must never lose the message for everyone else.
      }
    }
    this.onChange?.(seq, 'ingest');
    return seq;
  }

  private evictOldest(): void {
    const seq = this.firstSeq++;
    const slot = seq % this.capacity;
    if (!(this.flags[slot]! & REMOVED)) {
      this.dropped++;
      this.release(slot);
    }
    this.arena.releaseBefore(this.firstSeq);
  }

  /** Forgets the message in a slot (eviction or clear). */
  private release(slot: number): void {
    this.live--;
    this.payloadBytes -= this.arena.size(slot);
    this.arena.free(slot);
    this.topics.release(this.topicId[slot]!);
    const conn = this.connId[slot]!;
    const ex = this.extras[slot];
    if (ex?.messageId !== undefined) {
      const key = `${conn}\u0000${ex.messageId}`;
      const n = (this.seenIds.get(key) ?? 1) - 1;
      if (n <= 0) this.seenIds.delete(key);
      else this.seenIds.set(key, n);
    }
    this.conns.release(conn);
    this.extras[slot] = undefined;
    this.flags[slot] = this.flags[slot]! | REMOVED;
  }

  onIngest(listener: (msg: IncomingMessage, seq: number) => void): () => void {
    this.listeners = [...this.listeners, listener];
    return () => {
      this.listeners = this.listeners.filter((l) => l !== listener);
    };
  }

  updateSettlement(seq: number, s: IncomingMessage['settlement']): void {
    if (!this.has(seq)) return;
    this.settlement[seq % this.capacity] = settlementCode(s);
    this.onChange?.(seq, 'update');
  }

  /** Removes every message (or one connection's); seqs keep counting up. */
  clear(connectionId?: string): number {
    let removed = 0;
    if (connectionId === undefined) {
      removed = this.live;
      this.firstSeq = this.nextSeq;
      this.live = 0;
      this.payloadBytes = 0;
      this.arena.clear();
      this.extras.fill(undefined);
      this.topics.clear();
      this.conns.clear();
      this.seenIds.clear();
      this.maxGenerateTime.clear();
    } else {
      const id = this.conns.idOf(connectionId);
      if (id >= 0) {
        for (let seq = this.firstSeq; seq < this.nextSeq; seq++) {
          const slot = seq % this.capacity;
          if (this.connId[slot] === id && !(this.flags[slot]! & REMOVED)) {
            this.release(slot);
            removed++;
            // release() may have freed the id once its last message went.
            if (this.conns.idOf(connectionId) < 0) break;
          }
        }
        this.maxGenerateTime.delete(id);
      }
    }
    this.generation++;
    return removed;
  }

  stats(): StoreStats {
    return { size: this.live, capacity: this.capacity, received: this.received, dropped: this.dropped, latestSeq: this.nextSeq - 1 };
  }

  get bytesHeld(): number {
    return this.payloadBytes;
  }

  // ---- reading (used by queries, the batcher and the feature) ----

  get first(): number {
    return this.firstSeq;
  }
  get next(): number {
    return this.nextSeq;
  }

  has(seq: number): boolean {
    return Number.isInteger(seq) && seq >= this.firstSeq && seq < this.nextSeq && !(this.flags[seq % this.capacity]! & REMOVED);
  }

  /** Interned connection id of a held seq (compare with connIdOf(name) for fast filters). */
  connOf(seq: number): number {
    return this.connId[seq % this.capacity]!;
  }
  connIdOf(connectionId: string): number {
    return this.conns.idOf(connectionId);
  }
  topicIdAt(seq: number): number {
    return this.topicId[seq % this.capacity]!;
  }
  topicOf(seq: number): string {
    return this.topics.value(this.topicId[seq % this.capacity]!);
  }
  payloadOf(seq: number): Buffer {
    return this.arena.view(seq % this.capacity);
  }
  isDuplicate(seq: number): boolean {
    return this.duplicateOf[seq % this.capacity]! > 0;
  }
  generateTimeOf(seq: number): number {
    return this.generateTime[seq % this.capacity]!;
  }
  connectionOf(seq: number): string {
    return this.conns.value(this.connId[seq % this.capacity]!);
  }
  sizeOf(seq: number): number {
    return this.arena.size(seq % this.capacity);
  }
  /** MQTT QoS; -1 for AMQP (sorts before QoS 0). */
  qosOf(seq: number): number {
    const f = this.flags[seq % this.capacity]!;
    return f & AMQP ? -1 : f & QOS_MASK;
  }
  arrivedAtOf(seq: number): number {
    return this.arrivedAt[seq % this.capacity]!;
  }

  /**
   * Case-insensitive (ASCII) byte search over payloads, for scans in increasing seq order (see
   * PayloadArena.textScanner): true/false for UTF-8 payloads, null for the others (searched as hex).
   */
  textScanner(needleLowerAscii: Buffer): (seq: number) => boolean | null {
    const scan = this.arena.textScanner(needleLowerAscii);
    return (seq) => {
      const slot = seq % this.capacity;
      const r = scan(slot);
      // An all-ASCII slab is text throughout; anything else is checked (once) per message.
      if (r.ascii) this.utf8State[slot] = 1;
      else if (!this.isText(seq)) return null;
      return r.match;
    };
  }

  /** Whether a held message's payload is valid UTF-8. */
  isText(seq: number): boolean {
    const slot = seq % this.capacity;
    let s = this.utf8State[slot]!;
    if (s === 0) {
      s = isUtf8(this.arena.view(slot)) ? 1 : 2;
      this.utf8State[slot] = s;
    }
    return s === 1;
  }

  /** The RocketMQ tags and keys the text filter searches too; undefined for other messages. */
  attributeText(seq: number): string | undefined {
    const rq = this.extras[seq % this.capacity]?.rocketmq;
    return rq ? searchableAttributes(rq) : undefined;
  }

  row(seq: number): MessageRow | undefined {
    if (!this.has(seq)) return undefined;
    const slot = seq % this.capacity;
    const f = this.flags[slot]!;
    const payload = this.arena.view(slot);
    const text = this.isText(seq);
    const amqp = (f & AMQP) !== 0;
    // RocketMQ messages always carry their attributes: that is what marks them (the flag byte is full).
    const rocketmq = !amqp && this.extras[slot]?.rocketmq !== undefined;
    const row: MessageRow = {
      seq,
      connectionId: this.conns.value(this.connId[slot]!),
      protocol: amqp ? 'amqp' : rocketmq ? 'rocketmq' : 'mqtt',
      arrivedAt: this.arrivedAt[slot]!,
      topic: this.topics.value(this.topicId[slot]!),
      size: payload.length,
      preview: text ? previewOfValidUtf8(payload, PREVIEW_CHARS) : hexPreview(payload, 40),
    };
    if (!text) row.binary = true;
    if (!amqp && !rocketmq) {
      row.qos = f & QOS_MASK;
      row.retain = (f & RETAIN) !== 0;
      row.dup = (f & DUP) !== 0;
    }
    const ex = this.extras[slot];
    if (ex?.messageId !== undefined) row.messageId = ex.messageId;
    const rq = ex?.rocketmq;
    if (rq) {
      if (rq.tags !== undefined) row.tags = rq.tags;
      row.keys = rq.keys;
      row.queueId = rq.queueId;
      row.queueOffset = rq.queueOffset;
      if (rq.brokerName !== undefined) row.brokerName = rq.brokerName;
    }
    const gt = this.generateTime[slot]!;
    if (!Number.isNaN(gt)) row.generateTime = gt;
    const dupOf = this.duplicateOf[slot]!;
    if (dupOf > 0) row.duplicateOf = dupOf;
    if (f & OUT_OF_ORDER) row.outOfOrder = true;
    const st = SETTLEMENTS[this.settlement[slot]!];
    if (st) row.settlement = st;
    if (f & REDELIVERED) row.redelivered = true;
    return row;
  }

  detail(seq: number): MessageDetail | null {
    const row = this.row(seq);
    if (!row) return null;
    const ex = this.extras[seq % this.capacity];
    const d: MessageDetail = { ...row, payloadBase64: this.payloadOf(seq).toString('base64') };
    if (ex?.mqttProperties) d.mqttProperties = ex.mqttProperties;
    if (ex?.amqp) d.amqp = ex.amqp;
    if (ex?.rocketmq) d.rocketmq = ex.rocketmq;
    return d;
  }

  /** The message as a driver handed it (payload is a view of the stored bytes). */
  get(seq: number): (IncomingMessage & { seq: number }) | undefined {
    if (!this.has(seq)) return undefined;
    const slot = seq % this.capacity;
    const f = this.flags[slot]!;
    const ex = this.extras[slot];
    const amqp = (f & AMQP) !== 0;
    const rocketmq = !amqp && ex?.rocketmq !== undefined;
    const m: IncomingMessage & { seq: number } = {
      seq,
      connectionId: this.conns.value(this.connId[slot]!),
      protocol: amqp ? 'amqp' : rocketmq ? 'rocketmq' : 'mqtt',
      arrivedAt: this.arrivedAt[slot]!,
      topic: this.topics.value(this.topicId[slot]!),
      payload: this.arena.view(slot),
    };
    if (!amqp && !rocketmq) {
      m.qos = f & QOS_MASK;
      m.retain = (f & RETAIN) !== 0;
      m.dup = (f & DUP) !== 0;
    }
    if (ex?.mqttProperties) m.mqttProperties = ex.mqttProperties;
    if (ex?.messageId !== undefined) m.messageId = ex.messageId;
    if (ex?.amqp) m.amqp = ex.amqp;
    if (ex?.rocketmq) m.rocketmq = ex.rocketmq;
    const gt = this.generateTime[slot]!;
    if (!Number.isNaN(gt)) m.generateTime = gt;
    const st = SETTLEMENTS[this.settlement[slot]!];
    if (st) m.settlement = st;
    if (f & REDELIVERED) m.redelivered = true;
    return m;
  }
}
