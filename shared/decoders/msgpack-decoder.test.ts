import { encode } from '@msgpack/msgpack';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { DecodeError, toExactJson } from './decoded-value';
import { decodeMsgpack } from './msgpack-decoder';

// The reference encoder is an independent implementation (@msgpack/msgpack), not ours.
const hex = (s: string) => Uint8Array.from(s.match(/../g)!.map((b) => parseInt(b, 16)));

describe('decodeMsgpack', () => {
  it('decodes what an independent encoder wrote', () => {
    const value = { id: 7, name: 'pump-07', temp: -12.5, ok: true, none: null, list: [1, -1, 300, -40000, 4294967295], blob: new Uint8Array([0, 255]) };
    expect(decodeMsgpack(encode(value))).toEqual(value);
  });

  it('keeps 64-bit integers beyond 2^53 exact', () => {
    // uint64 0xffffffffffffffff and int64 -2^63
    expect(toExactJson(decodeMsgpack(hex('cfffffffffffffffff')))).toBe('18446744073709551615');
    expect(toExactJson(decodeMsgpack(hex('d38000000000000000')))).toBe('-9223372036854775808');
    expect(decodeMsgpack(hex('cf0000000000000007'))).toBe(7);
  });

  it('reports the byte offset of damage', () => {
    // map of 1: "a" → str8 claiming 200 bytes with 1 present
    const err = catchError(() => decodeMsgpack(hex('81a161d9c841')));
    expect(err.offset).toBe(5);
    expect(err.message).toMatch(/needs 200 bytes/);
    expect(catchError(() => decodeMsgpack(hex('c1'))).message).toMatch(/not a MessagePack type byte/);
    expect(catchError(() => decodeMsgpack(hex('0102'))).offset).toBe(1);
  });

  it('refuses a claimed length larger than the input before allocating', () => {
    // array 32 with 4 billion elements in 5 bytes
    expect(catchError(() => decodeMsgpack(hex('ddffffffff'))).message).toMatch(/array of 4294967295/);
  });

  it('refuses invalid UTF-8 in a string instead of replacing it', () => {
    expect(catchError(() => decodeMsgpack(hex('a2c328'))).message).toMatch(/not valid UTF-8/);
  });

  it('keeps a "__proto__" key as data', () => {
    const v = decodeMsgpack(hex('81a95f5f70726f746f5f5f01')) as Record<string, unknown>;
    expect(Object.keys(v)).toEqual(['__proto__']);
    expect(Object.getPrototypeOf(v)).toBe(Object.prototype);
  });

  it('decodes the timestamp extension', () => {
    expect(decodeMsgpack(hex('d6ff00000001'))).toEqual({ $timestamp: '1970-01-01T00:00:01.000000000Z' });
  });

  it('round-trips arbitrary values an independent encoder writes', () => {
    const json = fc.jsonValue({ maxDepth: 4 }).map((v) => JSON.parse(JSON.stringify(v)) as unknown);
    fc.assert(
      fc.property(json, (v) => {
        expect(decodeMsgpack(encode(v))).toEqual(v);
      }),
      { numRuns: 300 },
    );
  });

  it('never throws anything but a DecodeError on random bytes (fuzz)', () => {
    fc.assert(
      fc.property(fc.uint8Array({ maxLength: 256 }), (bytes) => {
        try {
          decodeMsgpack(bytes);
        } catch (err) {
          expect(err).toBeInstanceOf(DecodeError);
        }
      }),
      { numRuns: 5000 },
    );
  });

  it('refuses nesting deeper than the limit without overflowing the stack', () => {
    const deep = new Uint8Array(100_000).fill(0x91);
    expect(catchError(() => decodeMsgpack(deep)).message).toMatch(/nesting deeper/);
  });
});

function catchError(fn: () => unknown): DecodeError {
  try {
    fn();
  } catch (err) {
    if (err instanceof DecodeError) return err;
    throw err;
  }
  throw new Error('expected a DecodeError');
}
