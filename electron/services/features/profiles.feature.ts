import type { profilesMethods } from '../../../shared/contract/profiles.contract';
import type { Feature } from '../core/feature';

export const profilesFeature: Feature<typeof profilesMethods> = () => ({
  handlers: {} as never,
});
