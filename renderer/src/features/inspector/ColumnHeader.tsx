// The inspector's column header: click to sort (main sorts the whole list), drag a header onto another to
// reorder, drag or arrow-key a column's right edge to resize; and the Columns menu to show, hide and move.
// The header row lives inside the list's grid (ARIA: a row needs a grid parent); the menu's button and dialog
// are not rows, so they sit beside the grid, not in it.
import { memo, useRef, useState, type KeyboardEvent, type PointerEvent } from 'react';
import type { ColumnId } from '../../../../shared/contract/messages.contract';
import { t, type MessageKey } from '../../i18n';
import { useInspector, useInspectorActions } from '../../state/inspector-store';
import { columnWidth, COLUMNS, cycleSort, moveColumn, resizeColumn, toggleColumn, type SourcesInView } from './columns';

// Memoised: the list re-renders on every viewport push, the header only when its columns or sort change.
export const ColumnHeader = memo(function ColumnHeader({ cols }: { cols: ColumnId[] }) {
  const columns = useInspector((s) => s.columns);
  const filter = useInspector((s) => s.filter);
  const { setColumns } = useInspectorActions();
  const dragging = useRef<ColumnId | null>(null);
  const latest = useRef(columns);
  latest.current = columns;

  const sortOf = (id: ColumnId): 'ascending' | 'descending' | undefined => {
    const order = COLUMNS[id].order;
    if (!order) return undefined;
    const active = (filter.orderBy ?? 'arrival') === order && (order !== 'arrival' || !!filter.descending || columns.sort?.column === id);
    if (!active) return undefined;
    return filter.descending ? 'descending' : 'ascending';
  };

  const onResizeStart = (id: ColumnId, e: PointerEvent<HTMLSpanElement>) => {
    e.preventDefault();
    e.stopPropagation();
    e.currentTarget.setPointerCapture(e.pointerId);
    const startX = e.clientX;
    const startW = columnWidth(latest.current, id);
    const move = (ev: globalThis.PointerEvent) => setColumns(resizeColumn(latest.current, id, startW + ev.clientX - startX), false);
    const up = () => {
      window.removeEventListener('pointermove', move);
      window.removeEventListener('pointerup', up);
      setColumns(latest.current, true);
    };
    window.addEventListener('pointermove', move);
    window.addEventListener('pointerup', up);
  };
  const onResizeKey = (id: ColumnId, e: KeyboardEvent<HTMLSpanElement>) => {
    if (e.key !== 'ArrowLeft' && e.key !== 'ArrowRight') return;
    e.preventDefault();
    e.stopPropagation();
    setColumns(resizeColumn(columns, id, columnWidth(columns, id) + (e.key === 'ArrowRight' ? 16 : -16)));
  };

  return (
    <div className="message-head-wrap">
      <div className="message-head" role="row" data-testid="column-header">
        {cols.map((id) => {
          const sort = sortOf(id);
          return (
            <span
              key={id}
              role="columnheader"
              aria-sort={sort ?? 'none'}
              data-col={id}
              className={`col-head ${COLUMNS[id].order ? 'sortable' : ''}`}
              draggable
              onDragStart={(e) => {
                dragging.current = id;
                e.dataTransfer.effectAllowed = 'move';
              }}
              onDragOver={(e) => {
                if (dragging.current && dragging.current !== id) e.preventDefault();
              }}
              onDrop={(e) => {
                e.preventDefault();
                const from = dragging.current;
                dragging.current = null;
                if (from && from !== id) setColumns(moveColumn(columns, from, id));
              }}
              onClick={() => COLUMNS[id].order && setColumns(cycleSort(columns, id))}
              title={COLUMNS[id].order ? t('inspector.columns.sortHint') : undefined}
            >
              <span className="col-label">{t(COLUMNS[id].label)}</span>
              {sort && <span aria-hidden="true">{sort === 'ascending' ? ' ▲' : ' ▼'}</span>}
              <span
                className="col-resize"
                role="separator"
                aria-orientation="vertical"
                aria-label={t('inspector.columns.resize', { column: t(COLUMNS[id].label) })}
                aria-valuenow={columnWidth(columns, id)}
                tabIndex={0}
                onPointerDown={(e) => onResizeStart(id, e)}
                onKeyDown={(e) => onResizeKey(id, e)}
                onClick={(e) => e.stopPropagation()}
              />
            </span>
          );
        })}
      </div>
    </div>
  );
});

/** The note beside a column that only shows with some sources in view. */
const SOURCE_NOTE: Record<string, MessageKey> = {
  amqp: 'inspector.columns.amqpOnly',
  rocketmq: 'rocketmqViews.columns.rocketmqOnly',
  'amqp,rocketmq': 'rocketmqViews.columns.amqpOrRocketmqOnly',
};

export const ColumnsMenu = memo(function ColumnsMenu({ inView }: { inView: SourcesInView }) {
  const columns = useInspector((s) => s.columns);
  const { setColumns } = useInspectorActions();
  const [menuOpen, setMenuOpen] = useState(false);
  return (
    <>
      <button type="button" className="columns-button" aria-expanded={menuOpen} onClick={() => setMenuOpen(!menuOpen)} title={t('inspector.columns.menu')}>
        ⋮<span className="sr-only">{t('inspector.columns.menu')}</span>
      </button>
      {menuOpen && (
        <div className="columns-menu" role="dialog" aria-label={t('inspector.columns.menu')} data-testid="columns-menu">
          <ul>
            {columns.order.map((id, i) => (
              <li key={id}>
                <label>
                  <input type="checkbox" checked={!columns.hidden.includes(id)} onChange={() => setColumns(toggleColumn(columns, id, inView))} />{' '}
                  {t(COLUMNS[id].label)}
                  {COLUMNS[id].sources && <span className="muted"> {t(SOURCE_NOTE[COLUMNS[id].sources.join(',')]!)}</span>}
                </label>
                <button
                  type="button"
                  disabled={i === 0}
                  onClick={() => setColumns(moveColumn(columns, id, i - 1))}
                  aria-label={t('inspector.columns.moveUp', { column: t(COLUMNS[id].label) })}
                >
                  ↑
                </button>
                <button
                  type="button"
                  disabled={i === columns.order.length - 1}
                  onClick={() => setColumns(moveColumn(columns, id, i + 1))}
                  aria-label={t('inspector.columns.moveDown', { column: t(COLUMNS[id].label) })}
                >
                  ↓
                </button>
              </li>
            ))}
          </ul>
          <button type="button" onClick={() => setMenuOpen(false)}>
            {t('inspector.columns.done')}
          </button>
        </div>
      )}
    </>
  );
});
