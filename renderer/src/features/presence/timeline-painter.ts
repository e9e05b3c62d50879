// Paints the swimlanes onto a 2D canvas: only the visible lanes, spans as bars, offline as a thin line,
// markers as small shapes by type, late arrivals ringed, the time cursor with each lane's state.
import type { PresenceClientRow, PresenceLane, PresenceMarkerView } from '../../../../shared/contract/presence.contract';
import { AXIS_HEIGHT, LABEL_WIDTH, LANE_HEIGHT, formatTick, laneStateAt, ticks, timeToX, visibleLanes, type Viewport } from './timeline-geometry';

export interface Palette {
  bg: string;
  fg: string;
  muted: string;
  border: string;
  panel: string;
  online: string;
  unknown: string;
  offline: string;
  connect: string;
  disconnect: string;
  tcpclean: string;
  status: string;
  query: string;
  late: string;
  accent: string;
  danger: string;
  warn: string;
}

export function readPalette(el: Element): Palette {
  const cs = getComputedStyle(el);
  const v = (name: string, fallback: string) => cs.getPropertyValue(name).trim() || fallback;
  return {
    bg: v('--bg', '#ffffff'),
    fg: v('--fg', '#1d2127'),
    muted: v('--muted', '#6b7280'),
    border: v('--border', '#d9dde3'),
    panel: v('--panel', '#f5f6f8'),
    online: v('--ok', '#1b7f3b'),
    unknown: v('--warn', '#b26a00'),
    offline: v('--muted', '#6b7280'),
    connect: '#16a34a',
    disconnect: '#d97706',
    tcpclean: '#dc2626',
    status: '#2563eb',
    query: '#9333ea',
    late: '#e11d48',
    accent: v('--accent', '#2563eb'),
    danger: v('--danger', '#c62828'),
    warn: v('--warn', '#b26a00'),
  };
}

export interface PaintInput {
  v: Viewport;
  rows: PresenceClientRow[];
  lanes: (id: string) => PresenceLane | undefined;
  cursor: number | null;
  highlight: string | null;
  palette: Palette;
  /** CSS pixel size of the whole canvas. */
  cssWidth: number;
  cssHeight: number;
}

function markerColor(p: Palette, m: PresenceMarkerView): string {
  if (m.ignored) return p.muted;
  switch (m.type) {
    case 'connect':
      return p.connect;
    case 'disconnect':
      return p.disconnect;
    case 'tcpclean':
      return p.tcpclean;
    case 'query':
      return p.query;
    default:
      return m.status === 'online' ? p.connect : p.status;
  }
}

function drawMarker(ctx: CanvasRenderingContext2D, p: Palette, m: PresenceMarkerView, x: number, yMid: number): void {
  ctx.fillStyle = markerColor(p, m);
  ctx.beginPath();
  switch (m.type) {
    case 'connect': // ▲
      ctx.moveTo(x, yMid - 5);
      ctx.lineTo(x + 4, yMid + 3);
      ctx.lineTo(x - 4, yMid + 3);
      break;
    case 'disconnect': // ▼
      ctx.moveTo(x - 4, yMid - 3);
      ctx.lineTo(x + 4, yMid - 3);
      ctx.lineTo(x, yMid + 5);
      break;
    case 'tcpclean': // ■
      ctx.rect(x - 3, yMid - 3, 6, 6);
      break;
    case 'query': // ◆
      ctx.moveTo(x, yMid - 5);
      ctx.lineTo(x + 4, yMid);
      ctx.lineTo(x, yMid + 5);
      ctx.lineTo(x - 4, yMid);
      break;
    default: // ●
      ctx.arc(x, yMid, 3.5, 0, Math.PI * 2);
  }
  ctx.closePath();
  ctx.fill();
  if (m.late) {
    ctx.strokeStyle = p.late;
    ctx.lineWidth = 1.5;
    ctx.beginPath();
    ctx.arc(x, yMid, 7, 0, Math.PI * 2);
    ctx.stroke();
  }
}

