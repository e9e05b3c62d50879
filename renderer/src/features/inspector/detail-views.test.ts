import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { MessageDetail } from '../../../../shared/contract/messages.contract';
import { unescapeToBytes } from '../../../../shared/payload/escaped-bytes';
import { base64ToBytes, bytesToBase64 } from '../../lib/payload';
import { defaultView, detailViews } from './detail-views';

const detail = (bytes: Uint8Array, extra: Partial<MessageDetail> = {}): MessageDetail => ({
  seq: 1,
  connectionId: 'c',
  protocol: 'mqtt',
  arrivedAt: 0,
  topic: 't',
  size: bytes.length,
  preview: '',
  payloadBase64: bytesToBase64(bytes),
  ...extra,
});
const utf8 = (s: string) => new TextEncoder().encode(s);

/** Bytes back from a hex dump view (offset, hex columns, ASCII gutter). */
function bytesOfHexDump(dump: string): number[] {
  const out: number[] = [];
  for (const line of dump.split('\n')) {
    if (!line) continue;
    const hex = line.slice(10, line.indexOf('|')).trim();
    for (const h of hex.split(/\s+/)) if (h) out.push(parseInt(h, 16));
  }
  return out;
}

describe('detail views', () => {
  it('offers formatted JSON first, then the raw text exactly as sent', () => {
    const v = detailViews(detail(utf8('{"temp":21.5}')));
    expect(v.map((x) => x.id)).toEqual(['json', 'raw', 'hex', 'base64']);
    expect(v[0]!.value).toContain('"temp": 21.5');
    expect(v[1]!.value).toBe('{"temp":21.5}');
    expect(defaultView(v, null)).toBe('json');
  });

  it('keeps big integers, number spellings and duplicate keys, and marks what JavaScript would change', () => {
    const sent = '{"id":12345678901234567890,"price":1.50,"zero":0.0,"k":1,"k":2}';
    const [json] = detailViews(detail(utf8(sent)));
    expect(json!.value).toBe('{\n  "id": 12345678901234567890,\n  "price": 1.50,\n  "zero": 0.0,\n  "k": 1,\n  "k": 2\n}');
    expect(json!.notes).toEqual([
      { kind: 'lossy', text: '12345678901234567890', js: '12345678901234567000', line: 2 },
      { kind: 'duplicate', key: '"k"', line: 6 },
    ]);
    expect(json!.marks).toEqual([{ line: 2, column: 9, length: 20, js: '12345678901234567000' }]);
  });

  it('shows broken JSON as sent with where it breaks, and plain text without a JSON view', () => {
    const v = detailViews(detail(utf8('{"a": 1,}')));
    expect(v[0]!.id).toBe('json');
    expect(v[0]!.value).toBe('{"a": 1,}');
    expect(v[0]!.notes).toEqual([{ kind: 'invalid-json', error: { code: 'unexpected-char', found: '}', offset: 8, line: 1, column: 9 } }]);
    expect(detailViews(detail(utf8('hello'))).map((x) => x.id)).toEqual(['raw', 'hex', 'base64']);
  });

  it('shows invalid UTF-8 as hex first, and raw with escapes, never as mangled text', () => {
    const v = detailViews(detail(new Uint8Array([0x68, 0xff, 0xfe, 0x69])));
    expect(v.map((x) => x.id)).toEqual(['raw', 'hex', 'base64']);
    expect(v[0]!.value).toBe('h\\xff\\xfei');
    expect(v[1]!.value).toContain('68 ff fe 69');
    expect(v.some((x) => x.value.includes('\ufffd'))).toBe(false);
    expect(defaultView(v, null)).toBe('hex');
    expect(defaultView(v, 'raw')).toBe('raw');
  });

  it('hex, base64 and raw views give back exactly the bytes sent', () => {
    fc.assert(
      fc.property(fc.uint8Array({ maxLength: 200 }), (bytes) => {
        const v = detailViews(detail(bytes));
        const by = (id: string) => v.find((x) => x.id === id)!.value;
        expect(bytesOfHexDump(by('hex'))).toEqual(Array.from(bytes));
        expect(Array.from(base64ToBytes(by('base64')))).toEqual(Array.from(bytes));
        expect(by('base64')).toBe(bytesToBase64(bytes));
        // Valid UTF-8 is shown verbatim; anything else with \xNN escapes that map back to the bytes.
        const raw = v.find((x) => x.id === 'raw')!;
        const back = raw.notes.length ? unescapeToBytes(raw.value) : new TextEncoder().encode(raw.value);
        expect(Array.from(back)).toEqual(Array.from(bytes));
      }),
      { numRuns: 300 },
    );
  });

  it('lists every AMQP section, with the body formatted losslessly', () => {
    const v = detailViews(
      detail(utf8('{"n":12345678901234567890}'), {
        protocol: 'amqp',
        amqp: { header: { durable: true }, applicationProperties: { topic: '/a/b', messageId: 'm1', generateTime: 1 }, bodyType: 'data' },
      }),
    );
    const amqp = v.find((x) => x.id === 'amqp')!;
    const parsed = JSON.parse(amqp.value) as Record<string, unknown>;
    expect(Object.keys(parsed)).toEqual(['header', 'deliveryAnnotations', 'messageAnnotations', 'properties', 'applicationProperties', 'bodyType', 'body']);
    expect(parsed.bodyType).toBe('data');
    expect(amqp.value).toContain('"body": {\n    "n": 12345678901234567890\n  }\n}');
    const lines = amqp.value.split('\n');
    const m = amqp.marks[0]!;
    expect(lines[m.line - 1]!.slice(m.column - 1, m.column - 1 + m.length)).toBe('12345678901234567890');
    const text = detailViews(detail(utf8('hi'), { protocol: 'amqp', amqp: { bodyType: 'data' } })).find((x) => x.id === 'amqp')!;
    expect((JSON.parse(text.value) as { body: unknown }).body).toBe('hi');
  });
});
