import { describe, expect, it } from 'vitest';
import { ManualClock } from '../../../test/support/manual-clock';
import type { MessageFilter } from '../../../shared/contract/messages.contract';
import { MessagePages } from './message-pages';
import { MessageQuery } from './message-query';
import { MessageStore } from './message-store';

function filled(count: number) {
  const store = new MessageStore({ capacity: 10_000 });
  for (let i = 0; i < count; i++)
    store.ingest({
      connectionId: `c${i % 3}`,
      protocol: 'mqtt',
      arrivedAt: 0,
      topic: `t/${(i * 7) % 13}`,
      payload: Buffer.from(i % 10 ? `miss ${i}` : `HIT ${i}`),
      qos: 0,
    });
  return store;
}

/** Runs timer turns (only when the request waits for one) until the request settles; counts them. */
async function settle<T>(clock: ManualClock, request: Promise<T>, between?: (turn: number) => void): Promise<{ turns: number; value: T }> {
  let settled = false;
  request.then(
    () => (settled = true),
    () => (settled = true),
  );
  let turns = 0;
  for (;;) {
    // Lets the request's continuation run after a turn (promise jobs, not time).
    for (let i = 0; i < 5; i++) await Promise.resolve();
    if (settled) return { turns, value: await request };
    if (clock.timers === 0) throw new Error('the request waits for nothing');
    if (turns > 10_000) throw new Error('the request never finishes');
    between?.(turns);
    clock.advance(0);
    turns++;
  }
}

describe('messages.page requests (MessagePages)', () => {
  it('scan and sort a slice per turn and answer what a one-shot query answers', async () => {
    const store = filled(1_000);
    const clock = new ManualClock();
    const pages = new MessagePages(store, clock, 100);
    // 1,000 messages, 100 a turn: the scan takes ten slices (nine turns between them, one at least after the
    // last one when a sort follows). Sorting all 1,000 by topic reads their keys in ten slices and moves them
    // in one radix pass of ten slices (13 topics differ in one 16-bit digit of their rank).
    const cases: Array<[MessageFilter, number]> = [
      [{ text: 'hit' }, 9],
      [{ text: 'hit', orderBy: 'topic', descending: true }, 10],
      [{ orderBy: 'topic' }, 9 + 10 + 10],
      [{ connectionIds: ['c2'], orderBy: 'generateTime' }, 10],
    ];
    for (const [filter, minTurns] of cases) {
      const { turns, value } = await settle(clock, pages.page(filter, 5, 20));
      expect(value).toEqual(new MessageQuery(store).page(filter, 5, 20));
      expect(value.rows.length).toBe(20);
      expect(turns).toBeGreaterThanOrEqual(minTurns);
    }
    // The last filter again: its scan and sort are kept, answered at once.
    const again: MessageFilter = { connectionIds: ['c2'], orderBy: 'generateTime' };
    const kept = await settle(clock, pages.page(again, 0, 3));
    expect(kept.turns).toBe(0);
    expect(kept.value).toEqual(new MessageQuery(store).page(again, 0, 3));
  });

  it('keeps each filter its own scan: requests answered at the same time, or one changed mid-scan, do not restart each other', async () => {
    const store = filled(1_000);
    const clock = new ManualClock();
    const pages = new MessagePages(store, clock, 100);
    const a = settle(clock, pages.page({ text: 'hit', orderBy: 'size' }, 0, 5));
    const b = pages.page({ connectionIds: ['c1'] }, 0, 5);
    const got = await a;
    expect(got.value).toEqual(new MessageQuery(store).page({ text: 'hit', orderBy: 'size' }, 0, 5));
    // Interleaved with a's turns, b has finished its own scan by now.
    expect(await b).toEqual(new MessageQuery(store).page({ connectionIds: ['c1'] }, 0, 5));
    // Arrivals mid-scan join it.
    const late = await settle(clock, pages.page({ text: 'late' }, 0, 5), (turn) => {
      if (turn === 2) store.ingest({ connectionId: 'c1', protocol: 'mqtt', arrivedAt: 0, topic: 't', payload: Buffer.from('late one'), qos: 0 });
    });
    expect(late.value.rows.map((r) => r.preview)).toEqual(['late one']);
  });

  it('answers an invalid filter with what to fix, and a request cut off by closing the store with an error', async () => {
    const store = filled(1_000);
    const clock = new ManualClock();
    const pages = new MessagePages(store, clock, 100);
    await expect(pages.page({ text: '(', regex: true }, 0, 5)).rejects.toThrow(/regular expression is not valid/);
    await expect(pages.page({ topicFilter: 'a/#/b' }, 0, 5)).rejects.toThrow(/last level/);
    const cut = settle(clock, pages.page({ text: 'hit' }, 0, 5), (turn) => {
      if (turn === 3) pages.dispose();
    });
    await expect(cut).rejects.toMatchObject({ code: 'closed' });
  });
});
