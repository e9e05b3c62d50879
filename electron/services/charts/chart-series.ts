import { compileTopicFilter } from '../../../shared/mqtt/topic-filter';
import { numberAt, type PathSegment } from '../../../shared/charts/value-path';

/** Points one series keeps; the oldest fall out past it (the renderer is told through `first`). */
export const MAX_POINTS = 1_000_000;

/** One line of a chart: the number at a path in each message on a topic filter, in a ring of typed arrays. */
export class ChartSeries {
  private times: Float64Array;
  private values: Float64Array;
  /** Points ever added; the ring holds the last min(total, capacity). */
  total = 0;
  private readonly matches: (topic: string) => boolean;

  constructor(
    topicFilter: string,
    private readonly path: readonly PathSegment[],
    private readonly connectionId: string | undefined,
    private readonly capacity = MAX_POINTS,
  ) {
    this.matches = compileTopicFilter(topicFilter);
    // Grown on demand: most series stay small.
    this.times = new Float64Array(Math.min(1024, capacity));
    this.values = new Float64Array(Math.min(1024, capacity));
  }

  /** Cheap for messages that do not match: the topic test comes before any parsing. */
  offer(connectionId: string, topic: string, payload: Buffer, at: number): void {
    if (this.connectionId !== undefined && connectionId !== this.connectionId) return;
    if (!this.matches(topic)) return;
    // A number's text is short: a huge payload is parsed only when it could hold the path.
    const v = numberAt(payload.toString('utf8'), this.path);
    if (v === null) return;
    if (this.total < this.capacity && this.total === this.times.length) this.grow();
    const i = this.total % this.capacity;
    this.times[i] = at;
    this.values[i] = v;
    this.total++;
  }

  get first(): number {
    return Math.max(0, this.total - this.capacity);
  }

  points(since: number): { first: number; total: number; times: number[]; values: number[] } {
    const from = Math.max(since, this.first);
    const times: number[] = [];
    const values: number[] = [];
    for (let k = from; k < this.total; k++) {
      const i = k % this.capacity;
      times.push(this.times[i]!);
      values.push(this.values[i]!);
    }
    return { first: this.first, total: this.total, times, values };
  }

  private grow(): void {
    const size = Math.min(this.capacity, this.times.length * 2);
    const t = new Float64Array(size);
    const v = new Float64Array(size);
    t.set(this.times);
    v.set(this.values);
    this.times = t;
    this.values = v;
  }
}
