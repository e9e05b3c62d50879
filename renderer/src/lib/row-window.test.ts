import { describe, expect, it } from 'vitest';
import { appendTail, emptyWindow, evictHead, firstMissing, mergePage, patchRows, rowAt, windowAtTail, type RowWindow } from './row-window';

const range = (a: number, b: number) => Array.from({ length: b - a }, (_, i) => a + i);

describe('row window', () => {
  it('appends tail rows when it holds the tail, trimming the oldest beyond the cap', () => {
    let w: RowWindow<number> = emptyWindow();
    w = appendTail(w, range(0, 5), 8);
    expect(w).toEqual({ start: 0, rows: range(0, 5), total: 5 });
    w = appendTail(w, range(5, 10), 8);
    expect(w).toEqual({ start: 2, rows: range(2, 10), total: 10 });
    expect(windowAtTail(w)).toBe(true);
    expect(rowAt(w, 9)).toBe(9);
    expect(rowAt(w, 1)).toBeUndefined();
  });
  it('only grows the total when scrolled away from the tail', () => {
    const w = appendTail({ start: 0, rows: range(0, 3), total: 10 }, [10, 11], 100);
    expect(w).toEqual({ start: 0, rows: range(0, 3), total: 12 });
  });
  it('shifts indexes when main evicts its oldest rows', () => {
    expect(evictHead({ start: 5, rows: range(5, 10), total: 10 }, 3)).toEqual({ start: 2, rows: range(5, 10), total: 7 });
    expect(evictHead({ start: 1, rows: range(1, 10), total: 10 }, 3)).toEqual({ start: 0, rows: range(3, 10), total: 7 });
  });
  it('merges overlapping pages and replaces distant ones', () => {
    const w = { start: 10, rows: range(10, 20), total: 100 };
    expect(mergePage(w, 15, range(15, 25), 100, 1000)).toEqual({ start: 10, rows: range(10, 25), total: 100 });
    expect(mergePage(w, 50, range(50, 60), 100, 1000)).toEqual({ start: 50, rows: range(50, 60), total: 100 });
    // A new total means the list changed under us: the page is the truth.
    expect(mergePage(w, 15, range(15, 25), 101, 1000)).toEqual({ start: 15, rows: range(15, 25), total: 101 });
    const capped = mergePage(w, 20, range(20, 30), 100, 12);
    expect(capped.rows).toHaveLength(12);
    expect(capped.rows[0]).toBe(capped.start);
    expect(capped.rows).toContain(29);
  });
  it('finds the first row it lacks in a visible range', () => {
    const w = { start: 10, rows: range(10, 20), total: 100 };
    expect(firstMissing(w, 12, 18)).toBe(-1);
    expect(firstMissing(w, 5, 12)).toBe(5);
    expect(firstMissing(w, 15, 25)).toBe(20);
    expect(firstMissing(w, 95, 120)).toBe(95);
  });
  it('patches rows by key', () => {
    const w = { start: 0, rows: [1, 2, 3], total: 3 };
    expect(
      patchRows(
        w,
        (r) => r === 2,
        (r) => r * 10,
      ).rows,
    ).toEqual([1, 20, 3]);
    expect(
      patchRows(
        w,
        () => false,
        (r) => r,
      ),
    ).toBe(w);
  });
});
