/** Hex renderings of raw bytes: compact previews and a classic offset/hex/ASCII dump. */

const HEX = Array.from({ length: 256 }, (_, i) => i.toString(16).padStart(2, '0'));

export function toHex(bytes: Uint8Array, separator = ''): string {
  let out = '';
  for (let i = 0; i < bytes.length; i++) out += (i && separator ? separator : '') + HEX[bytes[i]!];
  return out;
}

/** Space-separated hex of the first maxBytes bytes, with '…' when cut. */
export function hexPreview(bytes: Uint8Array, maxBytes = 40): string {
  const head = bytes.length > maxBytes ? bytes.subarray(0, maxBytes) : bytes;
  return toHex(head, ' ') + (bytes.length > maxBytes ? ' …' : '');
}

/**
 * `00000000  48 65 6c 6c 6f 20 77 6f  72 6c 64 0a              |Hello world.|` — width bytes per line,
 * non-printable bytes shown as '.', at most maxBytes bytes (then a line saying how many were left out).
 */
export function hexDump(bytes: Uint8Array, opts: { width?: number; maxBytes?: number } = {}): string {
  const width = opts.width ?? 16;
  const limit = Math.min(bytes.length, opts.maxBytes ?? Infinity);
  const lines: string[] = [];
  for (let off = 0; off < limit; off += width) {
    const end = Math.min(off + width, limit);
    let hex = '';
    let ascii = '';
    for (let i = off; i < off + width; i++) {
      if (i > off) hex += i - off === width / 2 ? '  ' : ' ';
      if (i < end) {
        const b = bytes[i]!;
        hex += HEX[b];
        ascii += b >= 0x20 && b < 0x7f ? String.fromCharCode(b) : '.';
      } else hex += '  ';
    }
    lines.push(`${off.toString(16).padStart(8, '0')}  ${hex}  |${ascii}|`);
  }
  if (limit < bytes.length) lines.push(`… ${bytes.length - limit} more bytes`);
  return lines.join('\n');
}
