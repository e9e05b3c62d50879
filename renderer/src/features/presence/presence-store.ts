// Presence view state (zustand, vanilla store): the client list paged from main, the visible time window,
// lane scroll, cursor and filter. Lane data (spans + markers) lives in a plain cache beside the store, fetched
// only for visible lanes and drawn by the canvas without React re-renders.
import { useStore } from 'zustand';
import { createStore } from 'zustand/vanilla';
import type { PresenceClientRow, PresenceCounts, PresenceLane, PresenceOverview } from '../../../../shared/contract/presence.contract';
import { api, call } from '../../api/client';
import { viewSourceStore } from '../captures/view-source';
import { AXIS_HEIGHT, LANE_HEIGHT, fit } from './timeline-geometry';

/** The list is paged in from main; beyond this many clients the user narrows the filter. */
export const MAX_LANES = 20_000;
const SNAPSHOT_MIN_INTERVAL_MS = 500;

export interface PresenceUiState {
  rows: PresenceClientRow[];
  total: number;
  counts: PresenceCounts | null;
  range: { from: number; to: number } | null;
  overview: Omit<PresenceOverview, 'counts' | 'range'> | null;
  flagged: PresenceClientRow[];
  filterText: string;
  group: string;
  flaggedOnly: boolean;
  view: { from: number; to: number };
  scrollTop: number;
  follow: boolean;
  cursor: number | null;
  cursorCounts: { online: number; offline: number; unknown: number; notYetSeen: number } | null;
  highlight: string | null;
  error: string | null;
  /** Bumped when lane data arrives, so the canvas repaints. */
  lanesVersion: number;
  /** The filter (and origin) `rows` were read for; differs from the current one while a refresh is pending. */
  rowsKey: string | null;
}

export const presenceStore = createStore<PresenceUiState>(() => ({
  rows: [],
  total: 0,
  counts: null,
  range: null,
  overview: null,
  flagged: [],
  filterText: '',
  group: '',
  flaggedOnly: false,
  view: fit(null),
  scrollTop: 0,
  follow: true,
  cursor: null,
  cursorCounts: null,
  highlight: null,
  error: null,
  lanesVersion: 0,
  rowsKey: null,
}));

export function usePresence<T>(selector: (s: PresenceUiState) => T): T {
  return useStore(presenceStore, selector);
}

function filterOf(s: PresenceUiState) {
  const f: { text?: string; group?: string; flagged?: boolean } = {};
  if (s.filterText.trim()) f.text = s.filterText.trim();
  if (s.group.trim()) f.group = s.group.trim();
  if (s.flaggedOnly) f.flagged = true;
  return f;
}

/** Identifies the list `rows` should hold for the current filter and origin. */
export function filterKey(s: PresenceUiState = presenceStore.getState()): string {
  return JSON.stringify([presenceOrigin() ?? null, filterOf(s)]);
}

/** True when `rows` were read for the filter now in the search box (not a previous one still being replaced). */
export function rowsCurrent(s: PresenceUiState = presenceStore.getState()): boolean {
  return s.rowsKey !== null && s.rowsKey === filterKey(s);
}

// Actions that need the list of the current filter; run once it has arrived.
let pendingFit = false;
let pendingJump: { id: string; searched: boolean } | null = null;

/** The time span of the listed clients (the filtered lanes), or the whole presence range without a filter. */
function rowsRange(s: PresenceUiState): { from: number; to: number } | null {
  if (!s.rows.length) return s.range;
  let from = Infinity;
  let to = -Infinity;
  for (const r of s.rows) {
    if (r.firstTime < from) from = r.firstTime;
    if (r.lastTime > to) to = r.lastTime;
  }
  return { from, to };
}

/** "Fit": shows the listed lanes' whole span and stops following live, so the range stays put. */
export function fitView(): void {
  const s = presenceStore.getState();
  if (!rowsCurrent(s)) {
    // The list of the current filter is still on its way: fit to it when it arrives.
    pendingFit = true;
    presenceStore.setState({ follow: false });
    return;
  }
  pendingFit = false;
  presenceStore.setState({ view: fit(rowsRange(s)), follow: false });
}

