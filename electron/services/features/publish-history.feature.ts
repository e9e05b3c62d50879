import type { publishHistoryMethods } from '../../../shared/contract/publish-history.contract';
import type { Feature } from '../core/feature';
import { PublishHistory } from '../publish/publish-history';

declare module '../core/services' {
  interface Services {
    publishHistory: PublishHistory;
  }
}

export const publishHistoryFeature: Feature<typeof publishHistoryMethods> = (ctx) => {
  const history = new PublishHistory(ctx.options.dataDir);
  if (history.loadProblem) ctx.warnings.push(history.loadProblem);
  ctx.services.set('publishHistory', history);
  const changed = (profileId: string) => ctx.events.emit('publishHistory.changed', { profileId });
  return {
    handlers: {
      'publishHistory.list': ({ profileId }) => history.list(profileId),
      'publishHistory.saveTemplate': ({ profileId, template }) => {
        history.saveTemplate(profileId, template);
        changed(profileId);
        return { ok: true as const };
      },
      'publishHistory.deleteTemplate': ({ profileId, name }) => {
        history.deleteTemplate(profileId, name);
        changed(profileId);
        return { ok: true as const };
      },
      'publishHistory.clear': ({ profileId }) => {
        history.clear(profileId);
        changed(profileId);
        return { ok: true as const };
      },
    },
    dispose: () => history.flush(),
  };
};
