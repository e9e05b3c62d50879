/** Alibaba Cloud IoT Platform server-side subscription over AMQP 1.0 [seed 002]. */
import type { AliyunAmqpProfile } from '../../contract/profiles.contract';
import { part } from '../explain-part';
import { aliyunAmqpCredentials } from '../aliyun-iot-amqp-signature';
import { AMQP_IDLE_MAX_SEC, AMQP_IDLE_MIN_SEC, hasInvisibleChars, MQ_CLIENT_ID_MAX, STS_EXPIRY_WARN_MS, visibleEscape } from '../check-support';
import type { KindDescriptor } from './kind-descriptor';
import {
  derivedPassword,
  hideSecret,
  missingPassword,
  present,
  RECONNECT_DEFAULTS,
  requireSecret,
  SECRET_MASK,
  SIGN_METHOD_OPTIONS,
} from './credential-helpers';
import { AppError } from '../../contract/define';

const AUTH = part('aliyun-amqp.auth');
const LIMIT = part('aliyun-amqp.limit');
const IDLE = part('aliyun-amqp.idle');

export const aliyunAmqpDescriptor: KindDescriptor<AliyunAmqpProfile> = {
  kind: 'aliyun-amqp',
  protocol: 'amqp',
  nameKey: 'core.kind.aliyun-amqp',
  name: 'Alibaba IoT Platform (AMQP)',
  // The AccessKey secret is the accessSecret slot everywhere (editor, connect, preview).
  secretSlots: ['accessSecret', 'securityToken', 'clientKey'],
  formSecretSlots: (draft) => (draft.authMode === 'ststoken' ? ['accessSecret', 'securityToken'] : ['accessSecret']),
  defaults: (id, name) => ({
    id,
    name,
    kind: 'aliyun-amqp',
    host: '',
    port: 5671,
    tls: true,
    idleTimeoutSec: 60,
    credit: 100,
    ackMode: 'auto',
    sourceAddress: '',
    clientId: '',
    iotInstanceId: '',
    consumerGroupId: '',
    accessKey: '',
    authMode: 'aksign',
    signMethod: 'hmacsha1',
    reconnect: { ...RECONNECT_DEFAULTS },
  }),
  editor: {
    idleHintKey: 'core.hint.idleTimeout',
    server: [{ path: 'tls', type: 'check', labelKey: 'core.field.amqpTls' }],
    identity: [
      { path: 'clientId', type: 'clientId', labelKey: 'core.field.clientId' },
      { path: 'accessKey', type: 'text', labelKey: 'core.field.accessKey' },
      { path: 'iotInstanceId', type: 'text', labelKey: 'core.field.iotInstanceId', hintKey: 'core.hint.iotInstanceId' },
      { path: 'consumerGroupId', type: 'text', labelKey: 'core.field.consumerGroupId' },
      {
        path: 'authMode',
        type: 'select',
        labelKey: 'core.field.authMode',
        options: [
          { value: 'aksign', label: 'aksign' },
          { value: 'ststoken', label: 'ststoken' },
        ],
      },
      { path: 'signMethod', type: 'select', labelKey: 'core.field.signMethod', options: SIGN_METHOD_OPTIONS },
    ],
  },
  signsTimestamp: true,
  connect(profile, { secrets, now }) {
    const accessSecret = requireSecret(secrets, 'accessSecret', profile.name);
    const securityToken = profile.authMode === 'ststoken' ? requireSecret(secrets, 'securityToken', profile.name) : undefined;
    if (!profile.consumerGroupId) {
      throw new AppError(
        'missing-consumer-group',
        `Profile "${profile.name}" has no consumer group ID.`,
        'Create a consumer group in the IoT Platform console and enter its ID.',
      );
    }
    const c = aliyunAmqpCredentials({
      accessKey: profile.accessKey,
      accessSecret,
      clientId: profile.clientId,
      consumerGroupId: profile.consumerGroupId,
      timestamp: now,
      signMethod: profile.signMethod,
      iotInstanceId: profile.iotInstanceId || undefined,
      securityToken,
    });
    return { username: c.username, password: c.password, mechanism: 'PLAIN', stringToSign: c.stringToSign, algorithm: c.algorithm, signedAt: now };
  },
  preview(profile, { secrets, now }) {
    const { accessSecret } = secrets;
    const sts = profile.authMode === 'ststoken' ? secrets.securityToken : undefined;
    const notes = [part('preview.timestampResigned')];
    if (profile.authMode === 'ststoken' && !present(sts)) notes.push(part('preview.ststokenNeedsToken'));
    const c = aliyunAmqpCredentials({
      accessKey: profile.accessKey,
      accessSecret: accessSecret ?? '',
      clientId: profile.clientId,
      consumerGroupId: profile.consumerGroupId,
      timestamp: now,
      signMethod: profile.signMethod,
      iotInstanceId: profile.iotInstanceId || undefined,
      // The preview keeps the shape of the ststoken user name even before the token is entered.
      securityToken: profile.authMode === 'ststoken' ? (present(sts) ? sts : SECRET_MASK) : undefined,
    });
    const secret = present(sts) ? sts : undefined;
    const usernameParams = Object.fromEntries(Object.entries(c.usernameParams).map(([k, v]) => [k, hideSecret(v, secret)]));
    const ok = present(accessSecret) && (profile.authMode === 'aksign' || present(sts));
    return {
      protocol: 'amqp',
      clientId: profile.clientId,
      username: hideSecret(c.username, secret),
      usernameParams,
      stringToSign: hideSecret(c.stringToSign, secret),
      algorithm: c.algorithm,
      password: ok ? derivedPassword(c.password, 'accessSecret') : missingPassword(present(accessSecret) ? 'securityToken' : 'accessSecret'),
      timestamp: now,
      notes,
    };
  },
  revealSignature(profile, secrets, timestamp) {
    const accessSecret = requireSecret(secrets, 'accessSecret', profile.name);
    const securityToken = profile.authMode === 'ststoken' ? requireSecret(secrets, 'securityToken', profile.name) : undefined;
    const c = aliyunAmqpCredentials({
      accessKey: profile.accessKey,
      accessSecret,
      clientId: profile.clientId,
      consumerGroupId: profile.consumerGroupId,
      timestamp,
      signMethod: profile.signMethod,
      iotInstanceId: profile.iotInstanceId || undefined,
      securityToken,
    });
    return { signature: c.password, timestamp };
  },
  checks(profile, opts, add) {
    if (!profile.consumerGroupId) add('error', 'missing-consumer-group', part('check.missing-consumer-group'), part('check.missing-consumer-group.fix'));
    if (profile.idleTimeoutSec < AMQP_IDLE_MIN_SEC || profile.idleTimeoutSec > AMQP_IDLE_MAX_SEC)
      add('error', 'idle-timeout-range', part('check.idle-timeout-range', { idle: profile.idleTimeoutSec }), part('check.idle-timeout-range.fix'));
    if (!profile.tls) add('error', 'amqp-tls-required', part('check.amqp-tls-required'), part('check.amqp-tls-required.fix'));
    if (!profile.sandbox && profile.port !== 5671 && profile.port !== 61614)
      add('warning', 'amqp-port', part('check.amqp-port', { port: profile.port }), part('check.amqp-port.fix'));
    if (profile.clientId.length > MQ_CLIENT_ID_MAX)
      add(
        'error',
        'client-id-too-long',
        part('check.aliyun-amqp.client-id-too-long', { length: profile.clientId.length }),
        part('check.aliyun-amqp.client-id-too-long.fix'),
      );
    if (hasInvisibleChars(profile.clientId) || profile.clientId.includes('|')) {
      add(
        'error',
        'client-id-invisible-chars',
        part('check.aliyun-amqp.client-id-invisible-chars', { clientId: visibleEscape(profile.clientId) }),
        part('check.aliyun-amqp.client-id-invisible-chars.fix'),
      );
    }
    for (const [name, value] of [
      ['accessKeyId', profile.accessKey],
      ['consumerGroupId', profile.consumerGroupId],
      ['iotInstanceId', profile.iotInstanceId],
    ] as const) {
      const field = part(`field.${name}`);
      if (hasInvisibleChars(value) || /[|,=]/.test(value))
        add('error', 'username-field-chars', part('check.username-field-chars', { field }), part('check.username-field-chars.fix', { field }));
    }
    if (profile.sourceAddress)
      add('warning', 'amqp-source-address', part('check.amqp-source-address', { address: profile.sourceAddress }), part('check.amqp-source-address.fix'));
    if (profile.authMode === 'ststoken' && profile.stsExpiresAt !== undefined) {
      const left = profile.stsExpiresAt - opts.now;
      if (left <= 0) add('error', 'sts-expired', part('check.sts-expired'), part('check.sts-expired.fix'));
      else if (left < STS_EXPIRY_WARN_MS)
        add('warning', 'sts-expiring', part('check.sts-expiring', { seconds: Math.ceil(left / 1000) }), part('check.sts-expiring.fix'));
    }
  },
  refusal: {
    amqp: {
      saslAuth: AUTH,
      unauthorized: AUTH,
      notFound: part('aliyun-amqp.notFound'),
      limit: LIMIT,
      forced: [IDLE, part('aliyun-amqp.restart')],
      notAllowed: part('aliyun-amqp.pushOnly'),
      detached: part('aliyun-amqp.detached', { limit: LIMIT }),
      idle: IDLE,
      tlsRequired: part('aliyun-amqp.tls'),
      disconnected: [part('aliyun-amqp.closed', { idle: IDLE })],
    },
  },
  texts: {
    'aliyun-amqp.auth':
      'IoT Platform AMQP: authentication failed. Check the AccessKey secret and the signature method (the password is Base64(HMAC-<signMethod>(secret, "authId=<ak>&timestamp=<ms>"))), ' +
      'that authId is the AccessKey ID, the timestamp is close to the server clock (fix the local clock), the consumer group ID exists in this instance, ' +
      'the iotInstanceId is set for an enterprise instance, and for ststoken that the security token has not expired.',
    'aliyun-amqp.limit':
      'IoT Platform AMQP: a limit was hit (at most 128 connections per client ID, 64 clients per consumer group, one receiver link per connection).',
    'aliyun-amqp.idle':
      'IoT Platform AMQP closes a connection that sends no frame for the idle-time-out (30-300 s in the open frame), and one whose receiver link is not attached within 15 s of opening.',
    'aliyun-amqp.restart': 'It may also be a server-side restart; the client reconnects with a fresh signature.',
    'aliyun-amqp.notFound': 'IoT Platform AMQP needs no source address: leave it empty. The consumer group ID may also not exist in this instance.',
    'aliyun-amqp.pushOnly': 'IoT Platform AMQP is push only: exactly one receiver link per connection, and sender links are refused.',
    'aliyun-amqp.detached':
      'The server detached the receiver link: another client with the same client ID may have taken over, or the consumer group changed. {limit}',
    'aliyun-amqp.tls': 'IoT Platform AMQP needs TLS on port 5671 (no plain TCP).',
    'aliyun-amqp.closed': 'IoT Platform AMQP closed the connection: {idle}',
    'check.missing-consumer-group': 'No consumer group ID: the IoT Platform refuses a subscription without one.',
    'check.missing-consumer-group.fix': 'Create a consumer group in the IoT Platform console (Rules > Server-side subscription) and enter its ID.',
    'check.idle-timeout-range': 'Idle-time-out is {idle} s; the IoT Platform requires 30-300 s in the open frame.',
    'check.idle-timeout-range.fix': 'Set the idle-time-out between 30 and 300 seconds (60 is a good default).',
    'check.amqp-tls-required': 'The IoT Platform accepts AMQP only over TLS.',
    'check.amqp-tls-required.fix': 'Turn TLS on (port 5671).',
    'check.amqp-port': 'Port {port}: the IoT Platform AMQP endpoint listens on 5671.',
    'check.amqp-port.fix': 'Use port 5671.',
    'check.aliyun-amqp.client-id-too-long': 'Client ID is {length} characters; at most 64 are allowed.',
    'check.aliyun-amqp.client-id-too-long.fix': 'Shorten the client ID.',
    'check.aliyun-amqp.client-id-invisible-chars': 'Client ID "{clientId}" contains invisible characters or "|".',
    'check.aliyun-amqp.client-id-invisible-chars.fix': 'Use letters, digits, - and _ only (for example the host name or a UUID).',
    'check.username-field-chars': 'The {field} contains spaces, invisible characters or one of | , = which break the AMQP userName.',
    'check.username-field-chars.fix': 'Re-paste the {field} without surrounding spaces.',
    'check.amqp-source-address': 'Source address "{address}" is set; the IoT Platform needs none and may refuse the link.',
    'check.amqp-source-address.fix': 'Leave the source address empty for IoT Platform subscriptions.',
    'check.sts-expired': 'The STS security token has expired.',
    'check.sts-expired.fix': 'Get a new STS token (AssumeRole) and enter it with its expiry.',
    'check.sts-expiring': 'The STS security token expires in {seconds} s.',
    'check.sts-expiring.fix': 'Get a new STS token before it expires; reconnects after expiry will be refused.',
    'preview.timestampResigned': 'The timestamp is signed again on every (re)connect.',
    'preview.ststokenNeedsToken': 'ststoken mode needs the STS security token (slot securityToken).',
  },
};
