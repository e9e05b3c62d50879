import type { chartsMethods } from '../../../shared/contract/charts.contract';
import type { Feature } from '../core/feature';
import { ChartService } from '../charts/chart-service';

export const chartsFeature: Feature<typeof chartsMethods> = (ctx) => {
  const svc = new ChartService(ctx.services.get('messages'));
  return {
    handlers: {
      'charts.open': ({ topicFilter, path, connectionId }) => svc.open(topicFilter, path, connectionId),
      'charts.points': ({ seriesId, since }) => svc.points(seriesId, since),
      'charts.close': ({ seriesId }) => {
        svc.close(seriesId);
        return { ok: true as const };
      },
    },
    dispose: () => svc.dispose(),
  };
};
