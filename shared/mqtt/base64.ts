/** Base64 without Buffer or atob, so the same code runs in main and in the renderer. */

const ALPHABET = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/';
const LOOKUP = new Int16Array(128).fill(-1);
for (let i = 0; i < ALPHABET.length; i++) LOOKUP[ALPHABET.charCodeAt(i)] = i;
// base64url characters decode too: people paste either.
LOOKUP['-'.charCodeAt(0)] = 62;
LOOKUP['_'.charCodeAt(0)] = 63;

export function bytesToBase64(bytes: Uint8Array): string {
  let out = '';
  let i = 0;
  for (; i + 2 < bytes.length; i += 3) {
    const n = (bytes[i]! << 16) | (bytes[i + 1]! << 8) | bytes[i + 2]!;
    out += ALPHABET[n >> 18]! + ALPHABET[(n >> 12) & 63]! + ALPHABET[(n >> 6) & 63]! + ALPHABET[n & 63]!;
  }
  const rest = bytes.length - i;
  if (rest === 1) {
    const n = bytes[i]! << 16;
    out += ALPHABET[n >> 18]! + ALPHABET[(n >> 12) & 63]! + '==';
  } else if (rest === 2) {
    const n = (bytes[i]! << 16) | (bytes[i + 1]! << 8);
    out += ALPHABET[n >> 18]! + ALPHABET[(n >> 12) & 63]! + ALPHABET[(n >> 6) & 63]! + '=';
  }
  return out;
}

/** Decodes standard or URL-safe base64 (whitespace ignored, padding optional); throws saying what is wrong. */
export function base64ToBytes(text: string): Uint8Array {
  const clean = text.replace(/\s+/g, '');
  let end = clean.length;
  let pad = 0;
  while (end > 0 && clean[end - 1] === '=') {
    end--;
    pad++;
  }
  if (pad > 2) throw new Error('Base64 has more than two "=" padding characters at the end.');
  for (let i = 0; i < end; i++) {
    const c = clean.charCodeAt(i);
    if (c >= 128 || LOOKUP[c] === -1) {
      throw new Error(`Base64 contains '${clean[i]}' at position ${i + 1}; only A-Z a-z 0-9 + / (or - _) and '=' padding are allowed.`);
    }
  }
  if (end % 4 === 1) throw new Error('Base64 length is not valid: one character too many or missing (the text looks cut off).');
  if (pad && (end + pad) % 4 !== 0) throw new Error('Base64 padding does not fit the length of the text.');
  const out = new Uint8Array(Math.floor((end * 3) / 4));
  let o = 0;
  let acc = 0;
  let bits = 0;
  for (let i = 0; i < end; i++) {
    acc = (acc << 6) | LOOKUP[clean.charCodeAt(i)]!;
    bits += 6;
    if (bits >= 8) {
      bits -= 8;
      out[o++] = (acc >> bits) & 0xff;
    }
  }
  return out.subarray(0, o);
}
