import { describe, expect, it } from 'vitest';
import type { IncomingMessage } from './incoming-message';
import { exportMessages } from './message-export';
import { MessageQuery } from './message-query';
import { MessageStore } from './message-store';

const mqtt = (topic: string, payload: string | Buffer, extra: Partial<IncomingMessage> = {}): IncomingMessage => ({
  connectionId: 'c1',
  protocol: 'mqtt',
  arrivedAt: Date.now(),
  topic,
  payload: typeof payload === 'string' ? Buffer.from(payload) : payload,
  qos: 0,
  retain: false,
  ...extra,
});
const amqp = (messageId: string, generateTime: number, extra: Partial<IncomingMessage> = {}): IncomingMessage => ({
  connectionId: 'a1',
  protocol: 'amqp',
  arrivedAt: Date.now(),
  topic: '/a/b/thing/event/property/post',
  payload: Buffer.from(`{"id":"${messageId}"}`),
  messageId,
  generateTime,
  ...extra,
});

describe('message store', () => {
  it('assigns increasing seqs and keeps payload bytes exact, including invalid UTF-8', () => {
    const s = new MessageStore({ capacity: 10 });
    const bad = Buffer.from([0x41, 0xff, 0xfe, 0x00, 0xc3]);
    const a = s.ingest(mqtt('t/1', '{"temp":21.5}', { qos: 1, retain: true }));
    const b = s.ingest(mqtt('t/2', bad));
    expect(b).toBe(a + 1);
    expect(s.get(b)!.payload.equals(bad)).toBe(true);
    expect(Buffer.from(s.detail(b)!.payloadBase64, 'base64').equals(bad)).toBe(true);
    const rowA = s.row(a)!;
    expect(rowA).toMatchObject({ topic: 't/1', qos: 1, retain: true, size: 13, preview: '{"temp":21.5}' });
    expect(rowA.binary).toBeUndefined();
    expect(s.row(b)).toMatchObject({ binary: true, preview: '41 ff fe 00 c3', size: 5 });
  });

  it('previews long text by its first 120 characters only', () => {
    const s = new MessageStore({ capacity: 4 });
    const seq = s.ingest(mqtt('t', 'é'.repeat(1000)));
    expect(s.row(seq)!.preview).toBe('é'.repeat(120));
    expect(s.row(seq)!.size).toBe(2000);
  });

  it('evicts the oldest when full and counts every drop', () => {
    const s = new MessageStore({ capacity: 5 });
    for (let i = 0; i < 8; i++) s.ingest(mqtt(`t/${i}`, `m${i}`));
    expect(s.stats()).toEqual({ size: 5, capacity: 5, received: 8, dropped: 3, latestSeq: 8 });
    expect(s.get(3)).toBeUndefined();
    expect(s.get(4)!.payload.toString()).toBe('m3');
    expect(s.get(8)!.payload.toString()).toBe('m7');
  });

  it('evicts by payload bytes too, and counts those drops', () => {
    const s = new MessageStore({ capacity: 100, maxBytes: 1000 });
    for (let i = 0; i < 5; i++) s.ingest(mqtt('big', Buffer.alloc(300, i)));
    expect(s.stats().size).toBe(3);
    expect(s.stats().dropped).toBe(2);
    expect(s.bytesHeld).toBe(900);
    expect(s.get(5)!.payload.every((b) => b === 4)).toBe(true);
  });

  it('keeps big and small payloads exact across slab boundaries and eviction', () => {
    const s = new MessageStore({ capacity: 3000 });
    const sent: Buffer[] = [];
    for (let i = 0; i < 9000; i++) {
      const size = i % 97 === 0 ? 70_000 : (i * 37) % 900;
      const p = Buffer.alloc(size);
      for (let j = 0; j < size; j++) p[j] = (i + j) & 0xff;
      sent.push(p);
      s.ingest(mqtt(`t/${i % 13}`, p));
    }
    for (let seq = s.first; seq < s.next; seq++) expect(s.get(seq)!.payload.equals(sent[seq - 1]!)).toBe(true);
    expect(s.stats().dropped).toBe(6000);
  });

  it('marks AMQP duplicates by messageId and out-of-order generateTime per connection', () => {
    const s = new MessageStore({ capacity: 100 });
    const a = s.ingest(amqp('m1', 1000));
    const b = s.ingest(amqp('m2', 3000));
    const c = s.ingest(amqp('m1', 2000));
    const d = s.ingest(amqp('m1', 4000, { connectionId: 'a2' }));
    expect(s.row(a)!.duplicateOf).toBeUndefined();
    expect(s.row(c)).toMatchObject({ duplicateOf: 1, outOfOrder: true, messageId: 'm1', generateTime: 2000, protocol: 'amqp' });
    expect(s.row(b)!.outOfOrder).toBeUndefined();
    expect(s.row(d)!.duplicateOf).toBeUndefined(); // another connection
    expect(s.row(d)!.qos).toBeUndefined();
  });

  it('clears one connection or everything, and seqs keep counting', () => {
    const s = new MessageStore({ capacity: 10 });
    s.ingest(mqtt('t', '1'));
    s.ingest(mqtt('t', '2', { connectionId: 'c2' }));
    s.ingest(mqtt('t', '3'));
    expect(s.clear('c1')).toBe(2);
    expect(s.stats().size).toBe(1);
    expect(s.get(1)).toBeUndefined();
    expect(s.get(2)!.connectionId).toBe('c2');
    s.clear();
    expect(s.stats()).toMatchObject({ size: 0, dropped: 0, received: 3 });
    expect(s.ingest(mqtt('t', '4'))).toBe(4);
    // tombstones are not counted as drops when their slots are reused
    for (let i = 0; i < 20; i++) s.ingest(mqtt('t', 'x'));
    expect(s.stats().dropped).toBe(11);
  });

  it('updates settlement and tells the batcher', () => {
    const s = new MessageStore({ capacity: 10 });
    const seq = s.ingest(amqp('x', 1, { settlement: 'unsettled' }));
    expect(s.row(seq)!.settlement).toBe('unsettled');
    s.updateSettlement(seq, 'accepted');
    expect(s.row(seq)!.settlement).toBe('accepted');
  });

  it('calls ingest listeners and survives a throwing one', () => {
    const s = new MessageStore({ capacity: 10 });
    const seen: number[] = [];
    s.onIngest(() => {
      throw new Error('broken tap');
    });
    const off = s.onIngest((_m, seq) => seen.push(seq));
    s.ingest(mqtt('t', 'a'));
    off();
    s.ingest(mqtt('t', 'b'));
    expect(seen).toEqual([1]);
  });

  it('does not grow the topic table past what it holds', () => {
    const s = new MessageStore({ capacity: 100 });
    for (let i = 0; i < 10_000; i++) s.ingest(mqtt(`device/${i}`, 'x'));
    expect((s as unknown as { topics: { size: number } }).topics.size).toBe(100);
    expect(s.row(10_000)!.topic).toBe('device/9999');
  });

  it('holds 200,000 messages of ~100 bytes compactly', () => {
    globalThis.gc?.();
    const before = process.memoryUsage();
    const s = new MessageStore({ capacity: 250_000 });
    const body = Buffer.from(JSON.stringify({ deviceId: 'dev-0001', temp: 21.5, humidity: 40.25, ts: 1_700_000_000_000, seq: 0 }).padEnd(100, ' '));
    for (let i = 0; i < 200_000; i++) s.ingest(mqtt(`plant/line${i % 8}/telemetry`, body));
    const after = process.memoryUsage();
    const grew = after.heapUsed + after.arrayBuffers - (before.heapUsed + before.arrayBuffers);
    console.log(`store: 200,000 messages of ${body.length} B grew heap+arrayBuffers by ${(grew / 1048576).toFixed(1)} MB`);
    expect(s.stats().size).toBe(200_000);
    expect(grew).toBeLessThan(120 * 1048576);
  });
});

