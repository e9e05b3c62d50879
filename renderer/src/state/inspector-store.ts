// One inspector view's state: a zustand store created per view (createInspectorStore) and handed down
// through a React context. The messages live in main; the view states what it wants to see
// ({filter, order, tail | range}) with `messages.viewport`, main pushes exactly those rows, and each push is
// acknowledged only after it was painted — so main never sends faster than this view can show, and never
// drops anything silently (rows it could not show arrive behind a gap marker).
import { createContext, useContext } from 'react';
import { useStore } from 'zustand';
import { createStore, type StoreApi } from 'zustand/vanilla';
import type { EventName, EventPayload, MethodInput, MethodName, MethodOutput, SocketCallName } from '../../../shared/contract';
import type {
  ColumnSettings,
  MessageDetail,
  MessageFilter,
  MessageRow,
  StoreStats,
  ViewportPush,
  ViewportRange,
} from '../../../shared/contract/messages.contract';
import { defaultColumns, normalizeColumns, sortFilter } from '../features/inspector/columns';
import { compileUserRegex } from '../../../shared/filter/user-regex';
import { emptyWindow, patchRows, rowAt, type RowWindow } from '../lib/row-window';

/** Rows asked for around what is on screen (a screenful many times over). */
export const VIEW_ROWS = 200;
/**
 * Rows asked for while following the tail until the list says how many it shows (fitTail): a tall screenful.
 * Every push carries them all, up to 60 a second while messages stream in, so the list asks for its screen
 * and a few rows to scroll back into, not VIEW_ROWS.
 */
export const TAIL_ROWS = 100;
/** Rows beyond a screenful in a tail push (scrolling up a few rows shows them at once; more come with a range). */
export const TAIL_MARGIN = 12;

export type Settlement = NonNullable<MessageRow['settlement']>;

/** Matching rows that arrived while the view followed the tail but that no push showed: indexes [from, from + count). */
export interface GapMarker {
  from: number;
  count: number;
}

export interface InspectorState {
  filter: MessageFilter;
  /** A filter main or the regex compiler refused: shown beside the filter. */
  filterError: string | null;
  window: RowWindow<MessageRow>;
  stats: StoreStats | null;
  paused: boolean;
  /** Messages main received while the view was paused. */
  pausedArrived: number;
  /** Scroll with the newest row. */
  follow: boolean;
  /** The newest gap the view skipped while following the tail (cleared when scrolled to or the filter changes). */
  gap: GapMarker | null;
  selectedIndex: number | null;
  selectedSeq: number | null;
  /** Extra rows selected for bulk actions (settle, export), by seq. */
  marked: number[];
  anchorIndex: number | null;
  detail: MessageDetail | null;
  detailLoading: boolean;
  /** Bumps when the list must scroll to the selection. */
  scrollRequest: number;
  /** The user's columns (kept in main). */
  columns: ColumnSettings;
}

/** What the store needs from outside: the backend, a frame callback and the notice area (injected, so it is testable). */
export interface InspectorDeps {
  call<M extends MethodName>(name: M, input: MethodInput<M>): Promise<MethodOutput<M>>;
  on<E extends EventName>(name: E, listener: (payload: EventPayload<E>) => void): () => void;
  /** A call whose answer nobody waits for (the acknowledgements, many a second). */
  post<M extends SocketCallName>(name: M, input: MethodInput<M>): void;
  /** Runs after the next paint (requestAnimationFrame in the app). */
  afterPaint(fn: () => void): void;
  notifyError(message: string): void;
  /** The event channel dropped and came back (pushes may have been lost): the view is stated again. */
  onReconnect?(fn: () => void): () => void;
  /** Settling changes connection counters. */
  onSettled?(): void;
  viewId?: string;
  /** Debounce for the detail fetch while a key is held (ms). */
  detailDelay?: number;
}

