import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { base64ToBytes, bytesToBase64 } from './base64';
import { hexDump, hexPreview, toHex } from './hex';
import { encodePayload, hexToBytes, PayloadEncodeError, prettyJson } from './payload-codec';
import { decodeUtf8Strict, isValidUtf8, utf8Preview } from './utf8';

const bytes = (...b: number[]) => new Uint8Array(b);

describe('UTF-8 validity', () => {
  it('agrees with a fatal TextDecoder on arbitrary bytes', () => {
    const fatal = new TextDecoder('utf-8', { fatal: true });
    fc.assert(
      fc.property(fc.uint8Array({ maxLength: 64 }), (b) => {
        let ok = true;
        try {
          fatal.decode(b);
        } catch {
          ok = false;
        }
        expect(isValidUtf8(b)).toBe(ok);
      }),
      { numRuns: 2000 },
    );
  });
  it('accepts any encoded string', () => {
    fc.assert(
      fc.property(fc.string({ unit: 'grapheme' }), (s) => {
        expect(isValidUtf8(new TextEncoder().encode(s))).toBe(true);
      }),
    );
  });
  it('rejects overlongs, surrogates, truncation and stray continuation bytes', () => {
    expect(isValidUtf8(bytes(0xc0, 0xaf))).toBe(false);
    expect(isValidUtf8(bytes(0xe0, 0x80, 0xaf))).toBe(false);
    expect(isValidUtf8(bytes(0xed, 0xa0, 0x80))).toBe(false);
    expect(isValidUtf8(bytes(0xf4, 0x90, 0x80, 0x80))).toBe(false);
    expect(isValidUtf8(bytes(0xe4, 0xbd))).toBe(false);
    expect(isValidUtf8(bytes(0x80))).toBe(false);
    expect(isValidUtf8(bytes(0xff, 0xfe))).toBe(false);
    expect(isValidUtf8(new TextEncoder().encode('温度 ✓ 𝄞'))).toBe(true);
  });
  it('never substitutes U+FFFD for invalid input', () => {
    expect(decodeUtf8Strict(bytes(0x41, 0xff))).toBeNull();
    expect(decodeUtf8Strict(bytes(0x41, 0x42))).toBe('AB');
  });
  it('previews only the first characters and never splits a character', () => {
    const long = '温'.repeat(500);
    expect(utf8Preview(new TextEncoder().encode(long), 120)).toBe('温'.repeat(120));
    expect(utf8Preview(new TextEncoder().encode('𝄞'.repeat(200)), 5)).toBe('𝄞'.repeat(2)); // 5 UTF-16 units → 2 whole
    expect(utf8Preview(bytes(0x41, 0xff))).toBeNull();
  });
});

describe('hex', () => {
  it('renders compact previews and a dump with ASCII', () => {
    expect(toHex(bytes(0, 15, 255))).toBe('000fff');
    expect(hexPreview(bytes(1, 2, 3, 4), 2)).toBe('01 02 …');
    const dump = hexDump(new TextEncoder().encode('Hello, world!\n\u0001xyz'));
    expect(dump.split('\n')[0]).toBe('00000000  48 65 6c 6c 6f 2c 20 77  6f 72 6c 64 21 0a 01 78  |Hello, world!..x|');
    expect(dump.split('\n')[1]).toMatch(/^00000010 {2}79 7a\s+\|yz\|$/);
    expect(hexDump(new Uint8Array(100), { maxBytes: 32 })).toMatch(/68 more bytes$/);
  });
  it('parses common hex spellings and explains bad input', () => {
    expect([...hexToBytes('48 65:6C\n0x6c 6f')]).toEqual([0x48, 0x65, 0x6c, 0x6c, 0x6f]);
    expect(() => hexToBytes('4g')).toThrow(/'g'.*not a hex digit/);
    expect(() => hexToBytes('123')).toThrow(/odd number of digits \(3\)/);
  });
  it('round-trips arbitrary bytes', () => {
    fc.assert(
      fc.property(fc.uint8Array({ maxLength: 100 }), (b) => {
        expect([...hexToBytes(toHex(b, ' '))]).toEqual([...b]);
      }),
    );
  });
});

describe('base64', () => {
  it('round-trips and matches Node', () => {
    fc.assert(
      fc.property(fc.uint8Array({ maxLength: 300 }), (b) => {
        const s = bytesToBase64(b);
        expect(s).toBe(Buffer.from(b).toString('base64'));
        expect([...base64ToBytes(s)]).toEqual([...b]);
      }),
    );
  });
  it('accepts url-safe text, whitespace and missing padding', () => {
    expect([...base64ToBytes('-_8')]).toEqual([0xfb, 0xff]);
    expect([...base64ToBytes('aGk=\n')]).toEqual([0x68, 0x69]);
    expect([...base64ToBytes('aGk')]).toEqual([0x68, 0x69]);
  });
  it('explains invalid base64', () => {
    expect(() => base64ToBytes('ab*c')).toThrow(/'\*' at position 3/);
    expect(() => base64ToBytes('ab$d')).toThrow(/'\$' at position 3/);
    expect(() => base64ToBytes('abcde')).toThrow(/cut off/);
  });
});

describe('publish payload encoding', () => {
  it('sends JSON exactly as typed after checking it', () => {
    expect(new TextDecoder().decode(encodePayload('json', '{ "b": 1, "a": [2] }'))).toBe('{ "b": 1, "a": [2] }');
    expect(() => encodePayload('json', '{"a":')).toThrow(PayloadEncodeError);
    expect(() => encodePayload('json', '{"a":')).toThrow(/not valid JSON/);
  });
  it('encodes text as UTF-8, hex and base64 as the bytes they spell', () => {
    expect([...encodePayload('text', 'é')]).toEqual([0xc3, 0xa9]);
    expect([...encodePayload('hex', 'ff 00')]).toEqual([0xff, 0x00]);
    expect([...encodePayload('base64', '/wA=')]).toEqual([0xff, 0x00]);
    expect(() => encodePayload('base64', '!!')).toThrow(PayloadEncodeError);
  });
  it('pretty-prints JSON only when it is JSON', () => {
    expect(prettyJson('{"a":1}')).toBe('{\n  "a": 1\n}');
    expect(prettyJson('hello')).toBeNull();
    expect(prettyJson('{"a":')).toBeNull();
  });
});
