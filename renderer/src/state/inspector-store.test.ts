import { describe, expect, it } from 'vitest';
import type { MessageRow, StoreStats, ViewportPush } from '../../../shared/contract/messages.contract';
import { createInspectorStore, keepSameRows, TAIL_MARGIN, TAIL_ROWS, VIEW_ROWS } from './inspector-store';

const stats = (received: number): StoreStats => ({ size: received, capacity: 1000, received, dropped: 0, latestSeq: received });
const row = (seq: number): MessageRow => ({ seq, connectionId: 'c', protocol: 'mqtt', arrivedAt: 0, topic: 't', size: 1, preview: `m${seq}` });

/** A fake backend and a manual frame: the test decides when a frame is painted. */
function harness() {
  const calls: Array<{ name: string; input: Record<string, unknown> }> = [];
  const listeners: Array<(p: ViewportPush) => void> = [];
  const frames: Array<() => void> = [];
  const inspector = createInspectorStore({
    viewId: 'v1',
    detailDelay: 0,
    call: (async (name: string, input: Record<string, unknown>) => {
      calls.push({ name, input });
      return name === 'messages.columnsGet' ? null : { ok: true };
    }) as never,
    on: ((_name: string, l: (p: ViewportPush) => void) => {
      listeners.push(l);
      return () => listeners.splice(listeners.indexOf(l), 1);
    }) as never,
    post: ((name: string, input: Record<string, unknown>) => void calls.push({ name, input })) as never,
    afterPaint: (fn) => frames.push(fn),
    notifyError: (m) => {
      throw new Error(m);
    },
  });
  const push = (p: Partial<ViewportPush> & { version: number; request: number }) =>
    listeners.forEach((l) => l({ viewId: 'v1', offset: 0, total: 0, rows: [], stats: stats(0), ...p }));
  const paint = () => frames.splice(0).forEach((f) => f());
  const named = (name: string) => calls.filter((c) => c.name === name).map((c) => c.input);
  return { inspector, push, paint, named, listeners };
}

