import type { MessageRow, ViewportGap, ViewportPush, ViewportRequest } from '../../../shared/contract/messages.contract';
import { FLOOD_FRAME_MS, FRAME_MS, realClock, type FrameClock } from './frame-clock';
import { MessageQuery } from './message-query';
import type { MessageStore } from './message-store';

/**
 * How many stored messages a view scans (or sorts: see MessageQuery.prepare) in one go for a new filter (a
 * text search over 65,536 ~100-byte payloads takes a few ms); the rest is done in later turns of the event
 * loop, so nothing else waits long. messages.page requests are sliced the same way (message-pages.ts).
 */
export const SCAN_SLICE = 65_536;

/**
 * One inspector view in main: its compiled query over the store and the push/ack loop. The next push goes
 * out only after the renderer acknowledged the previous one and a frame has passed since it, so a slow
 * renderer gets fewer, fresher pushes — and, when following the tail, a gap marker for the rows it never
 * saw (they stay in the store and can be scrolled to), never a silent skip.
 */
export class ViewportSession {
  private query: MessageQuery;
  private lastActivity: number;
  private req: ViewportRequest | null = null;
  private version = 0;
  private awaitingAck = false;
  private dirty = false;
  private timer: unknown = null;
  private lastPushAt = -Infinity;
  /** The last push skipped rows at the tail (a flood): the next waits FLOOD_FRAME_MS. */
  private flooding = false;
  /** The newest row the view has been shown (or the newest stored when it opened): where a gap would start. */
  private lastTailSeq: number | null = null;
  private disposed = false;

  constructor(
    readonly viewId: string,
    private readonly store: MessageStore,
    private readonly emit: (push: ViewportPush) => void,
    private readonly clock: FrameClock = realClock,
    private readonly scanSlice = SCAN_SLICE,
  ) {
    this.query = new MessageQuery(store);
    this.lastActivity = clock.now();
  }

  /**
   * A new filter or range: answered at the next frame, even if the previous push is unacknowledged (it is
   * superseded). The renderer numbers its requests; one older than the newest seen is dropped: calls travel on
   * separate HTTP requests in the Chromium host and can arrive out of order, and answering the older one last
   * would leave the view waiting forever for pushes of a request main no longer has.
   */
  set(req: ViewportRequest): void {
    if (this.req && req.request < this.req.request) return;
    const prev = this.req;
    const sameList = prev !== null && sameFilter(prev, req);
    this.req = req;
    this.lastActivity = this.clock.now();
    // A new list starts counting gaps from what the store holds now: older rows are history, not a gap.
    if (!sameList || req.range.mode !== 'tail' || prev?.range.mode !== 'tail') this.lastTailSeq = this.store.next - 1;
    this.awaitingAck = false;
    // What the user just asked for is answered at the next frame, flood or not.
    this.flooding = false;
    this.changed();
  }

  ack(version: number): void {
    if (version !== this.version || !this.awaitingAck) return;
    this.awaitingAck = false;
    this.lastActivity = this.clock.now();
    this.schedule();
  }

  /** The store changed (ingest, settlement, clear): the view will be pushed again when allowed. */
  changed(): void {
    this.dirty = true;
    this.schedule();
  }

  /**
   * A view that has not acknowledged for `idleMs` (a closed or reloaded page that never said so) gives back
   * its query's memory (up to a million seqs); it is rebuilt if the view ever answers again.
   */
  releaseIfIdle(idleMs: number): boolean {
    if (!this.awaitingAck || this.clock.now() - this.lastActivity < idleMs) return false;
    this.query = new MessageQuery(this.store);
    return true;
  }

  dispose(): void {
    this.disposed = true;
    if (this.timer !== null) this.clock.clearTimeout(this.timer);
    this.timer = null;
  }

  private schedule(): void {
    if (this.disposed || !this.req || !this.dirty || this.awaitingAck || this.timer !== null) return;
    const wait = Math.max(0, this.lastPushAt + (this.flooding ? FLOOD_FRAME_MS : FRAME_MS) - this.clock.now());
    this.timer = this.clock.setTimeout(() => {
      this.timer = null;
      this.push();
    }, wait);
  }

  private push(): void {
    const req = this.req;
    if (this.disposed || !req || this.awaitingAck) return;
    let caughtUp = true;
    try {
      caughtUp = this.query.prepare(req.filter, this.scanSlice);
    } catch {
      // An invalid filter: window() below throws the same error, and the view is told.
    }
    if (!caughtUp) {
      // Not pushed yet: the rest of the scan (or sort) runs in the next turns (a new request or arrivals just join it).
      this.timer = this.clock.setTimeout(() => {
        this.timer = null;
        this.push();
      }, 0);
      return;
    }
    this.dirty = false;
    this.awaitingAck = true;
    this.lastPushAt = this.clock.now();
    this.version++;
    const base = { viewId: this.viewId, version: this.version, request: req.request, stats: this.store.stats() };
    let view: { offset: number; total: number; rows: MessageRow[]; seqs: ArrayLike<number>; start: number };
    try {
      view = this.query.window(req.filter, req.range);
    } catch (err) {
      this.emit({ ...base, offset: 0, total: 0, rows: [], error: (err as Error).message });
      return;
    }
    const push: ViewportPush = { ...base, offset: view.offset, total: view.total, rows: view.rows };
    // Gaps are counted in arrival order; a sorted list has no tail that rows arrive at.
    if (req.range.mode === 'tail' && (req.filter.orderBy ?? 'arrival') === 'arrival' && !req.filter.descending) {
      const gap = this.gapBefore(view);
      if (gap) push.gap = gap;
      if (view.rows.length) this.lastTailSeq = Math.max(this.lastTailSeq ?? -1, view.rows[view.rows.length - 1]!.seq);
    }
    this.flooding = push.gap !== undefined;
    this.emit(push);
  }

  /** Matching rows after the previous push's newest row and before this push's oldest one. */
  private gapBefore(view: { rows: MessageRow[]; seqs: ArrayLike<number>; start: number }): ViewportGap | null {
    const after = this.lastTailSeq;
    if (after === null || view.rows.length === 0) return null;
    const first = view.rows[0]!.seq;
    if (first <= after) return null;
    // seqs[start..] ascend (arrival order): count those in (after, first).
    const from = upperBound(view.seqs, view.start, after);
    const to = lowerBound(view.seqs, view.start, first);
    return to > from ? { afterSeq: after, count: to - from } : null;
  }
}

function sameFilter(a: ViewportRequest, b: ViewportRequest): boolean {
  return JSON.stringify(a.filter) === JSON.stringify(b.filter);
}

/** First index in sorted xs[start..] whose value is > v. */
function upperBound(xs: ArrayLike<number>, start: number, v: number): number {
  let lo = start;
  let hi = xs.length;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if (xs[mid]! <= v) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

/** First index in sorted xs[start..] whose value is >= v. */
function lowerBound(xs: ArrayLike<number>, start: number, v: number): number {
  let lo = start;
  let hi = xs.length;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if (xs[mid]! < v) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}
