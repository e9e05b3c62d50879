import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { radixOrder } from './radix-order';

/** Runs the sort to its end, counting the turns it gave back. */
function run(keys: number[], slice: number): { order: number[]; yields: number } {
  const steps = radixOrder(Float64Array.from(keys), slice);
  let yields = 0;
  for (;;) {
    const s = steps.next();
    if (s.done) return { order: Array.from(s.value), yields };
    yields++;
  }
}

const reference = (keys: number[]) => keys.map((_, i) => i).sort((a, b) => (keys[a]! < keys[b]! ? -1 : keys[a]! > keys[b]! ? 1 : a - b));

describe('radixOrder (a sort that yields)', () => {
  it('orders like a comparison sort of the keys, equal keys by index, whatever the slice', () => {
    const key = fc.oneof(
      fc.double({ noNaN: true }),
      fc.integer({ min: -3, max: 3 }),
      fc.constantFrom(0, -0, Infinity, -Infinity, Number.MIN_VALUE, -Number.MIN_VALUE, 1.7e12, 1.7e12 + 1),
    );
    fc.assert(
      fc.property(fc.array(key, { maxLength: 300 }), fc.integer({ min: 1, max: 400 }), (keys, slice) => {
        expect(run(keys, slice).order).toEqual(reference(keys));
      }),
      { numRuns: 500 },
    );
  });

  it('gives the thread back after every slice of every pass it makes', () => {
    // Small integers differ in one 16-bit digit only: one scatter pass; the key pass is sliced too.
    const qos = Array.from({ length: 1_000 }, (_, i) => (i * 7) % 3);
    const few = run(qos, 100);
    expect(few.order).toEqual(reference(qos));
    // Keys: 10 slices (9 turns between them); one pass: a turn before it, 9 between its slices.
    expect(few.yields).toBe(9 + 1 + 9);
    // Times in ms differ in more digits: more passes, each sliced.
    const times = Array.from({ length: 1_000 }, (_, i) => 1.7e12 + ((i * 7919) % 1_000) * 1_000.5);
    const many = run(times, 100);
    expect(many.order).toEqual(reference(times));
    expect(many.yields).toBeGreaterThan(few.yields);
    expect((many.yields - 9) % 10).toBe(0);
  });
});