/** The user moved the view (pan, zoom): a Fit still waiting for its list must not undo that. */
export function cancelPendingFit(): void {
  pendingFit = false;
}

/** Brings a client's lane into view: scrolls to it, or searches for it when the current filter hides it. */
export function jumpTo(clientId: string): void {
  presenceStore.setState({ highlight: clientId });
  const s = presenceStore.getState();
  if (!rowsCurrent(s)) {
    // `rows` belong to a previous filter: whether the lane is listed is only known once the refresh arrives.
    pendingJump = { id: clientId, searched: false };
    return;
  }
  pendingJump = null;
  const i = s.rows.findIndex((r) => r.clientId === clientId);
  if (i < 0) {
    // Filtered out: show it by searching for it (the lane is then found when that list arrives).
    setFilter({ filterText: clientId, flaggedOnly: false, group: '' });
    pendingJump = { id: clientId, searched: true };
    return;
  }
  const canvas = document.querySelector<HTMLCanvasElement>('[data-testid="presence-canvas"]');
  const h = (canvas?.clientHeight ?? 400) - AXIS_HEIGHT;
  presenceStore.setState({ scrollTop: Math.max(0, i * LANE_HEIGHT - h / 2 + LANE_HEIGHT / 2) });
}

function runPending(): void {
  if (!rowsCurrent()) return;
  if (pendingFit) fitView();
  if (pendingJump !== null) {
    const { id, searched } = pendingJump;
    pendingJump = null;
    // After a search for it the lane is listed; if it still is not (cleared meanwhile), leave the search as it is.
    if (!searched || presenceStore.getState().rows.some((r) => r.clientId === id)) jumpTo(id);
  }
}

/** The presence shown: undefined = live; an opened capture's `capture:<id>` = that capture's own presence. */
export function presenceOrigin(): string | undefined {
  return viewSourceStore.getState().capture ?? undefined;
}

// ---- client list

let snapshotInFlight = false;
let snapshotAgain = false;
let lastSnapshotAt = 0;
let snapshotTimer: ReturnType<typeof setTimeout> | null = null;
let firstLoad = true;

export async function refreshSnapshot(): Promise<void> {
  if (snapshotInFlight) {
    snapshotAgain = true;
    return;
  }
  snapshotInFlight = true;
  lastSnapshotAt = performance.now();
  try {
    const s = presenceStore.getState();
    const key = filterKey(s);
    const [snap, flagged] = await Promise.all([
      call('presence.snapshot', { filter: filterOf(s), origin: presenceOrigin(), offset: 0, limit: MAX_LANES, order: 'clientId' }),
      call('presence.snapshot', { filter: { flagged: true }, origin: presenceOrigin(), offset: 0, limit: 200, order: 'flagged' }),
    ]);
    const { clients, total, counts, range, ...overview } = snap;
    const next: Partial<PresenceUiState> = { rows: clients, total, counts, range, overview, flagged: flagged.clients, error: null, rowsKey: key };
    const st = presenceStore.getState();
    // Only while following live: once the user fits, pans or zooms, the range stays where they put it.
    if (range && st.follow) {
      const f = fit(range);
      // Following live keeps the window's width and slides its right edge to the newest event.
      next.view = firstLoad ? f : { from: f.to - (st.view.to - st.view.from), to: f.to };
      if (range.to <= st.view.to && !firstLoad) delete next.view;
    }
    if (range) firstLoad = false;
    presenceStore.setState(next);
    runPending();
  } catch (err) {
    presenceStore.setState({ error: (err as Error).message });
  } finally {
    snapshotInFlight = false;
    if (snapshotAgain) {
      snapshotAgain = false;
      scheduleSnapshot();
    }
  }
}

/** At most two list refreshes a second while events stream in. */
export function scheduleSnapshot(): void {
  if (snapshotTimer) return;
  const wait = Math.max(0, SNAPSHOT_MIN_INTERVAL_MS - (performance.now() - lastSnapshotAt));
  snapshotTimer = setTimeout(() => {
    snapshotTimer = null;
    void refreshSnapshot();
  }, wait);
}

// ---- lane cache

