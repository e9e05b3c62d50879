// The raw view of bytes that are not valid UTF-8: every valid UTF-8 sequence as its character, every
// byte that is not part of one as \xNN, and a backslash as \\ so the text maps back to exactly one byte
// string. Never U+FFFD: a replacement character would hide which bytes were sent.

/** Length of the valid UTF-8 sequence starting at i (1-4), or 0 when the byte there does not start one. */
export function utf8SequenceAt(b: Uint8Array, i: number): number {
  const c = b[i]!;
  if (c < 0x80) return 1;
  const cont = (k: number, lo = 0x80, hi = 0xbf) => i + k < b.length && b[i + k]! >= lo && b[i + k]! <= hi;
  if (c >= 0xc2 && c <= 0xdf) return cont(1) ? 2 : 0;
  // Unicode table 3-7: the second byte's range excludes overlongs (E0, F0), surrogates (ED) and > U+10FFFF (F4).
  if (c === 0xe0) return cont(1, 0xa0) && cont(2) ? 3 : 0;
  if ((c >= 0xe1 && c <= 0xec) || c === 0xee || c === 0xef) return cont(1) && cont(2) ? 3 : 0;
  if (c === 0xed) return cont(1, 0x80, 0x9f) && cont(2) ? 3 : 0;
  if (c === 0xf0) return cont(1, 0x90) && cont(2) && cont(3) ? 4 : 0;
  if (c >= 0xf1 && c <= 0xf3) return cont(1) && cont(2) && cont(3) ? 4 : 0;
  if (c === 0xf4) return cont(1, 0x80, 0x8f) && cont(2) && cont(3) ? 4 : 0;
  return 0;
}

export function escapeInvalidUtf8(bytes: Uint8Array): string {
  const parts: string[] = [];
  const dec = new TextDecoder('utf-8', { fatal: true });
  let runStart = 0;
  const flush = (end: number) => {
    if (end > runStart) parts.push(dec.decode(bytes.subarray(runStart, end)).replaceAll('\\', '\\\\'));
  };
  let i = 0;
  while (i < bytes.length) {
    const len = utf8SequenceAt(bytes, i);
    if (len) {
      i += len;
      continue;
    }
    flush(i);
    parts.push('\\x' + bytes[i]!.toString(16).padStart(2, '0'));
    i++;
    runStart = i;
  }
  flush(i);
  return parts.join('');
}

/** The inverse of escapeInvalidUtf8 (used to prove it loses nothing). */
export function unescapeToBytes(text: string): Uint8Array {
  const out: number[] = [];
  const enc = new TextEncoder();
  let i = 0;
  let runStart = 0;
  const flush = (end: number) => {
    if (end > runStart) for (const b of enc.encode(text.slice(runStart, end))) out.push(b);
  };
  while (i < text.length) {
    if (text[i] === '\\') {
      flush(i);
      if (text[i + 1] === '\\') {
        out.push(0x5c);
        i += 2;
      } else if (text[i + 1] === 'x') {
        out.push(parseInt(text.slice(i + 2, i + 4), 16));
        i += 4;
      } else throw new Error(`stray backslash at ${i}`);
      runStart = i;
    } else i++;
  }
  flush(i);
  return Uint8Array.from(out);
}
