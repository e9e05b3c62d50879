import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { MessageFilter, ViewportPush, ViewportRange } from '../../../shared/contract/messages.contract';
import type { IncomingMessage } from './incoming-message';
import { MessageStore } from './message-store';
import { FLOOD_FRAME_MS, FRAME_MS, type FrameClock } from './frame-clock';
import { IDLE_VIEW_MS, ViewportHub } from './viewport-hub';
import { MessageQuery } from './message-query';

/** A clock that moves only when the test says so. */
class FakeClock implements FrameClock {
  t = 0;
  private timers: Array<{ at: number; fn: () => void; id: number }> = [];
  private nextId = 1;
  now() {
    return this.t;
  }
  setTimeout(fn: () => void, ms: number) {
    const id = this.nextId++;
    this.timers.push({ at: this.t + ms, fn, id });
    return id;
  }
  clearTimeout(h: unknown) {
    this.timers = this.timers.filter((x) => x.id !== h);
  }
  /** Runs the one timer due first if it is due now; false when none is. */
  step(): boolean {
    this.timers.sort((a, b) => a.at - b.at || a.id - b.id);
    const next = this.timers[0];
    if (!next || next.at > this.t) return false;
    this.timers.shift();
    next.fn();
    return true;
  }
  /** Moves time forward, running due timers in order. */
  advance(ms: number) {
    const end = this.t + ms;
    for (;;) {
      this.timers.sort((a, b) => a.at - b.at || a.id - b.id);
      const next = this.timers[0];
      if (!next || next.at > end) break;
      this.timers.shift();
      this.t = next.at;
      next.fn();
    }
    this.t = end;
  }
}

const msg = (topic: string, payload = 'x', connectionId = 'c1'): IncomingMessage => ({
  connectionId,
  protocol: 'mqtt',
  arrivedAt: 0,
  topic,
  payload: Buffer.from(payload),
  qos: 0,
});

function setup(capacity = 100_000, scanSlice?: number) {
  const store = new MessageStore({ capacity });
  const clock = new FakeClock();
  const pushes: Array<ViewportPush & { at: number }> = [];
  const hub = new ViewportHub(store, (p) => pushes.push({ ...p, at: clock.now() }), clock, 16, scanSlice);
  store.onChange = () => hub.changed();
  const open = (filter: MessageFilter, range: ViewportRange, request = 1, viewId = 'v') => hub.set({ viewId, request, filter, range });
  return { store, clock, pushes, hub, open };
}

