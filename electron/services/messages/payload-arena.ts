import { isAscii } from 'node:buffer';

/**
 * Payload bytes of the message store, copied into large append-only slabs instead of one Buffer per
 * message: 200,000 small payloads cost their bytes plus three integers each, not 200,000 JS objects
 * (and no 64 KB socket chunk stays alive because one 100-byte slice of it is still referenced).
 * Messages are evicted oldest first, and small payloads fill slabs in seq order, so slabs are freed
 * oldest first. Big payloads keep their own Buffer (per-object overhead is negligible next to their size).
 */
const SLAB_SIZE = 1 << 20;
const BIG = 16 * 1024;

interface Slab {
  buf: Buffer;
  /** Highest store seq with bytes in this slab. */
  lastSeq: number;
}

const EMPTY = Buffer.alloc(0);

/** Lowercases ASCII A-Z in place, four bytes at a time (SWAR); every other byte is left alone. */
export function asciiLower(buf: Buffer): Buffer {
  const words = buf.byteOffset % 4 === 0 ? Math.floor(buf.length / 4) : 0;
  if (words) {
    const w32 = new Uint32Array(buf.buffer, buf.byteOffset, words);
    for (let i = 0; i < words; i++) {
      const w = w32[i]!;
      const low7 = w & 0x7f7f7f7f;
      // Per byte: high bit set where the byte's low 7 bits are >= 'A' (0x41) and where they are > 'Z' (0x5a).
      const geA = (low7 + 0x3f3f3f3f) & 0x80808080;
      const gtZ = (low7 + 0x25252525) & 0x80808080;
      const upper = geA & ~gtZ & ~w & 0x80808080;
      if (upper) w32[i] = w | (upper >>> 2);
    }
  }
  for (let i = words * 4; i < buf.length; i++) {
    const b = buf[i]!;
    if (b >= 0x41 && b <= 0x5a) buf[i] = b | 0x20;
  }
  return buf;
}

/** Bytes that fill JSON and text payloads: Buffer.indexOf finds a short needle by its first byte, so a needle starting with one of these is slow. */
const COMMON = new Uint8Array(256);
for (const c of '"\':,{}[] \t\r\n') COMMON[c.charCodeAt(0)] = 1;
const isLetter = (b: number) => b >= 0x61 && b <= 0x7a;

/** The part of the needle searched for: `bytes` = needle[at..at+bytes.length). */
export interface Anchor {
  at: number;
  bytes: Buffer;
}

/** Skips the common bytes a part of the needle starts with, as long as two bytes are left. */
function trimmed(needle: Uint8Array, from: number, to: number): number {
  let i = from;
  while (i < to - 2 && COMMON[needle[i]!]) i++;
  return i;
}

/**
 * What to search an unlowered slab for: the longest run of a lowercased needle that ASCII case folding cannot
 * change (no a-z), of two bytes at least, without the common bytes it starts with. Every place the needle may
 * start has it at the same distance. Null when the needle has no such run.
 */
export function caseFreeAnchor(needle: Uint8Array): Anchor | null {
  let best: Anchor | null = null;
  for (let i = 0; i < needle.length;) {
    if (isLetter(needle[i]!)) {
      i++;
      continue;
    }
    let j = i;
    while (j < needle.length && !isLetter(needle[j]!)) j++;
    if (j - i >= 2) {
      const at = trimmed(needle, i, j);
      const better =
        !best || (COMMON[best.bytes[0]!] && !COMMON[needle[at]!]) || (!COMMON[needle[at]!] === !COMMON[best.bytes[0]!] && j - at > best.bytes.length);
      if (better) best = { at, bytes: Buffer.from(needle.subarray(at, j)) };
    }
    i = j;
  }
  return best;
}

/** What to search a lowercased slab for: the needle without the common bytes it starts with. */
export function loweredAnchor(needle: Uint8Array): Anchor {
  const at = trimmed(needle, 0, needle.length);
  return { at, bytes: Buffer.from(needle.subarray(at)) };
}

/** buf[at..at+needle.length) equals the lowercased needle when ASCII A-Z in buf are read as a-z. */
function foldedEquals(buf: Buffer, at: number, needle: Uint8Array): boolean {
  for (let j = 0; j < needle.length; j++) {
    let b = buf[at + j]!;
    if (b >= 0x41 && b <= 0x5a) b |= 0x20;
    if (b !== needle[j]) return false;
  }
  return true;
}

export class PayloadArena {
  private slabs: Slab[] = [];
  /** Global id of slabs[0]. */
  private baseId = 0;
  private curUsed = SLAB_SIZE;
  private readonly slabOf: Int32Array;
  private readonly offset: Uint32Array;
  private readonly length: Uint32Array;
  private readonly big: Array<Buffer | undefined>;
  private bigBytes = 0;

  constructor(capacity: number) {
    this.slabOf = new Int32Array(capacity);
    this.offset = new Uint32Array(capacity);
    this.length = new Uint32Array(capacity);
    this.big = new Array(capacity);
  }

  put(seq: number, slot: number, payload: Buffer): void {
    const len = payload.length;
    this.length[slot] = len;
    if (len === 0) return;
    if (len > BIG) {
      this.big[slot] = payload;
      this.bigBytes += len;
      return;
    }
    if (this.curUsed + len > SLAB_SIZE) {
      this.slabs.push({ buf: Buffer.allocUnsafeSlow(SLAB_SIZE), lastSeq: seq });
      this.curUsed = 0;
    }
    const slab = this.slabs[this.slabs.length - 1]!;
    slab.buf.set(payload, this.curUsed);
    slab.lastSeq = seq;
    this.slabOf[slot] = this.baseId + this.slabs.length - 1;
    this.offset[slot] = this.curUsed;
    this.curUsed += len;
  }

