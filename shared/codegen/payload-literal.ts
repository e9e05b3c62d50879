import { base64ToBytes } from '../mqtt/base64';
import { decodeUtf8Strict } from '../mqtt/utf8';

/** The payload as text when it is printable UTF-8 (tab, CR, LF allowed), else null: binary goes out byte-exact. */
export function printablePayload(payloadBase64: string): { text: string | null; bytes: Uint8Array } {
  const bytes = base64ToBytes(payloadBase64);
  const text = decodeUtf8Strict(bytes);
  // eslint-disable-next-line no-control-regex
  if (text === null || /[\u0000-\u0008\u000b\u000c\u000e-\u001f\u007f]/.test(text)) return { text: null, bytes };
  return { text, bytes };
}

/** A Python bytes literal that reproduces the bytes exactly (printable ASCII kept readable). */
export function pythonBytesLiteral(bytes: Uint8Array): string {
  let out = "b'";
  for (const b of bytes) {
    if (b === 0x5c) out += '\\\\';
    else if (b === 0x27) out += "\\'";
    else if (b >= 0x20 && b < 0x7f) out += String.fromCharCode(b);
    else out += '\\x' + b.toString(16).padStart(2, '0');
  }
  return out + "'";
}

/** A JavaScript/Python string literal (JSON's escaping is valid in both). */
export function stringLiteral(s: string): string {
  return JSON.stringify(s);
}
