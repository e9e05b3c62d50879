/**
 * Time as a dependency: services that enforce a timing rule (at most N events a second, a minimum gap) take a
 * Clock, so tests assert the rule by moving a manual clock (test/support/manual-clock.ts) instead of measuring
 * a loaded machine.
 */
export interface Clock {
  now(): number;
  setTimeout(fn: () => void, ms: number): ClockTimer;
  clearTimeout(timer: ClockTimer): void;
}

export type ClockTimer = { unref?: () => unknown } | number | object;

/** The real clock (wall time). A caller whose timer must not keep the process alive calls its unref(). */
export const systemClock: Clock = {
  now: () => Date.now(),
  setTimeout: (fn, ms) => setTimeout(fn, ms),
  clearTimeout: (t) => clearTimeout(t as NodeJS.Timeout),
};

/** The real clock on the monotonic time line (performance.now): for schedules that must not jump with NTP. */
export const monotonicClock: Clock = { ...systemClock, now: () => performance.now() };

/** Runs fn every ms on the clock (chained timeouts, so a manual clock drives it too) until stop(). */
export function every(clock: Clock, ms: number, fn: () => void, opts: { unref?: boolean } = {}): { stop(): void } {
  let stopped = false;
  let timer: ClockTimer | null = null;
  const arm = () => {
    timer = clock.setTimeout(tick, ms);
    if (opts.unref && typeof timer === 'object' && 'unref' in timer) timer.unref?.();
  };
  const tick = () => {
    if (stopped) return;
    fn();
    if (!stopped) arm();
  };
  arm();
  return {
    stop() {
      stopped = true;
      if (timer !== null) clock.clearTimeout(timer);
      timer = null;
    },
  };
}
