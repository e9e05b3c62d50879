/** Generic AMQP 1.0 broker (e.g. RabbitMQ): SASL PLAIN or ANONYMOUS. */
import type { AmqpProfile } from '../../contract/profiles.contract';
import { part } from '../explain-part';
import type { KindDescriptor } from './kind-descriptor';
import { missingPassword, noPassword, present, rawSecretPassword, RECONNECT_DEFAULTS } from './credential-helpers';

export const amqpDescriptor: KindDescriptor<AmqpProfile> = {
  kind: 'amqp',
  protocol: 'amqp',
  nameKey: 'core.kind.amqp',
  name: 'AMQP 1.0 (generic)',
  secretSlots: ['password', 'clientKey'],
  formSecretSlots: (draft) => (draft.sasl === 'anonymous' ? ['clientKey'] : ['password', 'clientKey']),
  defaults: (id, name) => ({
    id,
    name,
    kind: 'amqp',
    host: 'localhost',
    port: 5672,
    tls: false,
    idleTimeoutSec: 60,
    credit: 100,
    ackMode: 'auto',
    sourceAddress: '',
    sasl: 'plain',
    username: '',
    reconnect: { ...RECONNECT_DEFAULTS },
  }),
  editor: {
    server: [{ path: 'tls', type: 'check', labelKey: 'core.field.amqpTls' }],
    identity: [
      {
        path: 'sasl',
        type: 'select',
        labelKey: 'core.field.sasl',
        options: [
          { value: 'plain', labelKey: 'core.sasl.plain' },
          { value: 'anonymous', labelKey: 'core.sasl.anonymous' },
        ],
      },
      { path: 'username', type: 'text', labelKey: 'core.field.username', when: (d) => d.sasl !== 'anonymous' },
    ],
  },
  connect(profile, { secrets }) {
    if (profile.sasl === 'anonymous') return { username: '', password: '', mechanism: 'ANONYMOUS' };
    return { username: profile.username, password: secrets.password ?? '', mechanism: 'PLAIN' };
  },
  preview(profile, { secrets }) {
    if (profile.sasl === 'anonymous') return { protocol: 'amqp', password: noPassword(), notes: [part('preview.saslAnonymous')] };
    return {
      protocol: 'amqp',
      username: profile.username,
      password: present(secrets.password) ? rawSecretPassword('password') : missingPassword('password'),
      notes: [],
    };
  },
  checks(profile, _opts, add) {
    if (!profile.sourceAddress) add('warning', 'amqp-no-source-address', part('check.amqp-no-source-address'), part('check.amqp-no-source-address.fix'));
    if (profile.sasl === 'plain' && !profile.username) add('warning', 'amqp-no-username', part('check.amqp-no-username'), part('check.amqp-no-username.fix'));
    if (profile.idleTimeoutSec > 0 && profile.idleTimeoutSec < 5)
      add('warning', 'idle-timeout-short', part('check.idle-timeout-short', { idle: profile.idleTimeoutSec }), part('check.idle-timeout-short.fix'));
  },
  refusal: {
    amqp: {
      saslAuth: part('amqp.generic.saslAuth'),
      unauthorized: part('amqp.generic.unauthorized'),
      notFound: part('amqp.generic.notFound'),
      limit: part('amqp.generic.limit'),
      forced: [part('amqp.generic.forced')],
      detached: part('amqp.generic.detached'),
      precondition: part('amqp.generic.precondition'),
      idle: part('amqp.generic.idle'),
    },
  },
  texts: {
    'amqp.generic.saslAuth': 'Check the user name and password (SASL PLAIN), or whether the broker allows ANONYMOUS.',
    'amqp.generic.unauthorized':
      'Check the user name, password and the permissions of this user on the source address (for RabbitMQ: the vhost and queue permissions).',
    'amqp.generic.notFound':
      'The source address does not exist on the broker (for RabbitMQ use /queues/<name> or /amq/queue/<name>, and declare the queue first).',
    'amqp.generic.limit': 'The broker hit a connection, link or memory limit: close other clients or lower the credit.',
    'amqp.generic.forced': 'The broker closed the connection (idle time-out, admin action or restart).',
    'amqp.generic.detached': 'The broker detached the receiver link (queue deleted, another consumer took it, or a policy).',
    'amqp.generic.precondition': "The link properties do not match the broker's (for RabbitMQ: the queue exists with other arguments).",
    'amqp.generic.idle': 'The connection was idle longer than the idle-time-out agreed in the open frame.',
    'check.amqp-no-source-address': 'No source address: most brokers (RabbitMQ included) need one for the receiver link.',
    'check.amqp-no-source-address.fix': 'Enter the queue address, e.g. /queues/<name> (RabbitMQ 4) or /amq/queue/<name> (RabbitMQ 3.x).',
    'check.amqp-no-username': 'SASL PLAIN with an empty user name.',
    'check.amqp-no-username.fix': 'Enter the user name, or choose SASL ANONYMOUS if the broker allows it.',
    'check.idle-timeout-short': 'Idle-time-out of {idle} s is very short.',
    'check.idle-timeout-short.fix': 'Use 30 s or more.',
    'preview.saslAnonymous': 'SASL ANONYMOUS: no user name or password is sent.',
  },
};
