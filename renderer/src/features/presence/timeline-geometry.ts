// Pure geometry of the swimlane timeline: time ↔ x, lane ↔ y, visible lanes, zoom and pan, hit tests.
// No DOM here, so it is unit-tested and the canvas code stays a thin painter.
import type { PresenceLane, PresenceMarkerView } from '../../../../shared/contract/presence.contract';

export const LANE_HEIGHT = 22;
export const LABEL_WIDTH = 220;
export const AXIS_HEIGHT = 24;
export const MIN_SPAN_MS = 50;
export const MAX_SPAN_MS = 400 * 86_400_000;

export interface Viewport {
  /** Time at the left edge of the plot and at its right edge (ms epoch). */
  from: number;
  to: number;
  /** Plot width in CSS pixels (canvas width minus the label column). */
  width: number;
  /** Lane area height in CSS pixels (canvas height minus the axis). */
  height: number;
  /** Scroll offset of the lanes in pixels. */
  scrollTop: number;
}

export function timeToX(v: Viewport, t: number): number {
  return ((t - v.from) / (v.to - v.from)) * v.width;
}

export function xToTime(v: Viewport, x: number): number {
  return v.from + (x / v.width) * (v.to - v.from);
}

/** First and last (exclusive) lane index that intersect the visible area. */
export function visibleLanes(v: Viewport, laneCount: number): { first: number; last: number } {
  const first = Math.max(0, Math.floor(v.scrollTop / LANE_HEIGHT));
  const last = Math.min(laneCount, Math.ceil((v.scrollTop + v.height) / LANE_HEIGHT));
  return { first, last: Math.max(first, last) };
}

export function laneAtY(v: Viewport, y: number, laneCount: number): number | null {
  if (y < 0) return null;
  const i = Math.floor((y + v.scrollTop) / LANE_HEIGHT);
  return i >= 0 && i < laneCount ? i : null;
}

export function clampScroll(scrollTop: number, laneCount: number, height: number): number {
  return Math.max(0, Math.min(scrollTop, Math.max(0, laneCount * LANE_HEIGHT - height)));
}

/** Zoom by `factor` (< 1 zooms in) keeping the time under `anchorX` still. */
export function zoom(v: Viewport, factor: number, anchorX = v.width / 2): { from: number; to: number } {
  const anchor = xToTime(v, anchorX);
  let span = (v.to - v.from) * factor;
  span = Math.max(MIN_SPAN_MS, Math.min(MAX_SPAN_MS, span));
  const ratio = v.width > 0 ? anchorX / v.width : 0.5;
  const from = anchor - span * ratio;
  return { from, to: from + span };
}

export function pan(v: Viewport, dxPixels: number): { from: number; to: number } {
  const dt = (dxPixels / v.width) * (v.to - v.from);
  return { from: v.from - dt, to: v.to - dt };
}

/** A view that shows [from, to] with a small margin (a single instant gets a minute around it). */
export function fit(range: { from: number; to: number } | null, now = Date.now()): { from: number; to: number } {
  if (!range) return { from: now - 3_600_000, to: now };
  const span = Math.max(range.to - range.from, 60_000);
  const pad = span * 0.03;
  const mid = range.to - range.from < 60_000 ? (range.from + range.to) / 2 : NaN;
  if (Number.isFinite(mid)) return { from: mid - span / 2 - pad, to: mid + span / 2 + pad };
  return { from: range.from - pad, to: range.to + pad };
}

/** Axis ticks at a "nice" step for the visible span. */
const STEPS = [
  1, 2, 5, 10, 20, 50, 100, 200, 500, 1000, 2000, 5000, 10_000, 15_000, 30_000, 60_000, 120_000, 300_000, 600_000, 900_000, 1_800_000, 3_600_000, 7_200_000,
  10_800_000, 21_600_000, 43_200_000, 86_400_000, 172_800_000, 604_800_000, 2_592_000_000,
];
export function ticks(v: Viewport, minPixels = 90): { step: number; times: number[] } {
  const span = v.to - v.from;
  const want = (span / Math.max(1, v.width)) * minPixels;
  const step = STEPS.find((s) => s >= want) ?? STEPS[STEPS.length - 1]!;
  const times: number[] = [];
  for (let t = Math.ceil(v.from / step) * step; t <= v.to && times.length < 500; t += step) times.push(t);
  return { step, times };
}

export function formatTick(t: number, step: number): string {
  const d = new Date(t);
  const pad = (n: number, w = 2) => String(n).padStart(w, '0');
  const hms = `${pad(d.getHours())}:${pad(d.getMinutes())}`;
  if (step >= 86_400_000) return `${d.getFullYear()}-${pad(d.getMonth() + 1)}-${pad(d.getDate())}`;
  if (step >= 60_000) return hms;
  if (step >= 1000) return `${hms}:${pad(d.getSeconds())}`;
  return `${hms}:${pad(d.getSeconds())}.${pad(d.getMilliseconds(), 3)}`;
}

/** The marker nearest to x (within `tolerance` pixels) in a lane. Markers are sorted by time. */
export function markerNear(v: Viewport, lane: PresenceLane, x: number, tolerance = 5): PresenceMarkerView | null {
  const t = xToTime(v, x);
  const ms = lane.markers;
  let lo = 0;
  let hi = ms.length;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if (ms[mid]!.time < t) lo = mid + 1;
    else hi = mid;
  }
  let best: PresenceMarkerView | null = null;
  let bestDx = tolerance + 1;
  for (const i of [lo - 2, lo - 1, lo, lo + 1]) {
    const m = ms[i];
    if (!m) continue;
    const dx = Math.abs(timeToX(v, m.time) - x);
    if (dx <= tolerance && dx < bestDx) {
      best = m;
      bestDx = dx;
    }
  }
  return best;
}

/** A lane's state at an instant from its spans (undefined before the first). */
export function laneStateAt(lane: PresenceLane, t: number): PresenceLane['spans'][number]['state'] | undefined {
  let found: PresenceLane['spans'][number]['state'] | undefined;
  for (const s of lane.spans) {
    if (s.from > t) break;
    found = s.state;
  }
  return found;
}
