import type { connectionsMethods } from '../../../shared/contract/connections.contract';
import { AppError } from '../../../shared/contract/define';
import { encodePayload, PayloadEncodeError } from '../../../shared/mqtt/payload-codec';
import type { Feature } from '../core/feature';
import { ConnectionManager } from '../connections/connection-manager';

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
  return {
    handlers: {
      'connections.list': () => manager.list(),
      'connections.open': ({ profileId }) => manager.open(profileId),
      'connections.close': async ({ connectionId }) => {
        await manager.close(connectionId);
        return { ok: true as const };
      },
      'connections.subscribe': ({ connectionId, filter, qos, color }) => manager.subscribe(connectionId, filter, qos, color),
      'connections.unsubscribe': async ({ connectionId, filter }) => {
        await manager.unsubscribe(connectionId, filter);
        return { ok: true as const };
      },
      'connections.publish': async ({ connectionId, topic, payload, qos, retain, properties }) => {
        let bytes: Uint8Array;
        try {
          bytes = encodePayload(payload.format, payload.data);
        } catch (err) {
          if (err instanceof PayloadEncodeError) throw new AppError('invalid-payload', err.message, `Fix the ${payload.format} payload or choose another format.`);
          throw err;
        }
        await manager.publish(connectionId, { topic, payload: Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength), qos, retain, properties });
        // What the user published, as typed, for re-sending from the publish panel.
        const profileId = manager.get(connectionId)?.profileId;
        const history = ctx.services.maybe('publishHistory');
        if (profileId && history?.record(profileId, { topic, payload, qos, retain, properties, at: Date.now() })) ctx.events.emit('publishHistory.changed', { profileId });
        return { ok: true as const };
      },
      'connections.protocolLog': ({ connectionId, offset, limit }) => manager.protocolLog(connectionId, offset, limit),
      'connections.settle': async ({ connectionId, seqs, outcome }) => ({ settled: await manager.settle(connectionId, seqs, outcome) }),
    },
    dispose: () => manager.dispose(),
  };
};
