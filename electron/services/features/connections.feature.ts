import type { connectionsMethods } from '../../../shared/contract/connections.contract';
import { AppError } from '../../../shared/contract/define';
import { encodePayload, PayloadEncodeError } from '../../../shared/mqtt/payload-codec';
import type { Feature } from '../core/feature';
import { ConnectionManager } from '../connections/connection-manager';
import { MqClientActions } from '../connections/mq-client-actions';

declare module '../core/services' {
  interface Services {
    connections: ConnectionManager;
  }
}

export const connectionsFeature: Feature<typeof connectionsMethods> = (ctx) => {
  const manager = new ConnectionManager({
    profiles: () => ctx.services.get('profiles'),
    sink: () => ctx.services.get('messages'),
    emitState: (view) => ctx.events.emit('connections.state', view),
    emitLog: (entries) => ctx.events.emit('connections.log', { entries }),
  });
  ctx.services.set('connections', manager);
  const mq = new MqClientActions(manager);
  const undo: Array<() => void> = [];
  const bytesOf = (payload: { format: Parameters<typeof encodePayload>[0]; data: string }): Buffer => {
    let bytes: Uint8Array;
    try {
      bytes = encodePayload(payload.format, payload.data);
    } catch (err) {
      if (err instanceof PayloadEncodeError) throw new AppError('invalid-payload', err.message, `Fix the ${payload.format} payload or choose another format.`);
      throw err;
    }
    return Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  };
  return {
    start: async () => {
      // After every feature: the token gate's hook is registered by then, and runs first ('gate' phase).
      undo.push(mq.attach());
      const messages = ctx.services.maybe('messages');
      if (messages) undo.push(messages.onIngest((msg) => mq.onIncoming(msg)));
    },
    handlers: {
      'connections.list': () => manager.list(),
      'connections.open': ({ profileId }) => manager.open(profileId),
      'connections.close': async ({ connectionId }) => {
        await manager.close(connectionId);
        return { ok: true as const };
      },
      'connections.subscribe': ({ connectionId, filter, qos, color }) => {
        mq.checkSubscribe(connectionId, filter, qos);
        return manager.subscribe(connectionId, filter, qos, color);
      },
      'connections.unsubscribe': async ({ connectionId, filter }) => {
        await manager.unsubscribe(connectionId, filter);
        return { ok: true as const };
      },
      'connections.publish': async ({ connectionId, topic, payload, qos, retain, properties }) => {
        const bytes = bytesOf(payload);
        mq.checkPublish(connectionId, topic, bytes.length);
        await manager.publish(connectionId, { topic, payload: bytes, qos, retain, properties });
        // What the user published, as typed, for re-sending from the publish panel.
        const profileId = manager.get(connectionId)?.profileId;
        const history = ctx.services.maybe('publishHistory');
        if (profileId && history?.record(profileId, { topic, payload, qos, retain, properties, at: Date.now() }))
          ctx.events.emit('publishHistory.changed', { profileId });
        return { ok: true as const };
      },
      'connections.mqPullOffline': ({ connectionId, pushOrder, maxPushNum }) => mq.pullOffline(connectionId, pushOrder, maxPushNum),
      'connections.mqSendP2p': ({ connectionId, parentTopic, targetClientId, payload, qos }) =>
        mq.sendP2p(connectionId, { parentTopic, targetClientId, payload: bytesOf(payload), qos }),
      'connections.protocolLog': ({ connectionId, offset, limit }) => manager.protocolLog(connectionId, offset, limit),
      'connections.settle': async ({ connectionId, seqs, outcome }) => ({ settled: await manager.settle(connectionId, seqs, outcome) }),
    },
    dispose: () => {
      for (const u of undo.splice(0)) u();
      return manager.dispose();
    },
  };
};
