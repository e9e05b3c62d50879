// Every packet / frame of one connection with time, direction, type, summary; failures explained.
import { useVirtualizer } from '@tanstack/react-virtual';
import { explanationText } from '../profiles/explain-text';
import { useEffect, useRef, useState } from 'react';
import { useStore } from 'zustand';
import type { ProtocolLogEntry } from '../../../../shared/contract/connections.contract';
import { t } from '../../i18n';
import { formatTimeMs } from '../../lib/format';
import { rowAt } from '../../lib/row-window';
import { useApp } from '../../state/app-store';
import { SourcePicker, useViewCapture } from '../captures/SourcePicker';
import { ensureLogRange, logStore } from './protocol-log-store';

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
  const [open, setOpen] = useState<ProtocolLogEntry | null>(null);
  const parent = useRef<HTMLDivElement>(null);
  const v = useVirtualizer({ count: win.total, getScrollElement: () => parent.current, estimateSize: () => ROW, overscan: 20 });
  const items = v.getVirtualItems();
  const first = items[0]?.index ?? 0;
  const last = items[items.length - 1]?.index ?? -1;
  useEffect(() => {
    if (last >= 0) ensureLogRange(connectionId, first, last);
  }, [connectionId, first, last, win]);
  useEffect(() => {
    if (follow && win.total) v.scrollToIndex(win.total - 1, { align: 'end' });
  }, [follow, win.total, v]);
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

  return (
    <div className="protocol-log">
      {error && (
        <div className="form-error" role="alert">
          {error}
        </div>
      )}
      <div className="log-head">
        <span>{t('core.log.time')}</span>
        <span>{t('core.log.dir')}</span>
        <span>{t('core.log.type')}</span>
        <span>{t('core.log.summary')}</span>
      </div>
      <div
        className="log-list"
        ref={parent}
        data-testid="protocol-log"
        onScroll={() => {
          const el = parent.current;
          if (!el) return;
          const atBottom = el.scrollTop + el.clientHeight >= el.scrollHeight - ROW;
          if (atBottom !== store.getState().follow) store.setState({ follow: atBottom });
        }}
      >
        {win.total === 0 && <div className="empty-list muted">{t('core.log.empty')}</div>}
        <div style={{ height: v.getTotalSize(), position: 'relative' }}>
          {items.map((it) => {
            const e = rowAt(win, it.index);
            return (
              <div key={it.key} className="row-slot" style={{ transform: `translateY(${it.start}px)`, height: ROW }}>
                {e ? (
                  <div className={`log-row dir-${e.dir} ${e.explanation ? 'has-explanation' : ''}`} onClick={() => setOpen(e)} data-testid="log-row" title={explanationText(e)}>
                    <span>{formatTimeMs(e.at)}</span>
                    <span className="dir">{e.dir === 'out' ? '→' : e.dir === 'in' ? '←' : '•'}</span>
                    <span className="type">{e.type}</span>
                    <span className="summary">
                      {e.summary}
                      {e.explanation && <span className="explanation"> — {explanationText(e)}</span>}
                    </span>
                  </div>
                ) : (
                  <div className="log-row loading" />
                )}
              </div>
            );
          })}
        </div>
      </div>
      {open && (
        <div className="log-detail">
          <header>
            <strong>
              {open.type} · {formatTimeMs(open.at)}
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
