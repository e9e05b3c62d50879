/**
 * Alibaba Cloud MQ for IoT / ApsaraMQ for MQTT. Two schemes under one kind (the token service, presence and
 * limits are the same): the legacy scheme of seed 004 and current instances (UserName
 * `<Mode>|<AccessKeyId>|<InstanceId>`; signature, token and device credential modes).
 */
import { AppError } from '../../contract/define';
import type { AliyunMqProfile, SecretSlot } from '../../contract/profiles.contract';
import { part, type ExplainPart } from '../explain-part';
import { aliyunMqClientId, aliyunMqSignatureCredentials } from '../aliyun-mq-signature';
import {
  aliyunMqttDeviceCredentialCredentials,
  aliyunMqttInstanceUsername,
  aliyunMqttSignatureCredentials,
  aliyunMqttTokenPassword,
  type AliyunMqttTokens,
} from '../aliyun-mqtt-instance-auth';
import {
  GROUP_ID_PATTERN,
  hasInvisibleChars,
  head40,
  MQ_CLIENT_ID_MAX,
  MQ_KEEPALIVE_MAX,
  MQ_MAX_PAYLOAD,
  MQ_MAX_SUBSCRIPTIONS,
  MQ_TOPIC_MAX,
  visibleEscape,
  type Add,
  type CheckOptions,
} from '../check-support';
import type { KindDescriptor, MqttConnectCredentials, SecretValues } from './kind-descriptor';
import { ALIYUN_MQ_TEXTS } from './aliyun-mq.texts';
import {
  derivedPassword,
  missingPassword,
  MQTT_SESSION_DEFAULTS,
  noPassword,
  present,
  RECONNECT_DEFAULTS,
  requireSecret,
  SECRET_MASK,
  TRANSPORT_OPTIONS,
} from './credential-helpers';

const ALIYUN_MQ_PORTS: Record<string, number> = { tcp: 1883, tls: 8883, ws: 80, wss: 443 };
const TOKEN_SLOTS = { R: 'tokenR', W: 'tokenW', RW: 'tokenRW' } as const;

const isCurrent = (p: { instanceType?: unknown }): boolean => p.instanceType === 'current';

/** The tokens held in the keychain, by type. */
function tokensHeld(secrets: SecretValues): AliyunMqttTokens {
  const out: AliyunMqttTokens = {};
  for (const [type, slot] of Object.entries(TOKEN_SLOTS) as [keyof AliyunMqttTokens, SecretSlot][]) if (present(secrets[slot])) out[type] = secrets[slot];
  return out;
}

/** The instance named by a `<instance>.mqtt.aliyuncs.com` host, if the host is one. */
export function instanceOfHost(host: string): string | undefined {
  const m = /^([a-z0-9-]+)\.mqtt\.aliyuncs\.com$/i.exec(host.trim());
  return m?.[1];
}

function requireInstance(profile: AliyunMqProfile): string {
  if (!profile.instanceId) {
    throw new AppError(
      'missing-instance-id',
      `Profile "${profile.name}" is for a current ApsaraMQ instance but has no instance ID.`,
      'Enter the instance ID from the console (Instance details), e.g. post-cn-0pp12345678.',
    );
  }
  return profile.instanceId;
}