export function paintTimeline(ctx: CanvasRenderingContext2D, input: PaintInput): void {
  const { v, rows, palette: p, cssWidth, cssHeight } = input;
  ctx.fillStyle = p.bg;
  ctx.fillRect(0, 0, cssWidth, cssHeight);
  ctx.font = '11px system-ui, sans-serif';
  ctx.textBaseline = 'middle';

  // axis and grid
  const tk = ticks(v);
  ctx.strokeStyle = p.border;
  ctx.lineWidth = 1;
  ctx.fillStyle = p.muted;
  for (const t of tk.times) {
    const x = Math.round(LABEL_WIDTH + timeToX(v, t)) + 0.5;
    ctx.beginPath();
    ctx.moveTo(x, AXIS_HEIGHT - 4);
    ctx.lineTo(x, cssHeight);
    ctx.stroke();
    ctx.fillText(formatTick(t, tk.step), x + 3, AXIS_HEIGHT / 2);
  }

  const { first, last } = visibleLanes(v, rows.length);
  ctx.save();
  ctx.beginPath();
  ctx.rect(0, AXIS_HEIGHT, cssWidth, cssHeight - AXIS_HEIGHT);
  ctx.clip();
  for (let i = first; i < last; i++) {
    const row = rows[i]!;
    const y = AXIS_HEIGHT + i * LANE_HEIGHT - v.scrollTop;
    const yMid = y + LANE_HEIGHT / 2;
    if (i % 2 === 1) {
      ctx.fillStyle = p.panel;
      ctx.fillRect(0, y, cssWidth, LANE_HEIGHT);
    }
    if (row.clientId === input.highlight) {
      ctx.strokeStyle = p.accent;
      ctx.lineWidth = 2;
      ctx.strokeRect(1, y + 1, cssWidth - 2, LANE_HEIGHT - 2);
    }
    // plot
    const lane = input.lanes(row.clientId);
    ctx.save();
    ctx.beginPath();
    ctx.rect(LABEL_WIDTH, y, v.width, LANE_HEIGHT);
    ctx.clip();
    if (lane) {
      for (const s of lane.spans) {
        const x0 = Math.max(-2, timeToX(v, s.from));
        // The open span is the current state: it runs to the right edge.
        const x1 = s.to === undefined ? v.width + 2 : Math.min(v.width + 2, timeToX(v, s.to));
        if (x1 < 0 || x0 > v.width) continue;
        if (s.state === 'offline') {
          ctx.fillStyle = p.offline;
          ctx.fillRect(LABEL_WIDTH + x0, yMid - 0.5, Math.max(1, x1 - x0), 1);
        } else {
          ctx.fillStyle = s.state === 'online' ? p.online : p.unknown;
          ctx.globalAlpha = s.state === 'online' ? 0.55 : 0.4;
          ctx.fillRect(LABEL_WIDTH + x0, y + 5, Math.max(1, x1 - x0), LANE_HEIGHT - 10);
          ctx.globalAlpha = 1;
        }
      }
      let lastX = -10;
      for (const m of lane.markers) {
        const x = timeToX(v, m.time);
        if (x < -8 || x > v.width + 8) continue;
        // Dense markers: one per pixel column is enough (late ones always drawn).
        if (Math.abs(x - lastX) < 1 && !m.late) continue;
        lastX = x;
        drawMarker(ctx, p, m, LABEL_WIDTH + x, yMid);
      }
    } else {
      ctx.fillStyle = p.muted;
      ctx.fillText('…', LABEL_WIDTH + 4, yMid);
    }
    ctx.restore();
    // label
    ctx.fillStyle = i % 2 === 1 ? p.panel : p.bg;
    ctx.fillRect(0, y, LABEL_WIDTH, LANE_HEIGHT);
    ctx.fillStyle = row.online ? p.online : p.offline;
    ctx.beginPath();
    ctx.arc(8, yMid, 3.5, 0, Math.PI * 2);
    ctx.fill();
    let labelRight = LABEL_WIDTH - 6;
    if (row.flapping) {
      ctx.fillStyle = p.warn;
      ctx.fillText('⚑', labelRight - 10, yMid);
      labelRight -= 14;
    }
    if (row.duplicate) {
      ctx.fillStyle = p.danger;
      ctx.fillText('⧉', labelRight - 10, yMid);
      labelRight -= 14;
    }
    ctx.fillStyle = p.fg;
    ctx.fillText(fitText(ctx, row.clientId, labelRight - 18), 16, yMid);
  }
  ctx.restore();

  ctx.strokeStyle = p.border;
  ctx.beginPath();
  ctx.moveTo(LABEL_WIDTH + 0.5, 0);
  ctx.lineTo(LABEL_WIDTH + 0.5, cssHeight);
  ctx.moveTo(0, AXIS_HEIGHT + 0.5);
  ctx.lineTo(cssWidth, AXIS_HEIGHT + 0.5);
  ctx.stroke();

  // time cursor and each visible lane's state at it
  if (input.cursor !== null) {
    const x = LABEL_WIDTH + timeToX(v, input.cursor);
    if (x >= LABEL_WIDTH && x <= cssWidth) {
      ctx.strokeStyle = p.accent;
      ctx.lineWidth = 1;
      ctx.beginPath();
      ctx.moveTo(Math.round(x) + 0.5, AXIS_HEIGHT);
      ctx.lineTo(Math.round(x) + 0.5, cssHeight);
      ctx.stroke();
      for (let i = first; i < last; i++) {
        const lane = input.lanes(rows[i]!.clientId);
        const st = lane ? laneStateAt(lane, input.cursor) : undefined;
        if (!st) continue;
        const yMid = AXIS_HEIGHT + i * LANE_HEIGHT - v.scrollTop + LANE_HEIGHT / 2;
        if (yMid < AXIS_HEIGHT) continue;
        ctx.fillStyle = st === 'online' ? p.online : st === 'unknown' ? p.unknown : p.offline;
        ctx.strokeStyle = p.bg;
        ctx.beginPath();
        ctx.arc(x, yMid, 4, 0, Math.PI * 2);
        ctx.fill();
        ctx.stroke();
      }
    }
  }
}

const fitCache = new Map<string, string>();
function fitText(ctx: CanvasRenderingContext2D, s: string, max: number): string {
  const key = `${max}|${s}`;
  const hit = fitCache.get(key);
  if (hit !== undefined) return hit;
  let out = s;
  if (ctx.measureText(s).width > max) {
    // keep the end: the device part after @@@ tells clients apart
    let lo = 0;
    let hi = s.length;
    while (lo < hi) {
      const mid = (lo + hi) >>> 1;
      if (ctx.measureText(`…${s.slice(mid)}`).width > max) lo = mid + 1;
      else hi = mid;
    }
    out = `…${s.slice(lo)}`;
  }
  if (fitCache.size > 50_000) fitCache.clear();
  fitCache.set(key, out);
  return out;
}
