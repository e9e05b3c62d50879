/**
 * Pre-connect checks: problems a vendor would refuse (or silently mishandle) found before connecting,
 * each with the fix in words. Pure: the caller passes the clock and, where measured, the clock offset.
 */
import type { Profile } from '../contract/profiles.contract';
import { aliyunMqClientId } from './aliyun-mq-signature';

export type Severity = 'error' | 'warning';

export interface Finding {
  severity: Severity;
  /** Stable machine code, e.g. `client-id-too-long`. */
  code: string;
  message: string;
  fix: string;
  /** Which wording of the code (`client-id-too-long.amqp`) and its values, so a UI can word it in its language. */
  id?: string;
  vars?: Record<string, string | number>;
}

/** The wording id of a finding and the values its words carry. */
interface Wording {
  id?: string;
  vars?: Record<string, string | number>;
}

export interface CheckOptions {
  now: number;
  /** Local clock minus server clock (ms), when measured (e.g. from an endpoint's HTTP Date header). */
  clockOffsetMs?: number;
  /** Topic filters that will be subscribed (defaults to the profile's auto-subscriptions). */
  subscriptions?: ReadonlyArray<{ filter: string; qos?: 0 | 1 | 2 }>;
  /** Topics that will be published to (checked for length). */
  publishTopics?: readonly string[];
  /** Size in bytes of a message about to be published. */
  payloadSize?: number;
  payloadQos?: 0 | 1 | 2;
}

export const MQ_CLIENT_ID_MAX = 64;
export const MQ_TOPIC_MAX = 64;
export const MQ_MAX_SUBSCRIPTIONS = 30;
export const MQ_MAX_PAYLOAD = 64 * 1024;
export const MQ_KEEPALIVE_MAX = 100;
export const AMQP_IDLE_MIN_SEC = 30;
export const AMQP_IDLE_MAX_SEC = 300;
export const CLOCK_SKEW_MAX_MS = 5 * 60_000;
export const STS_EXPIRY_WARN_MS = 5 * 60_000;

/** Characters a user cannot see: controls, whitespace, zero-width and BOM, line/paragraph separators. */
const INVISIBLE = /[\u0000-\u0020\u007f-\u00a0\u00ad\u1680\u180e\u2000-\u200f\u2028-\u202f\u205f-\u2064\u3000\ufeff]/u;
export const hasInvisibleChars = (s: string): boolean => INVISIBLE.test(s);

/** Group ID: `GID_` then letters and digits only, 7-32 characters in all. */
export const GROUP_ID_PATTERN = /^GID_[A-Za-z0-9]{3,28}$/;

const ALIYUN_MQ_PORTS: Record<string, number> = { tcp: 1883, tls: 8883, ws: 80, wss: 443 };

function describeOffset(ms: number): string {
  const s = Math.round(Math.abs(ms) / 1000);
  const text = s >= 120 ? `${Math.round(s / 60)} min` : `${s} s`;
  return `${text} ${ms > 0 ? 'ahead of' : 'behind'} the server`;
}

function visibleEscape(s: string): string {
  return Array.from(s)
    .map((ch) => (INVISIBLE.test(ch) ? `\\u${ch.codePointAt(0)!.toString(16).padStart(4, '0')}` : ch))
    .join('');
}

type Add = (severity: Severity, code: string, message: string, fix: string, wording?: Wording) => void;

function checkTls(profile: Profile, add: Add): void {
  const skipped =
    ((profile.kind === 'mqtt' || profile.kind === 'aliyun-mq' || profile.kind === 'huawei-iotda') &&
      (profile.transport === 'tls' || profile.transport === 'wss') &&
      profile.tls.rejectUnauthorized === false) ||
    ((profile.kind === 'amqp' || profile.kind === 'aliyun-amqp') && profile.tls && profile.tlsOptions.rejectUnauthorized === false);
  if (skipped) {
    add(
      'warning',
      'tls-verification-skipped',
      'TLS certificate verification is turned off: anyone on the network path can read the credentials and the traffic.',
      'Turn verification back on and give the CA file if the server uses a private CA; skip it only against a local test broker.',
    );
  }
}

