// Payload decoding and encoding. Bytes are never "repaired": invalid UTF-8 is shown as hex, not mangled.

// One base64 for main and renderer: no atob/btoa round trip through binary strings.
import { base64ToBytes } from '../../../shared/mqtt/base64';
import type { PayloadFormat } from '../../../shared/mqtt/payload-codec';

export { base64ToBytes, bytesToBase64 } from '../../../shared/mqtt/base64';

/** The text when the bytes are valid UTF-8, otherwise null (fatal decoder: no U+FFFD substitution). */
export function decodeUtf8Strict(bytes: Uint8Array): string | null {
  try {
    return new TextDecoder('utf-8', { fatal: true }).decode(bytes);
  } catch {
    return null;
  }
}

export function bytesToHex(bytes: Uint8Array, sep = ''): string {
  let s = '';
  for (let i = 0; i < bytes.length; i++) {
    if (i && sep) s += sep;
    s += bytes[i]!.toString(16).padStart(2, '0');
  }
  return s;
}

/**
 * Classic hex dump: offset, 16 bytes in two groups of 8, printable ASCII.
 * 00000000  48 65 6c 6c 6f 20 77 6f  72 6c 64 0a              |Hello world.|
 */
export function hexDump(bytes: Uint8Array, maxBytes = 1 << 20, more: (count: number) => string = (count) => `… ${count} more bytes not shown`): string {
  const n = Math.min(bytes.length, maxBytes);
  const lines: string[] = [];
  for (let off = 0; off < n; off += 16) {
    let hex = '';
    let ascii = '';
    for (let i = 0; i < 16; i++) {
      const p = off + i;
      if (i === 8) hex += ' ';
      if (p < n) {
        const b = bytes[p]!;
        hex += b.toString(16).padStart(2, '0') + ' ';
        ascii += b >= 0x20 && b < 0x7f ? String.fromCharCode(b) : '.';
      } else {
        hex += '   ';
      }
    }
    lines.push(`${off.toString(16).padStart(8, '0')}  ${hex} |${ascii}|`);
  }
  if (bytes.length > n) lines.push(more(bytes.length - n));
  return lines.join('\n');
}

/** The publish editor's formats are the payload formats the contract accepts. */
export type InputFormat = PayloadFormat;

/** Why a publish input is not valid for its format, or null when it is. Codes map to i18n keys. */
export type InputProblem = { code: 'json' | 'hex-chars' | 'hex-odd' | 'base64'; detail?: string } | null;

export function validatePublishInput(format: InputFormat, data: string): InputProblem {
  switch (format) {
    case 'text':
      return null;
    case 'json':
      try {
        JSON.parse(data);
        return null;
      } catch (e) {
        return { code: 'json', detail: (e as Error).message };
      }
    case 'hex': {
      const clean = data.replace(/\s+/g, '');
      if (/[^0-9a-fA-F]/.test(clean)) return { code: 'hex-chars' };
      if (clean.length % 2) return { code: 'hex-odd' };
      return null;
    }
    case 'base64': {
      const clean = data.replace(/\s+/g, '');
      if (!/^[A-Za-z0-9+/]*={0,2}$/.test(clean) || clean.length % 4 === 1) return { code: 'base64' };
      try {
        atob(clean);
        return null;
      } catch {
        return { code: 'base64' };
      }
    }
  }
}

/** How many bytes the publish input will make (for the size shown beside the editor). */
export function publishInputSize(format: InputFormat, data: string): number | null {
  if (validatePublishInput(format, data)) return null;
  switch (format) {
    case 'text':
    case 'json':
      return new TextEncoder().encode(data).length;
    case 'hex':
      return data.replace(/\s+/g, '').length / 2;
    case 'base64':
      return base64ToBytes(data.replace(/\s+/g, '')).length;
  }
}
