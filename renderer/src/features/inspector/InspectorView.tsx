// The live inspector tab: filters, the list of every received message, and the selected message, with a
// splitter between list and detail (drag or arrow keys; the height is remembered).
import { useRef, useState, type KeyboardEvent, type PointerEvent } from 'react';
import { t } from '../../i18n';
import { DetailPane } from './DetailPane';
import { FilterBar } from './FilterBar';
import { MessageList } from './MessageList';

const KEY = 'fieldscope.detailHeight';
const MIN = 120;

function clampHeight(h: number, container: number): number {
  return Math.round(Math.max(MIN, Math.min(container - 140, h)));
}

export function InspectorView() {
  const split = useRef<HTMLDivElement>(null);
  const [detailH, setDetailH] = useState<number>(() => Number(localStorage.getItem(KEY)) || 320);
  const save = (h: number) => {
    setDetailH(h);
    localStorage.setItem(KEY, String(h));
  };
  const onPointerDown = (e: PointerEvent<HTMLDivElement>) => {
    const el = split.current;
    if (!el) return;
    e.currentTarget.setPointerCapture(e.pointerId);
    const move = (ev: globalThis.PointerEvent) => {
      const r = el.getBoundingClientRect();
      save(clampHeight(r.bottom - ev.clientY, r.height));
    };
    const up = () => {
      window.removeEventListener('pointermove', move);
      window.removeEventListener('pointerup', up);
    };
    window.addEventListener('pointermove', move);
    window.addEventListener('pointerup', up);
  };
  const onKeyDown = (e: KeyboardEvent<HTMLDivElement>) => {
    const el = split.current;
    if (!el || (e.key !== 'ArrowUp' && e.key !== 'ArrowDown')) return;
    e.preventDefault();
    e.stopPropagation();
    save(clampHeight(detailH + (e.key === 'ArrowUp' ? 24 : -24), el.getBoundingClientRect().height));
  };
  return (
    <div className="inspector">
      <FilterBar />
      <div className="inspector-split" ref={split} style={{ gridTemplateRows: `minmax(${MIN}px, 1fr) 5px ${detailH}px` }}>
        <MessageList />
        <div
          className="splitter"
          role="separator"
          aria-orientation="horizontal"
          aria-label={t('core.inspector.splitter')}
          aria-valuenow={detailH}
          tabIndex={0}
          onPointerDown={onPointerDown}
          onKeyDown={onKeyDown}
        />
        <DetailPane />
      </div>
    </div>
  );
}
