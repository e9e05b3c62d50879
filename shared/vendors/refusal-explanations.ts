/**
 * Turns a refusal (CONNACK code, MQTT 5 reason code, SASL outcome, AMQP error condition, or a disconnect right
 * after SUBSCRIBE/PUBLISH) into words plus the likely cause for the vendor behind the profile. Pure: the
 * drivers call it with what they saw and show the text on the connection.
 */
import type { ProfileKind } from '../contract/profiles.contract';

export type RefusalPhase = 'connect' | 'subscribe' | 'publish' | 'transport' | 'sasl' | 'amqp' | 'disconnect';

export interface RefusalInput {
  kind: ProfileKind;
  phase: RefusalPhase;
  /** CONNACK return code (3.1.1), MQTT 5 reason code, SASL outcome code, or an AMQP condition / errno string. */
  code?: number | string;
  /** Broker or library message text (e.g. an AMQP error description, `Connection refused: Not authorized`). */
  message?: string;
  /** For phase 'disconnect' / 'transport': the last packet the client sent before the connection dropped. */
  afterPacket?: 'connect' | 'subscribe' | 'publish' | 'uploadToken' | string;
}

/** MQTT 3.1.1 CONNACK return codes. */
export const CONNACK_V4: Readonly<Record<number, string>> = {
  0: 'Connection accepted',
  1: 'Refused: unacceptable protocol version (the broker does not speak this MQTT version)',
  2: 'Refused: identifier rejected (the Client ID is not allowed: too long, bad characters, or not permitted)',
  3: 'Refused: server unavailable (the MQTT service is up but not accepting connections)',
  4: 'Refused: bad user name or password',
  5: 'Refused: not authorized',
};

/** MQTT 5 reason codes (CONNACK, SUBACK, PUBACK, DISCONNECT). */
export const REASON_V5: Readonly<Record<number, string>> = {
  0x80: 'Unspecified error',
  0x81: 'Malformed packet',
  0x82: 'Protocol error',
  0x83: 'Implementation specific error',
  0x84: 'Unsupported protocol version',
  0x85: 'Client identifier not valid',
  0x86: 'Bad user name or password',
  0x87: 'Not authorized',
  0x88: 'Server unavailable',
  0x89: 'Server busy',
  0x8a: 'Banned',
  0x8b: 'Server shutting down',
  0x8c: 'Bad authentication method',
  0x8d: 'Keep alive timeout',
  0x8e: 'Session taken over (another connection used the same Client ID)',
  0x8f: 'Topic filter invalid',
  0x90: 'Topic name invalid',
  0x91: 'Packet identifier in use',
  0x92: 'Packet identifier not found',
  0x93: 'Receive maximum exceeded',
  0x94: 'Topic alias invalid',
  0x95: 'Packet too large',
  0x96: 'Message rate too high',
  0x97: 'Quota exceeded',
  0x98: 'Administrative action',
  0x99: 'Payload format invalid',
  0x9a: 'Retain not supported',
  0x9b: 'QoS not supported',
  0x9c: 'Use another server',
  0x9d: 'Server moved',
  0x9e: 'Shared subscriptions not supported',
  0x9f: 'Connection rate exceeded',
  0xa0: 'Maximum connect time',
  0xa1: 'Subscription identifiers not supported',
  0xa2: 'Wildcard subscriptions not supported',
};

/** Known AMQP 1.0 error conditions in words. */
export const AMQP_CONDITIONS: Readonly<Record<string, string>> = {
  'amqp:unauthorized-access': 'The peer refused access (authentication or authorization failed)',
  'amqp:not-found': 'The requested address does not exist on the peer',
  'amqp:resource-limit-exceeded': 'A resource limit on the peer was exceeded',
  'amqp:resource-locked': 'The resource is locked by another client',
  'amqp:resource-deleted': 'The resource was deleted while in use',
  'amqp:not-allowed': 'The peer does not allow this operation',
  'amqp:not-implemented': 'The peer does not implement this feature',
  'amqp:precondition-failed': 'A precondition of the peer was not met',
  'amqp:internal-error': 'The peer hit an internal error',
  'amqp:invalid-field': 'A field in a frame was invalid',
  'amqp:decode-error': 'The peer could not decode a frame',
  'amqp:frame-size-too-small': 'The negotiated frame size is too small',
  'amqp:illegal-state': 'The peer received a frame it did not expect in this state',
  'amqp:connection:forced': 'The peer closed the connection (forced: e.g. idle time-out, admin action or server restart)',
  'amqp:connection:framing-error': 'Framing error on the connection',
  'amqp:connection:redirect': 'The peer asked the client to connect elsewhere',
  'amqp:session:window-violation': 'Session window violated',
  'amqp:session:errant-link': 'Frame for an unknown link',
  'amqp:session:handle-in-use': 'Link handle already in use',
  'amqp:session:unattached-handle': 'Frame for an unattached link handle',
  'amqp:link:detach-forced': 'The peer detached the link (forced)',
  'amqp:link:transfer-limit-exceeded': 'The link sent more than its credit allowed',
  'amqp:link:message-size-exceeded': 'The message is larger than the link allows',
  'amqp:link:redirect': 'The link should be attached elsewhere',
  'amqp:link:stolen': 'Another link with the same name took over this one',
};