export interface InspectorActions {
  /** Subscribes to pushes and opens the view; returns the function that closes it. */
  start(): () => void;
  setFilter(patch: Partial<MessageFilter>): void;
  togglePause(): void;
  clearMessages(): Promise<void>;
  /** The list shows rows [from, to]: ask for them when the window lacks them. */
  ensureRange(from: number, to: number): void;
  /** The list has room for `screenRows` rows: tail pushes carry that many and a margin. */
  fitTail(screenRows: number): void;
  setFollow(follow: boolean): void;
  selectIndex(index: number, opts?: { extend?: boolean; toggle?: boolean; scroll?: boolean }): void;
  moveSelection(delta: number, extend?: boolean): void;
  clearMarks(): void;
  /** The rows an action applies to: the marked ones, else the selected one. */
  targetRows(): MessageRow[];
  settleSelected(outcome: 'accept' | 'reject' | 'release' | 'modify'): Promise<number>;
  /** Changes the columns now; `persist` writes them to main (false while a resize drag is under way). */
  setColumns(next: ColumnSettings, persist?: boolean): void;
}

export type InspectorStore = StoreApi<InspectorState> & { actions: InspectorActions; viewId: string };

const PAST: Record<'accept' | 'reject' | 'release' | 'modify', Settlement> = {
  accept: 'accepted',
  reject: 'rejected',
  release: 'released',
  modify: 'modified',
};

/** The filter as sent: empty parts left out, so equal filters compare equal in main. */
export function normalizeFilter(f: MessageFilter): MessageFilter {
  const out: MessageFilter = {};
  if (f.connectionIds?.length) out.connectionIds = f.connectionIds;
  if (f.topicFilter) out.topicFilter = f.topicFilter;
  if (f.text) {
    out.text = f.text;
    if (f.regex) out.regex = true;
  }
  if (f.hideDuplicates) out.hideDuplicates = true;
  if (f.orderBy && f.orderBy !== 'arrival') out.orderBy = f.orderBy;
  if (f.descending) out.descending = true;
  return out;
}

/**
 * The pushed rows, with each one that did not change since the last push replaced by the object already on
 * screen, so memoized row components skip it. Only settlement and the duplicate/order marks change after arrival.
 */
export function keepSameRows(prev: readonly MessageRow[], next: MessageRow[]): MessageRow[] {
  if (prev.length === 0 || next.length === 0) return next;
  const bySeq = new Map<number, MessageRow>();
  for (const r of prev) bySeq.set(r.seq, r);
  return next.map((r) => {
    const o = bySeq.get(r.seq);
    return o && o.settlement === r.settlement && o.duplicateOf === r.duplicateOf && o.outOfOrder === r.outOfOrder && o.redelivered === r.redelivered ? o : r;
  });
}

let views = 0;