  size(slot: number): number {
    return this.length[slot]!;
  }

  /** The stored bytes (a view, no copy). Valid until the message is evicted. */
  view(slot: number): Buffer {
    const len = this.length[slot]!;
    if (len === 0) return EMPTY;
    if (len > BIG) return this.big[slot]!;
    const slab = this.slabs[this.slabOf[slot]! - this.baseId]!;
    const off = this.offset[slot]!;
    return slab.buf.subarray(off, off + len);
  }

  /** The message in this slot is gone (evicted or cleared). */
  free(slot: number): void {
    if (this.length[slot]! > BIG) {
      this.bigBytes -= this.length[slot]!;
      this.big[slot] = undefined;
    }
    this.length[slot] = 0;
  }

  /** Frees slabs that hold only seqs below firstSeq. */
  releaseBefore(firstSeq: number): void {
    let n = 0;
    while (n < this.slabs.length - 1 && this.slabs[n]!.lastSeq < firstSeq) n++;
    // The last slab is also the one being filled; free it only when everything in it is gone.
    if (n === this.slabs.length - 1 && this.slabs[n] && this.slabs[n]!.lastSeq < firstSeq) {
      n++;
      this.curUsed = SLAB_SIZE;
    }
    if (n === 0) return;
    this.slabs.splice(0, n);
    this.baseId += n;
  }

  clear(): void {
    this.baseId += this.slabs.length;
    this.slabs = [];
    this.curUsed = SLAB_SIZE;
    this.big.fill(undefined);
    this.bigBytes = 0;
    this.length.fill(0);
  }

  /**
   * A case-insensitive (ASCII letters) search for `needle` (already ASCII-lowercased) in the payloads of
   * slots asked for in increasing seq order — what a filter scan does. A slab is searched from hit to hit
   * with Buffer.indexOf, so a scan costs about one native pass over the payload bytes, not a string per message:
   * - when the needle has a run of two or more bytes that are not letters (`"v":12.3` has `:12.3`), that run is
   *   searched for in the slab as it is (case cannot change it) and each place it occurs is compared case-
   *   insensitively: no copy, no lowercasing;
   * - otherwise (or when that run turns out to be common in a slab) the slab is lowercased once into a scratch
   *   buffer, four bytes at a time, and searched for the needle (from its first uncommon byte: `"status"` is
   *   found by `status"`, as indexOf finds short needles by their first byte).
   */
  textScanner(needle: Buffer): (slot: number) => { match: boolean; ascii: boolean } {
    const n = needle.length;
    const raw = caseFreeAnchor(needle);
    const low = loweredAnchor(needle);
    let scratch: Buffer | null = null;
    let slabId = -1;
    let slabAscii = false;
    let hay: Buffer = EMPTY;
    let used = 0;
    let lowered = false;
    let candidates = 0;
    let from = 0;
    let hit = -1;
    const out = { match: false, ascii: false };
    const answer = (match: boolean, ascii: boolean) => {
      out.match = match;
      out.ascii = ascii;
      return out;
    };
    const lowerSlab = () => {
      scratch ??= Buffer.allocUnsafeSlow(SLAB_SIZE);
      hay.copy(scratch, 0, 0, used);
      asciiLower(scratch.subarray(0, used));
      hay = scratch;
      lowered = true;
    };
    /** Where the needle first occurs at or after `pos` in the slab's bytes (bytes past `used` are stale: never a hit). */
    const find = (pos: number): number => {
      const a = lowered ? low : raw!;
      const bytes = a.bytes;
      for (let p = hay.indexOf(bytes, pos + a.at); p !== -1 && p + bytes.length <= used; p = hay.indexOf(bytes, p + 1)) {
        const start = p - a.at;
        if (start + n > used) return -1;
        if (foldedEquals(hay, start, needle)) return start;
        // A run that occurs everywhere (a '":' in JSON) costs more than lowercasing the slab once.
        if (!lowered && ++candidates > used >>> 6) {
          lowerSlab();
          return find(pos);
        }
      }
      return -1;
    };
    return (slot) => {
      const len = this.length[slot]!;
      if (len === 0) return answer(n === 0, true);
      if (len > BIG) {
        const big = this.big[slot]!;
        return answer(asciiLower(Buffer.from(big)).indexOf(needle) >= 0, isAscii(big));
      }
      const id = this.slabOf[slot]!;
      const off = this.offset[slot]!;
      if (id !== slabId) {
        const slab = this.slabs[id - this.baseId]!;
        used = id - this.baseId === this.slabs.length - 1 ? this.curUsed : SLAB_SIZE;
        hay = slab.buf;
        lowered = false;
        candidates = 0;
        // One native pass tells whether every payload in the slab is ASCII (hence UTF-8 text).
        slabAscii = isAscii(hay.subarray(0, used));
        if (!raw && n > 0) lowerSlab();
        slabId = id;
        from = off;
        hit = n ? find(off) : off;
      } else if (n === 0) {
        return answer(true, slabAscii);
      } else if (off < from || (hit !== -1 && hit < off)) {
        from = off;
        hit = find(off);
      }
      return answer(hit !== -1 && hit + n <= off + len, slabAscii);
    };
  }

  /** Bytes allocated for payloads (what they really cost). */
  allocatedBytes(): number {
    return this.slabs.length * SLAB_SIZE + this.bigBytes;
  }
}
