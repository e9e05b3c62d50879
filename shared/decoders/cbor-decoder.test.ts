import { encode } from 'cborg';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { decodeCbor } from './cbor-decoder';
import { DecodeError, toExactJson } from './decoded-value';

// Byte strings below are RFC 8949 Appendix A examples; the round trip uses an independent encoder (cborg).
const hex = (s: string) => Uint8Array.from(s.match(/../g)!.map((b) => parseInt(b, 16)));

describe('decodeCbor', () => {
  it.each([
    ['00', '0'],
    ['1903e8', '1000'],
    ['1bffffffffffffffff', '18446744073709551615'],
    ['c249010000000000000000', '18446744073709551616'],
    ['3bffffffffffffffff', '-18446744073709551616'],
    ['c349010000000000000000', '-18446744073709551617'],
    ['f93c00', '1'],
    ['f97bff', '65504'],
    ['fa47c35000', '100000'],
    ['fb3ff199999999999a', '1.1'],
    ['f4', 'false'],
    ['f6', 'null'],
    ['6449455446', '"IETF"'],
    ['62c3bc', '"ü"'],
    ['83010203', '[1,2,3]'],
    ['a26161016162820203', '{"a":1,"b":[2,3]}'],
    ['9f018202039f0405ffff', '[1,[2,3],[4,5]]'],
    ['7f657374726561646d696e67ff', '"streaming"'],
    ['5f42010243030405ff', '"AQIDBAU="'],
    ['c074323031332d30332d32315432303a30343a30305a', '{"$tag":0,"value":"2013-03-21T20:04:00Z"}'],
  ])('RFC 8949 example %s', (bytes, json) => {
    expect(toExactJson(decodeCbor(hex(bytes)), 0)).toBe(json);
  });

  it('decodes NaN and infinities as visible strings', () => {
    expect(toExactJson(decodeCbor(hex('f97e00')))).toBe('"NaN"');
    expect(toExactJson(decodeCbor(hex('f9fc00')))).toBe('"-Infinity"');
  });

  it('reports damage with its byte offset', () => {
    expect(catchError(() => decodeCbor(hex('8301')))).toMatchObject({ offset: 1 });
    expect(catchError(() => decodeCbor(hex('83016161')))).toMatchObject({ offset: 4 });
    expect(catchError(() => decodeCbor(hex('1c'))).message).toMatch(/reserved/);
    expect(catchError(() => decodeCbor(hex('ff'))).message).toMatch(/break/);
    expect(catchError(() => decodeCbor(hex('0000'))).offset).toBe(1);
    expect(catchError(() => decodeCbor(hex('9bffffffffffffffff'))).message).toMatch(/more than/);
    expect(catchError(() => decodeCbor(hex('62c328'))).message).toMatch(/not valid UTF-8/);
  });

  it('round-trips values an independent encoder writes', () => {
    const json = fc.jsonValue({ maxDepth: 4 }).map((v) => JSON.parse(JSON.stringify(v)) as unknown);
    fc.assert(
      fc.property(json, (v) => {
        expect(decodeCbor(encode(v))).toEqual(v);
      }),
      { numRuns: 300 },
    );
  });

  it('never throws anything but a DecodeError on random bytes (fuzz)', () => {
    fc.assert(
      fc.property(fc.uint8Array({ maxLength: 256 }), (bytes) => {
        try {
          decodeCbor(bytes);
        } catch (err) {
          expect(err).toBeInstanceOf(DecodeError);
        }
      }),
      { numRuns: 5000 },
    );
  });

  it('refuses deep nesting and endless indefinite items without hanging', () => {
    expect(catchError(() => decodeCbor(new Uint8Array(100_000).fill(0x81))).message).toMatch(/nesting deeper/);
    expect(catchError(() => decodeCbor(new Uint8Array(100_000).fill(0x9f))).message).toMatch(/nesting deeper/);
    expect(catchError(() => decodeCbor(hex('9f0101'))).message).toMatch(/needs 1 bytes/);
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
