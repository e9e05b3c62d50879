// A window of rows out of a long list that lives in main. The renderer holds only [start, start + rows.length)
// of `total` rows; batches from main are merged here in ONE pure step per batch so the store updates once.

export interface RowWindow<T> {
  /** Index (in the filtered, ordered list held by main) of rows[0]. */
  start: number;
  rows: T[];
  /** Length of the whole filtered list in main. */
  total: number;
}

export function emptyWindow<T>(): RowWindow<T> {
  return { start: 0, rows: [], total: 0 };
}

/** True when the window holds the newest rows, so tail rows can be appended to it. */
export function windowAtTail<T>(w: RowWindow<T>): boolean {
  return w.start + w.rows.length === w.total;
}

export function rowAt<T>(w: RowWindow<T>, index: number): T | undefined {
  const i = index - w.start;
  return i >= 0 && i < w.rows.length ? w.rows[i] : undefined;
}

/**
 * Appends rows that arrived at the tail. Rows the window does not reach only grow `total` (they page in
 * when scrolled to). The window keeps at most `cap` rows, trimming the oldest.
 */
export function appendTail<T>(w: RowWindow<T>, arrived: readonly T[], cap: number): RowWindow<T> {
  if (arrived.length === 0) return w;
  const total = w.total + arrived.length;
  if (!windowAtTail(w)) return { ...w, total };
  let rows = w.rows.concat(arrived);
  let start = w.start;
  if (rows.length > cap) {
    const cut = rows.length - cap;
    rows = rows.slice(cut);
    start += cut;
  }
  return { start, rows, total };
}

/** The oldest `evicted` rows of the list were removed in main: every index shifts down. */
export function evictHead<T>(w: RowWindow<T>, evicted: number): RowWindow<T> {
  if (evicted <= 0) return w;
  const total = Math.max(0, w.total - evicted);
  let start = w.start - evicted;
  let rows = w.rows;
  if (start < 0) {
    rows = rows.slice(-start);
    start = 0;
  }
  return { start, rows, total };
}

/**
 * Puts a freshly fetched page into the window: merged when it touches or overlaps the current rows
 * (then trimmed to `cap` around the page), otherwise it replaces them. `total` is the page's, which is newer.
 */
export function mergePage<T>(w: RowWindow<T>, offset: number, page: readonly T[], total: number, cap: number): RowWindow<T> {
  const wEnd = w.start + w.rows.length;
  const pEnd = offset + page.length;
  if (w.rows.length === 0 || offset > wEnd || pEnd < w.start || w.total !== total) {
    return { start: offset, rows: page.slice(), total };
  }
  const start = Math.min(w.start, offset);
  const end = Math.max(wEnd, pEnd);
  const rows: T[] = new Array(end - start);
  for (let i = 0; i < w.rows.length; i++) rows[w.start - start + i] = w.rows[i]!;
  for (let i = 0; i < page.length; i++) rows[offset - start + i] = page[i]!;
  let out: RowWindow<T> = { start, rows, total };
  if (rows.length > cap) {
    // Keep the rows nearest the page just fetched: that is where the user is looking.
    const keepFrom = Math.max(start, Math.min(offset + Math.floor(page.length / 2) - Math.floor(cap / 2), end - cap));
    out = { start: keepFrom, rows: rows.slice(keepFrom - start, keepFrom - start + cap), total };
  }
  return out;
}

/** The first index in [from, to] the window does not hold, or -1 when all are present. */
export function firstMissing<T>(w: RowWindow<T>, from: number, to: number): number {
  const lo = Math.max(0, from);
  const hi = Math.min(w.total - 1, to);
  for (let i = lo; i <= hi; i++) if (i < w.start || i >= w.start + w.rows.length) return i;
  return -1;
}

/** Updates rows in place by key (settlement changes etc.); returns the same window when nothing matched. */
export function patchRows<T>(w: RowWindow<T>, match: (row: T) => boolean, patch: (row: T) => T): RowWindow<T> {
  let changed = false;
  const rows = w.rows.map((r) => {
    if (!match(r)) return r;
    changed = true;
    return patch(r);
  });
  return changed ? { ...w, rows } : w;
}
