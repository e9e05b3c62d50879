import type { capturesMethods } from '../../../shared/contract/captures.contract';
import type { Feature } from '../core/feature';

export const capturesFeature: Feature<typeof capturesMethods> = () => ({
  handlers: {} as never,
});
