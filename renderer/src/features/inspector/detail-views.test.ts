import { describe, expect, it } from 'vitest';
import type { MessageDetail } from '../../../../shared/contract/messages.contract';
import { bytesToBase64 } from '../../lib/payload';
import { defaultView, detailViews } from './detail-views';

const detail = (bytes: Uint8Array, extra: Partial<MessageDetail> = {}): MessageDetail => ({
  seq: 1, connectionId: 'c', protocol: 'mqtt', arrivedAt: 0, topic: 't', size: bytes.length, preview: '', payloadBase64: bytesToBase64(bytes), ...extra,
});

describe('detail views', () => {
  it('offers pretty JSON first for JSON payloads', () => {
    const v = detailViews(detail(new TextEncoder().encode('{"temp":21.5}')));
    expect(v.map((x) => x.id)).toEqual(['json', 'text', 'hex', 'base64']);
    expect(v[0]!.value).toContain('"temp": 21.5');
    expect(defaultView(v, null)).toBe('json');
  });
  it('shows invalid UTF-8 as hex only, never as mangled text', () => {
    const v = detailViews(detail(new Uint8Array([0x68, 0xff, 0xfe, 0x69])));
    expect(v.map((x) => x.id)).toEqual(['hex', 'base64']);
    expect(v[0]!.value).toContain('68 ff fe 69');
    expect(v.some((x) => x.value.includes('\ufffd'))).toBe(false);
    expect(defaultView(v, 'text')).toBe('hex');
  });
  it('lists every AMQP section', () => {
    const v = detailViews(detail(new TextEncoder().encode('hi'), { protocol: 'amqp', amqp: { header: { durable: true }, applicationProperties: { topic: '/a/b', messageId: 'm1', generateTime: 1 }, bodyType: 'data' } }));
    const amqp = v.find((x) => x.id === 'amqp')!;
    const parsed = JSON.parse(amqp.value) as Record<string, unknown>;
    expect(Object.keys(parsed)).toEqual(['header', 'deliveryAnnotations', 'messageAnnotations', 'properties', 'applicationProperties', 'bodyType', 'body']);
    expect(parsed.body).toBe('hi');
    expect(parsed.bodyType).toBe('data');
  });
});
