import { useEffect, useRef, useState } from 'react';
import type { PresenceMarkerView } from '../../../../shared/contract/presence.contract';
import { flagReasons } from './flag-reasons';
import { flagReasonText } from './PresenceLegend';
import { t } from '../../i18n';
import { formatDateTimeMs } from '../../lib/format';
import { cancelPendingFit, ensureLanes, fitView, laneCache, presenceStore, setCursor, setLaneRequester } from './presence-store';
import { paintTimeline, readPalette, type Palette } from './timeline-painter';
import { AXIS_HEIGHT, LABEL_WIDTH, LANE_HEIGHT, clampScroll, laneAtY, markerNear, pan, visibleLanes, xToTime, zoom, type Viewport } from './timeline-geometry';

interface Hover {
  x: number;
  y: number;
  clientId: string;
  /** Why the lane is flagged, in words (empty when it is not). */
  reasons: string[];
  marker: PresenceMarkerView | null;
  time: number;
}

const fmtTime = formatDateTimeMs;

/** The swimlane canvas: repaints on store changes once per animation frame, never through React. */
export function TimelineCanvas({ canvasRef }: { canvasRef: React.RefObject<HTMLCanvasElement | null> }) {
  const wrapRef = useRef<HTMLDivElement>(null);
  const [hover, setHover] = useState<Hover | null>(null);
  const size = useRef({ w: 800, h: 400 });
  const palette = useRef<Palette | null>(null);

  useEffect(() => {
    const canvas = canvasRef.current!;
    const wrap = wrapRef.current!;
    let frame = 0;
    let lanesTimer: ReturnType<typeof setTimeout> | null = null;

    const viewport = (): Viewport => {
      const s = presenceStore.getState();
      return {
        from: s.view.from,
        to: s.view.to,
        width: Math.max(1, size.current.w - LABEL_WIDTH),
        height: Math.max(1, size.current.h - AXIS_HEIGHT),
        scrollTop: s.scrollTop,
      };
    };
    const visibleIds = () => {
      const s = presenceStore.getState();
      const { first, last } = visibleLanes(viewport(), s.rows.length);
      return s.rows.slice(first, last).map((r) => r.clientId);
    };
    const fetchVisible = () => {
      if (lanesTimer) return;
      // Coalesce: a pan produces many view changes; ask main at most every 50 ms.
      lanesTimer = setTimeout(() => {
        lanesTimer = null;
        void ensureLanes(visibleIds());
      }, 50);
    };
    setLaneRequester(fetchVisible);

    const paint = () => {
      frame = 0;
      const ctx = canvas.getContext('2d');
      if (!ctx) return;
      const s = presenceStore.getState();
      const dpr = window.devicePixelRatio || 1;
      ctx.setTransform(dpr, 0, 0, dpr, 0, 0);
      palette.current ??= readPalette(wrap);
      paintTimeline(ctx, {
        v: viewport(),
        rows: s.rows,
        lanes: (id) => laneCache.get(id)?.lane,
        cursor: s.cursor,
        highlight: s.highlight,
        palette: palette.current,
        cssWidth: size.current.w,
        cssHeight: size.current.h,
      });
    };
    const schedule = () => {
      if (!frame) frame = requestAnimationFrame(paint);
    };

    const resize = () => {
      const r = wrap.getBoundingClientRect();
      const dpr = window.devicePixelRatio || 1;
      size.current = { w: Math.max(200, Math.floor(r.width)), h: Math.max(120, Math.floor(r.height)) };
      canvas.width = size.current.w * dpr;
      canvas.height = size.current.h * dpr;
      canvas.style.width = `${size.current.w}px`;
      canvas.style.height = `${size.current.h}px`;
      schedule();
      fetchVisible();
    };
    const ro = new ResizeObserver(resize);
    ro.observe(wrap);
    resize();

    const unsub = presenceStore.subscribe((s, prev) => {
      schedule();
      const moved = s.view !== prev.view || s.scrollTop !== prev.scrollTop || s.rows !== prev.rows;
      if (moved) fetchVisible();
      // The tooltip describes what is under the pointer now: lane data arriving or the view moving re-reads it.
      if (pointer && !drag && (moved || s.lanesVersion !== prev.lanesVersion)) hoverAt(pointer);
    });
    const media = window.matchMedia?.('(prefers-color-scheme: dark)');
    const onScheme = () => {
      palette.current = null;
      schedule();
    };
    media?.addEventListener?.('change', onScheme);
    (canvas as HTMLCanvasElement & { __presenceViewport?: () => Viewport }).__presenceViewport = viewport;

    // ---- input
    let drag: { x: number; y: number; view: { from: number; to: number }; scrollTop: number; moved: boolean } | null = null;
    /** Last pointer position over the canvas (canvas-local), for re-reading the tooltip when data changes. */
    let pointer: { x: number; y: number } | null = null;
    const hoverAt = (p: { x: number; y: number }) => {
      const v = viewport();
      const s = presenceStore.getState();
      // Over the label too: that is where the flag glyphs are, and the tooltip says why a lane is flagged.
      const i = laneAtY(v, p.y - AXIS_HEIGHT, s.rows.length);
      if (i === null) return setHover(null);
      const row = s.rows[i]!;
      const id = row.clientId;
      const lane = laneCache.get(id)?.lane;
      const inPlot = p.x > LABEL_WIDTH;
      const reasons = flagReasons(row, s.overview?.settings).map(flagReasonText);
      if (!inPlot && reasons.length === 0) return setHover(null);
      setHover({
        x: p.x,
        y: p.y,
        clientId: id,
        reasons,
        marker: inPlot && lane ? markerNear(v, lane, p.x - LABEL_WIDTH) : null,
        time: xToTime(v, Math.max(0, p.x - LABEL_WIDTH)),
      });
    };
    const local = (e: MouseEvent) => {
      const r = canvas.getBoundingClientRect();
      return { x: e.clientX - r.left, y: e.clientY - r.top };
    };
    const setView = (view: { from: number; to: number }) => {
      cancelPendingFit();
      presenceStore.setState({ view, follow: false });
    };
    const setScroll = (top: number) => {
      const s = presenceStore.getState();
      presenceStore.setState({ scrollTop: clampScroll(top, s.rows.length, viewport().height) });
    };
    const onDown = (e: MouseEvent) => {
      if (e.button !== 0) return;
      const s = presenceStore.getState();
      drag = { ...local(e), view: s.view, scrollTop: s.scrollTop, moved: false };
      canvas.focus();
    };
    const onMove = (e: MouseEvent) => {
      const p = local(e);
      if (drag) {
        const dx = p.x - drag.x;
        const dy = p.y - drag.y;
        if (Math.abs(dx) + Math.abs(dy) > 3) drag.moved = true;
        if (drag.moved) {
          setView(pan({ ...viewport(), from: drag.view.from, to: drag.view.to }, dx));
          setScroll(drag.scrollTop - dy);
          setHover(null);
          return;
        }
      }
      pointer = p.x >= 0 && p.y >= 0 && p.x <= size.current.w && p.y <= size.current.h ? p : null;
      hoverAt(p);
    };
    const onUp = (e: MouseEvent) => {
      if (drag && !drag.moved) {
        const p = local(e);
        if (p.x > LABEL_WIDTH) void setCursor(xToTime(viewport(), p.x - LABEL_WIDTH));
        else {
          const i = laneAtY(viewport(), p.y - AXIS_HEIGHT, presenceStore.getState().rows.length);
          if (i !== null) presenceStore.setState({ highlight: presenceStore.getState().rows[i]!.clientId });
        }
      }
      drag = null;
    };
    const onWheel = (e: WheelEvent) => {
      e.preventDefault();
      const p = local(e);
      const v = viewport();
      if (e.ctrlKey || e.metaKey) setView(zoom(v, Math.exp(e.deltaY * 0.002), Math.max(0, p.x - LABEL_WIDTH)));
      else if (e.shiftKey || Math.abs(e.deltaX) > Math.abs(e.deltaY)) setView(pan(v, -(e.deltaX || e.deltaY)));
      else setScroll(presenceStore.getState().scrollTop + e.deltaY);
    };
    const onKey = (e: KeyboardEvent) => {
      const v = viewport();
      const s = presenceStore.getState();
      const big = e.shiftKey ? 4 : 1;
      switch (e.key) {
        case 'ArrowLeft':
          setView(pan(v, (v.width / 10) * big));
          break;
        case 'ArrowRight':
          setView(pan(v, (-v.width / 10) * big));
          break;
        case 'ArrowUp':
          setScroll(s.scrollTop - LANE_HEIGHT * big);
          break;
        case 'ArrowDown':
          setScroll(s.scrollTop + LANE_HEIGHT * big);
          break;
        case 'PageUp':
          setScroll(s.scrollTop - v.height);
          break;
        case 'PageDown':
          setScroll(s.scrollTop + v.height);
          break;
        case '+':
        case '=':
          setView(zoom(v, 0.5));
          break;
        case '-':
        case '_':
          setView(zoom(v, 2));
          break;
        case 'Home':
          fitView();
          break;
        case 'End':
          presenceStore.setState({
            follow: true,
            view: s.range ? { from: s.range.to - (v.to - v.from) * 0.97, to: s.range.to + (v.to - v.from) * 0.03 } : s.view,
          });
          break;
        case 'Escape':
          void setCursor(null);
          break;
        default:
          return;
      }
      e.preventDefault();
    };
    canvas.addEventListener('mousedown', onDown);
    window.addEventListener('mousemove', onMove);
    window.addEventListener('mouseup', onUp);
    canvas.addEventListener('wheel', onWheel, { passive: false });
    canvas.addEventListener('keydown', onKey);
    const onLeave = () => {
      pointer = null;
      setHover(null);
    };
    canvas.addEventListener('mouseleave', onLeave);
    return () => {
      ro.disconnect();
      unsub();
      setLaneRequester(null);
      media?.removeEventListener?.('change', onScheme);
      if (frame) cancelAnimationFrame(frame);
      if (lanesTimer) clearTimeout(lanesTimer);
      canvas.removeEventListener('mousedown', onDown);
      window.removeEventListener('mousemove', onMove);
      window.removeEventListener('mouseup', onUp);
      canvas.removeEventListener('wheel', onWheel);
      canvas.removeEventListener('keydown', onKey);
      canvas.removeEventListener('mouseleave', onLeave);
    };
  }, [canvasRef]);

  return (
    <div ref={wrapRef} className="presence-canvas-wrap">
      <canvas ref={canvasRef} tabIndex={0} className="presence-canvas" aria-label={t('presence.canvas.label')} data-testid="presence-canvas" />
      {hover && (
        <div className="presence-tooltip" style={{ left: Math.min(hover.x + 14, size.current.w - 260), top: hover.y + 14 }} role="tooltip">
          <div className="presence-tooltip-client">{hover.clientId}</div>
          {hover.reasons.map((r) => (
            <div key={r} className="presence-why">
              {r}
            </div>
          ))}
          {hover.marker ? (
            <>
              <div>
                {t(`presence.marker.${hover.marker.type}`)}
                {hover.marker.status ? ` · ${t(`presence.state.${hover.marker.status}`)}` : ''}
                {hover.marker.offline ? ` · ${t(`presence.offline.${hover.marker.offline}`)}` : ''}
                {hover.marker.online !== undefined ? ` · online=${hover.marker.online}` : ''}
              </div>
              <div>{fmtTime(hover.marker.time)}</div>
              {hover.marker.channelId !== undefined && <div>{t('presence.tooltip.channel', { channel: hover.marker.channelId })}</div>}
              <div className="muted">{t('presence.tooltip.source', { source: hover.marker.source })}</div>
              {hover.marker.detail && <div>{hover.marker.detail}</div>}
              {hover.marker.late && <div className="presence-late">{t('presence.tooltip.late')}</div>}
              {hover.marker.ignored && <div className="muted">{t('presence.tooltip.ignored')}</div>}
            </>
          ) : (
            <div className="muted">{fmtTime(hover.time)}</div>
          )}
        </div>
      )}
    </div>
  );
}
