import type { diffMethods } from '../../../shared/contract/diff.contract';
import { AppError } from '../../../shared/contract/define';
import type { Feature } from '../core/feature';

/** How far back "the previous message on this topic" is looked for: a bound, so one call stays cheap. */
const MAX_SCAN = 200_000;

export const diffFeature: Feature<typeof diffMethods> = (ctx) => ({
  handlers: {
    'diff.previousOnTopic': ({ seq }) => {
      const messages = ctx.services.get('messages');
      const m = messages.get(seq);
      if (!m) throw new AppError('no-message', `Message ${seq} is no longer in the store.`);
      const { latestSeq, size } = messages.stats();
      const oldest = Math.max(0, latestSeq - size + 1, seq - MAX_SCAN);
      for (let s = seq - 1; s >= oldest; s--) {
        const p = messages.get(s);
        if (p && p.topic === m.topic && p.connectionId === m.connectionId) return { seq: s };
      }
      return { seq: null };
    },
  },
});
