import { AppError } from '../../../shared/contract/define';
import type { Profile } from '../../../shared/contract/profiles.contract';
import { SlidingWindowLimit } from '../../../shared/presence/query-rate-limit';
import {
  ENABLE_ORDER_BODY,
  ENABLE_ORDER_TOPIC,
  MQ_LIMITS,
  OFFLINE_PULL_TOPIC,
  offlinePullBody,
  offlinePullUnavailable,
  offlinePullWindowOpen,
  p2pTarget,
  p2pTopic,
  publishLimitWarnings,
  subscribeLimitWarnings,
  type MqLimitWarning,
  type PushOrder,
} from '../../../shared/vendors/aliyun-mq-limits';
import type { IncomingMessage } from '../messages/incoming-message';
import type { ConnectionManager } from './connection-manager';

type MqProfile = Extract<Profile, { kind: 'aliyun-mq' }>;

/**
 * The MQ for IoT client features as actions on a live connection (offline pull, P2P send), the ordered-sending
 * step after each connect, and the limits check before a PUBLISH/SUBSCRIBE the broker would drop silently.
 * Everything it sends or warns about is written to the connection's protocol log.
 */
export class MqClientActions {
  private readonly pulls = new Map<string, SlidingWindowLimit>();
  private readonly now: () => number;

  constructor(
    private readonly manager: ConnectionManager,
    now?: () => number,
  ) {
    this.now = now ?? Date.now;
  }

  /** Hooks into the connection manager; returns the undo. */
  attach(): () => void {
    return this.manager.addAfterConnectHook(async (connectionId, profile, io) => {
      if (profile.kind !== 'aliyun-mq' || !profile.orderedSending || !io) return;
      io.log({
        dir: 'local',
        type: 'ordered-sending',
        summary: `Ordered sending on: ${ENABLE_ORDER_TOPIC} ${ENABLE_ORDER_BODY} (QoS 1, once after each connect)`,
      });
      await io.publish(ENABLE_ORDER_TOPIC, Buffer.from(ENABLE_ORDER_BODY), 1);
      void connectionId;
    }, 'after-gate');
  }

  private mq(connectionId: string, action: string): MqProfile {
    const profile = this.manager.profileOf(connectionId);
    if (profile.kind !== 'aliyun-mq')
      throw new AppError('not-mq-for-iot', `${action} is an MQ for IoT client feature; "${profile.name}" is a ${profile.kind} connection.`);
    return profile;
  }

  private connectedSince(connectionId: string, action: string): number {
    const v = this.manager.get(connectionId);
    if (v?.state.status !== 'connected')
      throw new AppError('not-connected', `Cannot ${action}: the connection is not connected right now.`, 'Wait until it shows connected (or open it again).');
    return v.state.since;
  }

  async pullOffline(connectionId: string, pushOrder: PushOrder, maxPushNum: number): Promise<{ topic: string; body: string }> {
    const profile = this.mq(connectionId, 'Pulling offline messages');
    const unavailable = offlinePullUnavailable({ cleanSession: profile.clean });
    if (unavailable) throw new AppError('offline-needs-persistent-session', unavailable);
    let body: string;
    try {
      body = offlinePullBody(pushOrder, maxPushNum);
    } catch (err) {
      throw new AppError('invalid-input', (err as Error).message);
    }
    const since = this.connectedSince(connectionId, 'pull offline messages');
    const now = this.now();
    if (!offlinePullWindowOpen({ connectedAt: since, now, keepaliveSec: profile.keepaliveSec })) {
      throw new AppError(
        'offline-pull-window',
        `Offline messages can be pulled only within the first keep-alive period (${profile.keepaliveSec} s) after connecting; after it the broker pushes them slowly by itself.`,
        'Reconnect and pull right after the connection shows connected.',
      );
    }
    let limit = this.pulls.get(connectionId);
    if (!limit) this.pulls.set(connectionId, (limit = new SlidingWindowLimit(MQ_LIMITS.offlinePullsPerSecond, 1000)));
    if (!limit.take(now)) {
      throw new AppError(
        'offline-pull-rate',
        `At most ${MQ_LIMITS.offlinePullsPerSecond} offline pulls a second: the broker ignores more.`,
        `Try again in ${Math.max(1, limit.nextAt(now) - now)} ms.`,
      );
    }
    this.manager.log(connectionId, {
      dir: 'local',
      type: 'offline-pull',
      summary: `Pulling up to ${maxPushNum} offline messages, ${pushOrder === 'ASC' ? 'oldest' : 'newest'} first (${OFFLINE_PULL_TOPIC} ${body})`,
    });
    await this.manager.publish(connectionId, { topic: OFFLINE_PULL_TOPIC, payload: Buffer.from(body), qos: 1, retain: false });
    return { topic: OFFLINE_PULL_TOPIC, body };
  }

  async sendP2p(
    connectionId: string,
    req: { parentTopic: string; targetClientId: string; payload: Buffer; qos: 0 | 1 },
  ): Promise<{ topic: string; warnings: string[] }> {
    this.mq(connectionId, 'A P2P message');
    let topic: string;
    try {
      topic = p2pTopic(req.parentTopic, req.targetClientId);
    } catch (err) {
      throw new AppError('invalid-input', (err as Error).message);
    }
    const warnings = this.checkPublish(connectionId, topic, req.payload.length);
    this.manager.log(connectionId, {
      dir: 'local',
      type: 'p2p',
      summary: `P2P message to ${req.targetClientId} on ${topic} (${req.payload.length} B, QoS ${req.qos})`,
    });
    await this.manager.publish(connectionId, { topic, payload: req.payload, qos: req.qos, retain: false });
    return { topic, warnings };
  }

  /** Warns (protocol log) before a PUBLISH the broker would drop; MQ for IoT connections only. Returns the words. */
  checkPublish(connectionId: string, topic: string, bodyBytes: number): string[] {
    const profile = this.manager.profileOf(connectionId);
    if (profile.kind !== 'aliyun-mq') return [];
    return this.logWarnings(connectionId, publishLimitWarnings({ topic, bodyBytes }));
  }

  checkSubscribe(connectionId: string, filter: string, qos: 0 | 1 | 2): string[] {
    const profile = this.manager.profileOf(connectionId);
    if (profile.kind !== 'aliyun-mq') return [];
    const existing = (this.manager.get(connectionId)?.subscriptions ?? []).map((s) => s.filter);
    return this.logWarnings(connectionId, subscribeLimitWarnings({ filter, qos, cleanSession: profile.clean, existing }));
  }

  /** A P2P message arrives with no subscription behind it: say so, so it does not look like a stray. */
  onIncoming(msg: IncomingMessage): void {
    if (msg.protocol !== 'mqtt') return;
    const target = p2pTarget(msg.topic);
    if (!target) return;
    const v = this.manager.get(msg.connectionId);
    if (!v || v.kind !== 'aliyun-mq') return;
    this.manager.log(msg.connectionId, {
      dir: 'local',
      type: 'p2p',
      summary: `P2P message for ${target} received on ${msg.topic} (${msg.payload.length} B; delivered by the broker without a subscription)`,
    });
  }

  forget(connectionId: string): void {
    this.pulls.delete(connectionId);
  }

  private logWarnings(connectionId: string, warnings: MqLimitWarning[]): string[] {
    for (const w of warnings)
      this.manager.log(connectionId, {
        dir: 'local',
        type: 'limit-warning',
        summary: `MQ for IoT limit: ${w.message}`,
        explanation: w.message,
        detail: { code: w.code },
      });
    return warnings.map((w) => w.message);
  }
}
