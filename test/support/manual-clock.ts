import type { Clock, ClockTimer } from '../../electron/services/core/clock';

interface Pending {
  id: number;
  due: number;
  fn: () => void;
}

/**
 * A clock that moves only when the test says so: timers run in due order as `advance` passes them, with
 * `now()` equal to their due time. `fireNextEarly` runs the next timer before its due time, as Node does when
 * its loop time lags Date.now() (the cause of "batches 15 ms apart").
 */
export class ManualClock implements Clock {
  private t: number;
  private seq = 0;
  private pending: Pending[] = [];

  constructor(start = 1_700_000_000_000) {
    this.t = start;
  }

  now(): number {
    return this.t;
  }

  setTimeout(fn: () => void, ms: number): ClockTimer {
    const p = { id: ++this.seq, due: this.t + Math.max(0, ms), fn };
    this.pending.push(p);
    return p.id;
  }

  clearTimeout(timer: ClockTimer): void {
    this.pending = this.pending.filter((p) => p.id !== timer);
  }

  get timers(): number {
    return this.pending.length;
  }

  /** Moves time forward by ms, running every timer that falls due on the way (in due order). */
  advance(ms: number): void {
    const end = this.t + ms;
    for (;;) {
      const next = this.nextPending();
      if (!next || next.due > end) break;
      this.t = Math.max(this.t, next.due);
      this.run(next);
    }
    this.t = end;
  }

  /** Runs the next timer `earlyMs` before it is due (time moves to that moment). */
  fireNextEarly(earlyMs: number): void {
    const next = this.nextPending();
    if (!next) throw new Error('no timer pending');
    this.t = Math.max(this.t, next.due - earlyMs);
    this.run(next);
  }

  private nextPending(): Pending | undefined {
    return this.pending.reduce<Pending | undefined>((a, p) => (!a || p.due < a.due || (p.due === a.due && p.id < a.id) ? p : a), undefined);
  }

  private run(p: Pending): void {
    this.pending = this.pending.filter((x) => x !== p);
    p.fn();
  }
}
