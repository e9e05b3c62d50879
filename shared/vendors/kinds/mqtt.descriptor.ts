/** Generic MQTT broker: user name and password as typed. */
import type { MqttProfile } from '../../contract/profiles.contract';
import { part } from '../explain-part';
import { hasInvisibleChars, visibleEscape } from '../check-support';
import type { KindDescriptor } from './kind-descriptor';
import { MQTT_SESSION_DEFAULTS, noPassword, present, rawSecretPassword, RECONNECT_DEFAULTS, TRANSPORT_OPTIONS } from './credential-helpers';

export const mqttDescriptor: KindDescriptor<MqttProfile> = {
  kind: 'mqtt',
  protocol: 'mqtt',
  nameKey: 'core.kind.mqtt',
  name: 'MQTT (generic)',
  secretSlots: ['password', 'clientKey'],
  formSecretSlots: () => ['password', 'clientKey'],
  defaults: (id, name) => ({
    id,
    name,
    kind: 'mqtt',
    host: 'localhost',
    port: 1883,
    transport: 'tcp',
    ...MQTT_SESSION_DEFAULTS,
    subscriptions: [],
    username: '',
    reconnect: { ...RECONNECT_DEFAULTS },
  }),
  editor: {
    server: [{ path: 'transport', type: 'select', labelKey: 'core.field.transport', options: TRANSPORT_OPTIONS }],
    identity: [
      { path: 'clientId', type: 'clientId', labelKey: 'core.field.clientId', generate: true },
      { path: 'username', type: 'text', labelKey: 'core.field.username' },
    ],
    lastWill: true,
  },
  connect(profile, { secrets, randomClientId }) {
    const out: { clientId: string; username?: string; password?: string } = { clientId: profile.clientId || randomClientId() };
    if (profile.username) out.username = profile.username;
    if (present(secrets.password)) out.password = secrets.password;
    return out;
  },
  preview(profile, { secrets }) {
    return {
      protocol: 'mqtt',
      clientId: profile.clientId || undefined,
      username: profile.username || undefined,
      password: present(secrets.password) ? rawSecretPassword('password') : noPassword(),
      notes: profile.clientId ? [] : [part('preview.randomClientId')],
    };
  },
  checks(profile, _opts, add) {
    if (!profile.clean && !profile.clientId)
      add('warning', 'persistent-session-random-id', part('check.persistent-session-random-id'), part('check.persistent-session-random-id.fix'));
    if (profile.clientId && hasInvisibleChars(profile.clientId)) {
      add(
        'warning',
        'client-id-invisible-chars',
        part('check.mqtt.client-id-invisible-chars', { clientId: visibleEscape(profile.clientId) }),
        part('check.mqtt.client-id-invisible-chars.fix'),
      );
    }
    if (profile.protocolVersion === 4 && profile.clientId.length > 23) {
      add('warning', 'client-id-long-v311', part('check.client-id-long-v311', { length: profile.clientId.length }), part('check.client-id-long-v311.fix'));
    }
  },
  refusal: {
    mqtt: {
      connect(cls) {
        if (cls === 'auth') return [part('mqtt.generic.auth')];
        if (cls === 'id') return [part('mqtt.generic.id')];
        if (cls === 'version') return [part('mqtt.generic.version')];
        return [];
      },
    },
  },
  texts: {
    'check.persistent-session-random-id': 'Clean session is off but the Client ID is empty: a new random ID each time means the session is never resumed.',
    'check.persistent-session-random-id.fix': 'Enter a fixed Client ID to resume the session.',
    'check.mqtt.client-id-invisible-chars': 'Client ID "{clientId}" contains invisible characters.',
    'check.mqtt.client-id-invisible-chars.fix': 'Retype the Client ID without spaces or pasted invisible characters.',
    'check.client-id-long-v311': 'Client ID is {length} characters; MQTT 3.1.1 brokers only have to accept 23.',
    'check.client-id-long-v311.fix': 'Shorten the Client ID if the broker refuses it (CONNACK 2).',
    'mqtt.generic.auth': 'Check the user name and password configured for this broker (and its ACL for this client).',
    'mqtt.generic.id': 'The broker rejected the Client ID: try a shorter one with plain letters and digits, or check the broker allows it.',
    'mqtt.generic.version': 'Switch the profile between MQTT 3.1.1 and MQTT 5.',
    'preview.randomClientId': 'A random Client ID is generated on connect.',
  },
};