/** SASL outcome codes (AMQP 1.0 part 5.3.3.6). */
export const SASL_OUTCOMES: Readonly<Record<number, string>> = {
  0: 'SASL ok',
  1: 'SASL authentication failed (wrong user name or password)',
  2: 'SASL system error (the server could not check the credentials right now)',
  3: 'SASL system error (permanent)',
  4: 'SASL system error (temporary)',
};

const NETWORK_ERRORS: Readonly<Record<string, string>> = {
  ECONNREFUSED: 'Nothing is listening on that host and port (check the endpoint, the port and the transport)',
  ENOTFOUND: 'The host name does not resolve (check the endpoint spelling and the region)',
  EAI_AGAIN: 'DNS lookup failed temporarily (check the network or DNS)',
  ETIMEDOUT: 'The connection timed out (a firewall may block the port, or the endpoint is wrong)',
  ECONNRESET: 'The peer reset the connection',
  EHOSTUNREACH: 'The host is unreachable from this network',
  ENETUNREACH: 'The network is unreachable',
  EPIPE: 'The peer closed the connection while data was being written',
  DEPTH_ZERO_SELF_SIGNED_CERT: 'The server certificate is self-signed: add its CA file or (for tests only) skip verification',
  SELF_SIGNED_CERT_IN_CHAIN: 'A certificate in the chain is self-signed: add the CA file',
  UNABLE_TO_VERIFY_LEAF_SIGNATURE: 'The server certificate cannot be verified: add the CA file',
  CERT_HAS_EXPIRED: 'The server certificate has expired (or the local clock is wrong)',
  ERR_TLS_CERT_ALTNAME_INVALID: 'The certificate does not match the host name: check the endpoint or set the TLS server name',
  EPROTO: 'TLS handshake failed: the port may not speak TLS (or speaks TLS where plain TCP was chosen)',
};

function numericCode(code: number | string | undefined): number | undefined {
  if (typeof code === 'number') return code;
  if (typeof code === 'string' && /^-?\d+$/.test(code.trim())) return Number(code.trim());
  return undefined;
}

function isMqttKind(kind: ProfileKind): boolean {
  return kind === 'mqtt' || kind === 'aliyun-mq' || kind === 'huawei-iotda';
}

/** The MQTT words for a CONNACK/reason code: 3.1.1 codes 1-5, MQTT 5 codes 0x80+. */
function mqttCodeWords(code: number): string | undefined {
  if (code >= 0x80) return REASON_V5[code] ?? `MQTT reason code 0x${code.toString(16)}`;
  if (code >= 1 && code <= 5) return CONNACK_V4[code];
  return undefined;
}

/** Classify a CONNACK refusal into auth / id / other, independent of protocol version. */
function connackClass(code: number): 'auth' | 'id' | 'unavailable' | 'version' | 'banned' | 'other' {
  if (code === 4 || code === 5 || code === 0x86 || code === 0x87 || code === 0x8c) return 'auth';
  if (code === 2 || code === 0x85) return 'id';
  if (code === 3 || code === 0x88 || code === 0x89 || code === 0x9f) return 'unavailable';
  if (code === 1 || code === 0x84) return 'version';
  if (code === 0x8a) return 'banned';
  return 'other';
}

function mentions(message: string | undefined, ...needles: string[]): boolean {
  if (!message) return false;
  const m = message.toLowerCase();
  return needles.some((n) => m.includes(n.toLowerCase()));
}

const ALIYUN_MQ_AUTH =
  'MQ for IoT: in signature mode the password must be Base64(HmacSHA1(SecretKey, Group ID)) and the user name the AccessKey; ' +
  'check the SecretKey, that the AccessKey belongs to the account owning the instance, and that the Group ID exists in this instance. ' +
  'In token mode every token must be uploaded on $SYS/uploadToken (QoS 1) and acknowledged before any SUBSCRIBE or PUBLISH, and be valid for the resources used.';
