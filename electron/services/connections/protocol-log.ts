import type { ProtocolLogEntry } from '../../../shared/contract/connections.contract';

export const PROTOCOL_LOG_CAPACITY = 10_000;

/** One connection's protocol log: a bounded ring; `evicted` counts lines pushed out by the bound. */
export class ProtocolLogRing {
  private entries: ProtocolLogEntry[] = [];
  private head = 0;
  private nextSeq = 1;
  evicted = 0;

  constructor(private readonly capacity = PROTOCOL_LOG_CAPACITY) {}

  push(entry: Omit<ProtocolLogEntry, 'seq'>): ProtocolLogEntry {
    const e = { ...entry, seq: this.nextSeq++ } as ProtocolLogEntry;
    if (this.entries.length < this.capacity) this.entries.push(e);
    else {
      this.entries[this.head] = e;
      this.head = (this.head + 1) % this.capacity;
      this.evicted++;
    }
    return e;
  }

  get size(): number {
    return this.entries.length;
  }

  /** Entries oldest first, offset 0 = oldest held. */
  page(offset: number, limit: number): ProtocolLogEntry[] {
    const n = this.entries.length;
    const out: ProtocolLogEntry[] = [];
    for (let i = offset; i < n && out.length < limit; i++) out.push(this.entries[(this.head + i) % n]!);
    return out;
  }
}

/** Collects log lines from every connection and hands them on at most `perSecond` times a second. */
export class LogBatcher {
  private pending: ProtocolLogEntry[] = [];
  private timer: NodeJS.Timeout | null = null;
  private lastEmit = 0;
  private readonly interval: number;

  constructor(
    private readonly emit: (entries: ProtocolLogEntry[]) => void,
    perSecond = 30,
  ) {
    this.interval = Math.ceil(1000 / perSecond);
  }

  add(e: ProtocolLogEntry): void {
    this.pending.push(e);
    if (!this.timer) {
      this.timer = setTimeout(() => this.flush(), Math.max(0, this.lastEmit + this.interval - Date.now()));
      this.timer.unref?.();
    }
  }

  flush(): void {
    if (this.timer) clearTimeout(this.timer);
    this.timer = null;
    if (!this.pending.length) return;
    const entries = this.pending;
    this.pending = [];
    this.lastEmit = Date.now();
    this.emit(entries);
  }

  dispose(): void {
    if (this.timer) clearTimeout(this.timer);
    this.timer = null;
    this.pending = [];
  }
}
