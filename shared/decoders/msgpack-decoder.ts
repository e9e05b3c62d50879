import { ByteReader, DecodeError, MAX_DECODE_DEPTH, normalizeInteger, setEntry, type DecodedValue } from './decoded-value';
import { utf8Field } from './text-field';

// MessagePack (msgpack.org spec). Written here rather than taken from a library so that every failure carries
// the byte offset, 64-bit integers stay exact, and a claimed length is checked against the bytes left before
// anything is allocated (a 5-byte payload cannot ask for a 4 GB array).

/** Decodes exactly one MessagePack value; trailing bytes are an error. */
export function decodeMsgpack(bytes: Uint8Array): DecodedValue {
  const r = new ByteReader(bytes);
  const value = readValue(r, 0);
  if (r.remaining > 0) throw new DecodeError(`${r.remaining} bytes left after the first MessagePack value`, r.pos);
  return value;
}

function readValue(r: ByteReader, depth: number): DecodedValue {
  if (depth > MAX_DECODE_DEPTH) throw new DecodeError(`nesting deeper than ${MAX_DECODE_DEPTH}`, r.pos);
  const at = r.pos;
  const b = r.u8('a MessagePack value');
  if (b <= 0x7f) return b;
  if (b >= 0xe0) return b - 0x100;
  if (b >= 0x80 && b <= 0x8f) return readMap(r, b & 0x0f, depth);
  if (b >= 0x90 && b <= 0x9f) return readArray(r, b & 0x0f, depth);
  if (b >= 0xa0 && b <= 0xbf) return readStr(r, b & 0x1f);
  switch (b) {
    case 0xc0:
      return null;
    case 0xc2:
      return false;
    case 0xc3:
      return true;
    case 0xc4:
      return r.take(r.u8('bin 8 length'), 'bin 8');
    case 0xc5:
      return r.take(r.u16('bin 16 length'), 'bin 16');
    case 0xc6:
      return r.take(r.u32('bin 32 length'), 'bin 32');
    case 0xc7:
      return readExt(r, r.u8('ext 8 length'));
    case 0xc8:
      return readExt(r, r.u16('ext 16 length'));
    case 0xc9:
      return readExt(r, r.u32('ext 32 length'));
    case 0xca:
      return r.f32('float 32');
    case 0xcb:
      return r.f64('float 64');
    case 0xcc:
      return r.u8('uint 8');
    case 0xcd:
      return r.u16('uint 16');
    case 0xce:
      return r.u32('uint 32');
    case 0xcf:
      return normalizeInteger(r.u64('uint 64'));
    case 0xd0:
      return r.i8('int 8');
    case 0xd1:
      return r.i16('int 16');
    case 0xd2:
      return r.i32('int 32');
    case 0xd3:
      return normalizeInteger(r.i64('int 64'));
    case 0xd4:
      return readExt(r, 1);
    case 0xd5:
      return readExt(r, 2);
    case 0xd6:
      return readExt(r, 4);
    case 0xd7:
      return readExt(r, 8);
    case 0xd8:
      return readExt(r, 16);
    case 0xd9:
      return readStr(r, r.u8('str 8 length'));
    case 0xda:
      return readStr(r, r.u16('str 16 length'));
    case 0xdb:
      return readStr(r, r.u32('str 32 length'));
    case 0xdc:
      return readArray(r, r.u16('array 16 length'), depth);
    case 0xdd:
      return readArray(r, r.u32('array 32 length'), depth);
    case 0xde:
      return readMap(r, r.u16('map 16 length'), depth);
    case 0xdf:
      return readMap(r, r.u32('map 32 length'), depth);
    default:
      throw new DecodeError(`0x${b.toString(16)} is not a MessagePack type byte`, at);
  }
}

function readStr(r: ByteReader, n: number): string {
  const at = r.pos;
  return utf8Field(r.take(n, 'a string'), at, 'a string');
}

function readArray(r: ByteReader, n: number, depth: number): DecodedValue[] {
  // Each element takes at least one byte: a count beyond what is left is damage, found before looping.
  r.need(n, `an array of ${n} elements`);
  const out: DecodedValue[] = [];
  for (let i = 0; i < n; i++) out.push(readValue(r, depth + 1));
  return out;
}

function readMap(r: ByteReader, n: number, depth: number): { [key: string]: DecodedValue } {
  r.need(n * 2, `a map of ${n} entries`);
  const out: { [key: string]: DecodedValue } = {};
  for (let i = 0; i < n; i++) {
    const key = readValue(r, depth + 1);
    setEntry(out, key, readValue(r, depth + 1));
  }
  return out;
}

function readExt(r: ByteReader, n: number): DecodedValue {
  const type = r.i8('ext type');
  const at = r.pos;
  const data = r.take(n, `ext ${type} data`);
  if (type === -1) return { $timestamp: timestamp(data, at) };
  return { $ext: type, data };
}

/** The timestamp extension (type -1) in its three sizes, as an ISO-8601 string with nanoseconds. */
function timestamp(data: Uint8Array, at: number): string {
  const v = new DataView(data.buffer, data.byteOffset, data.byteLength);
  let sec: bigint;
  let nsec = 0;
  if (data.length === 4) sec = BigInt(v.getUint32(0));
  else if (data.length === 8) {
    const hi = v.getUint32(0);
    nsec = hi >>> 2;
    sec = (BigInt(hi & 0x3) << 32n) | BigInt(v.getUint32(4));
  } else if (data.length === 12) {
    nsec = v.getUint32(0);
    sec = v.getBigInt64(4);
  } else throw new DecodeError(`a timestamp extension of ${data.length} bytes (4, 8 or 12 expected)`, at);
  if (nsec > 999_999_999) throw new DecodeError('timestamp nanoseconds over 999999999', at);
  const ms = Number(sec) * 1000;
  const d = new Date(ms);
  if (!Number.isFinite(d.getTime())) return `${sec.toString()}s+${nsec}ns`;
  return d.toISOString().replace(/\.\d{3}Z$/, `.${String(nsec).padStart(9, '0')}Z`);
}
