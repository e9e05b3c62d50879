import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { base64ToBytes, bytesToBase64, bytesToHex, decodeUtf8Strict, hexDump, publishInputSize, validatePublishInput } from './payload';

describe('payload decoding', () => {
  it('round-trips any bytes through base64', () => {
    fc.assert(
      fc.property(fc.uint8Array({ maxLength: 300 }), (bytes) => {
        expect(base64ToBytes(bytesToBase64(bytes))).toEqual(bytes);
      }),
    );
  });
  it('rejects invalid UTF-8 instead of substituting characters', () => {
    expect(decodeUtf8Strict(new Uint8Array([0x68, 0x69]))).toBe('hi');
    expect(decodeUtf8Strict(new Uint8Array([0xe4, 0xbd, 0xa0, 0xe5, 0xa5, 0xbd]))).toBe('你好');
    expect(decodeUtf8Strict(new Uint8Array([0xff, 0xfe, 0x00]))).toBeNull();
    expect(decodeUtf8Strict(new Uint8Array([0xe4, 0xbd]))).toBeNull();
  });
  it('makes a hex dump with offsets and printable ASCII', () => {
    const dump = hexDump(new TextEncoder().encode('Hello world\n'));
    expect(dump).toBe('00000000  48 65 6c 6c 6f 20 77 6f  72 6c 64 0a              |Hello world.|');
    const two = hexDump(new Uint8Array(17).fill(0x41)).split('\n');
    expect(two).toHaveLength(2);
    expect(two[1]).toMatch(/^00000010 {2}41 /);
    expect(hexDump(new Uint8Array(40), 16).split('\n').at(-1)).toBe('… 24 more bytes not shown');
  });
  it('hex-encodes bytes', () => {
    expect(bytesToHex(new Uint8Array([0, 15, 255]))).toBe('000fff');
    expect(bytesToHex(new Uint8Array([1, 2]), ' ')).toBe('01 02');
  });
});

describe('publish input validation', () => {
  it('accepts well-formed input per format', () => {
    expect(validatePublishInput('json', '{"t":21.5}')).toBeNull();
    expect(validatePublishInput('text', 'anything')).toBeNull();
    expect(validatePublishInput('hex', 'de ad be ef')).toBeNull();
    expect(validatePublishInput('base64', 'aGVsbG8=')).toBeNull();
  });
  it('says what is wrong', () => {
    expect(validatePublishInput('json', '{t:1}')?.code).toBe('json');
    expect(validatePublishInput('hex', 'abc')?.code).toBe('hex-odd');
    expect(validatePublishInput('hex', 'zz')?.code).toBe('hex-chars');
    expect(validatePublishInput('base64', 'a$b=')?.code).toBe('base64');
  });
  it('computes the byte size the payload will have', () => {
    expect(publishInputSize('text', '你好')).toBe(6);
    expect(publishInputSize('hex', '00 ff')).toBe(2);
    expect(publishInputSize('base64', 'aGVsbG8=')).toBe(5);
    expect(publishInputSize('hex', 'f')).toBeNull();
  });
});
