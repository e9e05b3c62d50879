// RocketMQ attributes of the selected message, from either driver (TCP remoting or MQ HTTP): what RocketMQ
// consoles show for a message, so a support engineer can match it with the producer's log (msgId, keys) and
// see redelivery (reconsume / consumed times, the retry topic it came through).
import { Fragment, type ReactNode } from 'react';
import type { RocketmqAttributes as Attrs } from '../../../../shared/contract/messages.contract';
import { t, type MessageKey } from '../../i18n';
import { formatDateTimeMs } from '../../lib/format';

const TIMES: ReadonlyArray<[keyof Attrs, MessageKey]> = [
  ['bornTimestamp', 'rocketmq.attr.bornTimestamp'],
  ['storeTimestamp', 'rocketmq.attr.storeTimestamp'],
  ['publishTime', 'rocketmqHttp.attr.publishTime'],
  ['firstConsumeTime', 'rocketmqHttp.attr.firstConsumeTime'],
  ['nextConsumeTime', 'rocketmqHttp.attr.nextConsumeTime'],
];

const joinPairs = (o: Readonly<Record<string, string>>) =>
  Object.entries(o)
    .map(([k, v]) => `${k}=${v}`)
    .join(', ');

export function RocketmqAttributes({ r }: { r: Attrs }) {
  const row = (id: string, label: MessageKey, value: ReactNode) =>
    value === undefined || value === '' ? null : (
      <Fragment key={id}>
        <dt>{t(label)}</dt>
        <dd data-i18n="data" data-testid={`rocketmq-attr-${id}`}>
          {value}
        </dd>
      </Fragment>
    );
  const time = (v: unknown) => (typeof v === 'number' && Number.isFinite(v) && v > 0 ? `${formatDateTimeMs(v)} (${v})` : undefined);
  return (
    <dl className="detail-meta rocketmq-attrs" aria-label={t('rocketmqHttp.attr.section')} data-testid="rocketmq-attributes">
      {row('msgId', 'rocketmq.attr.msgId', r.msgId)}
      {row('tags', 'rocketmq.attr.tags', r.tags)}
      {row('keys', 'rocketmq.attr.keys', r.keys.join(' '))}
      {row('group', 'rocketmq.field.group', r.consumerGroup)}
      {row('queue', 'rocketmq.attr.queue', r.queueId === undefined ? undefined : `${r.brokerName ? `${r.brokerName} / ` : ''}${r.queueId}`)}
      {row('queueOffset', 'rocketmq.attr.queueOffset', r.queueOffset)}
      {row('bornHost', 'rocketmq.attr.bornHost', r.bornHost)}
      {TIMES.map(([k, label]) => row(k, label, time(r[k])))}
      {row('consumedTimes', 'rocketmqHttp.attr.consumedTimes', r.consumedTimes)}
      {row('reconsumeTimes', 'rocketmq.attr.reconsumeTimes', r.reconsumeTimes)}
      {r.pulledFrom && (
        <dd className="badge" data-testid="rocketmq-attr-retry">
          {t('rocketmq.attr.retry', { topic: r.pulledFrom })}
        </dd>
      )}
      {row(
        'business',
        'rocketmqHttp.attr.business',
        r.business ? `${r.business.type}${r.business.fields.length ? `: ${r.business.fields.map((f) => `${f.name}=${f.value}`).join(', ')}` : ''}` : undefined,
      )}
      {row('userProperties', 'rocketmq.attr.userProperties', Object.keys(r.userProperties).length ? joinPairs(r.userProperties) : undefined)}
    </dl>
  );
}
