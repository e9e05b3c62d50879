// The live inspector's state. The store of messages lives in main; here is only a window of rows, the
// filter, selection and pause state. Each `messages.batch` event is applied in ONE setState.
import { createStore } from 'zustand/vanilla';
import { useStore } from 'zustand';
import type { MessageDetail, MessageFilter, MessageRow, StoreStats } from '../../../shared/contract/messages.contract';
import { api, call } from '../api/client';
import { applyBatch, type BatchInput } from '../lib/inspector-batch';
import { emptyWindow, firstMissing, mergePage, patchRows, rowAt, type RowWindow } from '../lib/row-window';
import { addNotice, refreshConnections } from './app-store';
import { compileUserRegex } from '../../../shared/filter/user-regex';

export const PAGE = 400;
export const WINDOW_CAP = 4000;

export type Settlement = NonNullable<MessageRow['settlement']>;

export interface InspectorState {
  filter: MessageFilter;
  /** A regex that does not compile: shown beside the filter, not sent. */
  filterError: string | null;
  window: RowWindow<MessageRow>;
  stats: StoreStats | null;
  paused: boolean;
  /** Messages main received while the view was paused. */
  pausedArrived: number;
  /** Scroll with the newest row. */
  follow: boolean;
  selectedIndex: number | null;
  selectedSeq: number | null;
  /** Extra rows selected for bulk actions (settle, export), by seq. */
  marked: number[];
  anchorIndex: number | null;
  detail: MessageDetail | null;
  detailLoading: boolean;
  /** Bumps when the list must scroll to the selection. */
  scrollRequest: number;
}

export const inspectorStore = createStore<InspectorState>(() => ({
  filter: {},
  filterError: null,
  window: emptyWindow(),
  stats: null,
  paused: false,
  pausedArrived: 0,
  follow: true,
  selectedIndex: null,
  selectedSeq: null,
  marked: [],
  anchorIndex: null,
  detail: null,
  detailLoading: false,
  scrollRequest: 0,
}));

export function useInspector<T>(selector: (s: InspectorState) => T): T {
  return useStore(inspectorStore, selector);
}

const get = () => inspectorStore.getState();
const set = (p: Partial<InspectorState>) => inspectorStore.setState(p);

/** Bumped by every filter change and clear: answers to older requests are dropped. */
let generation = 0;
let syncing = false;
let syncAgain = false;

function sendFilter(f: MessageFilter): MessageFilter {
  const out: MessageFilter = {};
  if (f.connectionIds?.length) out.connectionIds = f.connectionIds;
  if (f.topicFilter) out.topicFilter = f.topicFilter;
  if (f.text) {
    out.text = f.text;
    if (f.regex) out.regex = true;
  }
  if (f.hideDuplicates) out.hideDuplicates = true;
  if (f.orderBy === 'generateTime') out.orderBy = 'generateTime';
  return out;
}

async function fetchPage(offset: number): Promise<void> {
  const gen = generation;
  const s = get();
  const res = await call('messages.page', { filter: sendFilter(s.filter), offset: Math.max(0, offset), limit: PAGE });
  if (gen !== generation) return;
  const cur = get();
  set({ window: mergePage(cur.window, Math.max(0, offset), res.rows, res.total, WINDOW_CAP), stats: res.stats });
  reselect();
}

/** Reads the visible part again from main (tail when following). Coalesced: one request at a time. */
export async function resync(): Promise<void> {
  if (syncing) {
    syncAgain = true;
    return;
  }
  syncing = true;
  try {
    do {
      syncAgain = false;
      const s = get();
      if (s.follow) {
        const gen = generation;
        const first = await call('messages.page', { filter: sendFilter(s.filter), offset: Math.max(0, s.window.total - PAGE), limit: PAGE });
        if (gen !== generation) continue;
        let offset = Math.max(0, s.window.total - PAGE);
        let res = first;
        // More arrived than we guessed (or fewer remain): ask for the real tail once.
        if (first.total > offset + first.rows.length || (first.rows.length < PAGE && offset > 0)) {
          offset = Math.max(0, first.total - PAGE);
          res = await call('messages.page', { filter: sendFilter(s.filter), offset, limit: PAGE });
          if (gen !== generation) continue;
        }
        set({ window: { start: offset, rows: res.rows, total: res.total }, stats: res.stats });
        reselect();
      } else {
        const from = s.selectedIndex ?? s.window.start;
        await fetchPage(Math.max(0, from - PAGE / 2));
      }
    } while (syncAgain);
  } catch (e) {
    addNotice('error', (e as Error).message);
  } finally {
    syncing = false;
  }
}

