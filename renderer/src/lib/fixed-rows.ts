// Virtualization for a list whose rows all have one height: which rows are on screen and where to scroll
// to show one. O(1) per frame whatever the row count — a measuring virtualizer rebuilds a per-row table
// (a million objects) every time the count changes, which is every push while messages arrive.

export interface RowRange {
  first: number;
  /** Inclusive; -1 when there is nothing to show. */
  last: number;
}

export function visibleRows(scrollTop: number, viewHeight: number, rowHeight: number, count: number, overscan: number): RowRange {
  if (count <= 0) return { first: 0, last: -1 };
  const first = Math.max(0, Math.min(count - 1, Math.floor(scrollTop / rowHeight) - overscan));
  const last = Math.max(first, Math.min(count - 1, Math.ceil((scrollTop + viewHeight) / rowHeight) - 1 + overscan));
  return { first, last };
}

/** The scrollTop that shows row `index`: at the bottom ('end'), or the least movement that brings it into view ('auto'). */
export function scrollTopFor(index: number, align: 'end' | 'auto', scrollTop: number, viewHeight: number, rowHeight: number): number {
  const top = index * rowHeight;
  const bottom = top + rowHeight - viewHeight;
  if (align === 'end') return Math.max(0, bottom);
  if (top < scrollTop) return top;
  if (bottom > scrollTop) return bottom;
  return scrollTop;
}

/**
 * Row elements are keyed by slot, not by index: while the list follows a fast tail every push brings all-new
 * indexes, and index keys would unmount and rebuild every row each frame; slot keys let React rewrite the texts
 * of the same elements. Following, the modulus is the rendered count itself (constant while the view keeps its
 * height), so every window of that many consecutive indexes uses each slot once and a push that jumps ahead
 * reuses all of them; a fixed larger modulus would leave only a chance overlap and rebuild most rows per push.
 * Scrolling, it is a power of two at least the rows rendered, so a row that stays on screen keeps its slot even
 * when the rendered count changes by one between frames. Two rendered rows never share a slot either way.
 */
export function slotKey(index: number, rendered: number, following = false): number {
  if (following) return index % Math.max(1, rendered);
  let modulus = 64;
  while (modulus < rendered) modulus *= 2;
  return index % modulus;
}
