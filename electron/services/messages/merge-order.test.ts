import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { mergeOrder } from './merge-order';

function run(texts: string[], slice: number): { order: number[]; yields: number } {
  const steps = mergeOrder(texts.length, (a, b) => (texts[a]! < texts[b]! ? -1 : texts[a]! > texts[b]! ? 1 : 0), slice);
  let yields = 0;
  for (;;) {
    const s = steps.next();
    if (s.done) return { order: Array.from(s.value), yields };
    yields++;
  }
}

const reference = (texts: string[]) => texts.map((_, i) => i).sort((a, b) => (texts[a]! < texts[b]! ? -1 : texts[a]! > texts[b]! ? 1 : a - b));

describe('mergeOrder (a text sort that yields)', () => {
  it('orders like a comparison sort, equal texts by index, whatever the slice', () => {
    fc.assert(
      fc.property(
        fc.array(fc.oneof(fc.string({ maxLength: 3 }), fc.constantFrom('a/1', 'a/é', 'A', '')), { maxLength: 200 }),
        fc.integer({ min: 1, max: 250 }),
        (texts, slice) => {
          expect(run(texts, slice).order).toEqual(reference(texts));
        },
      ),
      { numRuns: 500 },
    );
  });

  it('gives the thread back after every slice it sorts or merges', () => {
    const texts = Array.from({ length: 1_000 }, (_, i) => `devices/dev-${(i * 7919) % 1_000}`);
    const r = run(texts, 100);
    expect(r.order).toEqual(reference(texts));
    // Ten runs sorted (nine turns between), then four merge passes of 1,000 placements (ten turns each).
    expect(r.yields).toBe(9 + 4 * 10);
  });
});