describe('viewport protocol', () => {
  it('pushes exactly the viewport rows with counts, then nothing until acknowledged', () => {
    const { store, clock, pushes, hub, open } = setup();
    for (let i = 0; i < 10; i++) store.ingest(msg(i % 2 ? 'odd/t' : 'even/t', `p${i}`));
    open({ topicFilter: 'even/#' }, { mode: 'tail', count: 3 });
    clock.advance(0);
    expect(pushes).toHaveLength(1);
    expect(pushes[0]).toMatchObject({ viewId: 'v', version: 1, request: 1, offset: 2, total: 5 });
    expect(pushes[0]!.rows.map((r) => r.preview)).toEqual(['p4', 'p6', 'p8']);
    expect(pushes[0]!.stats.size).toBe(10);

    // Unacknowledged: arrivals and time change nothing.
    for (let i = 0; i < 4; i++) store.ingest(msg('even/t', `q${i}`));
    clock.advance(10 * FRAME_MS);
    expect(pushes).toHaveLength(1);

    hub.ack('v', 1);
    clock.advance(0);
    expect(pushes).toHaveLength(2);
    expect(pushes[1]).toMatchObject({ version: 2, offset: 6, total: 9 });
    expect(pushes[1]!.rows.map((r) => r.preview)).toEqual(['q1', 'q2', 'q3']);
    // An old or repeated ack changes nothing.
    hub.ack('v', 1);
    store.ingest(msg('even/t'));
    clock.advance(10 * FRAME_MS);
    expect(pushes).toHaveLength(2);
  });

  it('sends at most one push a frame, however fast the renderer acknowledges', () => {
    const { store, clock, pushes, hub, open } = setup();
    open({}, { mode: 'tail', count: 50 });
    hub.changed();
    for (let step = 0; step < 500; step++) {
      store.ingest(msg('t'));
      const last = pushes.at(-1);
      if (last) hub.ack('v', last.version);
      clock.advance(1);
    }
    expect(pushes.length).toBeGreaterThan(10);
    for (let i = 1; i < pushes.length; i++) expect(pushes[i]!.at - pushes[i - 1]!.at).toBeGreaterThanOrEqual(FRAME_MS);
    // 500 ms of arrivals: at most 500 / 16 + 1 pushes.
    expect(pushes.length).toBeLessThanOrEqual(Math.floor(500 / FRAME_MS) + 1);
  });

  it('pushes a flood that outruns the tail every other frame, a trickle every frame, and answers a new request at the next frame', () => {
    const { store, clock, pushes, hub, open } = setup();
    open({}, { mode: 'tail', count: 10 });
    clock.advance(0);
    // An instant renderer: every push is acknowledged at once.
    const run = (ms: number, perMs: number) => {
      for (let t = 0; t < ms; t++) {
        for (let k = 0; k < perMs; k++) store.ingest(msg('t'));
        const last = pushes.at(-1);
        if (last) hub.ack('v', last.version);
        clock.advance(1);
      }
    };
    const spacings = (from: number) => pushes.slice(from + 1).map((p, i) => p.at - pushes[from + i]!.at);
    // A trickle (one message per 20 ms: fewer than the view shows per push): no gap, one push a frame.
    for (let i = 0; i < 20; i++) {
      store.ingest(msg('t'));
      run(FRAME_MS, 0);
    }
    const trickle = pushes.length;
    expect(pushes.every((p) => !p.gap)).toBe(true);
    expect(new Set(spacings(1))).toEqual(new Set([FRAME_MS]));
    // A flood (5 messages a ms: 80 a frame into a 10-row view): every push skips rows, one every other frame.
    run(1000, 5);
    const flood = pushes.slice(trickle + 1);
    expect(flood.length).toBeGreaterThan(20);
    expect(flood.every((p) => p.gap && p.gap.count > 0)).toBe(true);
    expect(Math.min(...spacings(trickle + 1))).toBe(FLOOD_FRAME_MS);
    // Mid-flood, right after a push, the user filters: answered one frame later, not two.
    for (const n = pushes.length; pushes.length === n;) run(1, 5);
    const before = pushes.length;
    const askedAt = clock.now();
    hub.set({ viewId: 'v', request: 2, filter: { topicFilter: 't' }, range: { mode: 'tail', count: 10 } });
    clock.advance(FRAME_MS);
    expect(pushes.length).toBe(before + 1);
    expect(pushes.at(-1)!.request).toBe(2);
    expect(pushes.at(-1)!.at - askedAt).toBeLessThanOrEqual(FRAME_MS);
    // The flood ends: the next push (no gap) is followed by pushes a frame apart again.
    hub.ack('v', pushes.at(-1)!.version);
    for (let i = 0; i < 5; i++) {
      store.ingest(msg('t'));
      run(FRAME_MS, 0);
    }
    expect(pushes.at(-1)!.gap).toBeUndefined();
    expect(spacings(pushes.length - 3)).toEqual([FRAME_MS, FRAME_MS]);
  });

  it('answers the newest request whatever order the calls arrive in (an older one arriving late is dropped)', () => {
    const { store, clock, pushes, hub, open } = setup();
    for (let i = 0; i < 10; i++) store.ingest(msg(i % 2 ? 'odd/t' : 'even/t', `p${i}`));
    // The renderer asked 1 (all rows) then 2 (even only); the calls arrive 2 first, then 1.
    open({ topicFilter: 'even/#' }, { mode: 'tail', count: 10 }, 2);
    open({}, { mode: 'tail', count: 10 }, 1);
    clock.advance(FRAME_MS);
    expect(pushes.map((p) => [p.request, p.total])).toEqual([[2, 5]]);
    hub.ack('v', pushes[0]!.version);
    store.ingest(msg('even/t', 'p10'));
    store.ingest(msg('odd/t', 'p11'));
    clock.advance(FRAME_MS);
    expect(pushes.map((p) => [p.request, p.total])).toEqual([
      [2, 5],
      [2, 6],
    ]);
    // A newer request replaces it.
    open({}, { mode: 'tail', count: 10 }, 3);
    clock.advance(FRAME_MS);
    expect(pushes.at(-1)).toMatchObject({ request: 3, total: 12 });
  });

  it('a slow renderer loses no rows: it sees a gap marker and catches up by scrolling to it', () => {
    const { store, clock, pushes, hub, open } = setup();
    open({ topicFilter: 'dev/#' }, { mode: 'tail', count: 10 });
    clock.advance(0);
    expect(pushes[0]!.total).toBe(0);
    // The renderer is busy: 1,000 messages arrive (and some noise the filter excludes) before it acknowledges.
    for (let i = 0; i < 1000; i++) {
      store.ingest(msg('dev/a', `m${i}`));
      if (i % 3 === 0) store.ingest(msg('other/x'));
    }
    clock.advance(1000);
    expect(pushes).toHaveLength(1);
    hub.ack('v', 1);
    clock.advance(FRAME_MS);
    const p = pushes[1]!;
    expect(p.total).toBe(1000);
    expect(p.rows.map((r) => r.preview)).toEqual(Array.from({ length: 10 }, (_, i) => `m${990 + i}`));
    expect(p.gap).toEqual({ afterSeq: 0, count: 990 });
    // Catching up: the rows behind the marker are at indexes [offset - count, offset).
    hub.set({ viewId: 'v', request: 2, filter: { topicFilter: 'dev/#' }, range: { mode: 'range', offset: p.offset - p.gap!.count, count: 2000 } });
    clock.advance(FRAME_MS);
    const back = pushes[2]!;
    expect(back.request).toBe(2);
    expect(back.rows.slice(0, 990).map((r) => r.preview)).toEqual(Array.from({ length: 990 }, (_, i) => `m${i}`));
    expect(back.gap).toBeUndefined();
  });

  it('accounts for every matching arrival in rows or gaps, whatever the interleaving of arrivals, acks and time', () => {
    type Step = { kind: 'ingest'; n: number; match: boolean } | { kind: 'ack' } | { kind: 'tick'; ms: number };
    const step = fc.oneof(
      fc.record({ kind: fc.constant('ingest' as const), n: fc.integer({ min: 1, max: 40 }), match: fc.boolean() }),
      fc.constant({ kind: 'ack' as const }),
      fc.record({ kind: fc.constant('tick' as const), ms: fc.integer({ min: 0, max: 40 }) }),
    );
    fc.assert(
      fc.property(fc.array(step, { maxLength: 80 }), fc.integer({ min: 1, max: 12 }), (steps: Step[], count) => {
        const { store, clock, pushes, hub, open } = setup(5000);
        open({ topicFilter: 'keep/#' }, { mode: 'tail', count });
        let matching = 0;
        for (const s of steps) {
          if (s.kind === 'ingest') {
            for (let i = 0; i < s.n; i++) store.ingest(msg(s.match ? 'keep/a' : 'drop/a'));
            if (s.match) matching += s.n;
          } else if (s.kind === 'ack') {
            const last = pushes.at(-1);
            if (last) hub.ack('v', last.version);
          } else clock.advance(s.ms);
        }
        // Let the renderer catch up completely.
        for (let i = 0; i < 3; i++) {
          hub.ack('v', pushes.at(-1)?.version ?? 0);
          clock.advance(FRAME_MS);
        }
        const seen = new Set<number>();
        let gaps = 0;
        let prevVersion = 0;
        for (const p of pushes) {
          expect(p.version).toBe(prevVersion + 1);
          prevVersion = p.version;
          const seqs = p.rows.map((r) => r.seq);
          expect(seqs).toEqual([...seqs].sort((a, b) => a - b));
          for (const q of seqs) seen.add(q);
          gaps += p.gap?.count ?? 0;
        }
        expect(pushes.at(-1)!.total).toBe(matching);
        expect(seen.size + gaps).toBe(matching);
      }),
      { numRuns: 200 },
    );
  });

  it('answers the newest request, reports an invalid filter as an error push, and forgets closed views', () => {
    const { store, clock, pushes, hub, open } = setup();
    store.ingest(msg('a/b'));
    open({ topicFilter: 'a/#' }, { mode: 'tail', count: 5 }, 1);
    open({ topicFilter: 'a/#/b' }, { mode: 'tail', count: 5 }, 2);
    clock.advance(FRAME_MS);
    expect(pushes).toHaveLength(1);
    expect(pushes[0]!.request).toBe(2);
    expect(pushes[0]!.error).toMatch(/Topic filter 'a\/#\/b'/);
    hub.close('v');
    hub.ack('v', 1);
    store.ingest(msg('a/b'));
    clock.advance(10 * FRAME_MS);
    expect(pushes).toHaveLength(1);
  });

  it('a view that stopped acknowledging gives its memory back when another view opens, and still answers correctly later', () => {
    const { store, clock, pushes, hub, open } = setup();
    for (let i = 0; i < 50; i++) store.ingest(msg(i % 2 ? 'a/x' : 'b/x', `p${i}`));
    open({ topicFilter: 'a/#' }, { mode: 'tail', count: 3 }, 1, 'stale');
    clock.advance(0);
    expect(pushes).toHaveLength(1);
    clock.advance(IDLE_VIEW_MS + 1);
    const session = (hub as unknown as { sessions: Map<string, { query: unknown }> }).sessions.get('stale')!;
    const before = session.query;
    open({}, { mode: 'tail', count: 1 }, 1, 'fresh');
    expect(session.query).not.toBe(before);
    for (let i = 50; i < 60; i++) store.ingest(msg('a/x', `p${i}`));
    hub.ack('stale', 1);
    clock.advance(FRAME_MS);
    const late = pushes.filter((p) => p.viewId === 'stale').at(-1)!;
    expect(late.total).toBe(35);
    expect(late.rows.map((r) => r.preview)).toEqual(['p57', 'p58', 'p59']);
  });

  it('pushes again after a clear so the counts drop', () => {
    const { store, clock, pushes, hub, open } = setup();
    store.ingest(msg('t'));
    open({}, { mode: 'tail', count: 5 });
    clock.advance(0);
    hub.ack('v', 1);
    store.clear();
    hub.changed();
    clock.advance(FRAME_MS);
    expect(pushes.map((p) => [p.total, p.stats.size])).toEqual([
      [1, 1],
      [0, 0],
    ]);
  });

  it('scans a new filter over a big store a slice at a time, yielding between slices, and pushes once it covers everything', () => {
    const { store, clock, pushes, hub, open } = setup(100_000, 100);
    for (let i = 0; i < 1_000; i++) store.ingest(msg('t', i % 10 === 0 ? `HIT ${i}` : `miss ${i}`));
    open({ text: 'hit' }, { mode: 'tail', count: 5 });
    // Each timer turn scans at most 100 messages: 1,000 take ten turns before anything is pushed.
    let turns = 0;
    while (pushes.length === 0 && clock.step()) {
      turns++;
      // Arrivals while the scan is under way join it.
      if (turns === 3) store.ingest(msg('t', 'late hit'));
    }
    expect(turns).toBeGreaterThanOrEqual(10);
    expect(pushes).toHaveLength(1);
    expect(pushes[0]).toMatchObject({ version: 1, total: 101, offset: 96 });
    expect(pushes[0]!.rows.map((r) => r.preview)).toEqual(['HIT 960', 'HIT 970', 'HIT 980', 'HIT 990', 'late hit']);

    // A filter changed in the middle of a scan: the scan restarts for it, and only its answer is pushed.
    hub.ack('v', 1);
    open({ text: 'miss 5' }, { mode: 'tail', count: 20 }, 2);
    clock.t += FRAME_MS;
    expect(clock.step()).toBe(true);
    expect(pushes).toHaveLength(1);
    open({ text: 'miss 99' }, { mode: 'tail', count: 20 }, 3);
    clock.advance(0);
    expect(pushes).toHaveLength(2);
    expect(pushes[1]).toMatchObject({ request: 3, total: 10 });
    expect(pushes[1]!.rows.map((r) => r.preview)).toEqual(['miss 99', ...[991, 992, 993, 994, 995, 996, 997, 998, 999].map((i) => `miss ${i}`)]);

    // An invalid filter is still answered with its error.
    hub.ack('v', 2);
    open({ text: '(', regex: true }, { mode: 'tail', count: 5 }, 4);
    clock.advance(FRAME_MS);
    expect(pushes[2]).toMatchObject({ request: 4, total: 0 });
    expect(pushes[2]!.error).toMatch(/regular expression/);
  });

  it('sorts a new list by a column a slice per turn too, then pushes the rows a one-shot sort gives', () => {
    const { store, clock, pushes, hub, open } = setup(100_000, 100);
    for (let i = 0; i < 1_000; i++) store.ingest(msg(`t/${(i * 7) % 13}`, `p${i}`, `c${i % 3}`));
    const reference = (filter: MessageFilter, range: ViewportRange) => new MessageQuery(store).window(filter, range).rows.map((r) => r.seq);
    const byTopic: MessageFilter = { orderBy: 'topic', descending: true };
    open(byTopic, { mode: 'range', offset: 10, count: 5 });
    let turns = 0;
    while (pushes.length === 0 && clock.step()) turns++;
    // Scan: 10 slices; keys: 10 slices; the radix pass over 13 topic ranks: 10 slices.
    expect(turns).toBeGreaterThanOrEqual(28);
    expect(pushes[0]!.rows.map((r) => r.seq)).toEqual(reference(byTopic, { mode: 'range', offset: 10, count: 5 }));

    // Another column chosen in the middle of a sort: the sort restarts for it; only its answer is pushed.
    hub.ack('v', 1);
    open({ orderBy: 'connection' }, { mode: 'range', offset: 0, count: 5 }, 2);
    clock.t += FRAME_MS;
    for (let i = 0; i < 3; i++) expect(clock.step()).toBe(true);
    store.ingest(msg('t/late', 'late', 'c0'));
    const bySize: MessageFilter = { orderBy: 'size', topicFilter: 't/#' };
    open(bySize, { mode: 'tail', count: 4 }, 3);
    clock.advance(0);
    expect(pushes).toHaveLength(2);
    expect(pushes[1]).toMatchObject({ request: 3, total: 1_001 });
    expect(pushes[1]!.rows.map((r) => r.seq)).toEqual(reference(bySize, { mode: 'tail', count: 4 }));
    expect(pushes[1]!.rows.map((r) => r.preview)).toContain('late');
  });
});
