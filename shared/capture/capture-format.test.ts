import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { Message } from '../messages/message';
import { encodeHeader, encodeRecord, logRecord, makeHeader, messageRecord } from './capture-encoder';
import { CaptureFormatError, CaptureParser, decodeMessageExtras, parseCaptureText } from './capture-parser';
import type { CaptureRecord, MessageRecord } from './capture-format';
import { fromTaggedJson, toTaggedJson } from './tagged-json';

const header = makeHeader({
  appVersion: '9.9.9',
  os: 'linux-x64',
  createdAt: 1_700_000_000_000,
  connection: { connectionId: 'c1', protocol: 'mqtt', name: 'bench', kind: 'mqtt', filters: ['#'] },
  profile: { kind: 'mqtt', host: '127.0.0.1', port: 1883 },
});

function msg(i: number, payload: Uint8Array, extra: Partial<Message> = {}): Message {
  return { connectionId: 'c1', protocol: 'mqtt', arrivedAt: 1_700_000_000_000 + i * 10, topic: `t/${i}`, payload, qos: i % 3, retain: i % 2 === 0, ...extra };
}

describe('tagged JSON', () => {
  it('carries bytes, dates, bigints and tag-shaped objects through JSON', () => {
    const v = {
      correlationData: new Uint8Array([0, 1, 255]),
      when: new Date(1_700_000_000_123),
      big: 2n ** 70n,
      nested: [{ $bytes: 'not a tag' }, 'x', 3],
      plain: { a: 1 },
    };
    const back = fromTaggedJson(JSON.parse(JSON.stringify(toTaggedJson(v))));
    expect(back).toEqual(v);
  });
});

describe('capture encode → parse round trip', () => {
  it('returns every payload byte-exact and every property equal', () => {
    fc.assert(
      fc.property(
        fc.array(
          fc.record({
            payload: fc.uint8Array({ maxLength: 200 }),
            topic: fc.string({ minLength: 1, maxLength: 40 }),
            props: fc.option(fc.dictionary(fc.string({ maxLength: 8 }), fc.string({ maxLength: 8 })), { nil: undefined }),
          }),
          { maxLength: 30 },
        ),
        (items) => {
          let text = encodeHeader(header);
          const originals = items.map((it, i) =>
            msg(i, it.payload, {
              topic: it.topic,
              mqttProperties: it.props ? { userProperties: it.props, correlationData: it.payload } : undefined,
            }),
          );
          originals.forEach((m, i) => (text += encodeRecord(messageRecord(m, i + 1))));
          const { records, summary } = parseCaptureText(text);
          expect(summary.warnings.filter((w) => w.code !== 'no-end-record')).toEqual([]);
          expect(records).toHaveLength(originals.length);
          records.forEach((r, i) => {
            const m = r as MessageRecord;
            const o = originals[i]!;
            expect(Buffer.from(m.payload, 'base64').equals(Buffer.from(o.payload))).toBe(true);
            expect(m.topic).toBe(o.topic);
            expect(m.qos).toBe(o.qos);
            expect(m.retain).toBe(o.retain);
            expect(m.seq).toBe(i + 1);
            expect(decodeMessageExtras(m).mqttProperties).toEqual(o.mqttProperties && Object.keys(o.mqttProperties).length ? o.mqttProperties : undefined);
          });
        },
      ),
    );
  });

  it('keeps AMQP sections, settlement and log entries', () => {
    const amqp = {
      header: { durable: true, delivery_count: 0 },
      properties: { message_id: new Uint8Array([1, 2, 3]), creation_time: new Date(1_700_000_000_000), content_type: 'application/json' },
      applicationProperties: { topic: '/pk/dn/user/update', messageId: '1234567890', generateTime: 1_700_000_000_001 },
      messageAnnotations: { 'x-opt-seq': 42n },
      bodyType: 'data',
    };
    const text =
      encodeHeader(header) +
      encodeRecord(
        messageRecord({
          connectionId: 'a1',
          protocol: 'amqp',
          arrivedAt: 5,
          topic: '/pk/dn/user/update',
          payload: new Uint8Array([123, 125]),
          amqp,
          messageId: '1234567890',
          generateTime: 1_700_000_000_001,
          settlement: 'accepted',
          redelivered: true,
        }),
      ) +
      encodeRecord(
        logRecord({ connectionId: 'a1', at: 6, dir: 'in', type: 'attach', summary: 'attach receiver', detail: { handle: 0, raw: new Uint8Array([9]) } }),
      ) +
      encodeRecord({ type: 'end', at: 7, messages: 1 });
    const { records, summary } = parseCaptureText(text);
    expect(summary.warnings).toEqual([]);
    expect(summary.hasEnd).toBe(true);
    const m = records[0] as MessageRecord;
    expect(decodeMessageExtras(m).amqp).toEqual(amqp);
    expect(m).toMatchObject({ settlement: 'accepted', redelivered: true, messageId: '1234567890', generateTime: 1_700_000_000_001 });
    expect(records[1]).toMatchObject({ type: 'log', logType: 'attach', dir: 'in' });
    expect(fromTaggedJson((records[1] as { detail: unknown }).detail)).toEqual({ handle: 0, raw: new Uint8Array([9]) });
  });

  it('parses the same whatever the chunking', () => {
    let text = encodeHeader(header);
    for (let i = 0; i < 50; i++) text += encodeRecord(messageRecord(msg(i, new TextEncoder().encode(`payload ${i} ü\u2028`))));
    const whole = parseCaptureText(text).records;
    fc.assert(
      fc.property(fc.array(fc.integer({ min: 1, max: 97 }), { minLength: 1, maxLength: 20 }), (sizes) => {
        const got: CaptureRecord[] = [];
        const p = new CaptureParser((r) => got.push(r));
        let pos = 0;
        let k = 0;
        while (pos < text.length) {
          const n = sizes[k++ % sizes.length]!;
          p.push(text.slice(pos, pos + n));
          pos += n;
        }
        p.end();
        expect(got).toEqual(whole);
      }),
    );
  });
});

