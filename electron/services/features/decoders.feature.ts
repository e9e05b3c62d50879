import type { decodersMethods } from '../../../shared/contract/decoders.contract';
import type { Feature } from '../core/feature';
import { DecoderService } from '../decoders/decoder-service';

export const decodersFeature: Feature<typeof decodersMethods> = (ctx) => {
  const svc = new DecoderService(ctx.options.dataDir, ctx.services.get('messages'));
  if (svc.loadProblem) ctx.warnings.push(svc.loadProblem);
  const changed = () => ctx.events.emit('decoders.changed', {});
  return {
    handlers: {
      'decoders.rules': () => svc.list(),
      'decoders.setRule': (rule) => {
        svc.setRule(rule);
        changed();
        return { ok: true as const };
      },
      'decoders.removeRule': ({ topicFilter }) => {
        svc.removeRule(topicFilter);
        changed();
        return { ok: true as const };
      },
      'decoders.decode': ({ seq, rule }) => svc.decode(seq, rule),
    },
    dispose: () => svc.dispose(),
  };
};