/** Keeps the selection on the same message when indexes moved. */
function reselect() {
  const s = get();
  if (s.selectedSeq == null) return;
  const i = s.window.rows.findIndex((r) => r.seq === s.selectedSeq);
  if (i >= 0 && s.window.start + i !== s.selectedIndex) set({ selectedIndex: s.window.start + i });
}

let pendingRange: [number, number] | null = null;
let rangeTimer: ReturnType<typeof setTimeout> | null = null;
/** The list shows [from, to]: page in what the window lacks (debounced while scrolling). */
export function ensureRange(from: number, to: number) {
  if (firstMissing(get().window, from, to) < 0) return;
  pendingRange = [from, to];
  if (rangeTimer) return;
  rangeTimer = setTimeout(() => {
    rangeTimer = null;
    const r = pendingRange;
    pendingRange = null;
    if (!r) return;
    const missing = firstMissing(get().window, r[0], r[1]);
    if (missing < 0) return;
    const mid = Math.floor((r[0] + r[1]) / 2);
    fetchPage(Math.max(0, Math.min(missing, mid - PAGE / 2))).catch((e: Error) => addNotice('error', e.message));
  }, 40);
}

function onBatch(batch: BatchInput) {
  const s = get();
  if (s.paused) {
    const arrived = s.stats ? Math.max(0, batch.stats.received - s.stats.received) : batch.rows.length + batch.truncated;
    set({ stats: batch.stats, pausedArrived: s.pausedArrived + arrived });
    return;
  }
  const out = applyBatch(s.window, s.filter, s.stats, batch, WINDOW_CAP);
  const patch: Partial<InspectorState> = { stats: batch.stats };
  if (out.window !== s.window) patch.window = out.window;
  set(patch);
  if (out.window !== s.window && s.selectedSeq != null) reselect();
  if (out.resync) void resync();
}

let started = false;
export function startInspector() {
  if (started) return;
  started = true;
  api.on('messages.batch', onBatch);
  void resync();
}

export function setFilter(patch: Partial<MessageFilter>) {
  const filter = { ...get().filter, ...patch };
  let filterError: string | null = null;
  if (filter.text && filter.regex) {
    const compiled = compileUserRegex(filter.text);
    if (!compiled.ok) filterError = compiled.message;
  }
  set({ filterError });
  if (filterError) {
    set({ filter });
    return;
  }
  generation++;
  set({ filter, window: emptyWindow(), follow: true, marked: [] });
  void resync();
}

export function togglePause() {
  const s = get();
  if (s.paused) {
    set({ paused: false, pausedArrived: 0 });
    void resync();
  } else {
    set({ paused: true, pausedArrived: 0 });
  }
}

export async function clearMessages() {
  try {
    await call('messages.clear', {});
    generation++;
    set({ window: emptyWindow(), selectedIndex: null, selectedSeq: null, detail: null, marked: [], follow: true, pausedArrived: 0 });
    void resync();
  } catch (e) {
    addNotice('error', (e as Error).message);
  }
}

let detailTimer: ReturnType<typeof setTimeout> | null = null;
function loadDetail(seq: number | null) {
  if (detailTimer) clearTimeout(detailTimer);
  if (seq == null) {
    set({ detail: null, detailLoading: false });
    return;
  }
  set({ detailLoading: true });
  // Held key-repeat moves fast: fetch the detail for where the selection settles.
  detailTimer = setTimeout(() => {
    call('messages.detail', { seq }).then(
      (detail) => {
        if (get().selectedSeq === seq) set({ detail, detailLoading: false });
      },
      (e: Error) => {
        set({ detailLoading: false });
        addNotice('error', e.message);
      },
    );
  }, 25);
}

