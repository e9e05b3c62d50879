// The virtualized list of every received message. Only the rows on screen exist in the DOM; rows the
// renderer's window lacks are paged in from main as they scroll into view.
import { useVirtualizer } from '@tanstack/react-virtual';
import { memo, useEffect, useMemo, useRef } from 'react';
import type { MessageRow as Row } from '../../../../shared/contract/messages.contract';
import { topicMatchesIfValid } from '../../../../shared/mqtt/topic-filter';
import { t, type MessageKey } from '../../i18n';
import { colorForTopic } from '../../lib/colors';
import { formatBytes, formatDateTimeMs, formatTimeMs } from '../../lib/format';
import { rowAt } from '../../lib/row-window';
import { shortNames } from '../../lib/short-names';
import { useApp } from '../../state/app-store';
import { useInspector, useInspectorStore, type InspectorActions } from '../../state/inspector-store';

const ROW_HEIGHT = 26;

export function MessageList() {
  const inspectorStore = useInspectorStore();
  const { ensureRange, selectIndex, setFollow } = inspectorStore.actions;
  const win = useInspector((s) => s.window);
  const follow = useInspector((s) => s.follow);
  const selectedIndex = useInspector((s) => s.selectedIndex);
  const marked = useInspector((s) => s.marked);
  const scrollRequest = useInspector((s) => s.scrollRequest);
  const gap = useInspector((s) => s.gap);
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
    <div className={`message-table ${showAmqp ? 'with-amqp' : ''}`}>
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
      {gap && (
        <div className="gap-marker warn" role="status" data-testid="gap-marker">
          {t('inspector.gap', { count: gap.count })}{' '}
          <button type="button" onClick={() => selectIndex(gap.from, { scroll: true })}>
            {t('inspector.gap.show')}
          </button>
        </div>
      )}
      <div className="message-list" ref={parent} onScroll={onScroll} role="grid" aria-label={t('core.inspector.list')} aria-rowcount={win.total} tabIndex={0} data-testid="message-list">
        {win.total === 0 && <div className="empty-list muted">{t('core.inspector.empty')}</div>}
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
                    onSelect={selectIndex}
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

const MessageRowView = memo(function MessageRowView(props: { row: Row; index: number; selected: boolean; marked: boolean; connName: string; connTitle: string; color?: string; showAmqp: boolean; onSelect: InspectorActions['selectIndex'] }) {
  const { row, index, selected, marked, connName, connTitle, color, showAmqp, onSelect } = props;
  return (
    <div
      className={`message-row ${selected ? 'selected' : ''} ${marked ? 'marked' : ''} ${row.duplicateOf ? 'duplicate' : ''}`}
      role="row"
      aria-selected={selected}
      data-seq={row.seq}
      data-testid="message-row"
      onMouseDown={(e) => {
        if (e.shiftKey) e.preventDefault();
        onSelect(index, { extend: e.shiftKey, toggle: e.ctrlKey || e.metaKey });
      }}
    >
      <span className="c-time" title={formatDateTimeMs(row.arrivedAt)}>
        {formatTimeMs(row.arrivedAt)}
      </span>
      <span className="c-conn" title={connTitle}>
        {connName}
      </span>
      <span className="c-topic" title={row.topic}>
        {color && <span className="sub-color" style={{ background: color }} aria-hidden="true" />}
        {row.topic}
      </span>
      <span className="c-qos">{row.qos ?? ''}</span>
      <span className="c-flags">
        {row.retain && <abbr title={t('core.flag.retain')}>{t('core.flag.retainShort')}</abbr>}
        {row.dup && <abbr title={t('core.flag.dup')}>{t('core.flag.dupShort')}</abbr>}
        {row.redelivered && <abbr title={t('core.flag.redelivered')}>↻</abbr>}
      </span>
      <span className="c-size">{formatBytes(row.size)}</span>
      {showAmqp && (
        <span className="c-mid" title={row.messageId}>
          {row.messageId}
          {row.duplicateOf ? (
            <span className="badge dup" title={t('core.flag.duplicateHint', { count: row.duplicateOf })}>
              {t('core.flag.duplicate', { count: row.duplicateOf })}
            </span>
          ) : null}
        </span>
      )}
      {showAmqp && (
        <span className="c-gen" title={row.generateTime != null ? String(row.generateTime) : undefined}>
          {row.generateTime != null ? formatDateTimeMs(row.generateTime) : ''}
          {row.outOfOrder && (
            <span className="badge ooo" title={t('core.flag.outOfOrderHint')}>
              {t('core.flag.outOfOrder')}
            </span>
          )}
        </span>
      )}
      {showAmqp && <span className={`c-settle settle-${row.settlement ?? 'none'}`}>{row.settlement ? t(`core.settle.${row.settlement}` as MessageKey) : ''}</span>}
      <span className={`c-preview ${row.binary ? 'binary' : ''}`}>{row.preview}</span>
    </div>
  );
});
