import { base64ToBytes, bytesToBase64 } from '../mqtt/base64';

/**
 * MQTT 5 properties (correlationData) and AMQP sections (binary message-ids, timestamps, int64) hold values JSON
 * cannot carry. They are written as one-key tagged objects so a reader gets back the same value:
 *
 *   bytes  → {"$bytes": "<base64>"}     Date → {"$date": <ms epoch>}     bigint → {"$bigint": "<decimal>"}
 *
 * A genuine object whose only key is one of the tags (or "$object") is wrapped as {"$object": {...}}
 * so it can never be mistaken for a tag.
 */
const TAGS = new Set(['$bytes', '$date', '$bigint', '$object']);

export function toTaggedJson(value: unknown): unknown {
  if (value === null || typeof value !== 'object') {
    if (typeof value === 'bigint') return { $bigint: value.toString() };
    if (typeof value === 'number' && !Number.isFinite(value)) return { $number: String(value) };
    return value;
  }
  if (value instanceof Uint8Array) return { $bytes: bytesToBase64(value) };
  if (value instanceof Date) return { $date: value.getTime() };
  if (Array.isArray(value)) return value.map((v) => (v === undefined ? null : toTaggedJson(v)));
  const out: Record<string, unknown> = {};
  let keys = 0;
  let onlyKey = '';
  for (const [k, v] of Object.entries(value as Record<string, unknown>)) {
    if (v === undefined || typeof v === 'function' || typeof v === 'symbol') continue;
    out[k] = toTaggedJson(v);
    keys++;
    onlyKey = k;
  }
  if (keys === 1 && (TAGS.has(onlyKey) || onlyKey === '$number')) return { $object: out };
  return out;
}

export interface TaggedJsonOptions {
  /** Builds the runtime value for binary data (the electron side passes Buffer.from). Default: Uint8Array. */
  bytes?: (base64: string) => unknown;
}

export function fromTaggedJson(value: unknown, opts: TaggedJsonOptions = {}): unknown {
  if (value === null || typeof value !== 'object') return value;
  if (Array.isArray(value)) return value.map((v) => fromTaggedJson(v, opts));
  const obj = value as Record<string, unknown>;
  const keys = Object.keys(obj);
  if (keys.length === 1) {
    const k = keys[0]!;
    const v = obj[k];
    if (k === '$bytes' && typeof v === 'string') return opts.bytes ? opts.bytes(v) : base64ToBytes(v);
    if (k === '$date' && typeof v === 'number') return new Date(v);
    if (k === '$bigint' && typeof v === 'string') return BigInt(v);
    if (k === '$number' && typeof v === 'string') return Number(v);
    if (k === '$object' && v && typeof v === 'object' && !Array.isArray(v)) {
      const inner: Record<string, unknown> = {};
      for (const [ik, iv] of Object.entries(v as Record<string, unknown>)) inner[ik] = fromTaggedJson(iv, opts);
      return inner;
    }
  }
  const out: Record<string, unknown> = {};
  for (const k of keys) out[k] = fromTaggedJson(obj[k], opts);
  return out;
}
