// A RocketMQ connection's consumer, as RocketMQ Dashboard shows it: the queues the rebalance gave this client,
// their offsets and lag, and how many consumers share the group. Opened from the connection header; while open
// and the page is visible it refreshes at a gentle pace, and on demand.
import { useCallback, useEffect, useRef, useState } from 'react';
import type { ConnectionView } from '../../../../shared/contract/connections.contract';
import type { RocketmqDiagnostics } from '../../../../shared/contract/rocketmq.contract';
import { call } from '../../api/client';
import { t } from '../../i18n';
import { formatCount, formatDateTimeMs } from '../../lib/format';

/** Each refresh is a few remoting requests per queue: every 5 s is plenty for a human reading lag. */
const REFRESH_MS = 5000;

type Load = { kind: 'loading' } | { kind: 'ok'; d: RocketmqDiagnostics } | { kind: 'error'; message: string };

export function RocketmqDiagnosticsToggle({ conn }: { conn: ConnectionView }) {
  const [open, setOpen] = useState(false);
  return (
    <>
      <button type="button" aria-expanded={open} onClick={() => setOpen(!open)} data-testid="rocketmq-diagnostics-toggle">
        {open ? t('rocketmqViews.diag.hide') : t('rocketmqViews.diag.show')}
      </button>
      {open && <RocketmqDiagnosticsPanel key={conn.connectionId} conn={conn} />}
    </>
  );
}

function RocketmqDiagnosticsPanel({ conn }: { conn: ConnectionView }) {
  const [load, setLoad] = useState<Load>({ kind: 'loading' });
  const inFlight = useRef(false);
  const connected = conn.state.status === 'connected';
  const refresh = useCallback(async () => {
    if (inFlight.current) return;
    inFlight.current = true;
    try {
      const d = await call('rocketmq.diagnostics', { connectionId: conn.connectionId });
      setLoad({ kind: 'ok', d });
    } catch (e) {
      setLoad({ kind: 'error', message: (e as Error).message });
    } finally {
      inFlight.current = false;
    }
  }, [conn.connectionId]);

  useEffect(() => {
    if (!connected) return;
    void refresh();
    const timer = setInterval(() => {
      if (document.visibilityState === 'visible') void refresh();
    }, REFRESH_MS);
    return () => clearInterval(timer);
  }, [connected, refresh]);

  return (
    <section className="rmq-diag" aria-label={t('rocketmqViews.diag.title')} data-testid="rocketmq-diagnostics">
      <header>
        <strong>{t('rocketmqViews.diag.title')}</strong>
        <button type="button" onClick={() => void refresh()} disabled={!connected}>
          {t('rocketmqViews.diag.refresh')}
        </button>
        {load.kind === 'ok' && <span className="muted">{t('rocketmqViews.diag.at', { time: formatDateTimeMs(load.d.at) })}</span>}
      </header>
      {!connected ? (
        <p className="muted" role="status">
          {t('rocketmqViews.diag.notConnected')}
        </p>
      ) : load.kind === 'loading' ? (
        <p className="muted" role="status">
          {t('rocketmqViews.diag.loading')}
        </p>
      ) : load.kind === 'error' ? (
        <p className="error" role="alert">
          {t('rocketmqViews.diag.error', { message: load.message })}
        </p>
      ) : (
        <DiagnosticsBody d={load.d} />
      )}
    </section>
  );
}

function DiagnosticsBody({ d }: { d: RocketmqDiagnostics }) {
  const none = t('rocketmqViews.diag.none');
  const n = (v: number | null) => (v === null ? none : String(v));
  return (
    <>
      <dl className="rmq-diag-summary">
        <dt>{t('rocketmqViews.diag.group')}</dt>
        <dd data-i18n="data">{d.consumerGroup}</dd>
        <dt>{t('rocketmqViews.diag.model')}</dt>
        <dd>{t(d.messageModel === 'broadcasting' ? 'rocketmq.model.broadcasting' : 'rocketmq.model.clustering')}</dd>
        <dt>{t('rocketmqViews.diag.consumers')}</dt>
        <dd data-testid="rocketmq-consumer-count" title={d.consumerIds?.join('\n') ?? d.consumerIdsError} data-i18n="data">
          {d.consumerIds ? formatCount(d.consumerIds.length) : t('rocketmqViews.diag.consumersUnknown')}
        </dd>
        <dt>{t('rocketmqViews.diag.totalLag')}</dt>
        <dd data-testid="rocketmq-total-lag" title={t('rocketmqViews.diag.lagHint')}>
          {d.totalLag === null ? none : formatCount(d.totalLag)}
        </dd>
      </dl>
      {d.consumerIdsError && (
        <p className="error" role="alert" data-i18n="data">
          {d.consumerIdsError}
        </p>
      )}
      {d.queues.length === 0 ? (
        <p className="muted" role="status">
          {t('rocketmqViews.diag.noQueues')}
        </p>
      ) : (
        <table className="rmq-diag-queues" data-testid="rocketmq-queues">
          <caption>{t('rocketmqViews.diag.queues')}</caption>
          <thead>
            <tr>
              <th scope="col">{t('rocketmqViews.diag.col.topic')}</th>
              <th scope="col">{t('rocketmqViews.diag.col.broker')}</th>
              <th scope="col">{t('rocketmqViews.diag.col.queueId')}</th>
              <th scope="col">{t('rocketmqViews.diag.col.consumed')}</th>
              <th scope="col">{t('rocketmqViews.diag.col.committed')}</th>
              <th scope="col">{t('rocketmqViews.diag.col.max')}</th>
              <th scope="col" title={t('rocketmqViews.diag.lagHint')}>
                {t('rocketmqViews.diag.col.lag')}
              </th>
            </tr>
          </thead>
          <tbody>
            {d.queues.map((q) => (
              <tr key={`${q.topic}\u0000${q.brokerName}\u0000${q.queueId}`} data-testid="rocketmq-queue">
                <td data-i18n="data">{q.topic}</td>
                <td data-i18n="data">{q.brokerName}</td>
                <td className="num">{q.queueId}</td>
                <td className="num">{n(q.consumedOffset)}</td>
                <td className="num" data-testid="rocketmq-committed">
                  {n(q.committedOffset)}
                </td>
                <td className="num" data-testid="rocketmq-max">
                  {n(q.maxOffset)}
                </td>
                <td className="num" data-testid="rocketmq-lag" title={q.error ? t('rocketmqViews.diag.queueError', { message: q.error }) : undefined}>
                  {n(q.lag)}
                  {q.error && <span className="warn"> ⚠</span>}
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
    </>
  );
}
