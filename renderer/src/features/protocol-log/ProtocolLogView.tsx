// Every packet / frame of one connection with time, direction, type, summary; failures explained.
import { useVirtualizer } from '@tanstack/react-virtual';
import { explanationText } from '../profiles/explain-text';
import { useEffect, useMemo, useRef, useState } from 'react';
import { useStore } from 'zustand';
import type { ProtocolLogEntry } from '../../../../shared/contract/connections.contract';
import { t } from '../../i18n';
import { downloadFile } from '../../lib/download';
import { formatCount, formatDateTimeMs } from '../../lib/format';
import { rowAt } from '../../lib/row-window';
import { addNotice, useApp } from '../../state/app-store';
import { SourcePicker, useViewCapture } from '../captures/SourcePicker';
import { formatLogExport, logFilterActive, matchesLogFilter, NO_LOG_FILTER, type LogDir, type LogFilter } from './log-filter';
import { dropAll, ensureLogRange, fetchAllLog, loadAll, logStore, setLogPaused } from './protocol-log-store';

const ROW = 24;

export function ProtocolLogView() {
  const selected = useApp((s) => s.selectedConnectionId);
  // An opened capture's recorded log is paged by the same method under its id `capture:<id>`.
  const capture = useViewCapture();
  const connectionId = capture ?? selected;
  return (
    <>
      <SourcePicker live="connection" />
      {connectionId ? <LogList key={connectionId} connectionId={connectionId} /> : <p className="muted pad">{t('core.log.noConnection')}</p>}
    </>
  );
}

