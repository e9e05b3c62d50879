// MQ for IoT client features on the selected connection: pull offline messages, send the payload being edited
// as a P2P message, and the broker's silent limits said before sending. Rules come from shared/vendors.
import { useState } from 'react';
import type { ConnectionView } from '../../../../shared/contract/connections.contract';
import { MQ_LIMITS, type MqLimitWarning, type PushOrder } from '../../../../shared/vendors/aliyun-mq-limits';
import { call } from '../../api/client';
import { t, type MessageKey } from '../../i18n';
import { addNotice, useApp } from '../../state/app-store';

/** A limits warning in the UI language (the shared rule gives the code; the numbers come from the input). */
export function limitText(w: MqLimitWarning, vars: { bytes?: number; length?: number; n?: number }): string {
  return t(`mqclient.limit.${w.code}` as MessageKey, { bytes: vars.bytes ?? 0, length: vars.length ?? 0, n: vars.n ?? MQ_LIMITS.maxSubscriptions + 1 });
}

export function LimitWarnings({ items }: { items: string[] }) {
  if (!items.length) return null;
  return (
    <div className="field-error" role="status" data-testid="mq-limit-warnings">
      {t('mqclient.limit.title')}
      <ul>
        {items.map((w) => (
          <li key={w}>{w}</li>
        ))}
      </ul>
    </div>
  );
}

/** The profile's clean-session flag for a connection (undefined while profiles load). */
export function useCleanSession(conn: ConnectionView): boolean | undefined {
  return useApp((s) => {
    const p = s.profiles.find((v) => v.profile.id === conn.profileId)?.profile as { clean?: boolean } | undefined;
    return p?.clean;
  });
}

export function MqClientPanel({ conn, payload }: { conn: ConnectionView; payload: { format: 'json' | 'text' | 'hex' | 'base64'; data: string } | null }) {
  const clean = useCleanSession(conn);
  const [order, setOrder] = useState<PushOrder>('ASC');
  const [count, setCount] = useState<number>(MQ_LIMITS.offlinePullMax);
  const [parent, setParent] = useState('');
  const [target, setTarget] = useState('');
  const [error, setError] = useState<string | null>(null);
  const connected = conn.state.status === 'connected';

  const run = async (what: () => Promise<void>) => {
    setError(null);
    try {
      await what();
    } catch (e) {
      setError((e as Error).message);
    }
  };
  const pull = () =>
    run(async () => {
      await call('connections.mqPullOffline', { connectionId: conn.connectionId, pushOrder: order, maxPushNum: count });
      addNotice('info', t('mqclient.offline.pulled', { count }));
    });
  const sendP2p = () =>
    run(async () => {
      if (!payload) return;
      const r = await call('connections.mqSendP2p', { connectionId: conn.connectionId, parentTopic: parent, targetClientId: target, payload, qos: 1 });
      addNotice('info', t('mqclient.p2p.sent', { topic: r.topic }));
    });

  return (
    <details className="mq-client" data-testid="mq-client-panel">
      <summary>{t('mqclient.title')}</summary>
      <fieldset>
        <legend>{t('mqclient.offline.title')}</legend>
        {clean ? <p className="muted">{t('mqclient.offline.cleanSession')}</p> : <p className="muted">{t('mqclient.offline.note')}</p>}
        <div className="inline">
          <label>
            {t('mqclient.offline.order')}{' '}
            <select value={order} onChange={(e) => setOrder(e.target.value as PushOrder)}>
              <option value="ASC">{t('mqclient.offline.asc')}</option>
              <option value="DESC">{t('mqclient.offline.desc')}</option>
            </select>
          </label>
          <label>
            {t('mqclient.offline.count')}{' '}
            <input
              type="number"
              min={MQ_LIMITS.offlinePullMin}
              max={MQ_LIMITS.offlinePullMax}
              value={count}
              onChange={(e) => setCount(Math.min(MQ_LIMITS.offlinePullMax, Math.max(MQ_LIMITS.offlinePullMin, Math.round(Number(e.target.value) || 1))))}
            />
          </label>
          <button type="button" data-testid="mq-pull-offline" disabled={!connected || clean === true} onClick={() => void pull()}>
            {t('mqclient.offline.pull')}
          </button>
        </div>
      </fieldset>
      <fieldset>
        <legend>{t('mqclient.p2p.title')}</legend>
        <p className="muted">{t('mqclient.p2p.note')}</p>
        <div className="inline">
          <input
            aria-label={t('mqclient.p2p.parent')}
            placeholder={t('mqclient.p2p.parent')}
            value={parent}
            spellCheck={false}
            onChange={(e) => setParent(e.target.value)}
          />
          <input
            className="grow"
            aria-label={t('mqclient.p2p.target')}
            placeholder={t('mqclient.p2p.target')}
            value={target}
            spellCheck={false}
            onChange={(e) => setTarget(e.target.value)}
          />
          <button type="button" data-testid="mq-send-p2p" disabled={!connected || !payload || !parent || !target} onClick={() => void sendP2p()}>
            {t('mqclient.p2p.send')}
          </button>
        </div>
      </fieldset>
      {error && (
        <span className="field-error inline" role="alert">
          {error}
        </span>
      )}
    </details>
  );
}
