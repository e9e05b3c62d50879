import { base64ToBytes } from './base64';
import { encodeUtf8 } from './utf8';

/** The formats a typed payload may be given in: the one list (the contract and the publish editor use it). */
export const PAYLOAD_FORMATS = ['text', 'json', 'hex', 'base64'] as const;
export type PayloadFormat = (typeof PAYLOAD_FORMATS)[number];

/** A payload the user typed could not be turned into bytes; `message` says what to fix. */
export class PayloadEncodeError extends Error {
  constructor(
    readonly format: PayloadFormat,
    message: string,
  ) {
    super(message);
    this.name = 'PayloadEncodeError';
  }
}

/**
 * Turns what the user typed in the publish editor into the exact bytes to send. JSON is checked and sent
 * as typed (not re-serialised, so key order and spacing are the user's).
 */
export function encodePayload(format: PayloadFormat, data: string): Uint8Array {
  switch (format) {
    case 'text':
      return encodeUtf8(data);
    case 'json': {
      if (data.trim() === '') return encodeUtf8(data);
      try {
        JSON.parse(data);
      } catch (err) {
        throw new PayloadEncodeError('json', `The payload is not valid JSON: ${(err as Error).message}. Fix it, or publish it as text.`);
      }
      return encodeUtf8(data);
    }
    case 'hex':
      return hexToBytes(data);
    case 'base64':
      try {
        return base64ToBytes(data);
      } catch (err) {
        throw new PayloadEncodeError('base64', (err as Error).message);
      }
  }
}

/** Accepts `48 65 6c`, `48:65:6c`, `0x48 0x65`, `48656c` and line breaks; throws saying where it is wrong. */
export function hexToBytes(text: string): Uint8Array {
  const clean = text.replace(/0x/gi, '').replace(/[\s:,-]+/g, '');
  const bad = clean.search(/[^0-9a-fA-F]/);
  if (bad >= 0) throw new PayloadEncodeError('hex', `Hex contains '${clean[bad]}', which is not a hex digit (0-9, a-f); at digit ${bad + 1}.`);
  if (clean.length % 2 !== 0) throw new PayloadEncodeError('hex', `Hex has an odd number of digits (${clean.length}); every byte needs two digits.`);
  const out = new Uint8Array(clean.length / 2);
  for (let i = 0; i < out.length; i++) out[i] = parseInt(clean.substr(i * 2, 2), 16);
  return out;
}

/** Pretty-printed JSON when the text is JSON, else null. */
export function prettyJson(text: string): string | null {
  const t = text.trim();
  if (!t || (t[0] !== '{' && t[0] !== '[' && t[0] !== '"' && !/^-?\d|^true$|^false$|^null$/.test(t))) return null;
  try {
    return JSON.stringify(JSON.parse(t), null, 2);
  } catch {
    return null;
  }
}
