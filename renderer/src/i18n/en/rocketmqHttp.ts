// English strings for RocketMQ 4.x over the MQ HTTP protocol (profile kind rocketmq-http) and the RocketMQ
// attributes of the detail pane (either protocol). Keys are prefixed 'rocketmqHttp.'.
export const rocketmqHttp = {
  'rocketmqHttp.kind': 'RocketMQ 4.x (MQ HTTP protocol)',
  'rocketmqHttp.field.https': 'HTTPS',
  'rocketmqHttp.field.instanceId': 'Instance ID',
  'rocketmqHttp.hint.instanceId': 'MQ_INST_..., from the instance details page; the HTTP endpoint is listed under its endpoints.',
  'rocketmqHttp.hint.groupId':
    'The HTTP protocol always shares a Group ID between its consumers: Fieldscope takes messages away from production consumers in that group. Use a dedicated diagnostic Group ID (HTTP protocol).',
  'rocketmqHttp.field.tag': 'Tag',
  'rocketmqHttp.hint.tag': 'Empty for every message, or tags joined with || (no spaces).',
  'rocketmqHttp.field.ackMode': 'Acknowledge',
  'rocketmqHttp.hint.ackMode':
    'Manual/hold keep the receipt handle: a message you do not ack comes back after its next consume time with a higher consumed count.',
  'rocketmqHttp.field.batchSize': 'Messages per request (1-16)',
  'rocketmqHttp.field.waitSeconds': 'Long-poll wait, seconds (1-30)',
  'rocketmqHttp.attr.section': 'RocketMQ attributes',
  'rocketmqHttp.attr.publishTime': 'Published at',
  'rocketmqHttp.attr.firstConsumeTime': 'First consumed at',
  'rocketmqHttp.attr.nextConsumeTime': 'Next consume time',
  'rocketmqHttp.attr.consumedTimes': 'Consumed times',
  'rocketmqHttp.attr.business': 'Recognised as',
} as const;
