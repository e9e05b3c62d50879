import { z } from 'zod';
import { Ok, method } from './define';

/** Charts of a numeric field over time, the points extracted in main as messages arrive. */
export const chartsMethods = {
  /** Starts a series: every stored and future message on the topic filter whose payload has a number at the path. */
  'charts.open': method(
    z.object({ topicFilter: z.string().min(1), path: z.string().max(500).default(''), connectionId: z.string().optional() }),
    z.object({ seriesId: z.string(), total: z.number() }),
  ),
  /**
   * The points from index `since` on (indexes count every point the series ever had). `first` is the oldest index
   * still held: a renderer that is behind it missed points that fell out and starts again from `first`.
   */
  'charts.points': method(
    z.object({ seriesId: z.string(), since: z.number().int().min(0) }),
    z.object({ first: z.number(), total: z.number(), times: z.array(z.number()), values: z.array(z.number()) }),
  ),
  'charts.close': method(z.object({ seriesId: z.string() }), Ok),
};

export const chartsEvents = {};
