import { describe, expect, it } from 'vitest';
import { parseValuePath } from '../../../shared/charts/value-path';
import { ChartSeries } from './chart-series';

const buf = (s: string) => Buffer.from(s);

describe('ChartSeries', () => {
  it('takes numbers at the path from matching topics only, in order', () => {
    const s = new ChartSeries('plant/+/telemetry', parseValuePath('t'), undefined);
    s.offer('c1', 'plant/p1/telemetry', buf('{"t":20.5}'), 1000);
    s.offer('c1', 'plant/p1/status', buf('{"t":99}'), 1001);
    s.offer('c2', 'plant/p2/telemetry', buf('{"t":"21"}'), 1002);
    s.offer('c1', 'plant/p1/telemetry', buf('{"x":1}'), 1003);
    expect(s.points(0)).toEqual({ first: 0, total: 2, times: [1000, 1002], values: [20.5, 21] });
    expect(s.points(1).values).toEqual([21]);
  });

  it('keeps to one connection when asked', () => {
    const s = new ChartSeries('#', [], 'c1');
    s.offer('c1', 'a', buf('1'), 1);
    s.offer('c2', 'a', buf('2'), 2);
    expect(s.points(0).values).toEqual([1]);
  });

  it('a full ring drops the oldest and says where it starts', () => {
    const s = new ChartSeries('#', [], undefined, 3);
    for (let i = 0; i < 5; i++) s.offer('c', 'a', buf(String(i)), i);
    expect(s.points(0)).toEqual({ first: 2, total: 5, times: [2, 3, 4], values: [2, 3, 4] });
    expect(s.points(4)).toEqual({ first: 2, total: 5, times: [4], values: [4] });
  });

  it('grows past its first allocation', () => {
    const s = new ChartSeries('#', [], undefined);
    for (let i = 0; i < 5000; i++) s.offer('c', 'a', buf(String(i)), i);
    const p = s.points(4990);
    expect(p.total).toBe(5000);
    expect(p.values).toEqual([4990, 4991, 4992, 4993, 4994, 4995, 4996, 4997, 4998, 4999]);
  });
});
