import { describe, expect, it } from 'vitest';
import type { PresenceLane } from '../../../../shared/contract/presence.contract';
import {
  LANE_HEIGHT,
  clampScroll,
  fit,
  laneAtY,
  laneStateAt,
  markerNear,
  pan,
  ticks,
  timeToX,
  visibleLanes,
  xToTime,
  zoom,
  type Viewport,
} from './timeline-geometry';

const v: Viewport = { from: 1000, to: 11_000, width: 1000, height: 10 * LANE_HEIGHT, scrollTop: 0 };

describe('timeline geometry', () => {
  it('maps time and x both ways', () => {
    expect(timeToX(v, 6000)).toBe(500);
    expect(xToTime(v, 250)).toBe(3500);
  });
  it('lists only the visible lanes of 10,000', () => {
    expect(visibleLanes({ ...v, scrollTop: 5000 * LANE_HEIGHT + 5 }, 10_000)).toEqual({ first: 5000, last: 5011 });
    expect(visibleLanes(v, 3)).toEqual({ first: 0, last: 3 });
    expect(laneAtY({ ...v, scrollTop: LANE_HEIGHT * 2 }, 1, 10)).toBe(2);
    expect(laneAtY(v, LANE_HEIGHT * 20, 10)).toBeNull();
    expect(clampScroll(1e9, 10_000, 220)).toBe(10_000 * LANE_HEIGHT - 220);
    expect(clampScroll(-5, 10, 220)).toBe(0);
  });
  it('zooms around the anchor and pans by pixels', () => {
    const z = zoom(v, 0.5, 250);
    expect(z.to - z.from).toBe(5000);
    expect(xToTime({ ...v, ...z }, 250)).toBe(3500);
    expect(pan(v, 100)).toEqual({ from: 0, to: 10_000 });
  });
  it('fits a range, and a single instant gets room', () => {
    const f = fit({ from: 0, to: 100_000 });
    expect(f.from).toBeLessThan(0);
    expect(f.to).toBeGreaterThan(100_000);
    const one = fit({ from: 5000, to: 5000 });
    expect(one.to - one.from).toBeGreaterThanOrEqual(60_000);
    expect(one.from).toBeLessThan(5000);
  });
  it('ticks at a readable step', () => {
    const t = ticks(v, 100);
    expect(t.step).toBe(1000);
    expect(t.times[0]).toBe(1000);
  });
  it('finds the marker under the pointer and the state at an instant', () => {
    const lane: PresenceLane = {
      clientId: 'c',
      spans: [
        { from: 2000, to: 5000, state: 'online' },
        { from: 5000, state: 'offline' },
      ],
      markers: [
        { time: 2000, type: 'connect', source: 'mq', channelId: 'k' },
        { time: 5000, type: 'tcpclean', source: 'mq', channelId: 'k', late: true },
      ],
      markersOmitted: 0,
    };
    expect(markerNear(v, lane, 402)?.channelId).toBe('k');
    expect(markerNear(v, lane, 402)?.type).toBe('tcpclean');
    expect(markerNear(v, lane, 300)).toBeNull();
    expect(laneStateAt(lane, 1000)).toBeUndefined();
    expect(laneStateAt(lane, 4999)).toBe('online');
    expect(laneStateAt(lane, 5000)).toBe('offline');
  });
});
