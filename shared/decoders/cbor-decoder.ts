import { ByteReader, DecodeError, MAX_DECODE_DEPTH, normalizeInteger, setEntry, type DecodedValue } from './decoded-value';
import { utf8Field } from './text-field';

// CBOR (RFC 8949). Hand-written for the same reasons as the MessagePack decoder: offsets in every error,
// exact 64-bit and bignum integers, lengths checked against the input before allocating.

const BREAK = Symbol('break');
type Item = DecodedValue | typeof BREAK;

/** Decodes exactly one CBOR data item; trailing bytes are an error. */
export function decodeCbor(bytes: Uint8Array): DecodedValue {
  const r = new ByteReader(bytes);
  const value = readItem(r, 0);
  if (value === BREAK) throw new DecodeError('a "break" byte outside an indefinite-length item', 0);
  if (r.remaining > 0) throw new DecodeError(`${r.remaining} bytes left after the first CBOR item`, r.pos);
  return value;
}

/** The argument of a head: the value itself for small info, else the following 1/2/4/8 bytes. */
function readArgument(r: ByteReader, info: number, at: number): bigint | null {
  if (info < 24) return BigInt(info);
  if (info === 24) return BigInt(r.u8('a 1-byte argument'));
  if (info === 25) return BigInt(r.u16('a 2-byte argument'));
  if (info === 26) return BigInt(r.u32('a 4-byte argument'));
  if (info === 27) return r.u64('an 8-byte argument');
  if (info === 31) return null;
  throw new DecodeError(`additional information ${info} is reserved`, at);
}

function lengthOf(n: bigint, r: ByteReader, what: string): number {
  if (n > BigInt(r.remaining)) throw new DecodeError(`${what} of ${n} claims more than the ${r.remaining} bytes left`, r.pos);
  return Number(n);
}

function readItem(r: ByteReader, depth: number): Item {
  if (depth > MAX_DECODE_DEPTH) throw new DecodeError(`nesting deeper than ${MAX_DECODE_DEPTH}`, r.pos);
  const at = r.pos;
  const head = r.u8('a CBOR item');
  const major = head >> 5;
  const info = head & 0x1f;
  if (major === 7) return readSimple(r, info, at);
  const arg = readArgument(r, info, at);
  switch (major) {
    case 0:
      if (arg === null) throw new DecodeError('an unsigned integer cannot be indefinite', at);
      return normalizeInteger(arg);
    case 1:
      if (arg === null) throw new DecodeError('a negative integer cannot be indefinite', at);
      return normalizeInteger(-1n - arg);
    case 2:
      return arg === null ? readChunks(r, 2, depth) : r.take(lengthOf(arg, r, 'a byte string'), 'a byte string');
    case 3: {
      if (arg === null) return readChunks(r, 3, depth);
      const start = r.pos;
      return utf8Field(r.take(lengthOf(arg, r, 'a text string'), 'a text string'), start, 'a text string');
    }
    case 4: {
      const out: DecodedValue[] = [];
      if (arg === null) {
        for (;;) {
          const v = readItem(r, depth + 1);
          if (v === BREAK) return out;
          out.push(v);
        }
      }
      const n = lengthOf(arg, r, 'an array');
      for (let i = 0; i < n; i++) out.push(definite(readItem(r, depth + 1), r));
      return out;
    }
    case 5: {
      const out: { [key: string]: DecodedValue } = {};
      const put = (k: DecodedValue, v: DecodedValue) => setEntry(out, k, v);
      if (arg === null) {
        for (;;) {
          const k = readItem(r, depth + 1);
          if (k === BREAK) return out;
          put(k, definite(readItem(r, depth + 1), r));
        }
      }
      const n = lengthOf(arg * 2n, r, 'a map');
      for (let i = 0; i < n / 2; i++) put(definite(readItem(r, depth + 1), r), definite(readItem(r, depth + 1), r));
      return out;
    }
    default: {
      // major 6: a tag. Bignums (2, 3) become exact integers; other tags are kept visible around their value.
      if (arg === null) throw new DecodeError('a tag cannot be indefinite', at);
      const inner = definite(readItem(r, depth + 1), r);
      if ((arg === 2n || arg === 3n) && inner instanceof Uint8Array) {
        let n = 0n;
        for (const b of inner) n = (n << 8n) | BigInt(b);
        return normalizeInteger(arg === 2n ? n : -1n - n);
      }
      return { $tag: normalizeInteger(arg), value: inner };
    }
  }
}

function definite(v: Item, r: ByteReader): DecodedValue {
  if (v === BREAK) throw new DecodeError('a "break" byte where a value was expected', r.pos - 1);
  return v;
}

/** Indefinite-length byte or text strings: definite chunks of the same major type up to a break. */
// Each text chunk is valid UTF-8 on its own (RFC 8949 §3.2.3), so text chunks join as strings.
function readChunks(r: ByteReader, major: 2 | 3, depth: number): Uint8Array | string {
  const parts: (Uint8Array | string)[] = [];
  for (;;) {
    const chunkAt = r.pos;
    const v = readItem(r, depth + 1);
    if (v === BREAK) break;
    const ok = major === 2 ? v instanceof Uint8Array : typeof v === 'string';
    if (!ok) throw new DecodeError(`a chunk of an indefinite ${major === 2 ? 'byte' : 'text'} string has another type`, chunkAt);
    parts.push(v as Uint8Array | string);
  }
  if (major === 3) return (parts as string[]).join('');
  const chunks = parts as Uint8Array[];
  const out = new Uint8Array(chunks.reduce((n, c) => n + c.length, 0));
  let o = 0;
  for (const c of chunks) {
    out.set(c, o);
    o += c.length;
  }
  return out;
}

function readSimple(r: ByteReader, info: number, at: number): Item {
  switch (info) {
    case 20:
      return false;
    case 21:
      return true;
    case 22:
    case 23:
      return null;
    case 24: {
      const v = r.u8('a simple value');
      if (v < 32) throw new DecodeError(`simple value ${v} must be encoded in the head`, at);
      return { $simple: v };
    }
    case 25:
      return halfFloat(r.u16('a half-precision float'));
    case 26:
      return r.f32('a single-precision float');
    case 27:
      return r.f64('a double-precision float');
    case 31:
      return BREAK;
    default:
      if (info < 20) return { $simple: info };
      throw new DecodeError(`additional information ${info} is reserved for simple values`, at);
  }
}

function halfFloat(h: number): number {
  const exp = (h >> 10) & 0x1f;
  const mant = h & 0x3ff;
  const sign = h & 0x8000 ? -1 : 1;
  if (exp === 0) return sign * mant * 2 ** -24;
  if (exp === 31) return mant === 0 ? sign * Infinity : NaN;
  return sign * (1 + mant / 1024) * 2 ** (exp - 15);
}
