/**
 * MQ for IoT client rules [seed 004, cloud-behaviours §1] that the broker enforces silently: a body over
 * 64 KB is dropped, the 31st subscription is ignored, a topic over 64 characters ends the connection, QoS 2
 * with cleanSession off behaves as clean (no offline messages). Fieldscope warns before sending, and
 * offers the client features (offline pull, ordered sending, P2P) as actions. Pure: no I/O.
 */

export const MQ_LIMITS = {
  maxBodyBytes: 64 * 1024,
  maxSubscriptions: 30,
  maxTopicLength: 64,
  offlinePullMin: 1,
  offlinePullMax: 30,
  offlinePullsPerSecond: 5,
} as const;

export type MqLimitCode = 'body-too-large' | 'subscription-31' | 'topic-too-long' | 'qos2-persistent';

export interface MqLimitWarning {
  code: MqLimitCode;
  /** What the broker will do and what to change. */
  message: string;
}

function topicTooLong(topic: string): MqLimitWarning | null {
  return topic.length > MQ_LIMITS.maxTopicLength
    ? {
        code: 'topic-too-long',
        message: `The topic is ${topic.length} characters; MQ for IoT allows at most ${MQ_LIMITS.maxTopicLength} and closes the connection. Shorten it.`,
      }
    : null;
}

/** Before a PUBLISH: what the broker would drop or refuse. */
export function publishLimitWarnings(p: { topic: string; bodyBytes: number }): MqLimitWarning[] {
  const out: MqLimitWarning[] = [];
  const t = topicTooLong(p.topic);
  if (t) out.push(t);
  if (p.bodyBytes > MQ_LIMITS.maxBodyBytes) {
    out.push({
      code: 'body-too-large',
      message: `The body is ${p.bodyBytes} bytes; MQ for IoT drops bodies over ${MQ_LIMITS.maxBodyBytes} bytes (64 KB) without telling the sender. Split it or send less.`,
    });
  }
  return out;
}

/**
 * Before a SUBSCRIBE. `existing` are the connection's current filters; re-subscribing one of them does not
 * add a subscription.
 */
export function subscribeLimitWarnings(p: { filter: string; qos: 0 | 1 | 2; cleanSession: boolean; existing: readonly string[] }): MqLimitWarning[] {
  const out: MqLimitWarning[] = [];
  const t = topicTooLong(p.filter);
  if (t) out.push(t);
  if (!p.existing.includes(p.filter) && p.existing.length >= MQ_LIMITS.maxSubscriptions) {
    out.push({
      code: 'subscription-31',
      message: `This would be subscription ${p.existing.length + 1}; MQ for IoT keeps at most ${MQ_LIMITS.maxSubscriptions} per client and ignores the rest silently (granted, but nothing arrives). Unsubscribe one, or use a wildcard.`,
    });
  }
  if (p.qos === 2 && !p.cleanSession) {
    out.push({
      code: 'qos2-persistent',
      message:
        'QoS 2 with cleanSession off is not supported: the broker treats it as a clean session and keeps no offline messages. Subscribe with QoS 1 to get offline messages.',
    });
  }
  return out;
}

// ---- offline messages ($SYS/getOfflineMsg) -------------------------------------------------------------

export const OFFLINE_PULL_TOPIC = '$SYS/getOfflineMsg';
export type PushOrder = 'ASC' | 'DESC';

/** Why a pull cannot work on this connection (null: it can). Offline messages exist only for persistent sessions. */
export function offlinePullUnavailable(p: { cleanSession: boolean }): string | null {
  return p.cleanSession
    ? 'Offline messages are kept only for QoS 1 subscriptions with cleanSession off; this profile uses a clean session. Turn "Clean session" off (and subscribe with QoS 1), then connect again.'
    : null;
}

/** The body of a pull; throws with what to fix for a count outside 1-30. */
export function offlinePullBody(pushOrder: PushOrder, maxPushNum: number): string {
  if (!Number.isInteger(maxPushNum) || maxPushNum < MQ_LIMITS.offlinePullMin || maxPushNum > MQ_LIMITS.offlinePullMax) {
    throw new RangeError(`maxPushNum must be a whole number from ${MQ_LIMITS.offlinePullMin} to ${MQ_LIMITS.offlinePullMax}, got ${maxPushNum}.`);
  }
  return JSON.stringify({ pushOrder, maxPushNum });
}

/** Pulls count only within the first keep-alive period after the CONNACK (keep-alive 0: no limit). */
export function offlinePullWindowOpen(p: { connectedAt: number; now: number; keepaliveSec: number }): boolean {
  return p.keepaliveSec === 0 || p.now - p.connectedAt <= p.keepaliveSec * 1000;
}

// ---- ordered sending ---------------------------------------------------------------------------------

export const ENABLE_ORDER_TOPIC = '$SYS/enableOrderMsg';
export const ENABLE_ORDER_BODY = JSON.stringify({ order: 'true' });

// ---- point to point ----------------------------------------------------------------------------------

/** `<parent>/p2p/<ClientID>`: the broker delivers it to that client only, with no subscription needed. */
export function p2pTopic(parentTopic: string, targetClientId: string): string {
  const parent = parentTopic.trim();
  if (!parent || parent.includes('/') || /[+#]/.test(parent))
    throw new RangeError(`The parent topic must be one first-level topic created in the console (no '/', '+' or '#'), got '${parentTopic}'.`);
  if (!/^GID_[A-Za-z0-9_-]+@@@\S+$/.test(targetClientId))
    throw new RangeError(`The target must be a Client ID of the form GID_xxx@@@DeviceID, got '${targetClientId}'.`);
  return `${parent}/p2p/${targetClientId}`;
}

/** The target Client ID of a P2P topic, or null for any other topic. */
export function p2pTarget(topic: string): string | null {
  // Runs for every received MQTT message: no split, no allocation unless the second level is 'p2p'.
  const i = topic.indexOf('/');
  if (i < 0 || !topic.startsWith('p2p/', i + 1)) return null;
  const rest = topic.slice(i + 5);
  return rest && rest[0] !== '/' ? rest : null;
}
