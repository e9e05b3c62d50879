/** Message Queue for Apache RocketMQ 4.x over TCP remoting: IoT SIM MQ push [seed 000], Taobao message sync [seed 003]. */
import type { RocketmqProfile } from '../../contract/profiles.contract';
import { part } from '../explain-part';
import { hasInvisibleChars } from '../check-support';
import { parseTagExpression } from '../../rocketmq/tag-expression';
import type { KindDescriptor } from './kind-descriptor';
import { missingPassword, noPassword, present, rawSecretPassword, RECONNECT_DEFAULTS } from './credential-helpers';

export const rocketmqDescriptor: KindDescriptor<RocketmqProfile> = {
  kind: 'rocketmq',
  protocol: 'rocketmq',
  nameKey: 'rocketmq.kind',
  name: 'RocketMQ 4.x (TCP)',
  secretSlots: ['secretKey'],
  formSecretSlots: () => ['secretKey'],
  defaults: (id, name) => ({
    id,
    name,
    kind: 'rocketmq',
    host: '',
    port: 9876,
    moreNameServers: [],
    accessKey: '',
    namespace: '',
    consumerGroupId: '',
    topic: '',
    tagExpression: '*',
    messageModel: 'broadcasting',
    startPoint: 'latest',
    ackMode: 'auto',
    reconnect: { ...RECONNECT_DEFAULTS },
  }),
  editor: {
    hostPlaceholder: 'MQ_INST_xxx.cn-hangzhou.mq-internal.aliyuncs.com',
    server: [],
    identity: [
      { path: 'accessKey', type: 'text', labelKey: 'core.field.accessKey' },
      { path: 'namespace', type: 'text', labelKey: 'rocketmq.field.namespace', hintKey: 'rocketmq.hint.namespace' },
      { path: 'consumerGroupId', type: 'text', labelKey: 'rocketmq.field.group' },
      { path: 'topic', type: 'text', labelKey: 'rocketmq.field.topic' },
      { path: 'tagExpression', type: 'text', labelKey: 'rocketmq.field.tags', hintKey: 'rocketmq.hint.tags', placeholder: '*' },
      {
        path: 'messageModel',
        type: 'select',
        labelKey: 'rocketmq.field.messageModel',
        hintKey: 'rocketmq.hint.messageModel',
        options: [
          { value: 'broadcasting', labelKey: 'rocketmq.model.broadcasting' },
          { value: 'clustering', labelKey: 'rocketmq.model.clustering' },
        ],
      },
      {
        path: 'startPoint',
        type: 'select',
        labelKey: 'rocketmq.field.startPoint',
        options: [
          { value: 'latest', labelKey: 'rocketmq.start.latest' },
          { value: 'earliest', labelKey: 'rocketmq.start.earliest' },
          { value: 'timestamp', labelKey: 'rocketmq.start.timestamp' },
        ],
      },
      { path: 'startTimestamp', type: 'number', labelKey: 'rocketmq.field.startTimestamp', when: (d) => d.startPoint === 'timestamp' },
      {
        path: 'ackMode',
        type: 'select',
        labelKey: 'rocketmq.field.ackMode',
        hintKey: 'rocketmq.hint.ackMode',
        options: [
          { value: 'auto', labelKey: 'rocketmq.ack.auto' },
          { value: 'hold', labelKey: 'rocketmq.ack.hold' },
        ],
      },
    ],
  },
  connect(profile, { secrets }) {
    if (!profile.accessKey) return { accessKey: '', secretKey: '' };
    return { accessKey: profile.accessKey, secretKey: secrets.secretKey ?? '' };
  },
  preview(profile, { secrets }) {
    if (!profile.accessKey) return { protocol: 'rocketmq', password: noPassword(), notes: [part('preview.rocketmqUnsigned')] };
    return {
      protocol: 'rocketmq',
      username: profile.accessKey,
      algorithm: 'HmacSHA1',
      stringToSign: '<sorted request field values, AccessKey, OnsChannel=ALIYUN><body>',
      password: present(secrets.secretKey) ? rawSecretPassword('secretKey') : missingPassword('secretKey'),
      notes: [part('preview.rocketmqSigned')],
    };
  },
  checks(profile, _opts, add) {
    if (profile.messageModel === 'clustering')
      add('warning', 'rocketmq-clustering', part('check.rocketmq-clustering', { group: profile.consumerGroupId }), part('check.rocketmq-clustering.fix'));
    try {
      parseTagExpression(profile.tagExpression);
    } catch {
      add(
        'error',
        'rocketmq-tag-expression',
        part('check.rocketmq-tag-expression', { expr: profile.tagExpression }),
        part('check.rocketmq-tag-expression.fix'),
      );
    }
    if (profile.accessKey && hasInvisibleChars(profile.accessKey))
      add(
        'error',
        'username-field-chars',
        part('check.username-field-chars', { field: part('field.accessKeyId') }),
        part('check.username-field-chars.fix', { field: part('field.accessKeyId') }),
      );
    if (profile.startPoint === 'timestamp' && profile.startTimestamp === undefined)
      add('error', 'rocketmq-start-timestamp', part('check.rocketmq-start-timestamp'), part('check.rocketmq-start-timestamp.fix'));
  },
  texts: {
    'preview.rocketmqUnsigned': 'No AccessKey: requests are not signed (a broker without ACL).',
    'preview.rocketmqSigned':
      'Every request is signed: Base64(HmacSHA1(SecretKey, the request fields sorted by name, values joined, then the body)), OnsChannel ALIYUN.',
    'rocketmq.signature':
      'RocketMQ: the signature does not match. Check the SecretKey of this AccessKey (the request is signed with HmacSHA1 over its fields and body, channel ALIYUN).',
    'rocketmq.accessKey':
      'RocketMQ: the AccessKey is unknown to this instance or has no access to it; check the AccessKey ID and that its RAM user is authorised for the instance.',
    'rocketmq.noPermission': 'RocketMQ: no permission for topic "{topic}" / Group ID "{group}": grant the AccessKey publish or subscribe permission on them.',
    'rocketmq.unknownGroup':
      'RocketMQ: Group ID "{group}" does not exist on this instance. Create it in the console (Groups), or use a dedicated diagnostic Group ID.',
    'rocketmq.topicMissing':
      'RocketMQ: topic "{topic}" does not exist on this instance (the name server has no route for it). Check the topic name and the instance.',
    'rocketmq.namespace':
      'Instances with a namespace (instance ID MQ_INST_...) prefix topics and groups with it: enter the instance ID in the namespace field.',
    'rocketmq.tagExpression': 'RocketMQ: the broker could not parse the tag expression; use * or TagA || TagB.',
    'rocketmq.nameServerDown': 'RocketMQ: nothing answers at the name server address; check the host and port (usually 9876, or the instance TCP endpoint).',
    'check.rocketmq-clustering':
      'Clustering: this consumer joins Group ID "{group}" and shares its queues. If production consumers use this group, the messages given to Fieldscope are taken away from them.',
    'check.rocketmq-clustering.fix': 'Use broadcasting, or a dedicated diagnostic Group ID created for Fieldscope.',
    'check.rocketmq-tag-expression': 'Tag expression "{expr}" is not valid.',
    'check.rocketmq-tag-expression.fix': 'Use * for every message, or tags joined with || (TagA || TagB).',
    'check.rocketmq-start-timestamp': 'The start point is a timestamp but none is set.',
    'check.rocketmq-start-timestamp.fix': 'Enter the time to start from (ms since 1970), or choose latest or earliest.',
  },
};
