/**
 * The order of `keys` (indices ascending by key, equal keys by index): a stable LSD radix sort over the keys'
 * 64 bits in 16-bit digits. It is a generator that yields after every `slice` elements it has touched, so a
 * million keys are sorted over many turns of the event loop instead of one long comparison sort (the sort
 * never compares: every pass is a linear loop that can stop anywhere). `keys` is overwritten (with its
 * sortable bit patterns). Orders like `<` for numbers (-0 like 0); NaN goes last.
 */
export function* radixOrder(keys: Float64Array, slice: number): Generator<void, Uint32Array> {
  const n = keys.length;
  const bits = new Uint32Array(keys.buffer, keys.byteOffset, n * 2);
  const counts = new Uint32Array(4 * 65_536);
  for (let from = 0; from < n; from += slice) {
    const to = Math.min(n, from + slice);
    for (let i = from; i < to; i++) {
      if (keys[i] === 0) keys[i] = 0; // -0 sorts like 0
      // Sortable bits (little-endian words: [2i] low, [2i+1] high): negatives flipped, positives above them.
      const hi = bits[2 * i + 1]!;
      if (hi & 0x8000_0000) {
        bits[2 * i] = ~bits[2 * i]!;
        bits[2 * i + 1] = ~hi;
      } else bits[2 * i + 1] = hi | 0x8000_0000;
      const lo = bits[2 * i]!;
      const h = bits[2 * i + 1]!;
      counts[lo & 0xffff]!++;
      counts[65_536 + (lo >>> 16)]!++;
      counts[131_072 + (h & 0xffff)]!++;
      counts[196_608 + (h >>> 16)]!++;
    }
    if (to < n) yield;
  }
  let src = new Uint32Array(n);
  for (let i = 0; i < n; i++) src[i] = i;
  let dst = new Uint32Array(n);
  for (let d = 0; d < 4; d++) {
    const base = d * 65_536;
    const word = d >> 1;
    const shift = (d & 1) * 16;
    // A digit every key shares changes nothing: no pass (small integers need one or two passes, not four).
    let used = 0;
    for (let b = 0; b < 65_536 && used < 2; b++) if (counts[base + b]) used++;
    if (used < 2) continue;
    const at = new Uint32Array(65_536);
    for (let b = 0, sum = 0; b < 65_536; b++) {
      at[b] = sum;
      sum += counts[base + b]!;
    }
    yield;
    for (let from = 0; from < n; from += slice) {
      const to = Math.min(n, from + slice);
      for (let j = from; j < to; j++) {
        const i = src[j]!;
        dst[at[(bits[2 * i + word]! >>> shift) & 0xffff]!++] = i;
      }
      if (to < n) yield;
    }
    [src, dst] = [dst, src];
  }
  return src;
}
