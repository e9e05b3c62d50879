// The virtualized list of every received message. Only the rows on screen exist in the DOM; rows the
// renderer's window lacks are paged in from main as they scroll into view.
import { useVirtualizer } from '@tanstack/react-virtual';
import { memo, useEffect, useMemo, useRef } from 'react';
import type { MessageRow as Row } from '../../../../shared/contract/messages.contract';
import { topicMatchesIfValid } from '../../../../shared/mqtt/topic-filter';
import { t, type MessageKey } from '../../i18n';
import { colorForTopic } from '../../lib/colors';
import { formatBytes, formatCount, formatDateTimeMs } from '../../lib/format';
import { rowAt } from '../../lib/row-window';
import { shortNames } from '../../lib/short-names';
import { useApp } from '../../state/app-store';
import { emptyListText } from './empty-list-text';
import { ensureRange, inspectorStore, selectIndex, setFollow, useInspector } from '../../state/inspector-store';

const ROW_HEIGHT = 26;

export function MessageList() {
  const win = useInspector((s) => s.window);
  const follow = useInspector((s) => s.follow);
  const selectedIndex = useInspector((s) => s.selectedIndex);
  const marked = useInspector((s) => s.marked);
  const scrollRequest = useInspector((s) => s.scrollRequest);
  const held = useInspector((s) => s.stats?.size ?? null);
  const empty = emptyListText(win.total, held);
  const connections = useApp((s) => s.connections);
  const showAmqp = useMemo(() => Object.values(connections).some((c) => c.protocol === 'amqp'), [connections]);
  const parent = useRef<HTMLDivElement>(null);
  const markedSet = useMemo(() => new Set(marked), [marked]);

  const virtualizer = useVirtualizer({
    count: win.total,
    getScrollElement: () => parent.current,
    estimateSize: () => ROW_HEIGHT,
    overscan: 20,
  });
  const items = virtualizer.getVirtualItems();
  const first = items[0]?.index ?? 0;
  const last = items[items.length - 1]?.index ?? -1;

  useEffect(() => {
    if (last >= 0) ensureRange(first, last);
  }, [first, last, win]);

  useEffect(() => {
    if (follow && win.total > 0) virtualizer.scrollToIndex(win.total - 1, { align: 'end' });
  }, [follow, win.total, virtualizer]);

  // The list shrinks when a banner or an explanation appears above it: stay on the newest row.
  useEffect(() => {
    const el = parent.current;
    if (!el) return;
    const ro = new ResizeObserver(() => {
      const s = inspectorStore.getState();
      if (s.follow && s.window.total > 0) virtualizer.scrollToIndex(s.window.total - 1, { align: 'end' });
    });
    ro.observe(el);
    return () => ro.disconnect();
  }, [virtualizer]);

  useEffect(() => {
    if (scrollRequest && selectedIndex != null) virtualizer.scrollToIndex(selectedIndex, { align: 'auto' });
    // Only an explicit request (keyboard) scrolls to the selection; clicks do not jump the list.
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [scrollRequest]);

  const names = useMemo(() => {
    const short = shortNames(Object.fromEntries(Object.values(connections).map((c) => [c.connectionId, c.name])));
    const m: Record<string, { name: string; full: string; subs: { filter: string; color: string }[] }> = {};
    for (const c of Object.values(connections)) m[c.connectionId] = { name: short[c.connectionId] ?? c.name, full: c.name, subs: c.subscriptions };
    return m;
  }, [connections]);

  const onScroll = () => {
    const el = parent.current;
    if (!el) return;
    const atBottom = el.scrollTop + el.clientHeight >= el.scrollHeight - ROW_HEIGHT;
    if (atBottom !== follow) setFollow(atBottom);
  };

  return (
    // One grid holds the header row and the rows (ARIA: rows need a grid parent, cells a row).
    <div className={`message-table ${showAmqp ? 'with-amqp' : ''}`} role="grid" aria-label={t('core.inspector.list')} aria-rowcount={win.total + 1}>
      <div className="message-head" role="row">
        <span role="columnheader">{t('core.col.time')}</span>
        <span role="columnheader">{t('core.col.connection')}</span>
        <span role="columnheader">{t('core.col.topic')}</span>
        <span role="columnheader">{t('core.col.qos')}</span>
        <span role="columnheader">{t('core.col.flags')}</span>
        <span role="columnheader">{t('core.col.size')}</span>
        {showAmqp && <span role="columnheader">{t('core.col.messageId')}</span>}
        {showAmqp && <span role="columnheader">{t('core.col.generateTime')}</span>}
        {showAmqp && <span role="columnheader">{t('core.col.settlement')}</span>}
        <span role="columnheader">{t('core.col.preview')}</span>
      </div>
      <div className="message-list" ref={parent} onScroll={onScroll} role="rowgroup" aria-label={t('core.inspector.list')} tabIndex={0} data-testid="message-list">
        {empty && (
          <div className="empty-list muted" role="row" data-testid="empty-list">
            <span role="gridcell">{empty.kind === 'hidden' ? t('shell.inspector.hiddenByFilters', { count: formatCount(empty.count) }) : t('core.inspector.empty')}</span>
          </div>
        )}
        <div style={{ height: virtualizer.getTotalSize(), position: 'relative' }}>
          {items.map((it) => {
            const row = rowAt(win, it.index);
            return (
              <div key={it.key} className="row-slot" style={{ transform: `translateY(${it.start}px)`, height: ROW_HEIGHT }}>
                {row ? (
                  <MessageRowView
                    row={row}
                    index={it.index}
                    selected={it.index === selectedIndex}
                    marked={markedSet.has(row.seq)}
                    connName={names[row.connectionId]?.name ?? row.connectionId}
                    connTitle={names[row.connectionId]?.full ?? row.connectionId}
                    color={colorForTopic(names[row.connectionId]?.subs ?? [], row.topic, topicMatchesIfValid)}
                    showAmqp={showAmqp}
                  />
                ) : (
                  <div className="message-row loading" aria-busy="true" />
                )}
              </div>
            );
          })}
        </div>
      </div>
    </div>
  );
}

const MessageRowView = memo(function MessageRowView(props: { row: Row; index: number; selected: boolean; marked: boolean; connName: string; connTitle: string; color?: string; showAmqp: boolean }) {
  const { row, index, selected, marked, connName, connTitle, color, showAmqp } = props;
  return (
    <div
      className={`message-row ${selected ? 'selected' : ''} ${marked ? 'marked' : ''} ${row.duplicateOf ? 'duplicate' : ''}`}
      role="row"
      aria-selected={selected}
      data-seq={row.seq}
      data-testid="message-row"
      onMouseDown={(e) => {
        if (e.shiftKey) e.preventDefault();
        selectIndex(index, { extend: e.shiftKey, toggle: e.ctrlKey || e.metaKey });
      }}
    >
      <span role="gridcell" className="c-time" >
        {formatDateTimeMs(row.arrivedAt)}
      </span>
      <span role="gridcell" className="c-conn" title={connTitle} data-i18n="data">
        {connName}
      </span>
      <span role="gridcell" className="c-topic" title={row.topic} data-i18n="data">
        {color && <span className="sub-color" style={{ background: color }} aria-hidden="true" />}
        {row.topic}
      </span>
      <span role="gridcell" className="c-qos">{row.qos ?? ''}</span>
      <span role="gridcell" className="c-flags">
        {row.retain && <abbr title={t('core.flag.retain')}>{t('core.flag.retainShort')}</abbr>}
        {row.dup && <abbr title={t('core.flag.dup')}>{t('core.flag.dupShort')}</abbr>}
        {row.redelivered && <abbr title={t('core.flag.redelivered')}>↻</abbr>}
      </span>
      <span role="gridcell" className="c-size">{formatBytes(row.size)}</span>
      {showAmqp && (
        <span role="gridcell" className="c-mid" title={row.messageId}>
          <span data-i18n="data">{row.messageId}</span>
          {row.duplicateOf ? (
            <span className="badge dup" title={t('core.flag.duplicateHint', { count: row.duplicateOf })}>
              {t('core.flag.duplicate', { count: row.duplicateOf })}
            </span>
          ) : null}
        </span>
      )}
      {showAmqp && (
        <span role="gridcell" className="c-gen" title={row.generateTime != null ? String(row.generateTime) : undefined}>
          {row.generateTime != null ? formatDateTimeMs(row.generateTime) : ''}
          {row.outOfOrder && (
            <span className="badge ooo" title={t('core.flag.outOfOrderHint')}>
              {t('core.flag.outOfOrder')}
            </span>
          )}
        </span>
      )}
      {showAmqp && <span role="gridcell" className={`c-settle settle-${row.settlement ?? 'none'}`}>{row.settlement ? t(`core.settle.${row.settlement}` as MessageKey) : ''}</span>}
      <span role="gridcell" className={`c-preview ${row.binary ? 'binary' : ''}`} data-i18n="data">{row.preview}</span>
    </div>
  );
});
