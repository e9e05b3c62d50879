import rhea from 'rhea';
import { describe, expect, it } from 'vitest';
import { mapAmqpMessage } from '../../electron/services/connections/amqp-message';

/** Messages encoded and decoded by rhea's own codec (as they come off the wire), then mapped for the store. */
const roundTrip = (m: Record<string, unknown>) => mapAmqpMessage(rhea.message.decode(rhea.message.encode(m as never)) as never);
const M = rhea.message as unknown as {
  data_section(b: Buffer): unknown;
  data_sections(b: Buffer[]): unknown;
  sequence_section(l: unknown[]): unknown;
};

describe('AMQP message mapping', () => {
  it('keeps a Data section byte for byte and lifts the IoT application-properties', () => {
    const body = Buffer.from([0, 0xff, 0x80, 0x0a, 0x7b]);
    const m = roundTrip({
      body: M.data_section(body),
      durable: true,
      priority: 7,
      message_id: 'prop-id',
      subject: 'subj',
      creation_time: new Date(1_700_000_000_123),
      message_annotations: { 'x-opt-origin': 'here' },
      delivery_annotations: { 'x-trace': 1 },
      application_properties: { topic: '/a/b/c', messageId: 'ap-id', generateTime: 1_700_000_000_000 },
    });
    expect(m.payload).toEqual(body);
    expect(m.amqp.bodyType).toBe('data');
    expect(m.topic).toBe('/a/b/c');
    expect(m.messageId).toBe('ap-id');
    expect(m.generateTime).toBe(1_700_000_000_000);
    expect(m.amqp.header).toMatchObject({ durable: true, priority: 7 });
    expect(m.amqp.properties).toMatchObject({ message_id: 'prop-id', subject: 'subj', creation_time: 1_700_000_000_123 });
    expect(m.amqp.messageAnnotations).toEqual({ 'x-opt-origin': 'here' });
    expect(m.amqp.deliveryAnnotations).toEqual({ 'x-trace': 1 });
    expect(m.redelivered).toBe(false);
  });

  it('names every other body encoding and gives its bytes', () => {
    const bin = roundTrip({ body: Buffer.from('raw\u0000bytes') });
    expect(bin.amqp.bodyType).toBe('amqp-value:binary');
    expect(bin.payload).toEqual(Buffer.from('raw\u0000bytes'));

    const str = roundTrip({ body: 'héllo ✓' });
    expect(str.amqp.bodyType).toBe('amqp-value:string (UTF-8)');
    expect(str.payload.toString('utf8')).toBe('héllo ✓');

    const map = roundTrip({ body: { a: 1, b: 'x' } });
    expect(map.amqp.bodyType).toBe('amqp-value:map (as JSON)');
    expect(JSON.parse(map.payload.toString('utf8'))).toEqual({ a: 1, b: 'x' });

    const multi = roundTrip({ body: M.data_sections([Buffer.from('ab'), Buffer.from('cd')]) });
    expect(multi.amqp.bodyType).toMatch(/^data \(2 sections/);
    expect(multi.payload.toString()).toBe('abcd');

    const seq = roundTrip({ body: M.sequence_section([1, 'two']) });
    expect(seq.amqp.bodyType).toMatch(/^amqp-sequence/);
    expect(JSON.parse(seq.payload.toString())).toEqual([1, 'two']);

    const none = roundTrip({ application_properties: { topic: 't' } });
    expect(none.payload.length).toBe(0);
  });

  it('falls back to the standard properties for the columns when application-properties lack them', () => {
    const m = roundTrip({ body: 'x', subject: 'orders/1', message_id: 42 });
    expect(m.topic).toBe('orders/1');
    expect(m.messageId).toBe('42');
    expect(m.generateTime).toBeUndefined();
  });

  it('marks redeliveries from first-acquirer false or a delivery count', () => {
    expect(roundTrip({ body: 'x', first_acquirer: false }).redelivered).toBe(true);
    expect(roundTrip({ body: 'x', first_acquirer: true }).redelivered).toBe(false);
    expect(roundTrip({ body: 'x', delivery_count: 2 }).redelivered).toBe(true);
  });

  it('keeps binary and nested values JSON-safe for the renderer', () => {
    const m = roundTrip({ body: 'x', application_properties: { bin: Buffer.from([1, 2]), n: 1 }, message_annotations: { nested: { k: [1, 2] } } });
    expect(m.amqp.applicationProperties).toEqual({ bin: { binary: '0102' }, n: 1 });
    expect(JSON.parse(JSON.stringify(m.amqp))).toEqual(m.amqp);
  });
});
