import type { tokensMethods } from '../../../shared/contract/tokens.contract';
import type { Feature } from '../core/feature';

export const tokensFeature: Feature<typeof tokensMethods> = () => ({
  handlers: {} as never,
});
