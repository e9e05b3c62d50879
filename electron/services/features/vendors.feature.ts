import type { vendorsMethods } from '../../../shared/contract/vendors.contract';
import type { Feature } from '../core/feature';

export const vendorsFeature: Feature<typeof vendorsMethods> = () => ({
  handlers: {} as never,
});