describe('inspector view store', () => {
  it('states its view on start, follows the tail and closes it on stop', () => {
    const h = harness();
    const stop = h.inspector.actions.start();
    expect(h.named('messages.viewport')).toEqual([{ viewId: 'v1', request: 1, filter: {}, range: { mode: 'tail', count: TAIL_ROWS } }]);
    stop();
    expect(h.named('messages.viewportClose')).toEqual([{ viewId: 'v1' }]);
    expect(h.listeners).toHaveLength(0);
  });

  it('acknowledges a push only after it was painted', () => {
    const h = harness();
    h.inspector.actions.start();
    h.push({ version: 1, request: 1, offset: 0, total: 2, rows: [row(1), row(2)], stats: stats(2) });
    expect(h.inspector.getState().window).toEqual({ start: 0, rows: [row(1), row(2)], total: 2 });
    expect(h.named('messages.viewportAck')).toEqual([]);
    h.paint();
    expect(h.named('messages.viewportAck')).toEqual([{ viewId: 'v1', version: 1 }]);
  });

  it('applies only pushes answering its newest request (but acknowledges every one)', () => {
    const h = harness();
    h.inspector.actions.start();
    h.inspector.actions.setFilter({ topicFilter: 'a/#' });
    expect(h.named('messages.viewport').at(-1)).toMatchObject({ request: 2, filter: { topicFilter: 'a/#' } });
    h.push({ version: 1, request: 1, total: 5, rows: [row(5)], stats: stats(5) });
    expect(h.inspector.getState().window.total).toBe(0);
    expect(h.inspector.getState().stats?.received).toBe(5);
    h.push({ version: 2, request: 2, total: 1, rows: [row(3)], stats: stats(5) });
    expect(h.inspector.getState().window.rows).toEqual([row(3)]);
    h.paint();
    expect(h.named('messages.viewportAck').map((a) => a.version)).toEqual([1, 2]);
  });

  it('shows a gap marker for rows a push skipped, and scrolling there asks main for them', () => {
    const h = harness();
    h.inspector.actions.start();
    h.push({
      version: 1,
      request: 1,
      offset: 990,
      total: 1000,
      rows: Array.from({ length: 10 }, (_, i) => row(991 + i)),
      stats: stats(1000),
      gap: { afterSeq: 0, count: 990 },
    });
    expect(h.inspector.getState().gap).toEqual({ from: 0, count: 990 });
    h.inspector.actions.selectIndex(0, { scroll: true });
    const asked = h.named('messages.viewport').at(-1)!;
    expect(asked.range).toMatchObject({ mode: 'range' });
    expect((asked.range as { offset: number }).offset).toBe(0);
    expect(h.inspector.getState().gap).toBeNull();
    expect(h.inspector.getState().follow).toBe(false);
  });

  it('while following, rows on screen for a moment before the scroll catches up never turn the view into a fixed range', () => {
    const h = harness();
    h.inspector.actions.start();
    h.push({ version: 1, request: 1, offset: 800, total: 1000, rows: Array.from({ length: 200 }, (_, i) => row(801 + i)), stats: stats(1000) });
    // The list still shows indexes 100-130 (it scrolls to the end on the next frame).
    h.inspector.actions.ensureRange(100, 130);
    expect(h.named('messages.viewport')).toHaveLength(1);
    expect(h.inspector.getState().follow).toBe(true);
    // Scrolled up by the user: now a range is asked for.
    h.inspector.actions.setFollow(false);
    h.inspector.actions.ensureRange(100, 130);
    expect(h.named('messages.viewport').at(-1)!.range).toEqual({ mode: 'range', offset: 15, count: VIEW_ROWS });
    // Back to the end: the tail again.
    h.inspector.actions.setFollow(true);
    expect(h.named('messages.viewport').at(-1)!.range).toEqual({ mode: 'tail', count: TAIL_ROWS });
  });

  it('tail pushes carry what the list has room for: fitTail asks again only when that changes, and only while following', () => {
    const h = harness();
    h.inspector.actions.start();
    h.inspector.actions.fitTail(30.4);
    expect(h.named('messages.viewport').at(-1)!.range).toEqual({ mode: 'tail', count: 31 + TAIL_MARGIN });
    h.inspector.actions.fitTail(30.9);
    expect(h.named('messages.viewport')).toHaveLength(2);
    h.inspector.actions.setFollow(false);
    h.inspector.actions.fitTail(50);
    expect((h.named('messages.viewport').at(-1)!.range as { mode: string }).mode).toBe('range');
    // Back at the end: the new size.
    h.inspector.actions.setFollow(true);
    expect(h.named('messages.viewport').at(-1)!.range).toEqual({ mode: 'tail', count: 50 + TAIL_MARGIN });
  });

  it('while paused keeps its rows and counts arrivals; resuming asks for the tail again', () => {
    const h = harness();
    h.inspector.actions.start();
    h.push({ version: 1, request: 1, total: 1, rows: [row(1)], stats: stats(1) });
    h.inspector.actions.togglePause();
    h.push({ version: 2, request: 1, total: 4, rows: [row(1), row(2), row(3), row(4)], stats: stats(4) });
    expect(h.inspector.getState().window.rows).toEqual([row(1)]);
    expect(h.inspector.getState().pausedArrived).toBe(3);
    h.inspector.actions.togglePause();
    expect(h.named('messages.viewport').at(-1)).toMatchObject({ request: 2, range: { mode: 'tail' } });
  });

  it('keeps the objects of rows that did not change between pushes (memoized rows skip them)', () => {
    const a = row(1);
    const b = { ...row(2), settlement: 'unsettled' as const };
    const next = keepSameRows([a, b], [row(1), { ...row(2), settlement: 'accepted' }, row(3)]);
    expect(next[0]).toBe(a);
    expect(next[1]).not.toBe(b);
    expect(next[1]!.settlement).toBe('accepted');
    expect(next[2]).toEqual(row(3));
  });

  it('stores are independent per view', () => {
    const a = harness();
    const b = harness();
    a.inspector.actions.setFilter({ text: 'x' });
    expect(b.inspector.getState().filter).toEqual({});
  });
});
