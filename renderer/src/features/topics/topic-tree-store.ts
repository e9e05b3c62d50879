import { createStore } from 'zustand/vanilla';
import { call } from '../../api/client';
import { PAGE, ROOT, type Level } from './tree-rows';

export interface TopicTreeState {
  connectionId: string;
  levels: Map<string, Level>;
  expanded: Set<string>;
  selected: string | null;
  topicCount: number;
  overflow: number;
  error: string | null;
}

export type TopicTreeStore = ReturnType<typeof createTopicTreeStore>;

/** One store per tree view: which nodes are open and the pages of children fetched from main. */
export function createTopicTreeStore(connectionId: string) {
  const store = createStore<TopicTreeState>(() => ({
    connectionId,
    levels: new Map(),
    expanded: new Set(),
    selected: null,
    topicCount: 0,
    overflow: 0,
    error: null,
  }));
  const inflight = new Set<string>();

  async function loadPage(parent: string, page: number): Promise<void> {
    const k = `${parent}\u0001${page}`;
    if (inflight.has(k)) return;
    inflight.add(k);
    try {
      const r = await call('topics.children', { connectionId, path: parent === ROOT ? null : parent, offset: page * PAGE, limit: PAGE });
      store.setState((s) => {
        const levels = new Map(s.levels);
        const old = levels.get(parent);
        const pages = new Map(old?.pages ?? []);
        pages.set(page, r.nodes);
        levels.set(parent, { total: r.total, pages });
        return { levels, topicCount: r.topicCount, overflow: r.overflow, error: null };
      });
    } catch (e) {
      store.setState({ error: (e as Error).message });
    } finally {
      inflight.delete(k);
    }
  }

  function toggle(path: string, open?: boolean): void {
    const s = store.getState();
    const isOpen = s.expanded.has(path);
    const want = open ?? !isOpen;
    if (want === isOpen) return;
    const expanded = new Set(s.expanded);
    if (want) expanded.add(path);
    else expanded.delete(path);
    store.setState({ expanded });
    if (want && !s.levels.has(path)) void loadPage(path, 0);
  }

  return Object.assign(store, { loadPage, toggle });
}
