/**
 * A RocketMQ 4.x instance over Alibaba's MQ HTTP protocol (IoT SIM MQ push [seed 000], Taobao message sync
 * [seed 003]): every request is signed with the AccessKey (HmacSHA1, `Authorization: MQ <ak>:<sig>`);
 * consuming is a long poll per Group ID, with an explicit ack by receipt handle.
 */
import type { RocketmqHttpProfile } from '../../contract/profiles.contract';
import { AppError } from '../../contract/define';
import { part } from '../explain-part';
import { httpSignature, httpStringToSign } from '../../rocketmq/http-api';
import type { KindDescriptor } from './kind-descriptor';
import { derivedPassword, missingPassword, present, RECONNECT_DEFAULTS, requireSecret } from './credential-helpers';

/** The endpoint URL the SDK is given: http(s)://host[:port]. */
export function rocketmqHttpEndpoint(p: Pick<RocketmqHttpProfile, 'host' | 'port' | 'tls'>): string {
  const scheme = p.tls ? 'https' : 'http';
  const dflt = p.tls ? 443 : 80;
  return `${scheme}://${p.host}${p.port === dflt ? '' : `:${p.port}`}`;
}

/** The resource a consume request signs, as the SDK writes its request line. */
export function rocketmqHttpConsumeResource(p: Pick<RocketmqHttpProfile, 'topic' | 'groupId' | 'instanceId' | 'tag' | 'batchSize' | 'waitSeconds'>): string {
  const ns = p.instanceId ? `&ns=${p.instanceId}` : '';
  const tag = p.tag ? `&tag=${encodeURIComponent(p.tag)}` : '';
  return `/topics/${p.topic}/messages?consumer=${p.groupId}${ns}${tag}&numOfMessages=${p.batchSize}&waitseconds=${p.waitSeconds}`;
}

function previewSign(profile: RocketmqHttpProfile, secret: string, now: number) {
  const headers = { date: new Date(now).toUTCString(), 'content-type': 'text/xml;charset=utf-8', 'x-mq-version': '2015-06-06' };
  const resource = rocketmqHttpConsumeResource(profile);
  return { stringToSign: httpStringToSign('GET', headers, resource), signature: httpSignature(secret, 'GET', headers, resource) };
}

