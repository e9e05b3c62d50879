// MQTT Explorer's core view on the store in main: every topic seen on the connection, with counts, the last
// value, last-seen time and rate per node. Children come in pages as they scroll into view.
import { useVirtualizer } from '@tanstack/react-virtual';
import { useEffect, useMemo, useRef, useState, type KeyboardEvent } from 'react';
import { useStore } from 'zustand';
import { call } from '../../api/client';
import { t } from '../../i18n';
import { formatCount, formatDateTimeMs } from '../../lib/format';
import { addNotice, appStore, useApp } from '../../state/app-store';
import { useInspectorActions, type InspectorActions } from '../../state/inspector-store';
import { createTopicTreeStore, type TopicTreeStore } from './topic-tree-store';
import { flattenTree, missingPages, parentPath, ROOT, subtreeFilter, visiblePages, type TreeRow } from './tree-rows';
import './topics.css';

const ROW_HEIGHT = 26;
const REFRESH_MS = 1000;

export function TopicTreePanel() {
  const connectionId = useApp((s) => s.selectedConnectionId);
  if (!connectionId) return <p className="muted pad">{t('views.tree.noConnection')}</p>;
  return <TopicTree key={connectionId} connectionId={connectionId} />;
}

function TopicTree({ connectionId }: { connectionId: string }) {
  const [store] = useState(() => createTopicTreeStore(connectionId));
  const inspector = useInspectorActions();
  const filterInspector = (path: string, subtree = true) => showInInspector(inspector, path, subtree);
  const levels = useStore(store, (s) => s.levels);
  const expanded = useStore(store, (s) => s.expanded);
  const selected = useStore(store, (s) => s.selected);
  const topicCount = useStore(store, (s) => s.topicCount);
  const overflow = useStore(store, (s) => s.overflow);
  const error = useStore(store, (s) => s.error);
  const rows = useMemo(() => flattenTree(levels, expanded), [levels, expanded]);
  const parent = useRef<HTMLDivElement>(null);
  const virtualizer = useVirtualizer({ count: rows.length, getScrollElement: () => parent.current, estimateSize: () => ROW_HEIGHT, overscan: 20 });
  const items = virtualizer.getVirtualItems();
  const first = items[0]?.index ?? 0;
  const last = items.at(-1)?.index ?? 0;
  const [search, setSearch] = useState('');
  const [results, setResults] = useState<{ paths: string[]; truncated: boolean } | null>(null);

  useEffect(() => {
    void store.loadPage(ROOT, 0);
  }, [store]);
  useEffect(() => {
    for (const p of missingPages(rows, first, last)) void store.loadPage(p.parent, p.page);
  }, [rows, first, last, store]);
  // Counts and rates move while messages arrive: refresh only what is on screen.
  useEffect(() => {
    const timer = setInterval(() => {
      const pages = visiblePages(rows, first, last);
      if (pages.length === 0) void store.loadPage(ROOT, 0);
      for (const p of pages) void store.loadPage(p.parent, p.page);
    }, REFRESH_MS);
    return () => clearInterval(timer);
  }, [rows, first, last, store]);
  useEffect(() => {
    if (!search) {
      setResults(null);
      return;
    }
    const timer = setTimeout(() => {
      call('topics.search', { connectionId, text: search, limit: 500 })
        .then(setResults)
        .catch((e: Error) => addNotice('error', e.message));
    }, 200);
    return () => clearTimeout(timer);
  }, [search, connectionId]);

  const selectedIndex = selected === null ? -1 : rows.findIndex((r) => r.node?.path === selected);
  const onKey = (e: KeyboardEvent) => {
    const row = selectedIndex >= 0 ? rows[selectedIndex] : undefined;
    const move = (to: number) => {
      const r = rows[Math.max(0, Math.min(rows.length - 1, to))];
      if (r?.node) {
        store.setState({ selected: r.node.path });
        virtualizer.scrollToIndex(rows.indexOf(r));
      }
    };
    if (e.key === 'ArrowDown') move(selectedIndex + 1);
    else if (e.key === 'ArrowUp') move(selectedIndex - 1);
    else if (e.key === 'ArrowRight' && row?.node) {
      if (row.node.childCount > 0 && !expanded.has(row.node.path)) store.toggle(row.node.path, true);
      else move(selectedIndex + 1);
    } else if (e.key === 'ArrowLeft' && row?.node) {
      if (expanded.has(row.node.path)) store.toggle(row.node.path, false);
      else {
        const up = parentPath(row);
        if (up !== null) store.setState({ selected: up });
      }
    } else if (e.key === 'Enter' && row?.node) filterInspector(row.node.path);
    else if (e.key === 'Delete' && row?.node?.retained) void deleteRetained(connectionId, row.node.path);
    else return;
    e.preventDefault();
  };

  return (
    <div className="topic-tree">
      <div className="toolbar">
        <input
          type="search"
          aria-label={t('views.tree.search')}
          placeholder={t('views.tree.search')}
          value={search}
          onChange={(e) => setSearch(e.target.value)}
        />
        <span className="muted" data-testid="tree-summary">
          {t('views.tree.summary', { topics: formatCount(topicCount) })}
          {overflow > 0 && ` · ${t('views.tree.overflow', { count: formatCount(overflow) })}`}
        </span>
        {selected !== null && <SelectedActions connectionId={connectionId} path={selected} rows={rows} onFilter={filterInspector} />}
      </div>
      {error && (
        <div className="form-error" role="alert">
          {error}
        </div>
      )}
      {results ? (
        <ul className="tree-results" aria-label={t('views.tree.results')}>
          {results.paths.map((p) => (
            <li key={p}>
              <button type="button" className="link" onClick={() => filterInspector(p, false)}>
                {p}
              </button>
            </li>
          ))}
          {results.paths.length === 0 && <li className="muted">{t('views.tree.noResults')}</li>}
          {results.truncated && <li className="muted">{t('views.tree.truncated')}</li>}
        </ul>
      ) : (
        <div className="tree-scroll" ref={parent} role="tree" aria-label={t('views.tree.label')} tabIndex={0} onKeyDown={onKey}>
          {rows.length === 0 && <p className="muted pad">{t('views.tree.empty')}</p>}
          <div style={{ height: virtualizer.getTotalSize(), position: 'relative' }}>
            {items.map((vi) => (
              <TreeRowView
                key={rows[vi.index]!.key}
                row={rows[vi.index]!}
                top={vi.start}
                store={store}
                selected={rows[vi.index]!.node?.path === selected}
                open={expanded.has(rows[vi.index]!.node?.path ?? '\u0002')}
                onFilter={filterInspector}
              />
            ))}
          </div>
        </div>
      )}
    </div>
  );
}

