import { describe, expect, it } from 'vitest';
import { encodeHeader, encodeRecord, makeHeader, messageRecord } from './capture-encoder';
import { DEFAULT_CAPTURE_LIMITS, formatBytes } from './capture-limits';
import { CaptureFormatError, CaptureParser } from './capture-parser';

const header = encodeHeader(makeHeader({ appVersion: 't', os: 't', createdAt: 1 }));

describe('capture parser line limit', () => {
  it('refuses a line over the limit however it is chunked, naming the line and quoting nothing', () => {
    const p = new CaptureParser(() => undefined, { maxLineChars: 1000 });
    p.push(header);
    p.push(encodeRecord({ type: 'mark', at: 1, label: 'ok' }));
    let err: unknown;
    try {
      for (let i = 0; i < 2000; i++) p.push('Q');
    } catch (e) {
      err = e;
    }
    expect(err).toBeInstanceOf(CaptureFormatError);
    expect((err as CaptureFormatError).code).toBe('line-too-long');
    expect((err as CaptureFormatError).line).toBe(3);
    expect((err as Error).message).toMatch(/line 3 is longer than 1,000 characters/);
    expect((err as Error).message).not.toContain('QQ');
  });

  it('a line split over many chunks (the pending line is kept as chunks) reads exactly as in one piece', () => {
    const payload = Buffer.from('é'.repeat(3000));
    const text =
      header +
      encodeRecord(messageRecord({ connectionId: 'c', protocol: 'mqtt', arrivedAt: 2, topic: 'a/b', payload })) +
      encodeRecord({ type: 'end', at: 3, messages: 1 });
    const got: string[] = [];
    const p = new CaptureParser((r) => r.type === 'msg' && got.push(r.payload));
    for (let i = 0; i < text.length; i += 7) p.push(text.slice(i, i + 7));
    const s = p.end();
    expect(got).toEqual([payload.toString('base64')]);
    expect(s.hasEnd).toBe(true);
    expect(s.warnings).toEqual([]);
  });

  it('a line exactly at the limit is accepted; defaults leave room for a 12 MiB payload', () => {
    const line = `{"type":"mark","at":1,"label":"${'x'.repeat(100)}"}`;
    const p = new CaptureParser(() => undefined, { maxLineChars: line.length });
    p.push(header + line + '\n');
    expect(p.end().records.mark).toBe(1);
    expect(formatBytes((DEFAULT_CAPTURE_LIMITS.maxLineChars * 3) / 4)).toBe('12 MiB');
  });
});
