import { describe, expect, it } from 'vitest';
import type { RocketmqAttributes } from '../../../shared/contract/messages.contract';
import { MessageQuery } from './message-query';
import { MessageStore } from './message-store';

const attrs = (tags: string | undefined, keys: string[], queueId: number, queueOffset: number): RocketmqAttributes => ({
  msgId: `C0A8000100002A9F00000000000000${queueOffset}`,
  tags,
  keys,
  queueId,
  queueOffset,
  commitLogOffset: queueOffset,
  bornTimestamp: 1,
  storeTimestamp: 2,
  bornHost: '127.0.0.1:1',
  storeHost: '127.0.0.1:2',
  reconsumeTimes: 0,
  brokerName: 'broker-a',
  userProperties: {},
  properties: {},
});

function storeWith(): MessageStore {
  const s = new MessageStore({ capacity: 16 });
  s.ingest({
    connectionId: 'r',
    protocol: 'rocketmq',
    arrivedAt: 0,
    topic: 'sim',
    payload: Buffer.from('{"iccid":"898600"}'),
    rocketmq: attrs('CARD_STATUS_CHANGE', ['898600A'], 1, 7),
  });
  s.ingest({
    connectionId: 'r',
    protocol: 'rocketmq',
    arrivedAt: 0,
    topic: 'tb',
    payload: Buffer.from('{}'),
    rocketmq: attrs(undefined, ['order-42', 'buyer-9'], 0, 3),
  });
  s.ingest({ connectionId: 'm', protocol: 'mqtt', arrivedAt: 0, topic: 'x', payload: Buffer.from('card_status_change in the payload'), qos: 0 });
  return s;
}

describe('RocketMQ attributes in the list', () => {
  it('lifts tags, keys and the queue into the row for the columns', () => {
    const s = storeWith();
    const [a, b, c] = [s.first, s.first + 1, s.first + 2];
    const row = s.row(a!)!;
    expect(row).toMatchObject({ protocol: 'rocketmq', tags: 'CARD_STATUS_CHANGE', keys: ['898600A'], queueId: 1, queueOffset: 7, brokerName: 'broker-a' });
    expect(row.messageId).toBeUndefined();
    expect(s.row(b!)!.tags).toBeUndefined();
    expect(s.row(c!)!.keys).toBeUndefined();
  });

  it('the text filter matches tags and keys as well as the payload, plain and regex', () => {
    const q = new MessageQuery(storeWith());
    const topics = (text: string, regex = false) => q.page({ text, regex }, 0, 10).rows.map((r) => r.topic);
    expect(topics('card_status')).toEqual(['sim', 'x']);
    expect(topics('ORDER-42')).toEqual(['tb']);
    expect(topics('buyer')).toEqual(['tb']);
    expect(topics('^order-\\d+', true)).toEqual(['tb']);
    // An empty-matching regex must not make every non-RocketMQ message match through absent attributes.
    expect(topics('^$', true)).toEqual([]);
    expect(topics('nothing-like-this')).toEqual([]);
  });
});