const ALIYUN_MQ_SUBSCRIBE =
  'MQ for IoT checks permission at SUBSCRIBE time: the parent topic may not exist in this region or instance, ' +
  'the Group ID may belong to another account, or the token (token mode) does not grant read on this topic.';
const ALIYUN_MQ_PUBLISH =
  'MQ for IoT checks permission at PUBLISH time: the parent topic may not exist in this region or instance, ' +
  'the Group ID may belong to another account, the token (token mode) may not grant write on this topic, ' +
  'or the message body is over 64 KB.';
const ALIYUN_MQ_DROP =
  'MQ for IoT drops the connection when the Group ID is unknown (create it in the console first) ' +
  'or when another connection uses the same Client ID (duplicate Client IDs kick each other).';
const ALIYUN_MQ_TOKEN =
  'MQ for IoT token mode: the token uploaded on $SYS/uploadToken was refused (forged, expired, revoked, or it does not cover these resources or actions). ' +
  'Apply a new token and upload it before subscribing or publishing.';

const HUAWEI_AUTH =
  'Huawei IoTDA: the user name must be accessKey=<ak>|timestamp=<13-digit ms>[|instanceId=<id>] and the password the access code. ' +
  'Check the access code (presetting a new one invalidates the old accessKey), that the timestamp is within 5 minutes of the server clock ' +
  '(fix the local clock), and the instanceId for a standard/enterprise instance.';
const HUAWEI_LIMIT = 'Huawei IoTDA allows at most 10 concurrent connections per accessKey; close other clients using the same accessKey.';
const HUAWEI_SUBSCRIBE = 'Huawei IoTDA: subscribe only to the topic named in the data-forwarding rule (the application-side client cannot subscribe to other topics).';

const ALIYUN_AMQP_AUTH =
  'IoT Platform AMQP: authentication failed. Check the AccessKey secret and the signature method (the password is Base64(HMAC-<signMethod>(secret, "authId=<ak>&timestamp=<ms>"))), ' +
  'that authId is the AccessKey ID, the timestamp is close to the server clock (fix the local clock), the consumer group ID exists in this instance, ' +
  'the iotInstanceId is set for an enterprise instance, and for ststoken that the security token has not expired.';
const ALIYUN_AMQP_LIMIT =
  'IoT Platform AMQP: a limit was hit (at most 128 connections per client ID, 64 clients per consumer group, one receiver link per connection).';
const ALIYUN_AMQP_IDLE =
  'IoT Platform AMQP closes a connection that sends no frame for the idle-time-out (30-300 s in the open frame), and one whose receiver link is not attached within 15 s of opening.';

function vendorConnectCause(kind: ProfileKind, cls: ReturnType<typeof connackClass>, message?: string): string | undefined {
  switch (kind) {
    case 'aliyun-mq':
      if (cls === 'auth') return ALIYUN_MQ_AUTH;
      if (cls === 'id')
        return 'MQ for IoT: the Client ID must be GroupID@@@DeviceID, at most 64 characters, with no invisible characters, and the Group ID must exist (GID_ plus letters and digits, 7-32 characters).';
      if (cls === 'unavailable') return 'MQ for IoT: the instance is not accepting connections (check the instance endpoint and region, and that the instance is not stopped or throttled).';
      return undefined;
    case 'huawei-iotda':
      if (cls === 'auth') return HUAWEI_AUTH;
      if (cls === 'id') return 'Huawei IoTDA: use the user name as the Client ID; it must be globally unique.';
      if (cls === 'unavailable' || cls === 'banned' || mentions(message, 'limit', 'quota')) return HUAWEI_LIMIT;
      return undefined;
    case 'mqtt':
      if (cls === 'auth') return 'Check the user name and password configured for this broker (and its ACL for this client).';
      if (cls === 'id') return 'The broker rejected the Client ID: try a shorter one with plain letters and digits, or check the broker allows it.';
      if (cls === 'version') return 'Switch the profile between MQTT 3.1.1 and MQTT 5.';
      return undefined;
    default:
      return undefined;
  }
}

