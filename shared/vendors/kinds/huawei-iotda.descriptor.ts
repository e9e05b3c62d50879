/** Huawei Cloud IoTDA application-side MQTT access [seed 001]. */
import type { HuaweiIotdaProfile } from '../../contract/profiles.contract';
import { part } from '../explain-part';
import { huaweiIotdaCredentials, huaweiIotdaUsername } from '../huawei-iotda-signature';
import { hasInvisibleChars, visibleEscape } from '../check-support';
import type { KindDescriptor } from './kind-descriptor';
import { missingPassword, MQTT_SESSION_DEFAULTS, rawSecretPassword, RECONNECT_DEFAULTS, requireSecret, present, TRANSPORT_OPTIONS } from './credential-helpers';

const AUTH = part('huawei-iotda.auth');
const LIMIT = part('huawei-iotda.limit');
const SUBSCRIBE = part('huawei-iotda.subscribe');

export const huaweiIotdaDescriptor: KindDescriptor<HuaweiIotdaProfile> = {
  kind: 'huawei-iotda',
  protocol: 'mqtt',
  nameKey: 'core.kind.huawei-iotda',
  name: 'Huawei IoTDA',
  secretSlots: ['accessCode', 'clientKey'],
  formSecretSlots: () => ['accessCode', 'clientKey'],
  defaults: (id, name) => ({
    id,
    name,
    kind: 'huawei-iotda',
    host: '',
    port: 8883,
    transport: 'tls',
    ...MQTT_SESSION_DEFAULTS,
    subscriptions: [],
    accessKey: '',
    instanceId: '',
    forwardingTopic: '',
    reconnect: { ...RECONNECT_DEFAULTS },
  }),
  editor: {
    server: [{ path: 'transport', type: 'select', labelKey: 'core.field.transport', options: TRANSPORT_OPTIONS }],
    identity: [
      { path: 'clientId', type: 'clientId', labelKey: 'core.field.clientId', generate: true },
      { path: 'accessKey', type: 'text', labelKey: 'core.field.accessKey' },
      { path: 'instanceId', type: 'text', labelKey: 'core.field.instanceId' },
      { path: 'forwardingTopic', type: 'text', labelKey: 'core.field.forwardingTopic' },
    ],
  },
  signsTimestamp: true,
  connect(profile, { secrets, now }) {
    const accessCode = requireSecret(secrets, 'accessCode', profile.name);
    const c = huaweiIotdaCredentials({ accessKey: profile.accessKey, accessCode, timestamp: now, instanceId: profile.instanceId || undefined });
    return { clientId: c.clientId, username: c.username, password: c.password, signedAt: now };
  },
  preview(profile, { secrets, now }) {
    const username = huaweiIotdaUsername(profile.accessKey, now, profile.instanceId || undefined);
    return {
      protocol: 'mqtt',
      clientId: username,
      username,
      password: present(secrets.accessCode) ? rawSecretPassword('accessCode') : missingPassword('accessCode'),
      timestamp: now,
      notes: [part('preview.huaweiApp')],
    };
  },
  checks(profile, opts, add) {
    if (!profile.sandbox && profile.port !== 8883)
      add('warning', 'huawei-port', part('check.huawei-port', { port: profile.port }), part('check.huawei-port.fix'));
    if (!profile.sandbox && profile.transport !== 'tls') add('warning', 'huawei-tls', part('check.huawei-tls'), part('check.huawei-tls.fix'));
    if (!profile.instanceId) add('warning', 'huawei-instance-id', part('check.huawei-instance-id'), part('check.huawei-instance-id.fix'));
    if (hasInvisibleChars(profile.accessKey) || profile.accessKey.includes('|'))
      add('error', 'access-key-invisible-chars', part('check.huawei.access-key-invisible-chars'), part('check.huawei.access-key-invisible-chars.fix'));
    if (!profile.forwardingTopic && (opts.subscriptions ?? profile.subscriptions).length === 0)
      add('warning', 'huawei-no-forwarding-topic', part('check.huawei-no-forwarding-topic'), part('check.huawei-no-forwarding-topic.fix'));
    if (hasInvisibleChars(profile.instanceId))
      add(
        'error',
        'instance-id-invisible-chars',
        part('check.instance-id-invisible-chars', { instanceId: visibleEscape(profile.instanceId) }),
        part('check.instance-id-invisible-chars.fix'),
      );
  },
  refusal: {
    mqtt: {
      connect(cls, input) {
        if (cls === 'auth') return [AUTH];
        if (cls === 'id') return [part('huawei-iotda.clientId')];
        if (cls === 'unavailable' || cls === 'banned' || /limit|quota/i.test(input.message ?? '')) return [LIMIT];
        return [];
      },
      connectTimeout: [part('huawei-iotda.timeout')],
      subscribe: [SUBSCRIBE],
      closedAfter(input, { errno, saidNothing }) {
        if (input.afterPacket === 'connect') return [part('mqtt.closedAfter', { packet: 'CONNECT' }), AUTH, LIMIT];
        if (input.afterPacket === 'subscribe') return [part('mqtt.closedAfter', { packet: 'SUBSCRIBE' }), SUBSCRIBE];
        return !errno && saidNothing ? [LIMIT] : [];
      },
    },
  },
  texts: {
    'huawei-iotda.auth':
      'Huawei IoTDA: the user name must be accessKey=<ak>|timestamp=<13-digit ms>[|instanceId=<id>] and the password the access code. ' +
      'Check the access code (presetting a new one invalidates the old accessKey), that the timestamp is within 5 minutes of the server clock ' +
      '(fix the local clock), and the instanceId for a standard/enterprise instance.',
    'huawei-iotda.limit': 'Huawei IoTDA allows at most 10 concurrent connections per accessKey; close other clients using the same accessKey.',
    'huawei-iotda.subscribe':
      'Huawei IoTDA: subscribe only to the topic named in the data-forwarding rule (the application-side client cannot subscribe to other topics).',
    'huawei-iotda.clientId': 'Huawei IoTDA: use the user name as the Client ID; it must be globally unique.',
    'huawei-iotda.timeout': 'Huawei IoTDA application-side MQTT needs TLS on port 8883.',
    'check.huawei-port': 'Huawei IoTDA application-side MQTT listens on port 8883 (TLS), not {port}.',
    'check.huawei-port.fix': 'Use port 8883 with TLS.',
    'check.huawei-tls': 'Huawei IoTDA application-side MQTT needs TLS.',
    'check.huawei-tls.fix': 'Set the transport to TLS (port 8883).',
    'check.huawei-instance-id': 'No instanceId is set. It is required when more than one standard-edition instance exists in the same region.',
    'check.huawei-instance-id.fix':
      'If the account has several standard-edition instances in this region, enter the instance ID from the console (Instance details).',
    'check.huawei.access-key-invisible-chars': 'The accessKey contains spaces, invisible characters or "|".',
    'check.huawei.access-key-invisible-chars.fix': 'Re-paste the accessKey from the console without surrounding spaces.',
    'check.huawei-no-forwarding-topic': 'No forwarding topic to subscribe to: rule hits are pushed only to the topic named in the data-forwarding rule.',
    'check.huawei-no-forwarding-topic.fix': 'Enter the topic from the data-forwarding rule (Rules > Data Forwarding > Set Forwarding Target).',
    'preview.huaweiApp':
      'The password is the access code itself (nothing is signed). The timestamp is taken again on every (re)connect and must be within 5 minutes of the server clock.',
  },
};
