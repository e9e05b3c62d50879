import { AppError } from '../../../shared/contract/define';
import type { presenceMethods } from '../../../shared/contract/presence.contract';
import type { PresenceEvent } from '../../../shared/presence/presence-event';
import type { Feature } from '../core/feature';
import { OnlineQueryPoller } from '../presence/online-query-poller';
import { PresenceOrigins } from '../presence/presence-origins';
import { PresenceService } from '../presence/presence-service';

declare module '../core/services' {
  interface Services {
    presence: PresenceService;
    /** The live presence and one per opened capture (captures open and close theirs). */
    presenceOrigins: PresenceOrigins;
  }
}

export const presenceFeature: Feature<typeof presenceMethods> = (ctx) => {
  const service = new PresenceService((payload) => ctx.events.emit('presence.changed', payload));
  ctx.services.set('presence', service);
  const origins = new PresenceOrigins(service, (payload) => ctx.events.emit('presence.changed', payload));
  ctx.services.set('presenceOrigins', origins);
  const disposers: (() => void)[] = [];
  let poller: OnlineQueryPoller | null = null;

  const stopPoller = () => {
    poller?.stop();
    poller = null;
  };

  return {
    handlers: {
      'presence.snapshot': ({ filter, origin, offset, limit, order }) => {
        const svc = origins.get(origin);
        return {
          ...svc.page(filter, offset, limit, order),
          counts: svc.counts(),
          range: svc.range(),
          settings: { ...svc.settings },
          sourceTopics: svc.sourceTopics(),
          poller: svc === service ? (poller?.view() ?? null) : null,
          origins: origins.origins(),
        };
      },
      'presence.lanes': ({ from, to, origin, clientIds, maxMarkersPerLane }) => {
        const svc = origins.get(origin);
        try {
          return { lanes: svc.lanes(from, to, clientIds, maxMarkersPerLane) };
        } catch (err) {
          throw new AppError('bad-range', (err as Error).message, 'Ask for a range whose end is after its start.');
        }
      },
      'presence.stateAt': ({ time, clientIds, filter, origin }) => origins.get(origin).stateAt(time, clientIds, filter),
      'presence.exportCsv': ({ filter, origin }) => origins.get(origin).exportCsv(filter),
      'presence.addEvents': ({ events, text, topic }) => {
        if (!events && text === undefined)
          throw new AppError('nothing-to-add', 'Give events or pasted text.', 'Paste NDJSON lines or a JSON array of presence events.');
        const a = events ? service.addEvents(events as PresenceEvent[]) : { added: 0, rejected: 0, problems: [] as string[] };
        const b = text !== undefined ? service.addText(text, topic) : { added: 0, rejected: 0, problems: [] as string[] };
        return { added: a.added + b.added, rejected: a.rejected + b.rejected, problems: [...a.problems, ...b.problems].slice(0, 50) };
      },
      'presence.setSourceTopic': (input) => {
        try {
          return { sourceTopics: origins.setSourceTopic(input) };
        } catch (err) {
          throw new AppError('bad-topic-filter', (err as Error).message, 'Use an MQTT topic filter such as GID_demo_MQTT or /as/mqtt/status/#.');
        }
      },
      'presence.configure': (patch) => origins.configure(patch),
      'presence.poll': async ({ profileId, clientIds, intervalMs }) => {
        stopPoller();
        if (clientIds.length === 0) return { poller: null };
        const profiles = ctx.services.maybe('profiles');
        const profile = profiles?.get(profileId);
        if (!profiles || !profile) throw new AppError('no-profile', `No profile with id ${profileId}.`);
        if (profile.kind !== 'aliyun-mq') {
          throw new AppError(
            'wrong-kind',
            `The online query is an MQ for IoT API; profile "${profile.name}" is ${profile.kind}.`,
            'Choose an MQ for IoT profile.',
          );
        }
        const baseUrl = profile.onlineQueryUrl || `https://${profile.host}`;
        poller = new OnlineQueryPoller(
          { profileId, baseUrl, accessKey: profile.accessKey, secretKey: () => profiles.getSecret(profileId, 'secretKey') },
          clientIds,
          intervalMs,
          (ev) => service.addEvents([ev]),
        );
        poller.start();
        return { poller: poller.view() };
      },
      'presence.clear': ({ origin }) => {
        origins.get(origin).clear();
        return { ok: true as const };
      },
    },
    async start() {
      // Both are optional: the message store and connections are other features.
      const messages = ctx.services.maybe('messages');
      // An opened capture's messages (connection id capture:<id>) feed that capture's presence only.
      if (messages) disposers.push(messages.onIngest((msg) => origins.forConnection(msg.connectionId).ingestMessage(msg)));
      disposers.push(ctx.events.on('connections.state', (view) => service.onConnectionState(view)));
    },
    dispose() {
      stopPoller();
      for (const d of disposers.splice(0)) d();
      origins.dispose();
      service.dispose();
    },
  };
};