function explainMqtt(input: RefusalInput): string | undefined {
  const { kind, phase, message, afterPacket } = input;
  const code = numericCode(input.code);
  const parts: string[] = [];

  if (phase === 'connect') {
    if (code !== undefined && code !== 0) {
      const words = mqttCodeWords(code);
      if (words) parts.push(words + '.');
      const cause = vendorConnectCause(kind, connackClass(code), message);
      if (cause) parts.push(cause);
    } else if (mentions(message, 'not authorized', 'bad user', 'bad username')) {
      parts.push(message ? `${message}.` : '');
      const cause = vendorConnectCause(kind, 'auth', message);
      if (cause) parts.push(cause);
    } else if (typeof input.code === 'string' && NETWORK_ERRORS[input.code]) {
      parts.push(NETWORK_ERRORS[input.code] + '.');
    } else if (mentions(message, 'connack timeout', 'timed out', 'timeout')) {
      parts.push('No CONNACK arrived in time: the port may expect another transport (TLS vs plain TCP, WebSocket path), or a firewall drops the traffic.');
      if (kind === 'aliyun-mq') parts.push('MQ for IoT may also drop a CONNECT whose Group ID is unknown in this instance or region.');
      if (kind === 'huawei-iotda') parts.push('Huawei IoTDA application-side MQTT needs TLS on port 8883.');
    } else {
      for (const [k, v] of Object.entries(NETWORK_ERRORS)) if (mentions(message, k)) { parts.push(v + '.'); break; }
    }
  } else if (phase === 'subscribe') {
    // SUBACK 0x80 (3.1.1) or an MQTT 5 reason code per filter.
    if (code !== undefined && code >= 0x80) parts.push(`Subscription refused: ${REASON_V5[code] ?? `code 0x${code.toString(16)}`}.`);
    if (kind === 'aliyun-mq') parts.push(ALIYUN_MQ_SUBSCRIBE);
    else if (kind === 'huawei-iotda') parts.push(HUAWEI_SUBSCRIBE);
    else if (code !== undefined && code >= 0x80) parts.push('The broker refused this topic filter (check its ACL for this client and the filter syntax).');
  } else if (phase === 'publish') {
    if (code !== undefined && code >= 0x80) parts.push(`Publish refused: ${REASON_V5[code] ?? `code 0x${code.toString(16)}`}.`);
    if (kind === 'aliyun-mq') parts.push(afterPacket === 'uploadToken' ? ALIYUN_MQ_TOKEN : ALIYUN_MQ_PUBLISH);
    else if (code !== undefined && code >= 0x80) parts.push('The broker refused this publish (check its ACL for this client and the topic).');
  } else if (phase === 'disconnect' || phase === 'transport') {
    if (code !== undefined && code >= 0x80) {
      parts.push(`Server disconnected: ${REASON_V5[code] ?? `code 0x${code.toString(16)}`}.`);
      if (code === 0x8e) {
        if (kind === 'aliyun-mq') parts.push('MQ for IoT: another connection with the same Client ID kicked this one; Client IDs must be globally unique.');
        else parts.push('Another client connected with the same Client ID.');
      }
    }
    const errno = typeof input.code === 'string' ? input.code : undefined;
    if (errno && NETWORK_ERRORS[errno]) parts.push(NETWORK_ERRORS[errno] + '.');
    else if (!errno) {
      for (const [k, v] of Object.entries(NETWORK_ERRORS)) if (mentions(message, k)) { parts.push(v + '.'); break; }
    }
    if (kind === 'aliyun-mq') {
      if (afterPacket === 'subscribe') parts.push('The connection closed right after SUBSCRIBE. ' + ALIYUN_MQ_SUBSCRIBE);
      else if (afterPacket === 'publish') parts.push('The connection closed right after PUBLISH. ' + ALIYUN_MQ_PUBLISH);
      else if (afterPacket === 'uploadToken') parts.push('The connection closed right after the token upload. ' + ALIYUN_MQ_TOKEN);
      else if (afterPacket === 'connect') parts.push('The connection closed right after CONNECT. ' + ALIYUN_MQ_DROP);
      else if (!errno && parts.length === 0) parts.push(ALIYUN_MQ_DROP);
    } else if (kind === 'huawei-iotda') {
      if (afterPacket === 'connect') parts.push('The connection closed right after CONNECT. ' + HUAWEI_AUTH + ' ' + HUAWEI_LIMIT);
      else if (afterPacket === 'subscribe') parts.push('The connection closed right after SUBSCRIBE. ' + HUAWEI_SUBSCRIBE);
      else if (!errno && parts.length === 0) parts.push(HUAWEI_LIMIT);
    } else if (afterPacket === 'subscribe' || afterPacket === 'publish') {
      parts.push(`The connection closed right after ${afterPacket.toUpperCase()}: the broker may have refused it (ACL) — check the broker's log.`);
    }
  }
  const text = parts.filter(Boolean).join(' ').trim();
  return text || undefined;
}

function amqpCondition(input: RefusalInput): string | undefined {
  if (typeof input.code === 'string' && input.code.startsWith('amqp:')) return input.code;
  const m = input.message?.match(/amqp:[a-z-]+(?::[a-z-]+)*/);
  return m?.[0];
}

