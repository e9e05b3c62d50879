import { describe, expect, it } from 'vitest';
import { alignSeries, appendPoints, toCsv } from './chart-data';

describe('chart data', () => {
  it('aligns series on the union of their times', () => {
    const d = alignSeries([
      { times: [1000, 3000], values: [1, 3] },
      { times: [2000, 3000], values: [20, 30] },
    ]);
    expect(d).toEqual([
      [1, 2, 3],
      [1, null, 3],
      [null, 20, 30],
    ]);
    expect(toCsv(['a/b temp', 'x,y'], d)).toBe(
      'time,a/b temp,"x,y"\n1970-01-01T00:00:01.000Z,1,\n1970-01-01T00:00:02.000Z,,20\n1970-01-01T00:00:03.000Z,3,30\n',
    );
  });

  it('appends incremental replies, and restarts when the held points fell out', () => {
    let s = { times: [] as number[], values: [] as number[], total: 0 };
    s = appendPoints(s, { first: 0, total: 2, times: [1, 2], values: [10, 20] });
    s = appendPoints(s, { first: 0, total: 3, times: [3], values: [30] });
    expect(s).toEqual({ times: [1, 2, 3], values: [10, 20, 30], total: 3 });
    s = appendPoints({ times: [1], values: [1], total: 1 }, { first: 5, total: 7, times: [6, 7], values: [6, 7] });
    expect(s).toEqual({ times: [6, 7], values: [6, 7], total: 7 });
  });
});