export function createInspectorStore(deps: InspectorDeps): InspectorStore {
  const viewId = deps.viewId ?? `view-${Date.now().toString(36)}-${++views}`;
  const store = createStore<InspectorState>(() => ({
    filter: {},
    filterError: null,
    window: emptyWindow(),
    stats: null,
    paused: false,
    pausedArrived: 0,
    follow: true,
    gap: null,
    selectedIndex: null,
    selectedSeq: null,
    marked: [],
    anchorIndex: null,
    detail: null,
    detailLoading: false,
    scrollRequest: 0,
    columns: defaultColumns(),
  }));
  const get = store.getState;
  const set = (p: Partial<InspectorState>) => store.setState(p);

  /** Bumped with every request; only the newest request's pushes change the rows. */
  let request = 0;
  /** The range asked for last (to avoid asking again while a push is on its way). */
  let asked: ViewportRange | null = null;
  let tailRows = TAIL_ROWS;
  let receivedAtPause = 0;

  const report = (e: unknown) => deps.notifyError((e as Error).message);

  function requestViewport(range: ViewportRange) {
    asked = range;
    request++;
    deps.call('messages.viewport', { viewId, request, filter: normalizeFilter(get().filter), range }).catch(report);
  }

  function requestCurrent() {
    const s = get();
    if (s.follow) requestViewport({ mode: 'tail', count: tailRows });
    else {
      const around = s.selectedIndex ?? s.window.start;
      requestViewport({ mode: 'range', offset: Math.max(0, around - VIEW_ROWS / 2), count: VIEW_ROWS });
    }
  }

  function onPush(p: ViewportPush) {
    if (p.viewId !== viewId) return;
    // Acknowledged after the frame that shows it is painted: that is what paces main.
    deps.afterPaint(() => deps.post('messages.viewportAck', { viewId, version: p.version }));
    const s = get();
    if (p.request !== request) {
      set({ stats: p.stats });
      return;
    }
    if (s.paused) {
      set({ stats: p.stats, pausedArrived: Math.max(0, p.stats.received - receivedAtPause) });
      return;
    }
    const patch: Partial<InspectorState> = { stats: p.stats, window: { start: p.offset, rows: keepSameRows(s.window.rows, p.rows), total: p.total } };
    if (p.error !== undefined) patch.filterError = p.error;
    else if (s.filterError) patch.filterError = null;
    if (p.gap) patch.gap = { from: p.offset - p.gap.count, count: p.gap.count };
    set(patch);
    reselect();
  }

  /** Keeps the selection on the same message when indexes moved. */
  function reselect() {
    const s = get();
    if (s.selectedSeq == null) {
      if (s.selectedIndex != null) {
        // The selection moved to a row that was not loaded yet: pick it up now.
        const row = rowAt(s.window, s.selectedIndex);
        if (row) {
          set({ selectedSeq: row.seq });
          loadDetail(row.seq);
        }
      }
      return;
    }
    const i = s.window.rows.findIndex((r) => r.seq === s.selectedSeq);
    if (i >= 0 && s.window.start + i !== s.selectedIndex) set({ selectedIndex: s.window.start + i });
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
      deps.call('messages.detail', { seq }).then(
        (detail) => {
          if (get().selectedSeq === seq) set({ detail, detailLoading: false });
        },
        (e: Error) => {
          set({ detailLoading: false });
          report(e);
        },
      );
    }, deps.detailDelay ?? 25);
  }

  const actions: InspectorActions = {
    start() {
      const off = deps.on('messages.viewport', onPush);
      const offReconnect = deps.onReconnect?.(requestCurrent);
      requestCurrent();
      deps.call('messages.columnsGet', {}).then((saved) => {
        if (!saved) return;
        const columns = normalizeColumns(saved);
        set({ columns });
        if (columns.sort) actions.setFilter(sortFilter(columns.sort));
      }, report);
      return () => {
        off();
        offReconnect?.();
        deps.call('messages.viewportClose', { viewId }).catch(() => undefined);
      };
    },

    setFilter(patch) {
      const filter = { ...get().filter, ...patch };
      let filterError: string | null = null;
      if (filter.text && filter.regex) {
        const compiled = compileUserRegex(filter.text);
        if (!compiled.ok) filterError = compiled.message;
      }
      set({ filter, filterError });
      if (filterError) return;
      // A sorted list has no tail that arrivals append to: it opens at its top.
      // (generateTime ascending is still a time line: it follows its end like arrival order.)
      const sorted = (!!filter.orderBy && filter.orderBy !== 'arrival' && filter.orderBy !== 'generateTime') || !!filter.descending;
      set({ window: emptyWindow(), follow: !sorted, marked: [], gap: null });
      if (sorted) requestViewport({ mode: 'range', offset: 0, count: VIEW_ROWS });
      else requestCurrent();
    },

    togglePause() {
      const s = get();
      if (s.paused) {
        set({ paused: false, pausedArrived: 0 });
        requestCurrent();
      } else {
        receivedAtPause = s.stats?.received ?? 0;
        set({ paused: true, pausedArrived: 0 });
      }
    },

    async clearMessages() {
      try {
        await deps.call('messages.clear', {});
        set({ window: emptyWindow(), selectedIndex: null, selectedSeq: null, detail: null, marked: [], follow: true, pausedArrived: 0, gap: null });
        requestCurrent();
      } catch (e) {
        report(e);
      }
    },

    ensureRange(from, to) {
      const s = get();
      if (s.gap && to >= s.gap.from && from < s.gap.from + s.gap.count) set({ gap: null });
      const w = s.window;
      if (from >= w.start && to < w.start + w.rows.length) return;
      // Following: the list is being scrolled to the newest rows, and what is on screen for a moment in between
      // (older indexes, before the scroll caught up with a big push) must not turn the view into a fixed range.
      if (s.follow) {
        if (asked?.mode !== 'tail') requestViewport({ mode: 'tail', count: tailRows });
        return;
      }
      const a = asked;
      if (a && a.mode === 'range' && from >= a.offset && to < a.offset + a.count) return;
      const mid = Math.floor((from + to) / 2);
      requestViewport({ mode: 'range', offset: Math.max(0, mid - VIEW_ROWS / 2), count: VIEW_ROWS });
    },

    fitTail(screenRows) {
      const n = Math.max(1, Math.ceil(screenRows)) + TAIL_MARGIN;
      if (n === tailRows) return;
      tailRows = n;
      if (get().follow && asked?.mode === 'tail') requestViewport({ mode: 'tail', count: tailRows });
    },

    setFollow(follow) {
      if (get().follow === follow) return;
      set({ follow });
      if (follow) requestCurrent();
      else {
        // Stay where the list is: a range from the current window, so arrivals no longer move it.
        const w = get().window;
        requestViewport({ mode: 'range', offset: w.start, count: VIEW_ROWS });
      }
    },

    selectIndex(index, opts = {}) {
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
      set({ selectedIndex: i, selectedSeq: row?.seq ?? null, marked, anchorIndex, scrollRequest: opts.scroll ? s.scrollRequest + 1 : s.scrollRequest });
      if (follow !== s.follow) actions.setFollow(follow);
      if (!row) actions.ensureRange(i - 5, i + 5);
      if (row?.seq !== s.selectedSeq) loadDetail(row?.seq ?? null);
    },

    moveSelection(delta, extend = false) {
      const s = get();
      const from = s.selectedIndex ?? (delta > 0 ? -1 : s.window.total);
      actions.selectIndex(from + delta, { extend, scroll: true });
    },

    setColumns(next, persist = true) {
      const prev = get().columns;
      set({ columns: next });
      if (JSON.stringify(prev.sort) !== JSON.stringify(next.sort)) actions.setFilter(sortFilter(next.sort));
      if (persist) deps.call('messages.columnsSet', next).catch(report);
    },

    clearMarks() {
      set({ marked: [] });
    },

    targetRows() {
      const s = get();
      const seqs = s.marked.length ? s.marked : s.selectedSeq != null ? [s.selectedSeq] : [];
      const bySeq = new Map(s.window.rows.map((r) => [r.seq, r]));
      return seqs.map((q) => bySeq.get(q)).filter((r): r is MessageRow => !!r);
    },

    async settleSelected(outcome) {
      const rows = actions.targetRows().filter((r) => r.protocol === 'amqp' && r.settlement === 'unsettled');
      const byConn = new Map<string, number[]>();
      for (const r of rows) byConn.set(r.connectionId, [...(byConn.get(r.connectionId) ?? []), r.seq]);
      let settled = 0;
      for (const [connectionId, seqs] of byConn) {
        try {
          const res = await deps.call('connections.settle', { connectionId, seqs, outcome });
          settled += res.settled;
          const done = new Set(seqs);
          set({
            window: patchRows(
              get().window,
              (r) => done.has(r.seq),
              (r) => ({ ...r, settlement: PAST[outcome] }),
            ),
          });
        } catch (e) {
          report(e);
        }
      }
      const d = get().detail;
      if (d && rows.some((r) => r.seq === d.seq)) set({ detail: { ...d, settlement: PAST[outcome] } });
      if (rows.length) deps.onSettled?.();
      return settled;
    },
  };

  return Object.assign(store, { actions, viewId });
}

export const InspectorContext = createContext<InspectorStore | null>(null);

export function useInspectorStore(): InspectorStore {
  const s = useContext(InspectorContext);
  if (!s) throw new Error('useInspectorStore outside an InspectorContext provider');
  return s;
}

/** Atomic selector over this view's state. */
export function useInspector<T>(selector: (s: InspectorState) => T): T {
  return useStore(useInspectorStore(), selector);
}

export function useInspectorActions(): InspectorActions {
  return useInspectorStore().actions;
}
