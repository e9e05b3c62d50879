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

  it('built a slice per turn (prepare), equal the one-shot sort, with arrivals, evictions and a filter change mid-sort', () => {
    const msg = fc.record({
      topic: fc.constantFrom('a/1', 'a/2', 'b/1', 'Z', 'a/é'),
      conn: fc.constantFrom('c1', 'c2'),
      size: fc.nat({ max: 5 }),
      qos: fc.nat({ max: 2 }),
      generateTime: fc.option(fc.integer({ min: -5, max: 5 }), { nil: undefined }),
    });
    const ingest = (s: MessageStore, m: { topic: string; conn: string; size: number; qos: number; generateTime?: number }) =>
      s.ingest({
        connectionId: m.conn,
        protocol: 'mqtt',
        arrivedAt: 3,
        topic: m.topic,
        payload: Buffer.alloc(m.size, 0x61),
        qos: m.qos,
        ...(m.generateTime === undefined ? {} : { generateTime: m.generateTime }),
      });
    fc.assert(
      fc.property(
        fc.array(msg, { minLength: 1, maxLength: 60 }),
        fc.array(fc.array(msg, { maxLength: 4 }), { maxLength: 30 }),
        fc.constantFrom<Order>('generateTime', 'topic', 'connection', 'size', 'qos'),
        fc.constantFrom<MessageFilter>({}, { topicFilter: 'a/#' }),
        fc.integer({ min: 1, max: 8 }),
        fc.option(fc.integer({ min: 0, max: 29 }), { nil: undefined }),
        (initial, perTurn, orderBy, base, slice, changeAt) => {
          const s = new MessageStore({ capacity: 40 });
          for (const m of initial) ingest(s, m);
          const q = new MessageQuery(s);
          let filter: MessageFilter = { ...base, orderBy };
          let turns = 0;
          while (!q.prepare(filter, slice)) {
            // Between turns: arrivals (evicting the oldest past 40; fewer than a slice, as in the app, so the scan
            // catches up), and maybe another filter.
            for (const m of (perTurn[turns] ?? []).slice(0, slice - 1)) ingest(s, m);
            if (turns === changeAt) filter = { ...filter, topicFilter: 'b/#' };
            turns++;
            expect(turns).toBeLessThan(1_000);
          }
          const got = q.page(filter, 0, 2000).rows.map((r) => r.seq);
          const all = new MessageQuery(s).page({ ...filter, orderBy: 'arrival' }, 0, 2000).rows;
          const k = keyOf[orderBy];
          expect(got).toEqual([...all].sort((x, y) => (k(x) < k(y) ? -1 : k(x) > k(y) ? 1 : x.seq - y.seq)).map((r) => r.seq));
        },
      ),
      { numRuns: 300 },
    );
  });
});