function checkClock(profile: Profile, opts: CheckOptions, add: Add): void {
  if (opts.clockOffsetMs === undefined || Math.abs(opts.clockOffsetMs) <= CLOCK_SKEW_MAX_MS) return;
  const signs = profile.kind === 'huawei-iotda' || profile.kind === 'aliyun-amqp';
  add(
    signs ? 'error' : 'warning',
    'clock-skew',
    `The local clock is ${describeOffset(opts.clockOffsetMs)} (more than 5 minutes).` +
      (signs ? ' The server rejects a signed timestamp outside ±5 minutes, so the connection will be refused.' : ' Token expiry and online queries depend on the clock.'),
    'Synchronise the system clock (turn on automatic time / NTP) and try again.',
    { id: signs ? 'clock-skew.signed' : 'clock-skew.unsigned', vars: { offsetSeconds: Math.round(Math.abs(opts.clockOffsetMs) / 1000), direction: opts.clockOffsetMs > 0 ? 'ahead' : 'behind' } },
  );
}

function checkMqttSubscriptions(profile: Extract<Profile, { kind: 'mqtt' | 'aliyun-mq' | 'huawei-iotda' }>, opts: CheckOptions, add: Add): void {
  const subs = opts.subscriptions ?? profile.subscriptions;
  if (profile.kind !== 'aliyun-mq') return;
  for (const s of subs) {
    if (s.filter.length > MQ_TOPIC_MAX) {
      add('error', 'topic-too-long', `Topic "${s.filter.slice(0, 40)}…" is ${s.filter.length} characters; MQ for IoT allows at most ${MQ_TOPIC_MAX}.`, 'Shorten the topic (parent topic plus sub-levels) to 64 characters or fewer.', { id: 'topic-too-long.subscription', vars: { topic: s.filter.slice(0, 40), length: s.filter.length, max: MQ_TOPIC_MAX } });
    }
    if (s.qos === 2 && !profile.clean) {
      add('warning', 'qos2-persistent-session', `Subscription "${s.filter}" uses QoS 2 with a persistent session (clean session off); MQ for IoT does not support that and treats it as a clean session.`, 'Use QoS 1 with clean session off for offline messages, or turn clean session on.', { id: 'qos2-persistent-session.subscription', vars: { filter: s.filter } });
    }
  }
  if (subs.length > MQ_MAX_SUBSCRIPTIONS) {
    add('error', 'too-many-subscriptions', `${subs.length} subscriptions: MQ for IoT keeps at most ${MQ_MAX_SUBSCRIPTIONS} per client and silently ignores the rest.`, 'Use at most 30 subscriptions: merge them with wildcards (parent/#) or spread them over more clients.', { vars: { count: subs.length, max: MQ_MAX_SUBSCRIPTIONS } });
  }
  for (const t of opts.publishTopics ?? []) {
    if (t.length > MQ_TOPIC_MAX) {
      add('error', 'topic-too-long', `Topic "${t.slice(0, 40)}…" is ${t.length} characters; MQ for IoT allows at most ${MQ_TOPIC_MAX}.`, 'Shorten the topic to 64 characters or fewer.', { id: 'topic-too-long.publish', vars: { topic: t.slice(0, 40), length: t.length, max: MQ_TOPIC_MAX } });
    }
  }
}

