/** Huawei Cloud IoTDA device, connecting as the device (cloud-behaviours §6). */
import type { HuaweiIotdaDeviceProfile } from '../../contract/profiles.contract';
import { part } from '../explain-part';
import { huaweiDeviceTimestamp, huaweiIotdaDeviceCredentials } from '../huawei-iotda-device-signature';
import { iotdaCommandResponseTopic, iotdaCommandsFilter, iotdaPropertiesReportPayload, iotdaPropertiesReportTopic } from '../device-topics';
import { hasInvisibleChars, visibleEscape } from '../check-support';
import type { KindDescriptor } from './kind-descriptor';
import { derivedPassword, missingPassword, MQTT_SESSION_DEFAULTS, present, RECONNECT_DEFAULTS, requireSecret, TRANSPORT_OPTIONS } from './credential-helpers';

function credentials(profile: HuaweiIotdaDeviceProfile, secret: string, now: number) {
  return huaweiIotdaDeviceCredentials({
    deviceId: profile.deviceId,
    secret,
    timestamp: huaweiDeviceTimestamp(now),
    checkTimestamp: profile.checkTimestamp ? 1 : 0,
  });
}

export const huaweiIotdaDeviceDescriptor: KindDescriptor<HuaweiIotdaDeviceProfile> = {
  kind: 'huawei-iotda-device',
  protocol: 'mqtt',
  nameKey: 'kinds.kind.huawei-iotda-device',
  name: 'Huawei IoTDA device',
  secretSlots: ['deviceSecret', 'clientKey'],
  formSecretSlots: () => ['deviceSecret', 'clientKey'],
  defaults: (id, name) => ({
    id,
    name,
    kind: 'huawei-iotda-device',
    host: '',
    port: 8883,
    transport: 'tls',
    ...MQTT_SESSION_DEFAULTS,
    subscriptions: [],
    deviceId: '',
    checkTimestamp: true,
    reconnect: { ...RECONNECT_DEFAULTS },
  }),
  editor: {
    hostPlaceholder: 'xxxx.st1.iotda-device.cn-north-4.myhuaweicloud.com',
    server: [{ path: 'transport', type: 'select', labelKey: 'core.field.transport', options: TRANSPORT_OPTIONS }],
    identity: [
      { path: 'deviceId', type: 'text', labelKey: 'kinds.field.iotdaDeviceId' },
      { path: 'checkTimestamp', type: 'check', labelKey: 'kinds.field.checkTimestamp', hintKey: 'kinds.hint.checkTimestamp' },
      {
        path: 'clientId',
        type: 'derived',
        labelKey: 'kinds.field.mqttClientId',
        testId: 'iotda-device-client-id',
        derive: (d) => `${String(d.deviceId ?? '')}_0_${d.checkTimestamp === false ? 0 : 1}_<YYYYMMDDHH>`,
      },
    ],
  },
  signsTimestamp: true,
  connect(profile, { secrets, now }) {
    const c = credentials(profile, requireSecret(secrets, 'deviceSecret', profile.name), now);
    return { ...c, stringToSign: huaweiDeviceTimestamp(now), algorithm: 'HmacSHA256', signedAt: now };
  },
  preview(profile, { secrets, now }) {
    const secret = secrets.deviceSecret;
    const c = credentials(profile, present(secret) ? secret : '', now);
    return {
      protocol: 'mqtt',
      clientId: c.clientId,
      username: c.username,
      algorithm: 'HmacSHA256',
      password: present(secret) ? derivedPassword(c.password, 'deviceSecret') : missingPassword('deviceSecret'),
      timestamp: now,
      notes: [
        part('preview.iotdaDevice', { hour: huaweiDeviceTimestamp(now) }),
        part(profile.checkTimestamp ? 'preview.iotdaDevice.checked' : 'preview.iotdaDevice.unchecked'),
      ],
    };
  },
  revealSignature(profile, secrets, timestamp) {
    return { signature: credentials(profile, requireSecret(secrets, 'deviceSecret', profile.name), timestamp).password, timestamp };
  },
  checks(profile, _opts, add) {
    if (hasInvisibleChars(profile.deviceId))
      add(
        'error',
        'device-field-chars',
        part('check.device-field-chars', { field: part('field.deviceId'), value: visibleEscape(profile.deviceId) }),
        part('check.device-field-chars.fix', { field: part('field.deviceId') }),
      );
    if (!profile.sandbox && (profile.port !== 8883 || profile.transport !== 'tls'))
      add('warning', 'iotda-device-tls', part('check.iotda-device-tls', { port: profile.port }), part('check.iotda-device-tls.fix'));
  },
  topics(profile) {
    const id = profile.deviceId;
    if (!id) return [];
    return [
      {
        labelKey: 'kinds.topic.propertiesReport',
        topic: iotdaPropertiesReportTopic(id),
        use: 'publish',
        payload: iotdaPropertiesReportPayload('BasicData', { temperature: 21.5 }),
      },
      { labelKey: 'kinds.topic.commands', topic: iotdaCommandsFilter(id), use: 'subscribe' },
      {
        labelKey: 'kinds.topic.commandResponse',
        topic: iotdaCommandResponseTopic(id, '{request_id}'),
        use: 'publish',
        payload: JSON.stringify({ result_code: 0, response_name: 'COMMAND_RESPONSE', paras: {} }),
      },
    ];
  },
  refusal: {
    mqtt: {
      connect(cls) {
        if (cls === 'auth') return [part('huawei-iotda-device.auth')];
        if (cls === 'id') return [part('huawei-iotda-device.clientId')];
        return [];
      },
      connectTimeout: [part('huawei-iotda.timeout')],
      closedAfter(input) {
        if (input.afterPacket === 'connect') return [part('mqtt.closedAfter', { packet: 'CONNECT' }), part('huawei-iotda-device.auth')];
        return [];
      },
    },
  },
  texts: {
    'huawei-iotda-device.auth':
      'Huawei IoTDA device: the password must be hex(HmacSHA256(key = the YYYYMMDDHH in the Client ID, message = device secret)) and the user name the device ID. ' +
      'Check the device secret and device ID; with _1_ in the Client ID the hour must match the platform clock (fix the local clock, or use _0_).',
    'huawei-iotda-device.clientId': 'Huawei IoTDA device: the Client ID must be <deviceId>_0_<0|1>_<YYYYMMDDHH> (UTC hour).',
    'check.iotda-device-tls': 'IoTDA devices connect with TLS on port 8883 (this profile uses port {port} or no TLS).',
    'check.iotda-device-tls.fix': 'Use TLS on port 8883 (1883 plain TCP only where the instance allows it).',
    'preview.iotdaDevice': 'Password = hex(HmacSHA256(key = {hour}, message = device secret)): the key is the UTC hour in the Client ID.',
    'preview.iotdaDevice.checked': 'With _1_ the platform checks that hour against its clock.',
    'preview.iotdaDevice.unchecked': 'With _0_ the platform does not check the hour.',
  },
};