describe('tolerant reading', () => {
  const good = (n: number) => {
    let t = encodeHeader(header);
    for (let i = 0; i < n; i++) t += encodeRecord(messageRecord(msg(i, new Uint8Array([i, i + 1]))));
    return t;
  };

  it('reads up to a cut-off last line and says so', () => {
    const t = good(10);
    const cut = t.slice(0, t.length - 15);
    const { records, summary } = parseCaptureText(cut);
    expect(records).toHaveLength(9);
    expect(summary.truncatedLastLine).toEqual({ line: 11, bytes: expect.any(Number) });
    const w = summary.warnings.find((x) => x.code === 'truncated-last-line')!;
    expect(w.message).toMatch(/ends in the middle of a record \(line 11/);
  });

  it('skips garbage lines with their line numbers and reads the rest', () => {
    const lines = good(5).split('\n');
    lines.splice(2, 0, 'this is not json');
    lines.splice(4, 0, '{"broken": ');
    lines.splice(6, 0, '[1,2,3]');
    lines.splice(7, 0, '{"type":"msg","at":"yesterday","topic":"x","payload":"AA=="}');
    const { records, summary } = parseCaptureText(lines.join('\n'));
    expect(records).toHaveLength(5);
    expect(summary.garbage).toEqual({ count: 3, lines: [3, 5, 7] });
    expect(summary.invalid).toEqual({ count: 1, lines: [8] });
    expect(summary.warnings.map((w) => w.code)).toEqual(['garbage-lines', 'invalid-records', 'no-end-record']);
    expect(summary.warnings[0]!.message).toContain('line 3, 5, 7');
  });

  it('reads a newer version with a warning and skips unknown record types', () => {
    const t = encodeHeader({ ...header, version: 2 }) + encodeRecord(messageRecord(msg(1, new Uint8Array([1])))) + '{"type":"hologram","at":1}\n';
    const { records, summary } = parseCaptureText(t);
    expect(records).toHaveLength(1);
    expect(summary.warnings.map((w) => w.code)).toEqual(['newer-version', 'unknown-record-types', 'no-end-record']);
    expect(summary.warnings[0]!.message).toMatch(/format version 2/);
  });

  it('refuses a file that is not a capture, or has a nonsense version, with words that say what to do', () => {
    expect(() => parseCaptureText('hello\n')).toThrow(CaptureFormatError);
    expect(() => parseCaptureText('{"format":"something-else","version":1}\n')).toThrow(/not a Fieldscope capture/);
    expect(() => parseCaptureText('{"format":"fieldscope-capture","version":"one"}\n')).toThrow(/invalid format version/);
    expect(() => parseCaptureText('')).toThrow(/empty/);
  });

  it('accepts CRLF line ends, a BOM and blank lines', () => {
    const t = '\ufeff' + good(3).replace(/\n/g, '\r\n') + '\r\n\r\n';
    const { records, summary } = parseCaptureText(t);
    expect(records).toHaveLength(3);
    expect(summary.garbage.count).toBe(0);
  });

  it('never throws on random bytes after a valid header', () => {
    fc.assert(
      fc.property(fc.string({ maxLength: 400 }), (junk) => {
        const { summary } = parseCaptureText(encodeHeader(header) + junk);
        expect(summary.header.format).toBe('fieldscope-capture');
      }),
    );
  });
});