function checkAliyunMq(profile: Extract<Profile, { kind: 'aliyun-mq' }>, opts: CheckOptions, add: Add): void {
  if (!GROUP_ID_PATTERN.test(profile.groupId)) {
    const variant = !profile.groupId.startsWith('GID_') ? 'prefix' : profile.groupId.length < 7 || profile.groupId.length > 32 ? 'length' : 'chars';
    const why = variant === 'prefix' ? 'it must start with GID_' : variant === 'length' ? `it is ${profile.groupId.length} characters (7-32 allowed)` : 'only letters and digits may follow GID_';
    add('error', 'group-id-format', `Group ID "${visibleEscape(profile.groupId)}" is not valid: ${why}.`, 'Use the Group ID exactly as created in the console: GID_ followed by letters and digits, 7-32 characters in all.', {
      id: `group-id-format.${variant}`,
      vars: { groupId: visibleEscape(profile.groupId), length: profile.groupId.length },
    });
  }
  if (profile.deviceId.includes('@@@')) {
    add('error', 'device-id-separator', 'The Device ID contains "@@@", the separator between Group ID and Device ID.', 'Remove "@@@" from the Device ID.');
  }
  const clientId = aliyunMqClientId(profile.groupId, profile.deviceId);
  if (clientId.length > MQ_CLIENT_ID_MAX) {
    add('error', 'client-id-too-long', `Client ID "${clientId.slice(0, 40)}…" is ${clientId.length} characters; MQ for IoT allows at most ${MQ_CLIENT_ID_MAX}.`, `Shorten the Device ID by at least ${clientId.length - MQ_CLIENT_ID_MAX} characters.`, {
      id: 'client-id-too-long.mq',
      vars: { clientId: clientId.slice(0, 40), length: clientId.length, max: MQ_CLIENT_ID_MAX, over: clientId.length - MQ_CLIENT_ID_MAX },
    });
  }
  if (hasInvisibleChars(clientId)) {
    add('error', 'client-id-invisible-chars', `Client ID "${visibleEscape(clientId)}" contains invisible characters (spaces, tabs, zero-width or control characters).`, 'Retype the Group ID and Device ID without spaces or pasted invisible characters.', { id: 'client-id-invisible-chars.mq', vars: { clientId: visibleEscape(clientId) } });
  }
  if (hasInvisibleChars(profile.accessKey)) {
    add('error', 'access-key-invisible-chars', 'The AccessKey contains spaces or invisible characters (often from copy and paste).', 'Retype or re-paste the AccessKey without surrounding spaces.', { id: 'access-key-invisible-chars.mq' });
  }
  const expectedPort = ALIYUN_MQ_PORTS[profile.transport];
  if (!profile.sandbox && expectedPort !== undefined && profile.port !== expectedPort) {
    add('warning', 'port-transport-mismatch', `Transport ${profile.transport} normally uses port ${expectedPort} on MQ for IoT, not ${profile.port}.`, `Use port ${expectedPort} for ${profile.transport} (1883 TCP, 8883 TLS, 80 WebSocket, 443 WebSocket over TLS).`, {
      vars: { transport: profile.transport, expected: expectedPort, port: profile.port },
    });
  }
  if (profile.keepaliveSec > MQ_KEEPALIVE_MAX) {
    add('warning', 'keepalive-too-long', `Keep-alive is ${profile.keepaliveSec} s; MQ for IoT recommends under ${MQ_KEEPALIVE_MAX} s.`, 'Set keep-alive to 60-90 s so dead connections are noticed in time.', { vars: { keepalive: profile.keepaliveSec, max: MQ_KEEPALIVE_MAX } });
  }
  if (profile.protocolVersion === 5) {
    add('warning', 'mqtt5-unsupported', 'MQ for IoT is an MQTT 3.1.1 gateway; an MQTT 5 CONNECT may be refused.', 'Set the protocol version to MQTT 3.1.1.');
  }
  if (opts.payloadSize !== undefined && opts.payloadSize > MQ_MAX_PAYLOAD) {
    add('error', 'payload-too-large', `The message body is ${opts.payloadSize} bytes; MQ for IoT drops bodies over 64 KB (${MQ_MAX_PAYLOAD} bytes) without telling the sender.`, 'Keep the body under 64 KB: compress it, split it, or send a reference to the data instead.', { vars: { size: opts.payloadSize, max: MQ_MAX_PAYLOAD } });
  }
  if (opts.payloadQos === 2 && !profile.clean) {
    add('warning', 'qos2-persistent-session', 'Publishing with QoS 2 on a persistent session: MQ for IoT does not support QoS 2 with clean session off.', 'Use QoS 1 (offline messages need QoS 1 with clean session off).', { id: 'qos2-persistent-session.publish' });
  }
}

