// Protocol log windows, one per connection: paged from main, followed live from `connections.log` batches.
import { createStore, type StoreApi } from 'zustand/vanilla';
import type { ProtocolLogEntry } from '../../../../shared/contract/connections.contract';
import { api, call } from '../../api/client';
import { appendTail, emptyWindow, firstMissing, mergePage, type RowWindow } from '../../lib/row-window';

export const LOG_PAGE = 500;
const LOG_CAP = 5000;

export interface LogState {
  window: RowWindow<ProtocolLogEntry>;
  follow: boolean;
  error: string | null;
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
      const fresh = newerThan(s.window, list);
      // Away from the tail only the total grows; the rows page in when scrolled to.
      if (fresh.length) store.setState({ window: appendTail(s.window, fresh, LOG_CAP) });
    }
  });
}

export function logStore(connectionId: string): StoreApi<LogState> {
  let s = stores.get(connectionId);
  if (!s) {
    s = createStore<LogState>(() => ({ window: emptyWindow(), follow: true, error: null }));
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
