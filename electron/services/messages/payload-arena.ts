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

  /** Bytes allocated for payloads (what they really cost). */
  allocatedBytes(): number {
    return this.slabs.length * SLAB_SIZE + this.bigBytes;
  }
}
