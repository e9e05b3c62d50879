/**
 * The MQ for IoT online query allows 30 calls a minute per account. A sliding one-minute window of call
 * times: `take(now)` says whether a call may go now, `nextAt(now)` when the next one may.
 */
export class SlidingWindowLimit {
  private calls: number[] = [];

  constructor(
    readonly max = 30,
    readonly windowMs = 60_000,
  ) {}

  private prune(now: number): void {
    let i = 0;
    while (i < this.calls.length && this.calls[i]! <= now - this.windowMs) i++;
    if (i) this.calls.splice(0, i);
  }

  count(now: number): number {
    this.prune(now);
    return this.calls.length;
  }

  take(now: number): boolean {
    this.prune(now);
    if (this.calls.length >= this.max) return false;
    this.calls.push(now);
    return true;
  }

  nextAt(now: number): number {
    this.prune(now);
    return this.calls.length < this.max ? now : this.calls[0]! + this.windowMs;
  }
}