function explainAmqp(input: RefusalInput): string | undefined {
  const { kind, phase, message } = input;
  const aliyun = kind === 'aliyun-amqp';
  const parts: string[] = [];
  const condition = amqpCondition(input);
  const code = numericCode(input.code);

  if (phase === 'sasl' || (code !== undefined && phase === 'connect' && code >= 1 && code <= 4)) {
    if (code !== undefined && SASL_OUTCOMES[code]) parts.push(SASL_OUTCOMES[code] + '.');
    else if (message) parts.push(`SASL failed: ${message}.`);
    if (code === undefined || code === 1 || mentions(message, 'auth')) {
      parts.push(aliyun ? ALIYUN_AMQP_AUTH : 'Check the user name and password (SASL PLAIN), or whether the broker allows ANONYMOUS.');
    }
  }

  if (condition) {
    const words = AMQP_CONDITIONS[condition];
    parts.push(`${condition}: ${words ?? 'AMQP error'}${message && !message.includes(condition) ? ` (${message})` : ''}.`);
    switch (condition) {
      case 'amqp:unauthorized-access':
        parts.push(aliyun ? ALIYUN_AMQP_AUTH : 'Check the user name, password and the permissions of this user on the source address (for RabbitMQ: the vhost and queue permissions).');
        break;
      case 'amqp:not-found':
        parts.push(
          aliyun
            ? 'IoT Platform AMQP needs no source address: leave it empty. The consumer group ID may also not exist in this instance.'
            : 'The source address does not exist on the broker (for RabbitMQ use /queues/<name> or /amq/queue/<name>, and declare the queue first).',
        );
        break;
      case 'amqp:resource-limit-exceeded':
        parts.push(aliyun ? ALIYUN_AMQP_LIMIT : 'The broker hit a connection, link or memory limit: close other clients or lower the credit.');
        break;
      case 'amqp:connection:forced':
        if (aliyun) parts.push(ALIYUN_AMQP_IDLE + ' It may also be a server-side restart; the client reconnects with a fresh signature.');
        else parts.push('The broker closed the connection (idle time-out, admin action or restart).');
        break;
      case 'amqp:not-allowed':
      case 'amqp:not-implemented':
        if (aliyun) parts.push('IoT Platform AMQP is push only: exactly one receiver link per connection, and sender links are refused.');
        break;
      case 'amqp:link:detach-forced':
      case 'amqp:link:stolen':
        if (aliyun) parts.push('The server detached the receiver link: another client with the same client ID may have taken over, or the consumer group changed. ' + ALIYUN_AMQP_LIMIT);
        else parts.push('The broker detached the receiver link (queue deleted, another consumer took it, or a policy).');
        break;
      case 'amqp:precondition-failed':
        if (!aliyun) parts.push('The link properties do not match the broker\'s (for RabbitMQ: the queue exists with other arguments).');
        break;
      default:
        break;
    }
  } else if (phase === 'amqp' || phase === 'disconnect' || phase === 'transport') {
    if (mentions(message, 'idle', 'timeout', 'timed out')) {
      parts.push(aliyun ? ALIYUN_AMQP_IDLE : 'The connection was idle longer than the idle-time-out agreed in the open frame.');
    }
    if (mentions(message, 'transfer after detach')) {
      parts.push('A transfer arrived after the link detached (harmless race in rhea); the message will be redelivered after a reconnect.');
    }
    const errno = typeof input.code === 'string' ? input.code : undefined;
    if (errno && NETWORK_ERRORS[errno]) parts.push(NETWORK_ERRORS[errno] + '.');
    else for (const [k, v] of Object.entries(NETWORK_ERRORS)) if (mentions(message, k)) { parts.push(v + '.'); break; }
    if (aliyun && mentions(message, 'ECONNREFUSED', 'EPROTO', 'wrong version')) {
      parts.push('IoT Platform AMQP needs TLS on port 5671 (no plain TCP).');
    }
    if (aliyun && phase === 'disconnect' && parts.length === 0) {
      parts.push('IoT Platform AMQP closed the connection: ' + ALIYUN_AMQP_IDLE);
    }
  }
  const text = parts.join(' ').trim();
  return text || undefined;
}

/**
 * Words for a refusal, with the likely cause for this vendor. Undefined when there is nothing useful to say
 * (e.g. a success code), so callers can fall back to the raw message.
 */
export function explainRefusal(input: RefusalInput): string | undefined {
  if (isMqttKind(input.kind)) return explainMqtt(input);
  return explainAmqp(input);
}
