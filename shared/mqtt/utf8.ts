/** UTF-8 checks and decoding that never mangle bytes: invalid input is reported, not replaced. */

/** True when bytes are well-formed UTF-8 (no overlongs, no surrogates, ≤ U+10FFFF). */
export function isValidUtf8(bytes: Uint8Array): boolean {
  const n = bytes.length;
  let i = 0;
  while (i < n) {
    const b = bytes[i]!;
    if (b < 0x80) {
      i++;
      continue;
    }
    if (b >= 0xc2 && b <= 0xdf) {
      if (i + 1 >= n || (bytes[i + 1]! & 0xc0) !== 0x80) return false;
      i += 2;
    } else if (b >= 0xe0 && b <= 0xef) {
      if (i + 2 >= n) return false;
      const b1 = bytes[i + 1]!;
      if ((b1 & 0xc0) !== 0x80 || (bytes[i + 2]! & 0xc0) !== 0x80) return false;
      if (b === 0xe0 && b1 < 0xa0) return false; // overlong
      if (b === 0xed && b1 > 0x9f) return false; // UTF-16 surrogate
      i += 3;
    } else if (b >= 0xf0 && b <= 0xf4) {
      if (i + 3 >= n) return false;
      const b1 = bytes[i + 1]!;
      if ((b1 & 0xc0) !== 0x80 || (bytes[i + 2]! & 0xc0) !== 0x80 || (bytes[i + 3]! & 0xc0) !== 0x80) return false;
      if (b === 0xf0 && b1 < 0x90) return false; // overlong
      if (b === 0xf4 && b1 > 0x8f) return false; // > U+10FFFF
      i += 4;
    } else return false;
  }
  return true;
}

const decoder = new TextDecoder('utf-8', { fatal: true });
const encoder = new TextEncoder();

/** The text when bytes are valid UTF-8, else null (never U+FFFD substitutions). */
export function decodeUtf8Strict(bytes: Uint8Array): string | null {
  if (!isValidUtf8(bytes)) return null;
  return decoder.decode(bytes);
}

export function encodeUtf8(text: string): Uint8Array {
  return encoder.encode(text);
}

/**
 * The first `maxChars` characters of valid UTF-8 text, decoding only the bytes needed (a 1 MB payload's
 * preview must not decode 1 MB). Returns null when the whole payload is not valid UTF-8.
 */
export function utf8Preview(bytes: Uint8Array, maxChars = 120): string | null {
  if (!isValidUtf8(bytes)) return null;
  return previewOfValidUtf8(bytes, maxChars);
}

/** utf8Preview for bytes already known to be valid UTF-8 (callers with a faster native check). */
export function previewOfValidUtf8(bytes: Uint8Array, maxChars = 120): string {
  // Each character is at most 4 bytes; cut at a character boundary.
  let end = Math.min(bytes.length, maxChars * 4);
  while (end < bytes.length && (bytes[end]! & 0xc0) === 0x80) end--;
  const text = decoder.decode(bytes.subarray(0, end));
  return text.length > maxChars ? sliceChars(text, maxChars) : text;
}

function sliceChars(text: string, max: number): string {
  let end = max;
  const c = text.charCodeAt(end - 1);
  if (c >= 0xd800 && c <= 0xdbff) end--; // don't split a surrogate pair
  return text.slice(0, end);
}
