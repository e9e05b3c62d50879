/**
 * HMAC helpers shared by the vendor signers. Pure JS (@noble/hashes), no Node or browser crypto, so the same
 * signer runs in the backend, the renderer's credential preview and the CLI.
 */
import { hmac } from '@noble/hashes/hmac.js';
import { md5, sha1 } from '@noble/hashes/legacy.js';
import { sha256 } from '@noble/hashes/sha2.js';
import { utf8ToBytes } from '@noble/hashes/utils.js';
import { bytesToBase64 } from '../mqtt/base64';
import { toHex } from '../mqtt/hex';

export type HmacAlgorithm = 'sha1' | 'md5' | 'sha256';

const HASHES = { sha1, md5, sha256 } as const;

export function hmacBytes(algorithm: HmacAlgorithm, key: string, data: string): Uint8Array {
  return hmac(HASHES[algorithm], utf8ToBytes(key), utf8ToBytes(data));
}

export function hmacBase64(algorithm: HmacAlgorithm, key: string, data: string): string {
  return bytesToBase64(hmacBytes(algorithm, key, data));
}

/** Lowercase hex, as the IoT Platform device and IoTDA device passwords are written. */
export function hmacHex(algorithm: HmacAlgorithm, key: string, data: string): string {
  return toHex(hmacBytes(algorithm, key, data));
}

/** Constant-time comparison of two signatures (sandbox verification): the time does not depend on where they differ. */
export function sameSignature(a: string, b: string): boolean {
  if (a.length !== b.length) return false;
  let diff = 0;
  for (let i = 0; i < a.length; i++) diff |= a.charCodeAt(i) ^ b.charCodeAt(i);
  return diff === 0;
}

/** sameSignature for hex digests, which servers compare case-insensitively. */
export function sameHexSignature(a: string, b: string): boolean {
  return sameSignature(a.toLowerCase(), b.toLowerCase());
}
