import type { presenceMethods } from '../../../shared/contract/presence.contract';
import type { Feature } from '../core/feature';

export const presenceFeature: Feature<typeof presenceMethods> = () => ({
  handlers: {} as never,
});
