import type { MessageRow, StoreStats } from '../../../shared/contract/messages.contract';
import { systemClock, type Clock, type ClockTimer } from '../core/clock';
import type { MessageStore } from './message-store';

export interface MessageBatch {
  stats: StoreStats;
  rows: MessageRow[];
  truncated: number;
}

export interface BatcherOptions {
  /** At most this many batches a second (default 60). */
  maxPerSecond?: number;
  /** Rows per batch (default 250: a screenful many times over); the newest are sent, older ones counted in `truncated` (they stay in the store). */
  maxRows?: number;
  /** Time and timers (tests move a manual clock to assert the rate rule). */
  clock?: Clock;
}

/**
 * Turns a stream of ingests into at most N `messages.batch` events a second: one timer per window, never
 * work per message beyond noting that something changed.
 */
export class MessageBatcher {
  private timer: ClockTimer | null = null;
  private lastEmit = 0;
  private sentUpTo: number;
  private updated = new Set<number>();
  private readonly interval: number;
  private readonly maxRows: number;
  private disposed = false;
  private statsDirty = false;
  private readonly clock: Clock;

  constructor(
    private readonly store: MessageStore,
    private readonly emit: (batch: MessageBatch) => void,
    opts: BatcherOptions = {},
  ) {
    this.clock = opts.clock ?? systemClock;
    this.interval = Math.ceil(1000 / (opts.maxPerSecond ?? 60));
    this.maxRows = opts.maxRows ?? 250;
    this.sentUpTo = store.next - 1;
    store.onChange = (seq, kind) => {
      if (kind === 'update' && seq <= this.sentUpTo) this.updated.add(seq);
      if (!this.timer) this.schedule();
    };
  }

  /** Something other than a message changed the stats (clear): send a batch soon. */
  poke(): void {
    this.statsDirty = true;
    if (!this.timer) this.schedule();
  }

  private schedule(): void {
    if (this.disposed) return;
    const wait = Math.max(0, this.lastEmit + this.interval - this.clock.now());
    const timer = this.clock.setTimeout(() => this.onTimer(), wait);
    // Pending batches alone must not keep a process alive.
    if (typeof timer === 'object' && 'unref' in timer) timer.unref?.();
    this.timer = timer;
  }

  /**
   * Node runs a timer by its loop time, which can lag the clock: a timer may fire a millisecond or two before
   * the gap is over. Then wait out the rest instead of sending early (the rule holds by this clock).
   */
  private onTimer(): void {
    this.timer = null;
    if (this.clock.now() < this.lastEmit + this.interval) this.schedule();
    else this.flush();
  }

  flush(): void {
    if (this.timer) this.clock.clearTimeout(this.timer);
    this.timer = null;
    const store = this.store;
    const newest = store.next - 1;
    const from = Math.max(this.sentUpTo + 1, store.first);
    const fresh = Math.max(0, newest - from + 1);
    if (fresh === 0 && this.updated.size === 0 && !this.statsDirty) return;
    const rows: MessageRow[] = [];
    for (const seq of this.updated) {
      if (rows.length >= this.maxRows) break;
      const r = store.row(seq);
      if (r) rows.push(r);
    }
    this.updated.clear();
    const room = this.maxRows - rows.length;
    const start = Math.max(from, newest - room + 1);
    for (let seq = start; seq <= newest; seq++) {
      const r = store.row(seq);
      if (r) rows.push(r);
    }
    this.sentUpTo = newest;
    this.statsDirty = false;
    this.lastEmit = this.clock.now();
    this.emit({ stats: store.stats(), rows, truncated: start - from });
  }

  dispose(): void {
    this.disposed = true;
    if (this.timer) this.clock.clearTimeout(this.timer);
    this.timer = null;
    this.store.onChange = null;
  }
}