function checkHuawei(profile: Extract<Profile, { kind: 'huawei-iotda' }>, opts: CheckOptions, add: Add): void {
  if (!profile.sandbox && profile.port !== 8883) {
    add('warning', 'huawei-port', `Huawei IoTDA application-side MQTT listens on port 8883 (TLS), not ${profile.port}.`, 'Use port 8883 with TLS.', { vars: { port: profile.port } });
  }
  if (!profile.sandbox && profile.transport !== 'tls') {
    add('warning', 'huawei-tls', 'Huawei IoTDA application-side MQTT needs TLS.', 'Set the transport to TLS (port 8883).');
  }
  if (!profile.instanceId) {
    add('warning', 'huawei-instance-id', 'No instanceId is set. It is required when more than one standard-edition instance exists in the same region.', 'If the account has several standard-edition instances in this region, enter the instance ID from the console (Instance details).');
  }
  if (hasInvisibleChars(profile.accessKey) || profile.accessKey.includes('|')) {
    add('error', 'access-key-invisible-chars', 'The accessKey contains spaces, invisible characters or "|".', 'Re-paste the accessKey from the console without surrounding spaces.', { id: 'access-key-invisible-chars.huawei' });
  }
  if (!profile.forwardingTopic && (opts.subscriptions ?? profile.subscriptions).length === 0) {
    add('warning', 'huawei-no-forwarding-topic', 'No forwarding topic to subscribe to: rule hits are pushed only to the topic named in the data-forwarding rule.', 'Enter the topic from the data-forwarding rule (Rules > Data Forwarding > Set Forwarding Target).');
  }
  if (hasInvisibleChars(profile.instanceId)) {
    add('error', 'instance-id-invisible-chars', `instanceId "${visibleEscape(profile.instanceId)}" contains invisible characters.`, 'Re-paste the instance ID without spaces.', { vars: { instanceId: visibleEscape(profile.instanceId) } });
  }
}

function checkAliyunAmqp(profile: Extract<Profile, { kind: 'aliyun-amqp' }>, opts: CheckOptions, add: Add): void {
  if (!profile.consumerGroupId) {
    add('error', 'missing-consumer-group', 'No consumer group ID: the IoT Platform refuses a subscription without one.', 'Create a consumer group in the IoT Platform console (Rules > Server-side subscription) and enter its ID.');
  }
  if (profile.idleTimeoutSec < AMQP_IDLE_MIN_SEC || profile.idleTimeoutSec > AMQP_IDLE_MAX_SEC) {
    add('error', 'idle-timeout-range', `Idle-time-out is ${profile.idleTimeoutSec} s; the IoT Platform requires 30-300 s in the open frame.`, 'Set the idle-time-out between 30 and 300 seconds (60 is a good default).', { vars: { idle: profile.idleTimeoutSec } });
  }
  if (!profile.tls) {
    add('error', 'amqp-tls-required', 'The IoT Platform accepts AMQP only over TLS.', 'Turn TLS on (port 5671).');
  }
  if (!profile.sandbox && profile.port !== 5671 && profile.port !== 61614) {
    add('warning', 'amqp-port', `Port ${profile.port}: the IoT Platform AMQP endpoint listens on 5671.`, 'Use port 5671.', { vars: { port: profile.port } });
  }
  if (profile.clientId.length > MQ_CLIENT_ID_MAX) {
    add('error', 'client-id-too-long', `Client ID is ${profile.clientId.length} characters; at most 64 are allowed.`, 'Shorten the client ID.', { id: 'client-id-too-long.amqp', vars: { length: profile.clientId.length } });
  }
  if (hasInvisibleChars(profile.clientId) || profile.clientId.includes('|')) {
    add('error', 'client-id-invisible-chars', `Client ID "${visibleEscape(profile.clientId)}" contains invisible characters or "|".`, 'Use letters, digits, - and _ only (for example the host name or a UUID).', { id: 'client-id-invisible-chars.amqp', vars: { clientId: visibleEscape(profile.clientId) } });
  }
  for (const [field, value, key] of [['AccessKey ID', profile.accessKey, 'accessKey'], ['consumer group ID', profile.consumerGroupId, 'consumerGroupId'], ['iotInstanceId', profile.iotInstanceId, 'iotInstanceId']] as const) {
    if (hasInvisibleChars(value) || /[|,=]/.test(value)) {
      add('error', 'username-field-chars', `The ${field} contains spaces, invisible characters or one of | , = which break the AMQP userName.`, `Re-paste the ${field} without surrounding spaces.`, { id: `username-field-chars.${key}` });
    }
  }
  if (profile.sourceAddress) {
    add('warning', 'amqp-source-address', `Source address "${profile.sourceAddress}" is set; the IoT Platform needs none and may refuse the link.`, 'Leave the source address empty for IoT Platform subscriptions.', { vars: { sourceAddress: profile.sourceAddress } });
  }
  if (profile.authMode === 'ststoken' && profile.stsExpiresAt !== undefined) {
    const left = profile.stsExpiresAt - opts.now;
    if (left <= 0) add('error', 'sts-expired', 'The STS security token has expired.', 'Get a new STS token (AssumeRole) and enter it with its expiry.');
    else if (left < STS_EXPIRY_WARN_MS) add('warning', 'sts-expiring', `The STS security token expires in ${Math.ceil(left / 1000)} s.`, 'Get a new STS token before it expires; reconnects after expiry will be refused.', { vars: { seconds: Math.ceil(left / 1000) } });
  }
}

