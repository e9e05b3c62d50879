import { Gunzip, Inflate, Unzlib } from 'fflate';
import { DecodeError } from './decoded-value';

// Compressed payloads come from devices: the output is capped so a small bomb cannot take the backend's memory.
export const MAX_INFLATED_BYTES = 16 * 1024 * 1024;

export type Compression = 'gzip' | 'zlib' | 'deflate';

/** Recognises gzip (1f 8b) and zlib (78 01/5e/9c/da) headers; raw deflate has none and must be chosen. */
export function sniffCompression(bytes: Uint8Array): Compression | null {
  if (bytes.length >= 2 && bytes[0] === 0x1f && bytes[1] === 0x8b) return 'gzip';
  if (bytes.length >= 2 && bytes[0] === 0x78 && ((bytes[0] << 8) | bytes[1]!) % 31 === 0) return 'zlib';
  return null;
}

/** Inflates, stopping with an error as soon as the output passes the cap (streamed, so the cap holds). */
export function inflatePayload(bytes: Uint8Array, kind: Compression, maxBytes = MAX_INFLATED_BYTES): Uint8Array {
  const chunks: Uint8Array[] = [];
  let total = 0;
  let over = false;
  const ondata = (chunk: Uint8Array) => {
    total += chunk.length;
    if (total > maxBytes) over = true;
    else chunks.push(chunk);
  };
  const stream = kind === 'gzip' ? new Gunzip(ondata) : kind === 'zlib' ? new Unzlib(ondata) : new Inflate(ondata);
  // Small steps: one push can inflate ~1000x its size before the cap is looked at.
  const step = 4 * 1024;
  try {
    for (let i = 0; i < bytes.length && !over; i += step) {
      stream.push(bytes.subarray(i, Math.min(bytes.length, i + step)), i + step >= bytes.length);
    }
  } catch (err) {
    throw new DecodeError(`not valid ${kind} data: ${(err as Error).message}`, 0);
  }
  if (over) throw new DecodeError(`inflates to more than ${maxBytes} bytes; refused`, 0);
  if (total === 0 && bytes.length > 0 && kind !== 'deflate') throw new DecodeError(`${kind} data ended early`, bytes.length);
  const out = new Uint8Array(total);
  let o = 0;
  for (const c of chunks) {
    out.set(c, o);
    o += c.length;
  }
  return out;
}
