// Protocol log windows, one per connection: paged from main, followed live from `connections.log` batches.
import { createStore, type StoreApi } from 'zustand/vanilla';
import type { ProtocolLogEntry } from '../../../../shared/contract/connections.contract';
import { api, call } from '../../api/client';
import { appendTail, emptyWindow, firstMissing, mergePage, type RowWindow } from '../../lib/row-window';

export const LOG_PAGE = 500;
const LOG_CAP = 5000;

/** Main keeps at most this many lines per connection (PROTOCOL_LOG_CAPACITY): a filter or an export loads them all. */
const ALL_CAP = 10_000;

export interface LogState {
  window: RowWindow<ProtocolLogEntry>;
  follow: boolean;
  error: string | null;
  /** The view is frozen: live lines are counted, not shown, until resumed. */
  paused: boolean;
  pausedArrived: number;
  /** Every line main holds, loaded while a filter is on (null otherwise); live lines are appended. */
  all: ProtocolLogEntry[] | null;
}

const stores = new Map<string, StoreApi<LogState>>();
let listening = false;

/** Entries newer than the window's last one (a page and a live batch may overlap). */
export function newerThan(w: RowWindow<ProtocolLogEntry>, entries: readonly ProtocolLogEntry[]): ProtocolLogEntry[] {
  const last = w.rows[w.rows.length - 1];
  return last ? entries.filter((e) => e.seq > last.seq) : entries.slice();
}

function listen() {
  if (listening) return;
  listening = true;
  api.on('connections.log', ({ entries }) => {
    const by = new Map<string, ProtocolLogEntry[]>();
    for (const e of entries) by.set(e.connectionId, [...(by.get(e.connectionId) ?? []), e]);
    for (const [id, list] of by) {
      const store = stores.get(id);
      if (!store) continue;
      const s = store.getState();
      if (s.paused) {
        store.setState({ pausedArrived: s.pausedArrived + list.length });
        continue;
      }
      const fresh = newerThan(s.window, list);
      // Away from the tail only the total grows; the rows page in when scrolled to.
      if (fresh.length) {
        const patch: Partial<LogState> = { window: appendTail(s.window, fresh, LOG_CAP) };
        if (s.all) {
          const last = s.all[s.all.length - 1]?.seq ?? 0;
          patch.all = s.all.concat(fresh.filter((e) => e.seq > last)).slice(-ALL_CAP);
        }
        store.setState(patch);
      }
    }
  });
}

export function logStore(connectionId: string): StoreApi<LogState> {
  let s = stores.get(connectionId);
  if (!s) {
    s = createStore<LogState>(() => ({ window: emptyWindow(), follow: true, error: null, paused: false, pausedArrived: 0, all: null }));
    stores.set(connectionId, s);
    listen();
    void loadTail(connectionId);
  }
  return s;
}

export async function loadTail(connectionId: string) {
  const store = logStore(connectionId);
  try {
    const head = await call('connections.protocolLog', { connectionId, offset: 0, limit: LOG_PAGE });
    let offset = 0;
    let res = head;
    if (head.total > LOG_PAGE) {
      offset = head.total - LOG_PAGE;
      res = await call('connections.protocolLog', { connectionId, offset, limit: LOG_PAGE });
    }
    store.setState({ window: { start: offset, rows: res.entries, total: res.total }, error: null });
  } catch (e) {
    store.setState({ error: (e as Error).message });
  }
}

let timer: ReturnType<typeof setTimeout> | null = null;
export function ensureLogRange(connectionId: string, from: number, to: number) {
  const store = logStore(connectionId);
  const missing = firstMissing(store.getState().window, from, to);
  if (missing < 0 || timer) return;
  timer = setTimeout(async () => {
    timer = null;
    const offset = Math.max(0, Math.min(missing, Math.floor((from + to) / 2) - LOG_PAGE / 2));
    try {
      const res = await call('connections.protocolLog', { connectionId, offset, limit: LOG_PAGE });
      store.setState({ window: mergePage(store.getState().window, offset, res.entries, res.total, LOG_CAP) });
    } catch (e) {
      store.setState({ error: (e as Error).message });
    }
  }, 40);
}

/** Freezes or resumes the view; resuming catches up with everything that arrived meanwhile. */
export function setLogPaused(connectionId: string, paused: boolean) {
  const store = logStore(connectionId);
  store.setState({ paused, pausedArrived: 0 });
  if (!paused) {
    store.setState({ follow: true });
    void loadTail(connectionId);
    if (store.getState().all) void loadAll(connectionId);
  }
}

/** Every line main holds for the connection, oldest first (pages of the largest size the contract allows). */
export async function fetchAllLog(connectionId: string): Promise<ProtocolLogEntry[]> {
  const out: ProtocolLogEntry[] = [];
  for (let offset = 0; ;) {
    const res = await call('connections.protocolLog', { connectionId, offset, limit: 5000 });
    out.push(...res.entries);
    offset += res.entries.length;
    if (res.entries.length === 0 || offset >= res.total || out.length >= ALL_CAP * 2) break;
  }
  return out;
}

/** Loads every line for filtering (kept up to date by live batches); `null` drops it again. */
export async function loadAll(connectionId: string) {
  const store = logStore(connectionId);
  try {
    store.setState({ all: await fetchAllLog(connectionId), error: null });
  } catch (e) {
    store.setState({ error: (e as Error).message });
  }
}

export function dropAll(connectionId: string) {
  logStore(connectionId).setState({ all: null });
}
