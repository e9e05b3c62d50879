import type { rocketmqMethods } from '../../../shared/contract/rocketmq.contract';
import type { Feature } from '../core/feature';

/** RocketMQ-only views of a connection (the consumer diagnostics panel); the connection itself is the manager's. */
export const rocketmqFeature: Feature<typeof rocketmqMethods> = (ctx) => ({
  handlers: {
    'rocketmq.diagnostics': ({ connectionId }) => ctx.services.get('connections').rocketmqDiagnostics(connectionId),
  },
});