export const rocketmqHttpDescriptor: KindDescriptor<RocketmqHttpProfile> = {
  kind: 'rocketmq-http',
  protocol: 'rocketmq',
  nameKey: 'rocketmqHttp.kind',
  name: 'RocketMQ 4.x (MQ HTTP protocol)',
  secretSlots: ['accessSecret'],
  formSecretSlots: () => ['accessSecret'],
  defaults: (id, name) => ({
    id,
    name,
    kind: 'rocketmq-http',
    host: '',
    port: 80,
    tls: false,
    instanceId: '',
    topic: '',
    groupId: 'GID_',
    tag: '',
    accessKey: '',
    ackMode: 'auto',
    batchSize: 16,
    waitSeconds: 30,
    reconnect: { ...RECONNECT_DEFAULTS },
  }),
  editor: {
    hostPlaceholder: '<uid>.mqrest.cn-hangzhou.aliyuncs.com',
    server: [
      { path: 'tls', type: 'check', labelKey: 'rocketmqHttp.field.https' },
      { path: 'instanceId', type: 'text', labelKey: 'rocketmqHttp.field.instanceId', hintKey: 'rocketmqHttp.hint.instanceId' },
    ],
    identity: [
      { path: 'accessKey', type: 'text', labelKey: 'core.field.accessKey' },
      { path: 'topic', type: 'text', labelKey: 'rocketmq.field.topic' },
      { path: 'groupId', type: 'text', labelKey: 'rocketmq.field.group', hintKey: 'rocketmqHttp.hint.groupId' },
      { path: 'tag', type: 'text', labelKey: 'rocketmqHttp.field.tag', hintKey: 'rocketmqHttp.hint.tag' },
      {
        path: 'ackMode',
        type: 'select',
        labelKey: 'rocketmqHttp.field.ackMode',
        hintKey: 'rocketmqHttp.hint.ackMode',
        options: [
          { value: 'auto', labelKey: 'core.ack.auto' },
          { value: 'manual', labelKey: 'core.ack.manual' },
          { value: 'hold', labelKey: 'core.ack.hold' },
        ],
      },
      { path: 'batchSize', type: 'number', labelKey: 'rocketmqHttp.field.batchSize' },
      { path: 'waitSeconds', type: 'number', labelKey: 'rocketmqHttp.field.waitSeconds' },
    ],
  },
  connect(profile, { secrets }) {
    const accessKeySecret = requireSecret(secrets, 'accessSecret', profile.name);
    if (!profile.accessKey)
      throw new AppError(
        'missing-access-key',
        `Profile "${profile.name}" has no AccessKey ID.`,
        'Enter the AccessKey ID that owns the instance (or a RAM user allowed to consume from it).',
      );
    return { endpoint: rocketmqHttpEndpoint(profile), accessKeyId: profile.accessKey, accessKeySecret };
  },
  preview(profile, { secrets, now }) {
    const secret = secrets.accessSecret;
    const s = previewSign(profile, secret ?? '', now);
    return {
      protocol: 'rocketmq',
      username: profile.accessKey,
      stringToSign: s.stringToSign,
      algorithm: 'HmacSHA1, Base64',
      password: present(secret) ? derivedPassword(s.signature, 'accessSecret') : missingPassword('accessSecret'),
      timestamp: now,
      notes: [part('preview.rocketmqHttpSigned')],
    };
  },
  revealSignature(profile, secrets, timestamp) {
    return { signature: previewSign(profile, requireSecret(secrets, 'accessSecret', profile.name), timestamp).signature, timestamp };
  },
  checks(profile, _opts, add) {
    if (!profile.instanceId) add('warning', 'rocketmq-http-no-instance', part('check.rocketmq-http-no-instance'), part('check.rocketmq-http-no-instance.fix'));
    if (!/^(GID_|GID-|CID_|CID-)/.test(profile.groupId))
      add(
        'warning',
        'rocketmq-http-group-format',
        part('check.rocketmq-http-group-format', { group: profile.groupId }),
        part('check.rocketmq-http-group-format.fix'),
      );
    if (profile.ackMode !== 'auto') add('warning', 'rocketmq-http-held', part('check.rocketmq-http-held'), part('check.rocketmq-http-held.fix'));
  },
  texts: {
    'preview.rocketmqHttpSigned':
      'Every request is signed: Authorization "MQ <AccessKey ID>:<signature>", Base64(HmacSHA1(AccessKey secret, the string to sign above)); the Date header is signed, so the clock matters.',
    'rocketmq-http.SignatureDoesNotMatch':
      'MQ HTTP: the signature does not match. Check the AccessKey secret (it must belong to the AccessKey ID {accessKey}) and that the local clock is right (the Date header is signed).',
    'rocketmq-http.InvalidAccessKeyId': 'MQ HTTP: the AccessKey ID {accessKey} does not exist for this endpoint.',
    'rocketmq-http.AccessDenied': 'MQ HTTP: this AccessKey may not use the instance, topic or group (grant the RAM user RocketMQ permissions).',
    'rocketmq-http.TopicNotExist':
      'MQ HTTP: topic {topic} was not found in instance "{instanceId}". Check the topic name and the instance ID (ns); instances with a namespace need it.',
    'rocketmq-http.InstanceNotExist':
      'MQ HTTP: instance "{instanceId}" does not exist at this endpoint. Copy the instance ID from the console (Instance details).',
    'rocketmq-http.GroupNotExist': 'MQ HTTP: Group ID {group} does not exist in this instance. Create it in the console (Groups, HTTP protocol) first.',
    'rocketmq-http.TimeExpired': 'MQ HTTP: the request was refused as expired: the local clock is too far from the server time.',
    'rocketmq-http.other': 'MQ HTTP: the service refused the request with {code}: {message}',
    'rocketmq-http.network': 'MQ HTTP: the endpoint {endpoint} could not be reached ({message}). Check the host, port and HTTP/HTTPS.',
    'check.rocketmq-http-no-instance': 'No instance ID: instances with a namespace only find their topics with it.',
    'check.rocketmq-http-no-instance.fix': 'Copy the instance ID (MQ_INST_…) from the instance details page.',
    'check.rocketmq-http-group-format': 'Group ID "{group}" does not start with GID_ or CID_.',
    'check.rocketmq-http-group-format.fix': 'Use the Group ID created in the console for the HTTP protocol.',
    'check.rocketmq-http-held': 'Manual/hold ack: messages you do not ack come back after NextConsumeTime (5 minutes) with a higher consumed count.',
    'check.rocketmq-http-held.fix':
      'Use a dedicated diagnostic Group ID: consumers in the same group share its messages, so this one takes messages away from production.',
  },
};
