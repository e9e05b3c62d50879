import type { connectionsMethods } from '../../../shared/contract/connections.contract';
import type { Feature } from '../core/feature';

export const connectionsFeature: Feature<typeof connectionsMethods> = () => ({
  handlers: {} as never,
});