function checkAmqp(profile: Extract<Profile, { kind: 'amqp' }>, add: Add): void {
  if (!profile.sourceAddress) {
    add('warning', 'amqp-no-source-address', 'No source address: most brokers (RabbitMQ included) need one for the receiver link.', 'Enter the queue address, e.g. /queues/<name> (RabbitMQ 4) or /amq/queue/<name> (RabbitMQ 3.x).');
  }
  if (profile.sasl === 'plain' && !profile.username) {
    add('warning', 'amqp-no-username', 'SASL PLAIN with an empty user name.', 'Enter the user name, or choose SASL ANONYMOUS if the broker allows it.');
  }
  if (profile.idleTimeoutSec > 0 && profile.idleTimeoutSec < 5) {
    add('warning', 'idle-timeout-short', `Idle-time-out of ${profile.idleTimeoutSec} s is very short.`, 'Use 30 s or more.', { vars: { idle: profile.idleTimeoutSec } });
  }
}

function checkMqtt(profile: Extract<Profile, { kind: 'mqtt' }>, add: Add): void {
  if (!profile.clean && !profile.clientId) {
    add('warning', 'persistent-session-random-id', 'Clean session is off but the Client ID is empty: a new random ID each time means the session is never resumed.', 'Enter a fixed Client ID to resume the session.');
  }
  if (profile.clientId && hasInvisibleChars(profile.clientId)) {
    add('warning', 'client-id-invisible-chars', `Client ID "${visibleEscape(profile.clientId)}" contains invisible characters.`, 'Retype the Client ID without spaces or pasted invisible characters.', { id: 'client-id-invisible-chars.mqtt', vars: { clientId: visibleEscape(profile.clientId) } });
  }
  if (profile.protocolVersion === 4 && profile.clientId.length > 23) {
    add('warning', 'client-id-long-v311', `Client ID is ${profile.clientId.length} characters; MQTT 3.1.1 brokers only have to accept 23.`, 'Shorten the Client ID if the broker refuses it (CONNACK 2).', { vars: { length: profile.clientId.length } });
  }
}

export function checkProfile(profile: Profile, opts: CheckOptions): Finding[] {
  const findings: Finding[] = [];
  const add: Add = (severity, code, message, fix, wording) => findings.push({ severity, code, message, fix, id: wording?.id ?? code, ...(wording?.vars ? { vars: wording.vars } : {}) });
  switch (profile.kind) {
    case 'aliyun-mq':
      checkAliyunMq(profile, opts, add);
      checkMqttSubscriptions(profile, opts, add);
      break;
    case 'huawei-iotda':
      checkHuawei(profile, opts, add);
      break;
    case 'aliyun-amqp':
      checkAliyunAmqp(profile, opts, add);
      break;
    case 'amqp':
      checkAmqp(profile, add);
      break;
    case 'mqtt':
      checkMqtt(profile, add);
      break;
  }
  checkTls(profile, add);
  checkClock(profile, opts, add);
  // Errors first: they block the connection; warnings do not.
  return findings.sort((a, b) => (a.severity === b.severity ? 0 : a.severity === 'error' ? -1 : 1));
}
