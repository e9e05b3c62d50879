/**
 * Why a RocketMQ 4.x broker or name server refused a request, in explain parts: the response code and the
 * broker's remark tell apart a wrong signature, an unknown Group ID, a missing topic, a missing permission
 * and a namespace the topic or group lacks.
 */
import { part, type ExplainPart } from '../vendors/explain-part';
import { ResponseCode } from './remoting-codes';

const has = (text: string | undefined, ...words: string[]) => !!text && words.some((w) => text.toLowerCase().includes(w.toLowerCase()));

export function rocketmqRefusalParts(
  code: number | string | undefined,
  remark: string | undefined,
  ctx: { topic?: string; group?: string; namespace?: string } = {},
): ExplainPart[] {
  const topic = ctx.topic ?? '';
  const group = ctx.group ?? '';
  if (code === ResponseCode.NO_PERMISSION || has(remark, 'signature', 'accessKey')) {
    if (has(remark, 'signature')) return [part('rocketmq.signature')];
    if (has(remark, 'does not exist', 'not authorized', 'No accessKey')) return [part('rocketmq.accessKey')];
    return [part('rocketmq.noPermission', { topic, group })];
  }
  if (code === ResponseCode.SUBSCRIPTION_GROUP_NOT_EXIST || has(remark, 'subscription group')) {
    return ctx.namespace || group.includes('%')
      ? [part('rocketmq.unknownGroup', { group })]
      : [part('rocketmq.unknownGroup', { group }), part('rocketmq.namespace')];
  }
  if (code === ResponseCode.TOPIC_NOT_EXIST || has(remark, 'No topic route info', 'topic[')) {
    return ctx.namespace || topic.includes('%')
      ? [part('rocketmq.topicMissing', { topic })]
      : [part('rocketmq.topicMissing', { topic }), part('rocketmq.namespace')];
  }
  if (code === ResponseCode.SUBSCRIPTION_PARSE_FAILED) return [part('rocketmq.tagExpression')];
  if (has(remark, 'ECONNREFUSED', 'connect ECONN')) return [part('rocketmq.nameServerDown')];
  return [];
}
