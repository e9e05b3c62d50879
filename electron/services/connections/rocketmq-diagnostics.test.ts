import { describe, expect, it } from 'vitest';
import { queueLag } from './rocketmq-diagnostics';

describe('RocketMQ queue lag', () => {
  it('is the broker max offset minus the committed offset, the client offset standing in when none is committed', () => {
    expect(queueLag(10, 4, 7)).toBe(6);
    expect(queueLag(10, null, 7)).toBe(3);
    // A committed offset past the max (the queue was truncated) is no negative lag.
    expect(queueLag(10, 12, null)).toBe(0);
  });
  it('is unknown without a max, or without any offset for a queue that holds messages; an empty queue lags by 0', () => {
    expect(queueLag(null, 4, 4)).toBeNull();
    expect(queueLag(5, null, null)).toBeNull();
    expect(queueLag(0, null, null)).toBe(0);
  });
});
