import { gzipSync, deflateSync, zlibSync } from 'fflate';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { inflatePayload, sniffCompression } from './compressed-decoder';
import { DecodeError } from './decoded-value';

const text = new TextEncoder().encode('{"temp":21.50,"id":12345678901234567890}');

describe('inflatePayload', () => {
  it('inflates gzip, zlib and raw deflate byte-exactly', () => {
    expect(inflatePayload(gzipSync(text), 'gzip')).toEqual(text);
    expect(inflatePayload(zlibSync(text), 'zlib')).toEqual(text);
    expect(inflatePayload(deflateSync(text), 'deflate')).toEqual(text);
  });

  it('sniffs gzip and zlib headers', () => {
    expect(sniffCompression(gzipSync(text))).toBe('gzip');
    expect(sniffCompression(zlibSync(text))).toBe('zlib');
    expect(sniffCompression(text)).toBeNull();
  });

  it('stops a bomb at the cap', () => {
    const bomb = gzipSync(new Uint8Array(8 * 1024 * 1024));
    expect(bomb.length).toBeLessThan(20_000);
    expect(() => inflatePayload(bomb, 'gzip', 1024 * 1024)).toThrow(/more than 1048576 bytes/);
  });

  it('never throws anything but a DecodeError on random bytes (fuzz)', () => {
    fc.assert(
      fc.property(fc.uint8Array({ maxLength: 512 }), fc.constantFrom('gzip' as const, 'zlib' as const, 'deflate' as const), (bytes, kind) => {
        try {
          inflatePayload(bytes, kind, 1024 * 1024);
        } catch (err) {
          expect(err).toBeInstanceOf(DecodeError);
        }
      }),
      { numRuns: 2000 },
    );
  });
});