function LogList({ connectionId }: { connectionId: string }) {
  const store = logStore(connectionId);
  const win = useStore(store, (s) => s.window);
  const follow = useStore(store, (s) => s.follow);
  const error = useStore(store, (s) => s.error);
  const paused = useStore(store, (s) => s.paused);
  const pausedArrived = useStore(store, (s) => s.pausedArrived);
  const all = useStore(store, (s) => s.all);
  const connName = useApp((s) => s.connections[connectionId]?.name ?? connectionId);
  const [filter, setFilter] = useState<LogFilter>(NO_LOG_FILTER);
  const filtering = logFilterActive(filter);
  // A filter looks at every line main holds (not just the window in view); plain browsing stays paged.
  useEffect(() => {
    if (filtering && !all) void loadAll(connectionId);
    if (!filtering && all) dropAll(connectionId);
  }, [filtering, all, connectionId]);
  const matched = useMemo(() => (filtering && all ? all.filter((e) => matchesLogFilter(e, filter)) : null), [filtering, all, filter]);
  const count = matched ? matched.length : win.total;
  const [open, setOpen] = useState<ProtocolLogEntry | null>(null);
  const parent = useRef<HTMLDivElement>(null);
  const v = useVirtualizer({ count, getScrollElement: () => parent.current, estimateSize: () => ROW, overscan: 20 });
  const items = v.getVirtualItems();
  const first = items[0]?.index ?? 0;
  const last = items[items.length - 1]?.index ?? -1;
  useEffect(() => {
    if (!matched && last >= 0) ensureLogRange(connectionId, first, last);
  }, [connectionId, first, last, win, matched]);
  useEffect(() => {
    if (follow && !paused && count) v.scrollToIndex(count - 1, { align: 'end' });
  }, [follow, paused, count, v]);
  useEffect(() => {
    const el = parent.current;
    if (!el) return;
    const ro = new ResizeObserver(() => {
      const s = store.getState();
      if (s.follow && s.window.total) v.scrollToIndex(s.window.total - 1, { align: 'end' });
    });
    ro.observe(el);
    return () => ro.disconnect();
  }, [v, store]);

  const exportLog = async () => {
    try {
      const entries = await fetchAllLog(connectionId);
      const chosen = filtering ? entries.filter((e) => matchesLogFilter(e, filter)) : entries;
      const header = `# Fieldscope protocol log: ${connName}${filtering ? ` (filtered: ${chosen.length} of ${entries.length} lines)` : ''}, exported ${new Date().toISOString()}`;
      downloadFile(formatLogExport(chosen, header), `protocol-log-${connName.replace(/[^\w.-]+/g, '_')}.txt`);
      addNotice('info', t('shell.log.exported', { count: chosen.length }));
    } catch (e) {
      addNotice('error', (e as Error).message);
    }
  };

  return (
    <div className="protocol-log">
      {error && (
        <div className="form-error" role="alert">
          {error}
        </div>
      )}
      <div className="log-tools" role="toolbar" aria-label={t('shell.log.tools')}>
        <input
          type="search"
          aria-label={t('shell.log.filter')}
          placeholder={t('shell.log.filterPlaceholder')}
          value={filter.text}
          onChange={(e) => setFilter({ ...filter, text: e.target.value })}
          data-testid="log-filter"
          spellCheck={false}
        />
        <select
          aria-label={t('shell.log.dir')}
          value={filter.dir}
          onChange={(e) => setFilter({ ...filter, dir: e.target.value as LogDir })}
          data-testid="log-dir"
        >
          <option value="all">{t('shell.log.dir.all')}</option>
          <option value="out">{t('shell.log.dir.out')}</option>
          <option value="in">{t('shell.log.dir.in')}</option>
          <option value="local">{t('shell.log.dir.local')}</option>
        </select>
        <label className="toggle">
          <input
            type="checkbox"
            checked={filter.problemsOnly}
            onChange={(e) => setFilter({ ...filter, problemsOnly: e.target.checked })}
            data-testid="log-problems"
          />{' '}
          {t('shell.log.problemsOnly')}
        </label>
        <button type="button" aria-pressed={paused} onClick={() => setLogPaused(connectionId, !paused)} data-testid="log-pause">
          {paused ? t('shell.log.resume') : t('shell.log.pause')}
        </button>
        {paused && (
          <span className="warn" data-testid="log-paused">
            {t('shell.log.pausedArrived', { count: formatCount(pausedArrived) })}
          </span>
        )}
        <span className="spacer" />
        <span className="muted" data-testid="log-count">
          {matched
            ? t('shell.log.matched', { count: formatCount(matched.length), total: formatCount(all?.length ?? 0) })
            : t('shell.log.lines', { count: formatCount(win.total) })}
        </span>
        <button type="button" onClick={() => void exportLog()} disabled={win.total === 0} data-testid="log-export">
          {t('shell.log.export')}
        </button>
      </div>
      <div className="log-head">
        <span>{t('core.log.time')}</span>
        <span>{t('core.log.dir')}</span>
        <span>{t('core.log.type')}</span>
        <span>{t('core.log.summary')}</span>
      </div>
      <div
        className="log-list"
        ref={parent}
        tabIndex={0}
        aria-label={t('core.tab.log')}
        data-testid="protocol-log"
        onScroll={() => {
          const el = parent.current;
          if (!el) return;
          const atBottom = el.scrollTop + el.clientHeight >= el.scrollHeight - ROW;
          if (atBottom !== store.getState().follow) store.setState({ follow: atBottom });
        }}
      >
        {count === 0 && <div className="empty-list muted">{matched ? (all ? t('shell.log.noMatch') : t('tokens.loading')) : t('core.log.empty')}</div>}
        <div style={{ height: v.getTotalSize(), position: 'relative' }}>
          {items.map((it) => {
            const e = matched ? matched[it.index] : rowAt(win, it.index);
            return (
              <div key={it.key} className="row-slot" style={{ transform: `translateY(${it.start}px)`, height: ROW }}>
                {e ? <LogRow e={e} onOpen={setOpen} /> : <div className="log-row loading" />}
              </div>
            );
          })}
        </div>
      </div>
      {open && (
        <div className="log-detail">
          <header>
            <strong>
              <span data-i18n="data">{open.type}</span> · {formatDateTimeMs(open.at)}
            </strong>
            <button type="button" className="icon" aria-label={t('core.close')} onClick={() => setOpen(null)}>
              ×
            </button>
          </header>
          {open.explanation && <p className="explanation">{explanationText(open)}</p>}
          <pre>{JSON.stringify(open.detail ?? {}, null, 2)}</pre>
        </div>
      )}
    </div>
  );
}

function LogRow({ e, onOpen }: { e: ProtocolLogEntry; onOpen: (e: ProtocolLogEntry) => void }) {
  return (
    <div
      className={`log-row dir-${e.dir} ${e.explanation ? 'has-explanation' : ''}`}
      onClick={() => onOpen(e)}
      data-testid="log-row"
      title={explanationText(e)}
    >
      <span>{formatDateTimeMs(e.at)}</span>
      <span className="dir">{e.dir === 'out' ? '→' : e.dir === 'in' ? '←' : '•'}</span>
      <span className="type" data-i18n="data">
        {e.type}
      </span>
      <span className="summary">
        <span data-i18n="data">{e.summary}</span>
        {e.explanation && <span className="explanation"> — {explanationText(e)}</span>}
      </span>
    </div>
  );
}