export function selectIndex(index: number, opts: { extend?: boolean; toggle?: boolean; scroll?: boolean } = {}) {
  const s = get();
  if (s.window.total === 0) return;
  const i = Math.max(0, Math.min(s.window.total - 1, index));
  const row = rowAt(s.window, i);
  let marked = s.marked;
  let anchorIndex = s.anchorIndex;
  if (opts.extend) {
    const a = anchorIndex ?? s.selectedIndex ?? i;
    anchorIndex = a;
    const seqs: number[] = [];
    for (let k = Math.min(a, i); k <= Math.max(a, i); k++) {
      const r = rowAt(s.window, k);
      if (r) seqs.push(r.seq);
    }
    marked = seqs;
  } else if (opts.toggle && row) {
    marked = marked.includes(row.seq) ? marked.filter((x) => x !== row.seq) : [...marked, row.seq];
    anchorIndex = i;
  } else {
    marked = [];
    anchorIndex = i;
  }
  const follow = i === s.window.total - 1 ? s.follow : false;
  set({ selectedIndex: i, selectedSeq: row?.seq ?? null, marked, anchorIndex, follow, scrollRequest: opts.scroll ? s.scrollRequest + 1 : s.scrollRequest });
  if (!row) ensureRange(i - 5, i + 5);
  if (row?.seq !== s.selectedSeq) loadDetail(row?.seq ?? null);
}

/** Selection moved to an index whose row was not loaded yet: pick it up once the page arrives. */
inspectorStore.subscribe((s, prev) => {
  if (s.window === prev.window || s.selectedIndex == null || s.selectedSeq != null) return;
  const row = rowAt(s.window, s.selectedIndex);
  if (row) {
    set({ selectedSeq: row.seq });
    loadDetail(row.seq);
  }
});

export function moveSelection(delta: number, extend = false) {
  const s = get();
  const from = s.selectedIndex ?? (delta > 0 ? -1 : s.window.total);
  selectIndex(from + delta, { extend, scroll: true });
}

export function setFollow(follow: boolean) {
  if (get().follow !== follow) set({ follow });
  if (follow) void resync();
}

/** The rows an action applies to: the marked ones, else the selected one. */
export function targetRows(): MessageRow[] {
  const s = get();
  const seqs = s.marked.length ? s.marked : s.selectedSeq != null ? [s.selectedSeq] : [];
  const bySeq = new Map(s.window.rows.map((r) => [r.seq, r]));
  return seqs.map((q) => bySeq.get(q)).filter((r): r is MessageRow => !!r);
}

const PAST: Record<'accept' | 'reject' | 'release' | 'modify', Settlement> = { accept: 'accepted', reject: 'rejected', release: 'released', modify: 'modified' };

/** Settles the selected AMQP deliveries (grouped per connection); returns how many were settled. */
export async function settleSelected(outcome: 'accept' | 'reject' | 'release' | 'modify'): Promise<number> {
  const rows = targetRows().filter((r) => r.protocol === 'amqp' && r.settlement === 'unsettled');
  const byConn = new Map<string, number[]>();
  for (const r of rows) byConn.set(r.connectionId, [...(byConn.get(r.connectionId) ?? []), r.seq]);
  let settled = 0;
  for (const [connectionId, seqs] of byConn) {
    try {
      const res = await call('connections.settle', { connectionId, seqs, outcome });
      settled += res.settled;
      const done = new Set(seqs);
      set({ window: patchRows(get().window, (r) => done.has(r.seq), (r) => ({ ...r, settlement: PAST[outcome] })) });
    } catch (e) {
      addNotice('error', (e as Error).message);
    }
  }
  const d = get().detail;
  if (d && rows.some((r) => r.seq === d.seq)) set({ detail: { ...d, settlement: PAST[outcome] } });
  if (rows.length) void refreshConnections();
  return settled;
}