function connect(profile: AliyunMqProfile, secrets: SecretValues): MqttConnectCredentials {
  const ids = { groupId: profile.groupId, deviceId: profile.deviceId };
  if (!isCurrent(profile)) {
    if (profile.authMode === 'token') {
      // Seed 004: token-mode clients CONNECT with only the Client ID, then upload each token on
      // $SYS/uploadToken (QoS 1) and wait for its PUBACK before any SUBSCRIBE/PUBLISH.
      return { clientId: aliyunMqClientId(profile.groupId, profile.deviceId), tokenMode: true };
    }
    if (profile.authMode === 'deviceCredential') {
      throw new AppError(
        'mode-needs-current-instance',
        `Profile "${profile.name}" uses device credentials, which only current ApsaraMQ instances accept.`,
        'Set the instance type to "Current instance" and enter the instance ID, or choose signature or token mode.',
      );
    }
    const c = aliyunMqSignatureCredentials({ accessKey: profile.accessKey, secretKey: requireSecret(secrets, 'secretKey', profile.name), ...ids });
    return { clientId: c.clientId, username: c.username, password: c.password, stringToSign: c.stringToSign, algorithm: c.algorithm };
  }
  const instanceId = requireInstance(profile);
  if (profile.authMode === 'token') {
    const tokens = tokensHeld(secrets);
    if (Object.keys(tokens).length === 0) {
      throw new AppError(
        'missing-secret',
        `Profile "${profile.name}" holds no token (R, W or RW).`,
        'Apply a token in the Tokens panel (or paste one in the profile editor); token mode sends the tokens held as the password.',
      );
    }
    return {
      clientId: aliyunMqClientId(profile.groupId, profile.deviceId),
      username: aliyunMqttInstanceUsername('Token', profile.accessKey, instanceId),
      password: aliyunMqttTokenPassword(tokens),
      // The $SYS/uploadToken flow still renews them after connect.
      tokenMode: true,
    };
  }
  if (profile.authMode === 'deviceCredential') {
    const secret = requireSecret(secrets, 'deviceAccessKeySecret', profile.name);
    const c = aliyunMqttDeviceCredentialCredentials({ deviceAccessKeyId: profile.deviceAccessKeyId, deviceAccessKeySecret: secret, instanceId, ...ids });
    return { ...c, algorithm: 'HmacSHA1' };
  }
  const c = aliyunMqttSignatureCredentials({ accessKey: profile.accessKey, secretKey: requireSecret(secrets, 'secretKey', profile.name), instanceId, ...ids });
  return { ...c, algorithm: 'HmacSHA1' };
}

function preview(profile: AliyunMqProfile, secrets: SecretValues) {
  const clientId = aliyunMqClientId(profile.groupId, profile.deviceId);
  if (!isCurrent(profile)) {
    if (profile.authMode === 'token') {
      return {
        protocol: 'mqtt' as const,
        clientId,
        password: noPassword(),
        notes: [part('preview.mq.legacyToken')],
      };
    }
    const stringToSign = profile.groupId;
    const notes = [part('preview.mq.legacySignature')];
    if (!present(secrets.secretKey))
      return {
        protocol: 'mqtt' as const,
        clientId,
        username: profile.accessKey,
        stringToSign,
        algorithm: 'HmacSHA1',
        password: missingPassword('secretKey'),
        notes,
      };
    const c = aliyunMqSignatureCredentials({
      accessKey: profile.accessKey,
      secretKey: secrets.secretKey,
      groupId: profile.groupId,
      deviceId: profile.deviceId,
    });
    return {
      protocol: 'mqtt' as const,
      clientId,
      username: c.username,
      stringToSign: c.stringToSign,
      algorithm: c.algorithm,
      password: derivedPassword(c.password, 'secretKey'),
      notes,
    };
  }
  const instanceId = profile.instanceId || '<InstanceId>';
  if (profile.authMode === 'token') {
    const tokens = tokensHeld(secrets);
    const types = Object.keys(tokens) as (keyof AliyunMqttTokens)[];
    // The tokens are raw secrets: the shape is shown, each token masked.
    const masked = types.map((t) => `${t}|${SECRET_MASK}`).join('|');
    return {
      protocol: 'mqtt' as const,
      clientId,
      username: aliyunMqttInstanceUsername('Token', profile.accessKey, instanceId),
      password: types.length ? { kind: 'secret' as const, masked, revealable: false, slot: TOKEN_SLOTS[types[0]!] } : missingPassword('tokenRW'),
      notes: [part('preview.mq.currentToken')],
    };
  }
  const device = profile.authMode === 'deviceCredential';
  const slot: SecretSlot = device ? 'deviceAccessKeySecret' : 'secretKey';
  const username = aliyunMqttInstanceUsername(device ? 'DeviceCredential' : 'Signature', device ? profile.deviceAccessKeyId : profile.accessKey, instanceId);
  const notes = [part(device ? 'preview.mq.deviceCredential' : 'preview.mq.currentSignature')];
  const secret = secrets[slot];
  if (!present(secret))
    return { protocol: 'mqtt' as const, clientId, username, stringToSign: clientId, algorithm: 'HmacSHA1', password: missingPassword(slot), notes };
  const ids = { instanceId, groupId: profile.groupId, deviceId: profile.deviceId };
  const c = device
    ? aliyunMqttDeviceCredentialCredentials({ deviceAccessKeyId: profile.deviceAccessKeyId, deviceAccessKeySecret: secret, ...ids })
    : aliyunMqttSignatureCredentials({ accessKey: profile.accessKey, secretKey: secret, ...ids });
  return {
    protocol: 'mqtt' as const,
    clientId,
    username: c.username,
    stringToSign: c.stringToSign,
    algorithm: 'HmacSHA1',
    password: derivedPassword(c.password, slot),
    notes,
  };
}

