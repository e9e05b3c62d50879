import { describe, expect, it } from 'vitest';
import { SlidingWindowLimit } from './query-rate-limit';

describe('SlidingWindowLimit (online query: 30 calls/minute)', () => {
  it('allows 30 calls in a minute, then waits for the oldest to leave the window', () => {
    const l = new SlidingWindowLimit();
    for (let i = 0; i < 30; i++) expect(l.take(1000 + i)).toBe(true);
    expect(l.take(1100)).toBe(false);
    expect(l.nextAt(1100)).toBe(61_000);
    expect(l.take(60_999)).toBe(false);
    expect(l.take(61_000)).toBe(true);
    expect(l.count(61_000)).toBe(30);
  });
  it('never exceeds the limit in any window, whatever the call pattern', () => {
    const l = new SlidingWindowLimit(5, 1000);
    const taken: number[] = [];
    for (let t = 0; t < 10_000; t += 37) if (l.take(t)) taken.push(t);
    for (const t of taken) expect(taken.filter((x) => x > t - 1000 && x <= t).length).toBeLessThanOrEqual(5);
    expect(taken.length).toBeGreaterThan(40);
  });
});
