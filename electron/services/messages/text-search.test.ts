import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { MessageQuery } from './message-query';
import { MessageStore } from './message-store';
import { asciiLower } from './payload-arena';

const ingest = (s: MessageStore, payload: Buffer, topic = 't', connectionId = 'c') =>
  s.ingest({ connectionId, protocol: 'mqtt', arrivedAt: 0, topic, payload, qos: 0 });

/** What the text filter means: the payload as text (hex for non-UTF-8), case-insensitive. */
function reference(payload: Buffer, needle: string): boolean {
  let text: string;
  try {
    text = new TextDecoder('utf-8', { fatal: true }).decode(payload);
  } catch {
    text = payload.toString('hex').replace(/(..)(?!$)/g, '$1 ');
  }
  return text.toLowerCase().includes(needle.toLowerCase());
}

describe('asciiLower', () => {
  it('lowercases exactly A-Z, at any alignment', () => {
    fc.assert(
      fc.property(fc.uint8Array({ maxLength: 64 }), fc.nat({ max: 3 }), (bytes, shift) => {
        const buf = Buffer.alloc(bytes.length + shift);
        buf.set(bytes, shift);
        const view = buf.subarray(shift);
        asciiLower(view);
        expect(Array.from(view)).toEqual(Array.from(bytes, (b) => (b >= 0x41 && b <= 0x5a ? b | 0x20 : b)));
      }),
      { numRuns: 500 },
    );
  });
});

describe('text filter over the arena', () => {
  it('finds exactly what the payload text contains, case-insensitively, never across message boundaries', () => {
    const alphabet = fc.constantFrom('a', 'B', 'c', '"', ':', '1', '中', 'é', 'É', ' ', 'ab', 'AB');
    const payload = fc.oneof(
      fc.array(alphabet, { maxLength: 12 }).map((xs) => Buffer.from(xs.join(''))),
      fc.uint8Array({ maxLength: 8 }).map((b) => Buffer.from(b)),
      // Big payloads live outside the slabs.
      fc.constant(Buffer.from('x'.repeat(20_000) + 'NeedLE')),
    );
    fc.assert(
      fc.property(
        fc.array(payload, { maxLength: 40 }),
        fc.array(alphabet, { minLength: 1, maxLength: 3 }).map((xs) => xs.join('')),
        (payloads, needle) => {
          const s = new MessageStore({ capacity: 64 });
          for (const p of payloads) ingest(s, p);
          const got = new MessageQuery(s).page({ text: needle }, 0, 2000).rows.map((r) => r.seq);
          const want = payloads.map((p, i) => (reference(p, needle) ? i + 1 : 0)).filter((x) => x > 0);
          expect(got).toEqual(want);
        },
      ),
      { numRuns: 400 },
    );
  });

  it('searches across slab boundaries and keeps working while the store evicts and grows', () => {
    // ~90 bytes a message: 40,000 of them fill several 1 MB slabs.
    const pad = 'x'.repeat(60);
    const s = new MessageStore({ capacity: 30_000 });
    const q = new MessageQuery(s);
    for (let i = 0; i < 40_000; i++) ingest(s, Buffer.from(`{"i":${i},"p":"${pad}","v":"${i % 7 === 0 ? 'HiT' : 'miss'}"}`));
    const first = q.page({ text: 'hit' }, 0, 1).total;
    expect(first).toBe(Array.from({ length: 30_000 }, (_, k) => k + 10_000).filter((i) => i % 7 === 0).length);
    for (let i = 40_000; i < 41_000; i++) ingest(s, Buffer.from(`{"i":${i},"p":"${pad}","v":"${i % 7 === 0 ? 'hit' : 'miss'}"}`));
    const after = q.page({ text: 'HIT' }, 0, 1).total;
    expect(after).toBe(Array.from({ length: 30_000 }, (_, k) => k + 11_000).filter((i) => i % 7 === 0).length);
  });
});
