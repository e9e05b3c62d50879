// The virtualized list of every received message. Only the rows on screen exist in the DOM (fixed row height,
// see lib/fixed-rows); the view asks main for the rows it lacks as they scroll into view.
import { memo, useEffect, useLayoutEffect, useMemo, useRef, useState, type CSSProperties } from 'react';
import type { ColumnId } from '../../../../shared/contract/messages.contract';
import type { MessageRow as Row } from '../../../../shared/contract/messages.contract';
import { compileTopicFilterIfValid } from '../../../../shared/mqtt/topic-filter';
import { t, type MessageKey } from '../../i18n';
import { colorForTopic, connectionColors } from '../../lib/colors';
import { ColumnHeader, ColumnsMenu } from './ColumnHeader';
import { gridTemplate, visibleColumns, type SourceKind } from './columns';
import { formatBytes, formatCount, formatDateTimeMs } from '../../lib/format';
import { emptyListText } from './empty-list-text';
import { scrollTopFor, slotKey, visibleRows } from '../../lib/fixed-rows';
import { rowAt } from '../../lib/row-window';
import { shortNames } from '../../lib/short-names';
import { useApp } from '../../state/app-store';
import { useInspector, useInspectorStore, type InspectorActions } from '../../state/inspector-store';

const ROW_HEIGHT = 26;
const OVERSCAN = 20;
// Following the tail, only rows above the newest can scroll into view, and a scroll up ends following.
const OVERSCAN_FOLLOWING = 4;

/**
 * The scroll event that follows every programmatic scroll (once per push while following the tail) reports
 * the view scrollToIndex already set: keeping the same state object lets React skip that second render.
 */
const keepIfSame = (next: { top: number; height: number }) => (v: { top: number; height: number }) =>
  v.top === next.top && v.height === next.height ? v : next;

