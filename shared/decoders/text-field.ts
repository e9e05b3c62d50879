import { decodeUtf8Strict } from '../mqtt/utf8';
import { DecodeError } from './decoded-value';

/** Decodes a text field strictly: an invalid UTF-8 string is a decode error at its offset, never U+FFFD. */
export function utf8Field(bytes: Uint8Array, offset: number, what: string): string {
  const s = decodeUtf8Strict(bytes);
  if (s === null) throw new DecodeError(`${what} is not valid UTF-8`, offset);
  return s;
}
