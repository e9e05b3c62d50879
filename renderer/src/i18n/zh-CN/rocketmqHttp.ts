import type { rocketmqHttp as en } from '../en/rocketmqHttp';

// Simplified Chinese for RocketMQ 4.x over the MQ HTTP protocol (same keys as ../en/rocketmqHttp.ts), in the console's own words.
export const rocketmqHttp: Record<keyof typeof en, string> = {
  'rocketmqHttp.kind': 'RocketMQ 4.x（HTTP 协议）',
  'rocketmqHttp.field.https': 'HTTPS',
  'rocketmqHttp.field.instanceId': '实例 ID',
  'rocketmqHttp.hint.instanceId': '以 MQ_INST_ 开头，见实例详情页；HTTP 接入点列在实例的接入点信息中。',
  'rocketmqHttp.hint.groupId':
    'HTTP 协议的消费者总是分摊同一 Group ID 的消息：Fieldscope 会从该组的生产环境消费者手中分走消息。请使用专用于诊断的 Group ID（HTTP 协议）。',
  'rocketmqHttp.field.tag': '消息标签',
  'rocketmqHttp.hint.tag': '留空表示全部消息，多个标签用 || 连接（不加空格）。',
  'rocketmqHttp.field.ackMode': '消费确认',
  'rocketmqHttp.hint.ackMode': '手动/保留模式会保留消息句柄：未确认的消息在下次可消费时间之后重新投递，消费次数加一。',
  'rocketmqHttp.field.batchSize': '每次请求消息数（1-16）',
  'rocketmqHttp.field.waitSeconds': '长轮询等待时间（秒，1-30）',
  'rocketmqHttp.attr.section': 'RocketMQ 消息属性',
  'rocketmqHttp.attr.publishTime': '发布时间',
  'rocketmqHttp.attr.firstConsumeTime': '首次消费时间',
  'rocketmqHttp.attr.nextConsumeTime': '下次可消费时间',
  'rocketmqHttp.attr.consumedTimes': '消费次数',
  'rocketmqHttp.attr.business': '识别为',
};
