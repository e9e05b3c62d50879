/** Alibaba Cloud IoT Platform device (one secret per device), connecting as the device (cloud-behaviours §6). */
import type { AliyunIotDeviceProfile } from '../../contract/profiles.contract';
import { part } from '../explain-part';
import { aliyunIotDefaultClientId, aliyunIotDeviceCredentials, iotDeviceSecureModeUsesTls, type IotDeviceSecureMode } from '../aliyun-iot-device-signature';
import { AMQP_ALGORITHM_NAMES } from '../aliyun-iot-amqp-signature';
import {
  aliyunIotDeviceEndpoint,
  alinkPropertyPostPayload,
  alinkPropertyPostReplyTopic,
  alinkPropertyPostTopic,
  alinkPropertySetTopic,
} from '../device-topics';
import { hasInvisibleChars, visibleEscape } from '../check-support';
import type { KindDescriptor } from './kind-descriptor';
import { derivedPassword, missingPassword, MQTT_SESSION_DEFAULTS, present, RECONNECT_DEFAULTS, requireSecret, SIGN_METHOD_OPTIONS } from './credential-helpers';

/** securemode follows the transport: 2 = TLS direct, 3 = plain TCP direct. */
export const secureModeOf = (transport: string): IotDeviceSecureMode => (transport === 'tls' || transport === 'wss' ? 2 : 3);

function credentials(profile: AliyunIotDeviceProfile, deviceSecret: string, now: number) {
  return aliyunIotDeviceCredentials({
    productKey: profile.productKey,
    deviceName: profile.deviceName,
    deviceSecret,
    timestamp: String(now),
    signMethod: profile.signMethod,
    secureMode: secureModeOf(profile.transport),
    clientId: profile.clientId || undefined,
  });
}

