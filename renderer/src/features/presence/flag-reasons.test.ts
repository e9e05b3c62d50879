import { describe, expect, it } from 'vitest';
import { flagReasons } from './flag-reasons';

const base = { transitions: 6, reconnects: 1, openChannels: ['a'] };

describe('flagReasons', () => {
  it('gives the counts and the rule behind a flapping flag', () => {
    expect(flagReasons({ ...base, flapping: true }, { flapTransitions: 4, flapWindowMs: 60_000 })).toEqual([
      { kind: 'flapping', transitions: 6, reconnects: 1, threshold: 4, windowSec: 60 },
    ]);
  });
  it('gives the open channel count behind a duplicate flag', () => {
    expect(flagReasons({ ...base, duplicate: true, openChannels: ['a', 'b', 'c'] }, undefined)).toEqual([{ kind: 'duplicate', channels: 3 }]);
  });
  it('says nothing for an unflagged lane', () => {
    expect(flagReasons(base, undefined)).toEqual([]);
  });
});
