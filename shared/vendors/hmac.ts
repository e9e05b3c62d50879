/** HMAC helpers shared by the vendor signers (node:crypto only: no I/O). */
import { createHmac } from 'node:crypto';

export type HmacAlgorithm = 'sha1' | 'md5' | 'sha256';

export function hmacBase64(algorithm: HmacAlgorithm, key: string, data: string): string {
  return createHmac(algorithm, Buffer.from(key, 'utf8')).update(Buffer.from(data, 'utf8')).digest('base64');
}

/** Constant-time comparison of two Base64 signatures (sandbox verification). */
export function sameSignature(a: string, b: string): boolean {
  const x = Buffer.from(a, 'utf8');
  const y = Buffer.from(b, 'utf8');
  if (x.length !== y.length) return false;
  let diff = 0;
  for (let i = 0; i < x.length; i++) diff |= x[i] ^ y[i];
  return diff === 0;
}
