import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { MessageQuery } from './message-query';
import { MessageStore } from './message-store';
import { asciiLower, caseFreeAnchor, loweredAnchor } from './payload-arena';

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

describe('what a text scan searches the slabs for', () => {
  const anchor = (needle: string) => {
    const a = caseFreeAnchor(Buffer.from(needle));
    return a && { at: a.at, bytes: a.bytes.toString() };
  };

  it('searches raw slabs for a run case cannot change, starting at an uncommon byte', () => {
    expect(anchor('"v":12.3,')).toEqual({ at: 4, bytes: '12.3,' });
    expect(anchor('dev-12')).toEqual({ at: 3, bytes: '-12' });
    expect(anchor('"dev":"dev-777"')).toEqual({ at: 10, bytes: '-777"' });
    // Only common bytes: kept (the scan falls back to lowercasing a slab where they are everywhere).
    expect(anchor('a":"b')).toEqual({ at: 2, bytes: ':"' });
    expect(anchor('中文')).toEqual({ at: 0, bytes: '中文' });
    // No run of two bytes without a letter: the slab is lowercased.
    expect(anchor('status')).toBeNull();
    expect(anchor('a1b2')).toBeNull();
  });

  it('searches lowercased slabs for the needle from its first uncommon byte', () => {
    const low = (needle: string) => {
      const a = loweredAnchor(Buffer.from(needle));
      return { at: a.at, bytes: a.bytes.toString() };
    };
    expect(low('"status"')).toEqual({ at: 1, bytes: 'status"' });
    expect(low('":')).toEqual({ at: 0, bytes: '":' });
    expect(low('error')).toEqual({ at: 0, bytes: 'error' });
  });

  it('finds a needle whose case-free run is everywhere (JSON quotes) in full slabs, case-insensitively', () => {
    // ~100-byte messages over several 1 MB slabs; '":"' is in every one, the needle in one in 13.
    const s = new MessageStore({ capacity: 40_000 });
    const want: number[] = [];
    for (let i = 0; i < 30_000; i++) {
      const seq = ingest(s, Buffer.from(`{"a":"b","c":"d","k":"${i % 13 === 0 ? 'KeY' : 'kex'}","i":${i},"pad":"${'y'.repeat(40)}"}`));
      if (i % 13 === 0) want.push(seq);
    }
    const q = new MessageQuery(s);
    expect(q.matching({ text: 'k":"key' }).list).toEqual(want);
    expect(q.matching({ text: 'K":"KEY"' }).list).toEqual(want);
  });
});
