import type { tokensMethods } from '../../../shared/contract/tokens.contract';
import type { ConnectionView, ProtocolLogEntry } from '../../../shared/contract/connections.contract';
import type { Profile } from '../../../shared/contract/profiles.contract';
import type { Feature } from '../core/feature';
import { measureClockOffset } from '../vendors/clock-offset';
import { TokenFactsStore } from '../tokens/token-facts-store';
import { TokenService, type GateIo, type ReconnectVerdict } from '../tokens/token-service';

declare module '../core/services' {
  interface Services {
    tokens: TokenService;
  }
}

/**
 * What this feature needs from the connection manager, looked up by name at start so this file does not
 * depend on the manager's module (hooks are optional: older managers simply do not gate).
 */
interface ConnectionsPort {
  list(): ConnectionView[];
  open(profileId: string): Promise<ConnectionView>;
  onState(listener: (v: ConnectionView) => void): () => void;
  onLog?(listener: (e: ProtocolLogEntry) => void): () => void;
  addAfterConnectHook?(hook: (connectionId: string, profile: Profile, io?: GateIo) => Promise<void>): () => void;
  addBeforeReconnectHook?(hook: (connectionId: string, profile: Profile) => Promise<ReconnectVerdict>): () => void;
}

export const tokensFeature: Feature<typeof tokensMethods> = (ctx) => {
  const facts = TokenFactsStore.inDataDir(ctx.options.dataDir);
  if (facts.loadProblem) ctx.warnings.push(facts.loadProblem);
  const svc = new TokenService({
    profiles: () => ctx.services.get('profiles'),
    facts,
    emit: (profileId, connectionId) => ctx.events.emit('tokens.changed', connectionId ? { profileId, connectionId } : { profileId }),
    measureClock: (endpoint) => measureClockOffset(endpoint, { timeoutMs: 4000 }),
    reopen: async (profileId) => {
      const conns = ctx.services.maybe('connections');
      if (conns) await conns.open(profileId);
    },
  });
  ctx.services.set('tokens', svc);
  const unhook: Array<() => void> = [];

  return {
    start: async () => {
      svc.start();
      const conns = (ctx.services as unknown as { maybe(name: string): unknown }).maybe('connections') as ConnectionsPort | undefined;
      if (conns) {
        for (const v of conns.list()) svc.onConnectionState(v);
        unhook.push(conns.onState((v) => svc.onConnectionState(v)));
        if (conns.onLog) unhook.push(conns.onLog((e) => svc.onProtocolLog(e)));
        if (conns.addAfterConnectHook) {
          unhook.push(
            conns.addAfterConnectHook(async (connectionId, profile, io) => {
              if (profile.kind !== 'aliyun-mq' || profile.authMode !== 'token') return;
              if (!io) throw new Error('this connection manager gives the token gate no way to upload: tokens cannot be sent');
              await svc.gate(connectionId, profile, io);
            }),
          );
        }
        if (conns.addBeforeReconnectHook) unhook.push(conns.addBeforeReconnectHook((connectionId, profile) => svc.beforeReconnect(connectionId, profile)));
      }
      const messages = ctx.services.maybe('messages');
      if (messages) unhook.push(messages.onIngest((msg) => svc.onMessage(msg.connectionId, msg.topic, msg.payload)));
    },
    dispose: async () => {
      for (const u of unhook.splice(0)) u();
      svc.dispose();
      await facts.flush();
    },
    handlers: {
      'tokens.list': (q) => svc.list(q),
      'tokens.apply': (i) => svc.apply(i),
      'tokens.query': (i) => svc.query(i.profileId, i.type),
      'tokens.revoke': (i) => svc.revoke(i.profileId, i.type),
      'tokens.renew': (i) => svc.renew(i.profileId, i.type),
      'tokens.paste': (i) => svc.paste(i),
      'tokens.remove': async (i) => {
        await svc.remove(i.profileId, i.type);
        return { ok: true as const };
      },
      'tokens.uploadNow': async (i) => ({ uploads: await svc.uploadNow(i.connectionId) }),
      'tokens.setPolicy': async (i) => {
        await svc.setPolicy(i.profileId, i.policy);
        return { ok: true as const };
      },
      'tokens.measureClock': (i) => svc.measureClock(i.profileId, i.endpoint),
      'tokens.timeline': (i) => svc.timeline(i.connectionId),
      'tokens.exportTimeline': (i) => svc.exportTimeline(i.connectionId, i.format),
    },
  };
};