export const aliyunIotDeviceDescriptor: KindDescriptor<AliyunIotDeviceProfile> = {
  kind: 'aliyun-iot-device',
  protocol: 'mqtt',
  nameKey: 'kinds.kind.aliyun-iot-device',
  name: 'Alibaba IoT Platform device',
  secretSlots: ['deviceSecret', 'clientKey'],
  formSecretSlots: () => ['deviceSecret', 'clientKey'],
  defaults: (id, name) => ({
    id,
    name,
    kind: 'aliyun-iot-device',
    host: '',
    port: 1883,
    transport: 'tls',
    ...MQTT_SESSION_DEFAULTS,
    subscriptions: [],
    productKey: '',
    deviceName: '',
    region: 'cn-shanghai',
    iotInstanceId: '',
    signMethod: 'hmacsha256',
    reconnect: { ...RECONNECT_DEFAULTS },
  }),
  editor: {
    hostPlaceholder: '<productKey>.iot-as-mqtt.cn-shanghai.aliyuncs.com',
    server: [
      {
        path: 'transport',
        type: 'select',
        labelKey: 'kinds.field.secureMode',
        hintKey: 'kinds.hint.secureMode',
        options: [
          { value: 'tls', labelKey: 'kinds.secureMode.2' },
          { value: 'tcp', labelKey: 'kinds.secureMode.3' },
        ],
      },
      { path: 'region', type: 'text', labelKey: 'core.field.region', placeholder: 'cn-shanghai' },
      { path: 'iotInstanceId', type: 'text', labelKey: 'core.field.iotInstanceId', hintKey: 'kinds.hint.deviceInstanceId' },
    ],
    identity: [
      { path: 'productKey', type: 'text', labelKey: 'kinds.field.productKey' },
      { path: 'deviceName', type: 'text', labelKey: 'kinds.field.deviceName' },
      { path: 'clientId', type: 'text', labelKey: 'core.field.clientId', hintKey: 'kinds.hint.iotClientId' },
      { path: 'signMethod', type: 'select', labelKey: 'core.field.signMethod', options: SIGN_METHOD_OPTIONS },
      {
        path: 'clientId',
        type: 'derived',
        labelKey: 'kinds.field.mqttClientId',
        testId: 'iot-device-mqtt-client-id',
        derive: (d) =>
          `${String(d.clientId || '') || aliyunIotDefaultClientId(String(d.productKey ?? ''), String(d.deviceName ?? ''))}|securemode=${secureModeOf(String(d.transport ?? 'tls'))},signmethod=${String(d.signMethod ?? 'hmacsha256')},timestamp=<ms>|`,
      },
    ],
  },
  signsTimestamp: true,
  connect(profile, { secrets, now }) {
    const c = credentials(profile, requireSecret(secrets, 'deviceSecret', profile.name), now);
    return {
      clientId: c.clientId,
      username: c.username,
      password: c.password,
      stringToSign: c.stringToSign,
      algorithm: AMQP_ALGORITHM_NAMES[profile.signMethod],
      signedAt: now,
    };
  },
  preview(profile, { secrets, now }) {
    const secret = secrets.deviceSecret;
    // The shape does not depend on the secret; only the password does.
    const c = credentials(profile, present(secret) ? secret : '', now);
    return {
      protocol: 'mqtt',
      clientId: c.clientId,
      username: c.username,
      stringToSign: c.stringToSign,
      algorithm: AMQP_ALGORITHM_NAMES[profile.signMethod],
      password: present(secret) ? derivedPassword(c.password, 'deviceSecret') : missingPassword('deviceSecret'),
      timestamp: now,
      notes: [
        part('preview.iotDevice', {
          algorithm: AMQP_ALGORITHM_NAMES[profile.signMethod],
          mode: secureModeOf(profile.transport),
          transport: iotDeviceSecureModeUsesTls(secureModeOf(profile.transport)) ? 'TLS' : 'TCP',
        }),
      ],
    };
  },
  revealSignature(profile, secrets, timestamp) {
    return { signature: credentials(profile, requireSecret(secrets, 'deviceSecret', profile.name), timestamp).password, timestamp };
  },
  checks(profile, _opts, add) {
    for (const [name, value] of [
      ['productKey', profile.productKey],
      ['deviceName', profile.deviceName],
      ['clientId', profile.clientId],
    ] as const) {
      const field = part(`field.${name}`);
      if (hasInvisibleChars(value) || /[|,&]/.test(value))
        add(
          'error',
          'device-field-chars',
          part('check.device-field-chars', { field, value: visibleEscape(value) }),
          part('check.device-field-chars.fix', { field }),
        );
    }
    if (profile.transport === 'ws' || profile.transport === 'wss')
      add('warning', 'iot-device-transport', part('check.iot-device-transport'), part('check.iot-device-transport.fix'));
    const expected = aliyunIotDeviceEndpoint(profile);
    if (!profile.sandbox && profile.productKey && /aliyuncs\.com$/i.test(profile.host) && profile.host !== expected.host) {
      add(
        'warning',
        'iot-device-endpoint',
        part('check.iot-device-endpoint', { host: profile.host, expected: expected.host }),
        part('check.iot-device-endpoint.fix', { expected: expected.host }),
      );
    }
    if (profile.protocolVersion === 5) add('warning', 'mqtt5-unsupported', part('check.iot-device.mqtt5'), part('check.mqtt5-unsupported.fix'));
  },
  topics(profile) {
    const { productKey: pk, deviceName: dn } = profile;
    if (!pk || !dn) return [];
    return [
      {
        labelKey: 'kinds.topic.propertyPost',
        topic: alinkPropertyPostTopic(pk, dn),
        use: 'publish',
        payload: alinkPropertyPostPayload('1', { temperature: 21.5 }),
      },
      { labelKey: 'kinds.topic.propertyPostReply', topic: alinkPropertyPostReplyTopic(pk, dn), use: 'subscribe' },
      { labelKey: 'kinds.topic.propertySet', topic: alinkPropertySetTopic(pk, dn), use: 'subscribe' },
    ];
  },
  endpoint: (profile) => (profile.productKey || profile.iotInstanceId ? aliyunIotDeviceEndpoint(profile) : undefined),
  refusal: {
    mqtt: {
      connect(cls) {
        if (cls === 'auth') return [part('aliyun-iot-device.auth')];
        if (cls === 'id') return [part('aliyun-iot-device.clientId')];
        return [];
      },
      connectTimeout: [part('aliyun-iot-device.timeout')],
      subscribe: [part('aliyun-iot-device.topic')],
      publish: () => [part('aliyun-iot-device.topic')],
      closedAfter(input) {
        if (input.afterPacket === 'subscribe' || input.afterPacket === 'publish')
          return [part('mqtt.closedAfter', { packet: input.afterPacket.toUpperCase() }), part('aliyun-iot-device.topic')];
        if (input.afterPacket === 'connect') return [part('mqtt.closedAfter', { packet: 'CONNECT' }), part('aliyun-iot-device.auth')];
        return [];
      },
    },
  },
  texts: {
    'aliyun-iot-device.auth':
      'IoT Platform device: the password must be hex(HMAC-<signmethod>(device secret, "clientId<clientId>deviceName<deviceName>productKey<productKey>timestamp<ms>")) with the same ' +
      'clientId, signmethod and timestamp as in the MQTT Client ID, and the user name <deviceName>&<productKey>. Check the device secret, the product key and device name, ' +
      'that the device is enabled, and that the timestamp is close to the server clock.',
    'aliyun-iot-device.clientId':
      'IoT Platform device: the MQTT Client ID must be <clientId>|securemode=2|3,signmethod=...,timestamp=<ms>| (securemode 2 over TLS, 3 over TCP).',
    'aliyun-iot-device.timeout':
      'IoT Platform device: securemode 2 needs TLS, securemode 3 plain TCP, both on port 1883; check the endpoint (product key and region, or instance ID).',
    'aliyun-iot-device.topic':
      'IoT Platform device: a device may only use its own topics (/sys/<productKey>/<deviceName>/... and the custom topics of its product with the right permission); other topics close the connection.',
    'check.device-field-chars': 'The {field} "{value}" contains spaces, invisible characters or one of | , & which break the device credentials.',
    'check.device-field-chars.fix': 'Re-paste the {field} exactly as shown in the console.',
    'check.iot-device-transport': 'IoT Platform devices connect over MQTT on TCP or TLS; WebSocket needs another endpoint.',
    'check.iot-device-transport.fix': 'Choose securemode 2 (TLS) or 3 (TCP).',
    'check.iot-device-endpoint': 'The endpoint {host} differs from the one the product key and region (or the instance ID) give: {expected}.',
    'check.iot-device-endpoint.fix': 'Use {expected}, or check the region and instance ID.',
    'check.iot-device.mqtt5': 'IoT Platform device access here is MQTT 3.1.1; an MQTT 5 CONNECT may be refused.',
    'preview.iotDevice':
      'Password = hex({algorithm}(device secret, the fields sorted by name)); the timestamp is signed again on every (re)connect. securemode={mode} ({transport} direct).',
  },
};
