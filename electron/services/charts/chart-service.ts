import { AppError } from '../../../shared/contract/define';
import { parseValuePath, ValuePathError } from '../../../shared/charts/value-path';
import type { MessageService } from '../messages/message-service';
import { ChartSeries } from './chart-series';

const MAX_SERIES = 32;

/** Open chart series, fed from the store's history once and then from its ingest tap. */
export class ChartService {
  private series = new Map<string, ChartSeries>();
  private nextId = 1;
  private unsubscribe: () => void;

  constructor(private readonly messages: MessageService) {
    this.unsubscribe = messages.onIngest((m) => {
      for (const s of this.series.values()) s.offer(m.connectionId, m.topic, m.payload, m.arrivedAt);
    });
  }

  open(topicFilter: string, pathText: string, connectionId?: string): { seriesId: string; total: number } {
    if (this.series.size >= MAX_SERIES)
      throw new AppError('too-many-series', `At most ${MAX_SERIES} chart series can be open.`, 'Remove a series you no longer need.');
    let path;
    try {
      path = parseValuePath(pathText);
    } catch (err) {
      if (err instanceof ValuePathError)
        throw new AppError(
          'invalid-path',
          `The value path is not valid: ${err.message}.`,
          'Write it like temp, params.values[0] or services[0].properties.temperature; leave it empty for a payload that is a number.',
        );
      throw err;
    }
    let series: ChartSeries;
    try {
      series = new ChartSeries(topicFilter, path, connectionId);
    } catch (err) {
      throw new AppError('invalid-filter', `The topic filter is not valid: ${(err as Error).message}`, 'Use + for one level and # at the end for the rest.');
    }
    // History first, in arrival order, then live messages through the tap.
    const { latestSeq, size } = this.messages.stats();
    for (let seq = Math.max(0, latestSeq - size + 1); seq <= latestSeq; seq++) {
      const m = this.messages.get(seq);
      if (m) series.offer(m.connectionId, m.topic, m.payload, m.arrivedAt);
    }
    const seriesId = `s${this.nextId++}`;
    this.series.set(seriesId, series);
    return { seriesId, total: series.total };
  }

  points(seriesId: string, since: number) {
    const s = this.series.get(seriesId);
    if (!s) throw new AppError('no-series', `Chart series ${seriesId} is not open.`, 'Add the series again.');
    return s.points(since);
  }

  close(seriesId: string): void {
    this.series.delete(seriesId);
  }

  dispose(): void {
    this.unsubscribe();
    this.series.clear();
  }
}
