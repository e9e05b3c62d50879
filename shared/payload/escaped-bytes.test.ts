import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { escapeInvalidUtf8, unescapeToBytes, utf8SequenceAt } from './escaped-bytes';

describe('escapeInvalidUtf8', () => {
  it('shows invalid bytes as \\xNN and keeps valid text', () => {
    expect(escapeInvalidUtf8(Uint8Array.from([0x68, 0xff, 0xfe, 0x69, 0x5c, 0xe4, 0xb8, 0xad]))).toBe('h\\xff\\xfei\\\\中');
    // A truncated sequence is bytes, not a character.
    expect(escapeInvalidUtf8(Uint8Array.from([0xe4, 0xb8]))).toBe('\\xe4\\xb8');
    // Overlong '/' and an encoded surrogate are invalid UTF-8.
    expect(escapeInvalidUtf8(Uint8Array.from([0xc0, 0xaf, 0xed, 0xa0, 0x80]))).toBe('\\xc0\\xaf\\xed\\xa0\\x80');
  });

  it('loses nothing: the escaped text maps back to the same bytes, and never holds U+FFFD unless sent', () => {
    fc.assert(
      fc.property(fc.uint8Array({ maxLength: 64 }), (bytes) => {
        const text = escapeInvalidUtf8(bytes);
        expect(Array.from(unescapeToBytes(text))).toEqual(Array.from(bytes));
        if (!text.includes('\ufffd')) return;
        expect(new TextDecoder().decode(bytes)).toContain('\ufffd');
      }),
      { numRuns: 1000 },
    );
  });

  it('agrees with the fatal TextDecoder on what is valid UTF-8', () => {
    fc.assert(
      fc.property(fc.uint8Array({ maxLength: 8 }), (bytes) => {
        let valid = true;
        for (let i = 0; i < bytes.length;) {
          const n = utf8SequenceAt(bytes, i);
          if (!n) {
            valid = false;
            break;
          }
          i += n;
        }
        let decoderValid = true;
        try {
          new TextDecoder('utf-8', { fatal: true }).decode(bytes);
        } catch {
          decoderValid = false;
        }
        expect(valid).toBe(decoderValid);
      }),
      { numRuns: 3000 },
    );
  });
});