interface CachedLane {
  lane: PresenceLane;
  from: number;
  to: number;
}
export const laneCache = new Map<string, CachedLane>();
let lanesInFlight = false;
let lanesAgain = false;

/** Fetches lanes for the listed clients that are missing or do not cover the view (with a margin). */
export async function ensureLanes(ids: string[]): Promise<void> {
  if (lanesInFlight) {
    lanesAgain = true;
    return;
  }
  const { view } = presenceStore.getState();
  const need = ids.filter((id) => {
    const c = laneCache.get(id);
    return !c || c.from > view.from || c.to < view.to;
  });
  if (!need.length) return;
  const span = view.to - view.from;
  const from = view.from - span;
  const to = view.to + span;
  lanesInFlight = true;
  try {
    for (let i = 0; i < need.length; i += 500) {
      const { lanes } = await call('presence.lanes', { from, to, origin: presenceOrigin(), clientIds: need.slice(i, i + 500), maxMarkersPerLane: 400 });
      for (const lane of lanes) laneCache.set(lane.clientId, { lane, from, to });
    }
    presenceStore.setState((s) => ({ lanesVersion: s.lanesVersion + 1 }));
  } catch (err) {
    presenceStore.setState({ error: (err as Error).message });
  } finally {
    lanesInFlight = false;
    if (lanesAgain) {
      lanesAgain = false;
      requestLanes?.();
    }
  }
}

/** Set by the canvas: asks it to fetch lanes for what it currently shows. */
let requestLanes: (() => void) | null = null;
export function setLaneRequester(fn: (() => void) | null): void {
  requestLanes = fn;
}

// ---- live updates

let started = 0;
let unsubscribe: (() => void) | null = null;

/** Subscribes to presence.changed while a presence panel is mounted (ref-counted). */
export function startPresenceLive(): () => void {
  if (started++ === 0) {
    firstLoad = true;
    void refreshSnapshot();
    const offEvents = api.on('presence.changed', (p) => {
      // Another origin's change (a capture not shown, or live while a capture is shown).
      if (p.origin !== presenceOrigin()) return;
      if (p.cleared || p.truncated > 0) laneCache.clear();
      else for (const id of p.changed) laneCache.delete(id);
      presenceStore.setState({ counts: p.counts, range: p.range });
      scheduleSnapshot();
      requestLanes?.();
    });
    // Another source chosen: its own clients, range and lanes.
    const offSource = viewSourceStore.subscribe((now, before) => {
      if (now.capture === before.capture) return;
      laneCache.clear();
      firstLoad = true;
      pendingFit = false;
      pendingJump = null;
      presenceStore.setState((s) => ({
        rowsKey: null,
        rows: [],
        total: 0,
        counts: null,
        range: null,
        flagged: [],
        cursor: null,
        cursorCounts: null,
        highlight: null,
        error: null,
        lanesVersion: s.lanesVersion + 1,
      }));
      void refreshSnapshot();
    });
    unsubscribe = () => {
      offEvents();
      offSource();
    };
  }
  return () => {
    if (--started === 0) {
      unsubscribe?.();
      unsubscribe = null;
    }
  };
}

// ---- cursor

let cursorSeq = 0;
export async function setCursor(time: number | null): Promise<void> {
  presenceStore.setState({ cursor: time });
  if (time === null) {
    presenceStore.setState({ cursorCounts: null });
    return;
  }
  const seq = ++cursorSeq;
  try {
    const r = await call('presence.stateAt', { time, clientIds: [], filter: filterOf(presenceStore.getState()), origin: presenceOrigin() });
    if (seq === cursorSeq) presenceStore.setState({ cursorCounts: { online: r.online, offline: r.offline, unknown: r.unknown, notYetSeen: r.notYetSeen } });
  } catch (err) {
    presenceStore.setState({ error: (err as Error).message });
  }
}

/** A filter typed by the user wins over a jump still waiting for the previous filter's list. */
export function setFilter(patch: Partial<Pick<PresenceUiState, 'filterText' | 'group' | 'flaggedOnly'>>): void {
  pendingJump = null;
  presenceStore.setState({ ...patch, scrollTop: 0 });
  scheduleSnapshot();
}
