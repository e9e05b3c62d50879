import type { sandboxMethods } from '../../../shared/contract/sandbox.contract';
import type { Feature } from '../core/feature';

export const sandboxFeature: Feature<typeof sandboxMethods> = () => ({
  handlers: {} as never,
});