function checks(profile: AliyunMqProfile, opts: CheckOptions, add: Add): void {
  const current = isCurrent(profile);
  if (current && !profile.instanceId) add('error', 'missing-instance-id', part('check.missing-instance-id'), part('check.missing-instance-id.fix'));
  if (!current && profile.authMode === 'deviceCredential')
    add('error', 'mode-needs-current-instance', part('check.mode-needs-current-instance'), part('check.mode-needs-current-instance.fix'));
  if (!current && profile.instanceId)
    add(
      'warning',
      'instance-id-unused-legacy',
      part('check.instance-id-unused-legacy', { instanceId: profile.instanceId }),
      part('check.instance-id-unused-legacy.fix'),
    );
  const hostInstance = instanceOfHost(profile.host);
  if (current && profile.instanceId && hostInstance && hostInstance !== profile.instanceId) {
    add(
      'error',
      'instance-host-mismatch',
      part('check.instance-host-mismatch', { host: profile.host, hostInstance, instanceId: profile.instanceId }),
      part('check.instance-host-mismatch.fix'),
    );
  }
  if (hasInvisibleChars(profile.instanceId))
    add(
      'error',
      'instance-id-invisible-chars',
      part('check.instance-id-invisible-chars', { instanceId: visibleEscape(profile.instanceId) }),
      part('check.instance-id-invisible-chars.fix'),
    );
  if (profile.authMode === 'deviceCredential') {
    if (!profile.deviceAccessKeyId)
      add('error', 'missing-device-access-key-id', part('check.missing-device-access-key-id'), part('check.missing-device-access-key-id.fix'));
  } else if (!profile.accessKey && (current || profile.authMode === 'signature')) {
    add('error', 'missing-access-key', part('check.missing-access-key'), part('check.missing-access-key.fix'));
  }
  if (!GROUP_ID_PATTERN.test(profile.groupId)) {
    const why = !profile.groupId.startsWith('GID_')
      ? part('check.group-id-format.prefix')
      : profile.groupId.length < 7 || profile.groupId.length > 32
        ? part('check.group-id-format.length', { length: profile.groupId.length })
        : part('check.group-id-format.chars');
    add('error', 'group-id-format', part('check.group-id-format', { groupId: visibleEscape(profile.groupId), why }), part('check.group-id-format.fix'));
  }
  if (profile.deviceId.includes('@@@')) add('error', 'device-id-separator', part('check.device-id-separator'), part('check.device-id-separator.fix'));
  const clientId = aliyunMqClientId(profile.groupId, profile.deviceId);
  if (clientId.length > MQ_CLIENT_ID_MAX) {
    add(
      'error',
      'client-id-too-long',
      part('check.aliyun-mq.client-id-too-long', { clientId: head40(clientId), length: clientId.length, max: MQ_CLIENT_ID_MAX }),
      part('check.aliyun-mq.client-id-too-long.fix', { excess: clientId.length - MQ_CLIENT_ID_MAX }),
    );
  }
  if (hasInvisibleChars(clientId))
    add(
      'error',
      'client-id-invisible-chars',
      part('check.aliyun-mq.client-id-invisible-chars', { clientId: visibleEscape(clientId) }),
      part('check.aliyun-mq.client-id-invisible-chars.fix'),
    );
  if (hasInvisibleChars(profile.accessKey))
    add('error', 'access-key-invisible-chars', part('check.aliyun-mq.access-key-invisible-chars'), part('check.aliyun-mq.access-key-invisible-chars.fix'));
  const expectedPort = ALIYUN_MQ_PORTS[profile.transport];
  if (!profile.sandbox && expectedPort !== undefined && profile.port !== expectedPort) {
    add(
      'warning',
      'port-transport-mismatch',
      part('check.port-transport-mismatch', { transport: profile.transport, expected: expectedPort, port: profile.port }),
      part('check.port-transport-mismatch.fix', { transport: profile.transport, expected: expectedPort }),
    );
  }
  if (profile.keepaliveSec > MQ_KEEPALIVE_MAX)
    add(
      'warning',
      'keepalive-too-long',
      part('check.keepalive-too-long', { keepalive: profile.keepaliveSec, max: MQ_KEEPALIVE_MAX }),
      part('check.keepalive-too-long.fix'),
    );
  if (profile.protocolVersion === 5) add('warning', 'mqtt5-unsupported', part('check.mqtt5-unsupported'), part('check.mqtt5-unsupported.fix'));
  if (opts.payloadSize !== undefined && opts.payloadSize > MQ_MAX_PAYLOAD) {
    add('error', 'payload-too-large', part('check.payload-too-large', { size: opts.payloadSize, max: MQ_MAX_PAYLOAD }), part('check.payload-too-large.fix'));
  }
  if (opts.payloadQos === 2 && !profile.clean)
    add('warning', 'qos2-persistent-session', part('check.qos2-persistent-session.publish'), part('check.qos2-persistent-session.publish.fix'));
  const subs = opts.subscriptions ?? profile.subscriptions;
  for (const s of subs) {
    if (s.filter.length > MQ_TOPIC_MAX)
      add(
        'error',
        'topic-too-long',
        part('check.topic-too-long', { topic: head40(s.filter), length: s.filter.length, max: MQ_TOPIC_MAX }),
        part('check.topic-too-long.subscribe.fix'),
      );
    if (s.qos === 2 && !profile.clean)
      add(
        'warning',
        'qos2-persistent-session',
        part('check.qos2-persistent-session.subscribe', { filter: s.filter }),
        part('check.qos2-persistent-session.subscribe.fix'),
      );
  }
  if (subs.length > MQ_MAX_SUBSCRIPTIONS)
    add(
      'error',
      'too-many-subscriptions',
      part('check.too-many-subscriptions', { count: subs.length, max: MQ_MAX_SUBSCRIPTIONS }),
      part('check.too-many-subscriptions.fix'),
    );
  for (const t of opts.publishTopics ?? []) {
    if (t.length > MQ_TOPIC_MAX)
      add(
        'error',
        'topic-too-long',
        part('check.topic-too-long', { topic: head40(t), length: t.length, max: MQ_TOPIC_MAX }),
        part('check.topic-too-long.publish.fix'),
      );
  }
}

