// Several series, each with its own timestamps, as the one x axis uPlot draws: the union of times, each series
// null where it has no point (uPlot then skips or bridges the gap).

export interface SeriesPoints {
  times: number[];
  values: number[];
}

export type AlignedData = [number[], ...(number | null)[][]];

/** Times in seconds (uPlot's unit), merged in order; inputs are each sorted by time. */
export function alignSeries(series: readonly SeriesPoints[]): AlignedData {
  const idx = series.map(() => 0);
  const xs: number[] = [];
  const ys: (number | null)[][] = series.map(() => []);
  for (;;) {
    let next = Infinity;
    for (let s = 0; s < series.length; s++) {
      const t = series[s]!.times[idx[s]!];
      if (t !== undefined && t < next) next = t;
    }
    if (next === Infinity) break;
    xs.push(next / 1000);
    for (let s = 0; s < series.length; s++) {
      const p = series[s]!;
      if (p.times[idx[s]!] === next) {
        ys[s]!.push(p.values[idx[s]!]!);
        idx[s]!++;
      } else ys[s]!.push(null);
    }
  }
  return [xs, ...ys];
}

/** CSV with an ISO time column and one column per series (empty where a series has no point). */
export function toCsv(labels: readonly string[], data: AlignedData): string {
  const quote = (s: string) => (/[",\n]/.test(s) ? `"${s.replace(/"/g, '""')}"` : s);
  const lines = [['time', ...labels].map(quote).join(',')];
  const [xs, ...ys] = data;
  for (let i = 0; i < xs.length; i++) {
    lines.push([new Date(xs[i]! * 1000).toISOString(), ...ys.map((y) => (y[i] === null || y[i] === undefined ? '' : String(y[i])))].join(','));
  }
  return lines.join('\n') + '\n';
}

/** Adds fetched points to a series' arrays; a reply that starts past what we hold means points fell out. */
export function appendPoints(
  held: SeriesPoints & { total: number },
  reply: { first: number; total: number; times: number[]; values: number[] },
  maxPoints = 1_000_000,
): SeriesPoints & { total: number } {
  if (held.total < reply.first) return { times: reply.times, values: reply.values, total: reply.total };
  const times = held.times.concat(reply.times);
  const values = held.values.concat(reply.values);
  const cut = Math.max(0, times.length - maxPoints);
  return { times: cut ? times.slice(cut) : times, values: cut ? values.slice(cut) : values, total: reply.total };
}
