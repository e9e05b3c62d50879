import type { topicsMethods } from '../../../shared/contract/topics.contract';
import type { Feature } from '../core/feature';
import { TopicTreeService } from '../topics/topic-tree-service';

declare module '../core/services' {
  interface Services {
    topics: TopicTreeService;
  }
}

export const topicsFeature: Feature<typeof topicsMethods> = (ctx) => {
  const svc = new TopicTreeService(ctx.services.get('messages'));
  ctx.services.set('topics', svc);
  return {
    handlers: {
      'topics.children': ({ connectionId, path, offset, limit }) => svc.children(connectionId, path, offset, limit),
      'topics.search': ({ connectionId, text, limit }) => svc.search(connectionId, text, limit),
      'topics.deleteRetained': async ({ connectionId, topic }) => {
        await ctx.services.get('connections').publish(connectionId, { topic, payload: Buffer.alloc(0), qos: 1, retain: true });
        return { ok: true as const };
      },
    },
    dispose() {
      svc.dispose();
    },
  };
};
