import type { messagesMethods } from '../../../shared/contract/messages.contract';
import type { Feature } from '../core/feature';

export const messagesFeature: Feature<typeof messagesMethods> = () => ({
  handlers: {} as never,
});