export function MessageList() {
  const inspectorStore = useInspectorStore();
  const { ensureRange, selectIndex, setFollow } = inspectorStore.actions;
  const win = useInspector((s) => s.window);
  const follow = useInspector((s) => s.follow);
  const selectedIndex = useInspector((s) => s.selectedIndex);
  const marked = useInspector((s) => s.marked);
  const scrollRequest = useInspector((s) => s.scrollRequest);
  const gap = useInspector((s) => s.gap);
  const held = useInspector((s) => s.stats?.size ?? null);
  const empty = emptyListText(win.total, held);
  const connections = useApp((s) => s.connections);
  const filter = useInspector((s) => s.filter);
  const columns = useInspector((s) => s.columns);
  // AMQP / RocketMQ columns only when such a source is in view: a connection the filter lets through, or a row on screen.
  const inViewAmqp = useMemo(() => protocolInView('amqp', filter.connectionIds, connections, win.rows), [filter.connectionIds, connections, win.rows]);
  const inViewRocketmq = useMemo(() => protocolInView('rocketmq', filter.connectionIds, connections, win.rows), [filter.connectionIds, connections, win.rows]);
  const inView = useMemo(() => ({ amqp: inViewAmqp, rocketmq: inViewRocketmq }), [inViewAmqp, inViewRocketmq]);
  const cols = useMemo(() => visibleColumns(columns, inView), [columns, inView]);
  const template = useMemo(() => gridTemplate(columns, cols), [columns, cols]);
  const parent = useRef<HTMLDivElement>(null);
  const markedSet = useMemo(() => new Set(marked), [marked]);

  // Every row is ROW_HEIGHT high: what is on screen follows from scrollTop alone (see lib/fixed-rows).
  const [view, setView] = useState({ top: 0, height: 600 });
  // While following, the list's top is where the effect below is about to scroll: rendering the rows of the
  // scroll position before the push would lay out one set of rows and then, after the scroll, another.
  const top = follow ? scrollTopFor(win.total - 1, 'end', view.top, view.height, ROW_HEIGHT) : view.top;
  const { first, last } = visibleRows(top, view.height, ROW_HEIGHT, win.total, follow ? OVERSCAN_FOLLOWING : OVERSCAN);
  const scrollToIndex = (index: number, align: 'end' | 'auto') => {
    const el = parent.current;
    if (!el) return;
    const top = scrollTopFor(index, align, el.scrollTop, el.clientHeight, ROW_HEIGHT);
    if (top !== el.scrollTop) el.scrollTop = top;
    // The browser clamps scrollTop; read back what it really is.
    setView(keepIfSame({ top: el.scrollTop, height: el.clientHeight }));
  };

  useEffect(() => {
    if (last >= 0) ensureRange(first, last);
  }, [first, last, win, ensureRange]);

  const { fitTail } = inspectorStore.actions;
  useEffect(() => fitTail(view.height / ROW_HEIGHT + OVERSCAN_FOLLOWING), [view.height, fitTail]);

  // Before paint: the rows were rendered for the position this scrolls to, so the frame that shows them is
  // already scrolled (after paint, one frame would show the old position without its rows, the next repaint all).
  useLayoutEffect(() => {
    if (follow && win.total > 0) scrollToIndex(win.total - 1, 'end');
  }, [follow, win.total]);

  // The list shrinks when a banner or an explanation appears above it: stay on the newest row.
  useEffect(() => {
    const el = parent.current;
    if (!el) return;
    const ro = new ResizeObserver(() => {
      const s = inspectorStore.getState();
      if (s.follow && s.window.total > 0) scrollToIndex(s.window.total - 1, 'end');
      else setView(keepIfSame({ top: el.scrollTop, height: el.clientHeight }));
    });
    ro.observe(el);
    return () => ro.disconnect();
  }, [inspectorStore]);

  useEffect(() => {
    if (scrollRequest && selectedIndex != null) scrollToIndex(selectedIndex, 'auto');
    // Only an explicit request (keyboard) scrolls to the selection; clicks do not jump the list.
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [scrollRequest]);

  const names = useMemo(() => {
    const list = Object.values(connections);
    const short = shortNames(Object.fromEntries(list.map((c) => [c.connectionId, c.name])));
    const colors = connectionColors(list.map((c) => c.connectionId));
    const m: Record<string, ConnLabel> = {};
    for (const c of list) {
      // Compiled once per connection list, not per row and render: the stripe is looked up for every row of every push.
      const subs = c.subscriptions.map((sub) => ({ color: sub.color, matches: compileTopicFilterIfValid(sub.filter) }));
      m[c.connectionId] = { name: short[c.connectionId] ?? c.name, full: c.name, subs, color: colors[c.connectionId]! };
    }
    return m;
  }, [connections]);

  const onScroll = () => {
    const el = parent.current;
    if (!el) return;
    setView(keepIfSame({ top: el.scrollTop, height: el.clientHeight }));
    const atBottom = el.scrollTop + el.clientHeight >= el.scrollHeight - ROW_HEIGHT;
    if (atBottom !== follow) setFollow(atBottom);
  };

  return (
    <div className="message-table" style={{ '--cols': template } as CSSProperties}>
      <ColumnsMenu inView={inView} />
      {/* One grid holds the header row, the gap row and the rows (ARIA: rows need a grid parent, cells a row). */}
      <div className="message-grid" role="grid" aria-label={t('core.inspector.list')} aria-rowcount={win.total + 1}>
        <ColumnHeader cols={cols} />
        {gap && (
          <div className="gap-marker warn" role="row" data-testid="gap-marker">
            <span role="gridcell">
              <span role="status">{t('inspector.gap', { count: gap.count })}</span>{' '}
              <button type="button" onClick={() => selectIndex(gap.from, { scroll: true })}>
                {t('inspector.gap.show')}
              </button>
            </span>
          </div>
        )}
        <div
          className="message-list"
          ref={parent}
          onScroll={onScroll}
          role="rowgroup"
          aria-label={t('core.inspector.list')}
          tabIndex={0}
          data-testid="message-list"
        >
          {empty && (
            <div className="empty-list muted" role="row" data-testid="empty-list">
              <span role="gridcell">
                {empty.kind === 'hidden' ? t('shell.inspector.hiddenByFilters', { count: formatCount(empty.count) }) : t('core.inspector.empty')}
              </span>
            </div>
          )}
          <div style={{ height: win.total * ROW_HEIGHT, position: 'relative' }}>
            {Array.from({ length: last - first + 1 }, (_, k) => {
              const index = first + k;
              const row = rowAt(win, index);
              return (
                <div
                  key={slotKey(index, last - first + 1, follow)}
                  className="row-slot"
                  style={{ transform: `translateY(${index * ROW_HEIGHT}px)`, height: ROW_HEIGHT }}
                >
                  {row ? (
                    <MessageRowView
                      row={row}
                      index={index}
                      selected={index === selectedIndex}
                      marked={markedSet.has(row.seq)}
                      conn={names[row.connectionId]}
                      color={colorForTopic(names[row.connectionId]?.subs ?? [], row.topic)}
                      cols={cols}
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
    </div>
  );
}

function protocolInView(
  protocol: SourceKind,
  connectionIds: string[] | undefined,
  connections: Record<string, { protocol: string } | undefined>,
  rows: readonly Row[],
): boolean {
  const ids = connectionIds?.length ? connectionIds : Object.keys(connections);
  return ids.some((id) => connections[id]?.protocol === protocol) || rows.some((r) => r.protocol === protocol);
}

interface ConnLabel {
  name: string;
  full: string;
  subs: { color: string; matches: (topic: string) => boolean }[];
  color: string;
}

const MessageRowView = memo(function MessageRowView(props: {
  row: Row;
  index: number;
  selected: boolean;
  marked: boolean;
  conn?: ConnLabel;
  color?: string;
  cols: ColumnId[];
  onSelect: InspectorActions['selectIndex'];
}) {
  const { row, index, selected, marked, conn, color, cols, onSelect } = props;
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
      {cols.map((id) => (
        <Cell key={id} id={id} row={row} conn={conn} color={color} />
      ))}
    </div>
  );
});

function Cell({ id, row, conn, color }: { id: ColumnId; row: Row; conn?: ConnLabel; color?: string }) {
  switch (id) {
    case 'time':
      return (
        <span role="gridcell" className="c-time">
          {formatDateTimeMs(row.arrivedAt)}
        </span>
      );
    case 'connection':
      return (
        <span role="gridcell" className="c-conn" title={conn?.full ?? row.connectionId} data-col="connection" data-i18n="data">
          <span className="conn-dot" style={{ background: conn?.color }} aria-hidden="true" />
          {conn?.name ?? row.connectionId}
        </span>
      );
    case 'topic':
      return (
        <span role="gridcell" className="c-topic" title={row.topic} data-i18n="data">
          {color && <span className="sub-color" style={{ background: color }} aria-hidden="true" />}
          {row.topic}
        </span>
      );
    case 'qos':
      return (
        <span role="gridcell" className="c-qos">
          {row.qos ?? ''}
        </span>
      );
    case 'flags':
      return (
        <span role="gridcell" className="c-flags">
          {row.retain && <abbr title={t('core.flag.retain')}>{t('core.flag.retainShort')}</abbr>}
          {row.dup && <abbr title={t('core.flag.dup')}>{t('core.flag.dupShort')}</abbr>}
          {row.redelivered && <abbr title={t('core.flag.redelivered')}>↻</abbr>}
        </span>
      );
    case 'size':
      return (
        <span role="gridcell" className="c-size">
          {formatBytes(row.size)}
        </span>
      );
    case 'messageId':
      return (
        <span role="gridcell" className="c-mid" title={row.messageId}>
          <span data-i18n="data">{row.messageId}</span>
          {row.duplicateOf ? (
            <span className="badge dup" title={t('core.flag.duplicateHint', { count: row.duplicateOf })}>
              {t('core.flag.duplicate', { count: row.duplicateOf })}
            </span>
          ) : null}
        </span>
      );
    case 'tags':
      return (
        <span role="gridcell" className="c-tags" title={row.tags} data-testid="cell-tags" data-i18n="data">
          {row.tags ?? ''}
        </span>
      );
    case 'keys': {
      const keys = row.keys?.join(' ') ?? '';
      return (
        <span role="gridcell" className="c-keys" title={keys} data-i18n="data">
          {keys}
        </span>
      );
    }
    case 'queue': {
      const q = row.queueId !== undefined ? `${row.brokerName ? `${row.brokerName}/` : ''}${row.queueId}@${row.queueOffset ?? ''}` : '';
      return (
        <span role="gridcell" className="c-queue" title={q} data-i18n="data">
          {q}
        </span>
      );
    }
    case 'generateTime':
      return (
        <span role="gridcell" className="c-gen" title={row.generateTime != null ? String(row.generateTime) : undefined}>
          {row.generateTime != null ? formatDateTimeMs(row.generateTime) : ''}
          {row.outOfOrder && (
            <span className="badge ooo" title={t('core.flag.outOfOrderHint')}>
              {t('core.flag.outOfOrder')}
            </span>
          )}
        </span>
      );
    case 'settlement':
      return (
        <span role="gridcell" className={`c-settle settle-${row.settlement ?? 'none'}`}>
          {row.settlement ? t(`core.settle.${row.settlement}` as MessageKey) : ''}
        </span>
      );
    case 'preview':
      return (
        <span role="gridcell" className={`c-preview ${row.binary ? 'binary' : ''}`} data-i18n="data">
          {row.preview}
        </span>
      );
  }
}
