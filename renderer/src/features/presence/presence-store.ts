// Presence view state (zustand, vanilla store): the client list paged from main, the visible time window,
// lane scroll, cursor and filter. Lane data (spans + markers) lives in a plain cache beside the store, fetched
// only for visible lanes and drawn by the canvas without React re-renders.
import { useStore } from 'zustand';
import { createStore } from 'zustand/vanilla';
import type { PresenceClientRow, PresenceCounts, PresenceLane, PresenceOverview } from '../../../../shared/contract/presence.contract';
import { api, call } from '../../api/client';
import { viewSourceStore } from '../captures/view-source';
import { fit } from './timeline-geometry';

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
    const [snap, flagged] = await Promise.all([
      call('presence.snapshot', { filter: filterOf(s), origin: presenceOrigin(), offset: 0, limit: MAX_LANES, order: 'clientId' }),
      call('presence.snapshot', { filter: { flagged: true }, origin: presenceOrigin(), offset: 0, limit: 200, order: 'flagged' }),
    ]);
    const { clients, total, counts, range, ...overview } = snap;
    const next: Partial<PresenceUiState> = { rows: clients, total, counts, range, overview, flagged: flagged.clients, error: null };
    const st = presenceStore.getState();
    if (range && (firstLoad || st.follow)) {
      const f = fit(range);
      // Following live keeps the window's width and slides its right edge to the newest event.
      next.view = firstLoad ? f : { from: f.to - (st.view.to - st.view.from), to: f.to };
      if (range.to <= st.view.to && !firstLoad) delete next.view;
      firstLoad = false;
    }
    presenceStore.setState(next);
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
      presenceStore.setState((s) => ({ rows: [], total: 0, counts: null, range: null, flagged: [], cursor: null, cursorCounts: null, highlight: null, error: null, lanesVersion: s.lanesVersion + 1 }));
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

export function setFilter(patch: Partial<Pick<PresenceUiState, 'filterText' | 'group' | 'flaggedOnly'>>): void {
  presenceStore.setState({ ...patch, scrollTop: 0 });
  scheduleSnapshot();
}
