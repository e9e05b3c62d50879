/**
 * Indices 0..n-1 ordered by `cmp` (equal ones by index): a bottom-up merge sort as a generator that yields
 * after every `slice` elements it places, for what radixOrder cannot sort (texts). Runs of `slice` are sorted
 * one a turn, then merged pairwise, each merge resumable anywhere.
 */
export function* mergeOrder(n: number, cmp: (a: number, b: number) => number, slice: number): Generator<void, Uint32Array> {
  let src = new Uint32Array(n);
  for (let i = 0; i < n; i++) src[i] = i;
  for (let a = 0; a < n; a += slice) {
    const b = Math.min(n, a + slice);
    src.subarray(a, b).sort((x, y) => cmp(x, y) || x - y);
    if (b < n) yield;
  }
  let dst = new Uint32Array(n);
  let placed = 0;
  for (let width = slice; width < n; width *= 2) {
    for (let lo = 0; lo < n; lo += 2 * width) {
      const mid = Math.min(n, lo + width);
      const hi = Math.min(n, lo + 2 * width);
      // The left run holds the lower indices: taking it on a tie keeps equal ones in index order.
      let i = lo;
      let j = mid;
      let k = lo;
      while (i < mid || j < hi) {
        dst[k++] = j >= hi || (i < mid && cmp(src[i]!, src[j]!) <= 0) ? src[i++]! : src[j++]!;
        if (++placed % slice === 0) yield;
      }
    }
    [src, dst] = [dst, src];
  }
  return src;
}
