import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { MessageFilter, MessageRow } from '../../../shared/contract/messages.contract';
import { MessageQuery } from './message-query';
import { MessageStore } from './message-store';

type Order = NonNullable<MessageFilter['orderBy']>;
const keyOf: Record<Order, (r: MessageRow) => number | string> = {
  arrival: (r) => r.seq,
  generateTime: (r) => r.generateTime ?? r.arrivedAt,
  topic: (r) => r.topic,
  connection: (r) => r.connectionId,
  size: (r) => r.size,
  qos: (r) => (r.protocol === 'amqp' ? -1 : (r.qos ?? 0)),
};

describe('sorted lists (a sorted column)', () => {
  it('equal a full sort of the matching rows, as messages arrive and old ones are evicted', () => {
    const msg = fc.record({
      topic: fc.constantFrom('a/1', 'a/2', 'b/1', 'Z'),
      conn: fc.constantFrom('c1', 'c2', 'c3'),
      size: fc.nat({ max: 5 }),
      qos: fc.nat({ max: 2 }),
    });
    fc.assert(
      fc.property(
        fc.array(fc.array(msg, { maxLength: 15 }), { minLength: 1, maxLength: 5 }),
        fc.constantFrom<Order>('arrival', 'topic', 'connection', 'size', 'qos'),
        fc.boolean(),
        fc.constantFrom<MessageFilter>({}, { topicFilter: 'a/#' }, { connectionIds: ['c2'] }),
        (bursts, orderBy, descending, base) => {
          const s = new MessageStore({ capacity: 30 });
          const q = new MessageQuery(s);
          const filter: MessageFilter = { ...base, orderBy, descending };
          for (const burst of bursts) {
            for (const m of burst)
              s.ingest({ connectionId: m.conn, protocol: 'mqtt', arrivedAt: 0, topic: m.topic, payload: Buffer.alloc(m.size, 0x61), qos: m.qos });
            const got = q.page(filter, 0, 2000).rows.map((r) => r.seq);
            const all = new MessageQuery(s).page(base, 0, 2000).rows;
            const k = keyOf[orderBy];
            const want = [...all].sort((x, y) => (k(x) < k(y) ? -1 : k(x) > k(y) ? 1 : x.seq - y.seq)).map((r) => r.seq);
            if (descending) want.reverse();
            expect(got).toEqual(want);
            // A window out of the middle is the same slice.
            expect(q.window(filter, { mode: 'range', offset: 2, count: 3 }).rows.map((r) => r.seq)).toEqual(want.slice(2, 5));
          }
        },
      ),
      { numRuns: 300 },
    );
  });
});
