import { describe, expect, it } from 'vitest';
import type { MessageRow, StoreStats } from '../../../shared/contract/messages.contract';
import { applyBatch, filterIsLocal, rowMatchesLocal } from './inspector-batch';
import { emptyWindow } from './row-window';

let seq = 0;
const row = (topic: string, extra: Partial<MessageRow> = {}): MessageRow => ({ seq: ++seq, connectionId: 'c1', protocol: 'mqtt', arrivedAt: 0, topic, size: 1, preview: 'x', ...extra });
const stats = (size: number, dropped = 0, latestSeq = -1): StoreStats => ({ size, capacity: 1000, received: size + dropped, dropped, latestSeq });

describe('applying a messages.batch to the window', () => {
  it('appends every row in one step when nothing filters', () => {
    const rows = [row('a'), row('b'), row('c')];
    const out = applyBatch(emptyWindow(), {}, stats(0), { stats: stats(3), rows, truncated: 0 }, 100);
    expect(out.resync).toBe(false);
    expect(out.window.rows).toEqual(rows);
    expect(out.window.total).toBe(3);
  });
  it('applies connection, topic and duplicate filters locally', () => {
    const f = { topicFilter: 'dev/+/up', connectionIds: ['c1'], hideDuplicates: true };
    const keep = row('dev/1/up');
    const rows = [keep, row('dev/1/down'), row('dev/2/up', { connectionId: 'c2' }), row('dev/3/up', { duplicateOf: 1 })];
    const out = applyBatch(emptyWindow(), f, stats(0), { stats: stats(4), rows, truncated: 0 }, 100);
    expect(out.resync).toBe(false);
    expect(out.window.rows).toEqual([keep]);
    expect(out.window.total).toBe(1);
  });
  it('asks main again for text search, generateTime order, truncated batches and clears', () => {
    const b = { stats: stats(1), rows: [row('a')], truncated: 0 };
    expect(applyBatch(emptyWindow(), { text: 'x' }, stats(0), b, 100).resync).toBe(true);
    expect(applyBatch(emptyWindow(), { orderBy: 'generateTime' }, stats(0), b, 100).resync).toBe(true);
    expect(applyBatch(emptyWindow(), { topicFilter: '#' }, stats(0), { ...b, truncated: 5 }, 100).resync).toBe(true);
    expect(applyBatch({ start: 0, rows: [], total: 50 }, {}, stats(50), { stats: stats(1), rows: [row('a')], truncated: 0 }, 100).resync).toBe(true);
  });
  it('shifts the window when main evicted rows, and resyncs filtered views', () => {
    const base = [row('a'), row('b'), row('c')];
    const w = { start: 0, rows: base, total: 3 };
    const next = [row('d'), row('e')];
    const out = applyBatch(w, {}, stats(3, 0, base[2]!.seq), { stats: stats(3, 2), rows: next, truncated: 0 }, 100);
    expect(out.resync).toBe(false);
    expect(out.window.rows.map((r) => r.topic)).toEqual(['c', 'd', 'e']);
    expect(out.window.total).toBe(3);
    expect(applyBatch(w, { topicFilter: '#' }, stats(3), { stats: stats(3, 2), rows: next, truncated: 0 }, 100).resync).toBe(true);
  });
  it('patches rows main re-sent after a change instead of appending them again', () => {
    const a = row('a', { protocol: 'amqp', settlement: 'unsettled' });
    const b = row('b');
    const w = { start: 0, rows: [a, b], total: 2 };
    const prev = stats(2, 0, b.seq);
    const c = row('c');
    const out = applyBatch(w, {}, prev, { stats: stats(3, 0, c.seq), rows: [{ ...a, settlement: 'accepted' }, c], truncated: 0 }, 100);
    expect(out.resync).toBe(false);
    expect(out.window.rows.map((r) => r.topic)).toEqual(['a', 'b', 'c']);
    expect(out.window.rows[0]!.settlement).toBe('accepted');
    expect(out.window.total).toBe(3);
  });
  it('jumps to the newest rows of a flood without asking main again', () => {
    const w = { start: 0, rows: [row('a'), row('b')], total: 2 };
    const newest = [row('x'), row('y')];
    const out = applyBatch(w, {}, stats(2, 0, w.rows[1]!.seq), { stats: stats(2 + 1000 + 2), rows: newest, truncated: 1000 }, 100);
    expect(out.resync).toBe(false);
    expect(out.window).toEqual({ start: 1002, rows: newest, total: 1004 });
    // Scrolled back: the rows in view stay, only the total grows.
    const away = { start: 0, rows: [row('a')], total: 10 };
    const out2 = applyBatch(away, {}, stats(10, 0, away.rows[0]!.seq), { stats: stats(10 + 5 + 2), rows: [row('p'), row('q')], truncated: 5 }, 100);
    expect(out2.window).toEqual({ start: 0, rows: away.rows, total: 17 });
  });
  it('knows which filters it can apply itself', () => {
    expect(filterIsLocal({ topicFilter: 'a/#', hideDuplicates: true })).toBe(true);
    expect(filterIsLocal({ text: 'err' })).toBe(false);
    expect(rowMatchesLocal({ topicFilter: 'a/#' }, row('b'))).toBe(false);
  });
});
