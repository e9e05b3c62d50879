import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { scrollTopFor, slotKey, visibleRows } from './fixed-rows';

describe('fixed-height rows', () => {
  it('covers every row that intersects the view, within bounds', () => {
    fc.assert(
      fc.property(
        fc.nat({ max: 2_000_000 }),
        fc.integer({ min: 1, max: 2000 }),
        fc.nat({ max: 1_000_000 }),
        fc.nat({ max: 30 }),
        (scrollTop, height, count, overscan) => {
          const { first, last } = visibleRows(scrollTop, height, 26, count, overscan);
          if (count === 0) {
            expect(last).toBe(-1);
            return;
          }
          expect(first).toBeGreaterThanOrEqual(0);
          expect(last).toBeLessThan(count);
          const a = Math.floor(scrollTop / 26);
          const b = Math.ceil((scrollTop + height) / 26) - 1;
          if (a < count) {
            expect(first).toBeLessThanOrEqual(a);
            expect(last).toBeGreaterThanOrEqual(Math.min(b, count - 1));
          }
        },
      ),
    );
  });

  it('scrolls the least needed to show a row, or puts it at the bottom', () => {
    expect(scrollTopFor(99, 'end', 0, 260, 26)).toBe(100 * 26 - 260);
    expect(scrollTopFor(5, 'auto', 1000, 260, 26)).toBe(130);
    expect(scrollTopFor(50, 'auto', 0, 260, 26)).toBe(51 * 26 - 260);
    expect(scrollTopFor(42, 'auto', 42 * 26 - 100, 260, 26)).toBe(42 * 26 - 100);
  });

  it('keys rendered rows by slot: distinct within a render, kept by a row that stays on screen', () => {
    fc.assert(
      fc.property(fc.nat({ max: 1_000_000 }), fc.integer({ min: 1, max: 300 }), fc.integer({ min: -400, max: 400 }), (first, rendered, shift) => {
        const keys = Array.from({ length: rendered }, (_, k) => slotKey(first + k, rendered));
        expect(new Set(keys).size).toBe(rendered);
        // The next render (same size, moved by `shift`): every index in both keeps its key.
        const next = Math.max(0, first + shift);
        for (let i = Math.max(first, next); i < Math.min(first, next) + rendered; i++) expect(slotKey(i, rendered)).toBe(keys[i - first]);
      }),
    );
  });

  it('following the tail, a window of the same size anywhere reuses every slot, and a row that stays keeps its own', () => {
    fc.assert(
      fc.property(fc.nat({ max: 1_000_000 }), fc.integer({ min: 1, max: 300 }), fc.nat({ max: 100_000 }), (first, rendered, ahead) => {
        const keys = Array.from({ length: rendered }, (_, k) => slotKey(first + k, rendered, true));
        expect(new Set(keys).size).toBe(rendered);
        const next = Array.from({ length: rendered }, (_, k) => slotKey(first + ahead + k, rendered, true));
        expect(new Set(next)).toEqual(new Set(keys));
        for (let i = first + ahead; i < first + rendered; i++) expect(slotKey(i, rendered, true)).toBe(keys[i - first]);
      }),
    );
  });
});
