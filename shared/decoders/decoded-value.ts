import { bytesToBase64 } from '../mqtt/base64';

/**
 * What a payload decoder yields: a JSON-like tree that keeps what JSON numbers in JavaScript would lose.
 * Integers outside ±2^53 stay bigint; byte strings stay bytes (printed as base64).
 */
export type DecodedValue = null | boolean | number | bigint | string | Uint8Array | DecodedValue[] | { [key: string]: DecodedValue };

/** A decode failure at a byte offset of the input, so a support engineer can find the damaged byte. */
export class DecodeError extends Error {
  constructor(
    message: string,
    readonly offset: number,
  ) {
    super(message);
    this.name = 'DecodeError';
  }
}

/** Integers that fit a double exactly become numbers; only the others stay bigint. */
export function normalizeInteger(n: bigint): number | bigint {
  return n >= BigInt(Number.MIN_SAFE_INTEGER) && n <= BigInt(Number.MAX_SAFE_INTEGER) ? Number(n) : n;
}

/**
 * JSON text for a decoded value, exact: bigints are written with all their digits as JSON numbers, bytes as
 * base64 strings, and non-finite floats (which JSON cannot hold) as the strings "NaN", "Infinity", "-Infinity".
 */
export function toExactJson(value: DecodedValue, indent = 2): string {
  const pad = (depth: number) => (indent > 0 ? '\n' + ' '.repeat(indent * depth) : '');
  const sep = indent > 0 ? ': ' : ':';
  const write = (v: DecodedValue, depth: number): string => {
    if (v === null) return 'null';
    if (typeof v === 'bigint') return v.toString();
    if (typeof v === 'number') return Number.isFinite(v) ? (Object.is(v, -0) ? '-0' : String(v)) : JSON.stringify(String(v));
    if (typeof v === 'boolean' || typeof v === 'string') return JSON.stringify(v);
    if (v instanceof Uint8Array) return JSON.stringify(bytesToBase64(v));
    if (Array.isArray(v)) {
      if (v.length === 0) return '[]';
      return '[' + v.map((x) => pad(depth + 1) + write(x, depth + 1)).join(',') + pad(depth) + ']';
    }
    const keys = Object.keys(v);
    if (keys.length === 0) return '{}';
    return '{' + keys.map((k) => pad(depth + 1) + JSON.stringify(k) + sep + write(v[k]!, depth + 1)).join(',') + pad(depth) + '}';
  };
  return write(value, 0);
}

/** Deepest nesting a decoder follows: deeper input is refused rather than overflowing the stack. */
export const MAX_DECODE_DEPTH = 256;

/** A bounds-checked reader over the input: every read says where it failed. */
export class ByteReader {
  private view: DataView;
  pos = 0;

  constructor(readonly bytes: Uint8Array) {
    this.view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  }

  get remaining(): number {
    return this.bytes.length - this.pos;
  }

  need(n: number, what: string): void {
    if (n > this.remaining) {
      throw new DecodeError(`${what} needs ${n} bytes but only ${this.remaining} remain`, this.pos);
    }
  }

  u8(what = 'a byte'): number {
    this.need(1, what);
    return this.bytes[this.pos++]!;
  }

  u16(what: string): number {
    this.need(2, what);
    const v = this.view.getUint16(this.pos);
    this.pos += 2;
    return v;
  }

  u32(what: string): number {
    this.need(4, what);
    const v = this.view.getUint32(this.pos);
    this.pos += 4;
    return v;
  }

  u64(what: string): bigint {
    this.need(8, what);
    const v = this.view.getBigUint64(this.pos);
    this.pos += 8;
    return v;
  }

  i8(what: string): number {
    this.need(1, what);
    return this.view.getInt8(this.pos++);
  }

  i16(what: string): number {
    this.need(2, what);
    const v = this.view.getInt16(this.pos);
    this.pos += 2;
    return v;
  }

  i32(what: string): number {
    this.need(4, what);
    const v = this.view.getInt32(this.pos);
    this.pos += 4;
    return v;
  }

  i64(what: string): bigint {
    this.need(8, what);
    const v = this.view.getBigInt64(this.pos);
    this.pos += 8;
    return v;
  }

  f32(what: string): number {
    this.need(4, what);
    const v = this.view.getFloat32(this.pos);
    this.pos += 4;
    return v;
  }

  f64(what: string): number {
    this.need(8, what);
    const v = this.view.getFloat64(this.pos);
    this.pos += 8;
    return v;
  }

  take(n: number, what: string): Uint8Array {
    this.need(n, what);
    const out = this.bytes.slice(this.pos, this.pos + n);
    this.pos += n;
    return out;
  }
}

/** Map keys that are not strings (ints, bytes) are shown as text, so no entry is dropped. */
export function mapKeyText(key: DecodedValue): string {
  if (typeof key === 'string') return key;
  if (typeof key === 'bigint') return key.toString();
  if (key instanceof Uint8Array) return `0x${Array.from(key, (b) => b.toString(16).padStart(2, '0')).join('')}`;
  return JSON.stringify(key) ?? String(key);
}

/** Sets a decoded map entry as an own property, so a key named "__proto__" is data, not a prototype change. */
export function setEntry(obj: { [key: string]: DecodedValue }, key: DecodedValue, value: DecodedValue): void {
  Object.defineProperty(obj, mapKeyText(key), { value, enumerable: true, writable: true, configurable: true });
}