/** The auth causes: the scheme's own, then the other scheme's look-alike (a legacy password on a current instance, or the reverse). */
function authCauses(profile: AliyunMqProfile | undefined): ExplainPart[] {
  if (!profile) return [part('aliyun-mq.auth')];
  if (isCurrent(profile)) return [part('aliyun-mq.auth.current'), part('aliyun-mq.currentOnLegacy')];
  return [part('aliyun-mq.auth'), part('aliyun-mq.legacyOnCurrent')];
}

export const aliyunMqDescriptor: KindDescriptor<AliyunMqProfile> = {
  kind: 'aliyun-mq',
  protocol: 'mqtt',
  nameKey: 'core.kind.aliyun-mq',
  name: 'Alibaba MQ for IoT (ApsaraMQ for MQTT)',
  secretSlots: ['secretKey', 'tokenR', 'tokenW', 'tokenRW', 'deviceAccessKeySecret', 'clientKey'],
  formSecretSlots(draft) {
    if (draft.authMode === 'deviceCredential') return ['deviceAccessKeySecret', 'clientKey'];
    // Token mode still needs the SecretKey: the token service signs its requests with it.
    if (draft.authMode === 'token') return ['secretKey', 'tokenR', 'tokenW', 'tokenRW', 'clientKey'];
    return ['secretKey', 'clientKey'];
  },
  defaults: (id, name) => ({
    id,
    name,
    kind: 'aliyun-mq',
    host: '',
    port: 1883,
    transport: 'tcp',
    ...MQTT_SESSION_DEFAULTS,
    subscriptions: [],
    region: '',
    groupId: 'GID_',
    deviceId: '',
    instanceType: 'current',
    instanceId: '',
    accessKey: '',
    deviceAccessKeyId: '',
    authMode: 'signature',
    tokenRenewal: 'auto',
    tokenServiceUrl: 'https://mqauth.aliyuncs.com',
    onlineQueryUrl: '',
    reconnect: { ...RECONNECT_DEFAULTS },
  }),
  editor: {
    hostPlaceholder: 'post-cn-xxx.mqtt.aliyuncs.com',
    server: [
      { path: 'transport', type: 'select', labelKey: 'core.field.transport', options: TRANSPORT_OPTIONS },
      { path: 'region', type: 'text', labelKey: 'core.field.region', placeholder: 'cn-hangzhou' },
    ],
    identity: [
      {
        path: 'instanceType',
        type: 'select',
        labelKey: 'kinds.field.instanceType',
        hintKey: 'kinds.hint.instanceType',
        options: [
          { value: 'current', labelKey: 'kinds.instanceType.current' },
          { value: 'legacy', labelKey: 'kinds.instanceType.legacy' },
        ],
      },
      {
        path: 'instanceId',
        type: 'text',
        labelKey: 'kinds.field.mqInstanceId',
        placeholder: 'post-cn-0pp12345678',
        hintKey: 'kinds.hint.mqInstanceId',
        when: (d) => isCurrent(d),
      },
      { path: 'groupId', type: 'text', labelKey: 'core.field.groupId', hintKey: 'core.hint.groupId' },
      { path: 'deviceId', type: 'text', labelKey: 'core.field.deviceId' },
      {
        path: 'clientId',
        type: 'derived',
        labelKey: 'core.field.clientId',
        testId: 'aliyun-client-id',
        derive: (d) => aliyunMqClientId(String(d.groupId ?? ''), String(d.deviceId ?? '')),
      },
      {
        path: 'authMode',
        type: 'select',
        labelKey: 'core.field.authMode',
        options: [
          { value: 'signature', labelKey: 'core.auth.signature' },
          { value: 'token', labelKey: 'core.auth.token' },
          { value: 'deviceCredential', labelKey: 'kinds.auth.deviceCredential', when: (d) => isCurrent(d) },
        ],
      },
      { path: 'accessKey', type: 'text', labelKey: 'core.field.accessKey', when: (d) => d.authMode !== 'deviceCredential' },
      { path: 'deviceAccessKeyId', type: 'text', labelKey: 'kinds.field.deviceAccessKeyId', when: (d) => d.authMode === 'deviceCredential' },
      {
        path: 'tokenRenewal',
        type: 'select',
        labelKey: 'core.field.tokenRenewal',
        when: (d) => d.authMode === 'token',
        options: [
          { value: 'auto', labelKey: 'core.renewal.auto' },
          { value: 'ask', labelKey: 'core.renewal.ask' },
          { value: 'off', labelKey: 'core.renewal.off' },
        ],
      },
      { path: 'tokenServiceUrl', type: 'text', labelKey: 'core.field.tokenServiceUrl', when: (d) => d.authMode === 'token' },
      { path: 'onlineQueryUrl', type: 'text', labelKey: 'core.field.onlineQueryUrl' },
    ],
  },
  connect: (profile, { secrets }) => connect(profile, secrets),
  preview: (profile, { secrets }) => preview(profile, secrets),
  revealSignature(profile, secrets) {
    const ids = { groupId: profile.groupId, deviceId: profile.deviceId };
    if (!isCurrent(profile) && profile.authMode === 'signature') {
      return {
        signature: aliyunMqSignatureCredentials({ accessKey: profile.accessKey, secretKey: requireSecret(secrets, 'secretKey', profile.name), ...ids })
          .password,
      };
    }
    if (isCurrent(profile) && profile.authMode === 'signature') {
      return {
        signature: aliyunMqttSignatureCredentials({
          accessKey: profile.accessKey,
          secretKey: requireSecret(secrets, 'secretKey', profile.name),
          instanceId: profile.instanceId,
          ...ids,
        }).password,
      };
    }
    if (isCurrent(profile) && profile.authMode === 'deviceCredential') {
      const secret = requireSecret(secrets, 'deviceAccessKeySecret', profile.name);
      return {
        signature: aliyunMqttDeviceCredentialCredentials({
          deviceAccessKeyId: profile.deviceAccessKeyId,
          deviceAccessKeySecret: secret,
          instanceId: profile.instanceId,
          ...ids,
        }).password,
      };
    }
    return undefined;
  },
  checks,
  clientIdStyle: 'short-alnum',
  refusal: {
    mqtt: {
      connect(cls, input) {
        const profile = input.profile?.kind === 'aliyun-mq' ? input.profile : undefined;
        if (cls === 'auth') return authCauses(profile);
        if (cls === 'id') return [part('aliyun-mq.clientId')];
        if (cls === 'unavailable') return [part('aliyun-mq.unavailable')];
        return [];
      },
      connectTimeout: [part('aliyun-mq.timeout')],
      subscribe: [part('aliyun-mq.subscribe')],
      publish: (input) => [part(input.afterPacket === 'uploadToken' ? 'aliyun-mq.token' : 'aliyun-mq.publish')],
      sessionTakenOver: part('aliyun-mq.kicked'),
      closedAfter(input, { errno, saidNothing }) {
        switch (input.afterPacket) {
          case 'subscribe':
            return [part('mqtt.closedAfter', { packet: 'SUBSCRIBE' }), part('aliyun-mq.subscribe')];
          case 'publish':
            return [part('mqtt.closedAfter', { packet: 'PUBLISH' }), part('aliyun-mq.publish')];
          case 'uploadToken':
            return [part('mqtt.closedAfterTokenUpload'), part('aliyun-mq.token')];
          case 'connect': {
            const profile = input.profile?.kind === 'aliyun-mq' ? input.profile : undefined;
            // A current instance may also close (not refuse) a CONNECT in the other scheme.
            return [part('mqtt.closedAfter', { packet: 'CONNECT' }), part('aliyun-mq.drop'), ...(profile ? authCauses(profile).slice(1) : [])];
          }
          default:
            return !errno && saidNothing ? [part('aliyun-mq.drop')] : [];
        }
      },
    },
  },
  texts: ALIYUN_MQ_TEXTS,
};