describe('message queries', () => {
  const fill = () => {
    const s = new MessageStore({ capacity: 1000 });
    s.ingest(mqtt('plant/a/temp', '{"v":1}'));
    s.ingest(mqtt('plant/b/temp', 'ALARM high', { connectionId: 'c2' }));
    s.ingest(mqtt('plant/a/hum', Buffer.from([0xde, 0xad, 0xbe, 0xef])));
    s.ingest(mqtt('$SYS/x', 'sys'));
    return s;
  };

  it('filters by connection, topic filter, text, regex and binary bytes', () => {
    const s = fill();
    const q = new MessageQuery(s);
    const topics = (f: Parameters<MessageQuery['page']>[0]) => q.page(f, 0, 100).rows.map((r) => r.topic);
    expect(topics({ connectionIds: ['c2'] })).toEqual(['plant/b/temp']);
    expect(topics({ topicFilter: 'plant/+/temp' })).toEqual(['plant/a/temp', 'plant/b/temp']);
    expect(topics({ topicFilter: '#' })).toEqual(['plant/a/temp', 'plant/b/temp', 'plant/a/hum']);
    expect(topics({ text: 'alarm' })).toEqual(['plant/b/temp']);
    expect(topics({ text: '^\\{"v":\\d', regex: true })).toEqual(['plant/a/temp']);
    expect(topics({ text: 'ad be' })).toEqual(['plant/a/hum']);
    expect(topics({ topicFilter: 'plant/#', connectionIds: ['c1'] })).toEqual(['plant/a/temp', 'plant/a/hum']);
  });

  it('explains a bad regex or topic filter', () => {
    const q = new MessageQuery(fill());
    expect(() => q.page({ text: '(', regex: true }, 0, 10)).toThrow(/regular expression is not valid/);
    expect(() => q.page({ topicFilter: 'a/#/b' }, 0, 10)).toThrow(/last level/);
  });

  it('pages incrementally as messages arrive and old ones are evicted', () => {
    const s = new MessageStore({ capacity: 50 });
    const q = new MessageQuery(s);
    for (let i = 0; i < 30; i++) s.ingest(mqtt(i % 2 ? 'odd' : 'even', String(i)));
    expect(q.page({ topicFilter: 'odd' }, 0, 100).total).toBe(15);
    for (let i = 30; i < 100; i++) s.ingest(mqtt(i % 2 ? 'odd' : 'even', String(i)));
    const p = q.page({ topicFilter: 'odd' }, 20, 100);
    expect(p.total).toBe(25);
    expect(p.rows.map((r) => r.preview)).toEqual(['91', '93', '95', '97', '99']);
    s.clear('c1');
    expect(q.page({ topicFilter: 'odd' }, 0, 100).total).toBe(0);
  });

  it('hides duplicates and orders by generateTime', () => {
    const s = new MessageStore({ capacity: 100 });
    s.ingest(amqp('on', 1_000_028_195));
    s.ingest(amqp('off1', 1_000_000_000));
    s.ingest(amqp('on', 1_000_028_195));
    s.ingest(amqp('off2', 1_000_090_000));
    const q = new MessageQuery(s);
    expect(q.page({ hideDuplicates: true }, 0, 10).rows.map((r) => r.messageId)).toEqual(['on', 'off1', 'off2']);
    expect(q.page({ hideDuplicates: true, orderBy: 'generateTime' }, 0, 10).rows.map((r) => r.messageId)).toEqual(['off1', 'on', 'off2']);
  });
});

describe('message export', () => {
  it('exports JSON with text or base64 payloads and CSV with safe quoting', () => {
    const s = new MessageStore({ capacity: 10 });
    s.ingest(mqtt('a', '{"x":"1,2"}'));
    s.ingest(mqtt('b', Buffer.from([0xff, 0x00])));
    s.ingest(mqtt('c', '=HYPERLINK("x")'));
    const json = JSON.parse(exportMessages(s, [1, 2, 3], 'json'));
    expect(json.messages[0]).toMatchObject({ topic: 'a', encoding: 'utf8', payload: '{"x":"1,2"}' });
    expect(json.messages[1]).toMatchObject({ encoding: 'base64', payload: '/wA=' });
    const csv = exportMessages(s, [1, 2, 3], 'csv').split('\r\n');
    expect(csv[0]).toBe('seq,arrivedAt,connectionId,protocol,topic,qos,retain,dup,size,messageId,generateTime,encoding,payload');
    expect(csv[1]).toMatch(/,utf8,"\{""x"":""1,2""\}"$/);
    expect(csv[3]).toMatch(/,"'=HYPERLINK\(""x""\)"$/);
  });
});