function TreeRowView({
  row,
  top,
  store,
  selected,
  open,
  onFilter,
}: {
  row: TreeRow;
  top: number;
  store: TopicTreeStore;
  selected: boolean;
  open: boolean;
  onFilter(path: string): void;
}) {
  const n = row.node;
  const style = { top, height: ROW_HEIGHT, paddingLeft: 8 + row.depth * 16 };
  if (!n) {
    return (
      <div className="tree-row loading muted" style={style} role="treeitem" aria-busy="true">
        …
      </div>
    );
  }
  return (
    <div
      className={`tree-row${selected ? ' selected' : ''}`}
      style={style}
      role="treeitem"
      aria-level={row.depth + 1}
      aria-selected={selected}
      aria-expanded={n.childCount > 0 ? open : undefined}
      data-path={n.path}
      onClick={() => store.setState({ selected: n.path })}
      onDoubleClick={() => onFilter(n.path)}
    >
      <button
        type="button"
        className="twisty"
        tabIndex={-1}
        aria-label={open ? t('views.tree.collapse') : t('views.tree.expand')}
        disabled={n.childCount === 0}
        onClick={(e) => {
          e.stopPropagation();
          store.toggle(n.path);
        }}
      >
        {n.childCount === 0 ? '' : open ? '▾' : '▸'}
      </button>
      <span className="tree-name">{n.name === '' ? <em className="muted">{t('views.tree.emptyLevel')}</em> : n.name}</span>
      {n.retained && (
        <span className="badge" title={t('views.tree.retainedHint')}>
          {t('views.tree.retained')}
        </span>
      )}
      <span className="tree-count" title={t('views.tree.countHint', { own: n.ownCount })}>
        {formatCount(n.count)}
      </span>
      {n.ratePerSec > 0 && <span className="tree-rate muted">{t('views.tree.rate', { rate: n.ratePerSec })}</span>}
      <span className="tree-seen muted">{formatDateTimeMs(n.lastSeen)}</span>
      {n.preview !== null && <code className="tree-preview">{n.preview}</code>}
    </div>
  );
}

function SelectedActions({ connectionId, path, rows, onFilter }: { connectionId: string; path: string; rows: TreeRow[]; onFilter(path: string): void }) {
  const node = rows.find((r) => r.node?.path === path)?.node;
  return (
    <>
      <button type="button" onClick={() => onFilter(path)} title="Enter">
        {t('views.tree.filterInspector')}
      </button>
      {node?.retained && (
        <button type="button" onClick={() => void deleteRetained(connectionId, path)} title="Delete">
          {t('views.tree.deleteRetained')}
        </button>
      )}
    </>
  );
}

function showInInspector(inspector: InspectorActions, path: string, subtree: boolean) {
  inspector.setFilter({ topicFilter: subtree ? subtreeFilter(path) : path });
  appStore.setState({ tab: 'inspector' });
}

async function deleteRetained(connectionId: string, path: string) {
  if (!window.confirm(t('views.tree.confirmDeleteRetained', { topic: path }))) return;
  try {
    await call('topics.deleteRetained', { connectionId, topic: path });
    addNotice('info', t('views.tree.retainedDeleted', { topic: path }));
  } catch (e) {
    addNotice('error', (e as Error).message);
  }
}
