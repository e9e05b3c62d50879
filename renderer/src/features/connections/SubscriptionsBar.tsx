// The selected connection: its state and refusal explanation, and its subscriptions (filter, QoS, colour).
import { useState } from 'react';
import type { ConnectionView } from '../../../../shared/contract/connections.contract';
import { isValidTopicFilter } from '../../../../shared/mqtt/topic-filter';
import { call } from '../../api/client';
import { t } from '../../i18n';
import { nextColor, SUBSCRIPTION_COLORS } from '../../lib/colors';
import { StateBadge, StateExplanation } from '../../shell/StateBadge';
import { addNotice, appStore, useApp } from '../../state/app-store';
import { QosSelect } from '../../shell/QosSelect';
import { subscribeLimitWarnings } from '../../../../shared/vendors/aliyun-mq-limits';
import { LimitWarnings, limitText, useCleanSession } from './MqClientPanel';
import { RocketmqDiagnosticsToggle } from './RocketmqDiagnosticsPanel';

function grantedText(granted: number | undefined): string | null {
  if (granted == null) return null;
  return granted >= 0x80 ? t('core.sub.refused', { code: `0x${granted.toString(16)}` }) : t('core.sub.granted', { qos: granted });
}

export function ConnectionHeader() {
  const conn = useApp((s) => (s.selectedConnectionId ? s.connections[s.selectedConnectionId] : undefined));
  const all = useApp((s) => s.connections);
  if (!conn) return null;
  const list = Object.values(all);
  return (
    <div className="connection-header" data-testid="connection-header">
      {list.length > 1 && (
        <select aria-label={t('core.conn.select')} value={conn.connectionId} onChange={(e) => appStore.setState({ selectedConnectionId: e.target.value })}>
          {list.map((c) => (
            <option key={c.connectionId} value={c.connectionId} data-i18n="data">
              {c.name}
            </option>
          ))}
        </select>
      )}
      <strong className="conn-name" data-i18n="data">
        {conn.name}
      </strong>
      <StateBadge state={conn.state} />
      {conn.unsettled != null && (
        <span className="pill" data-testid="unsettled-count">
          {t('core.conn.unsettled', { count: conn.unsettled })}
        </span>
      )}
      {conn.protocol === 'mqtt' && <Subscriptions conn={conn} />}
      <StateExplanation state={conn.state} />
      {conn.protocol === 'rocketmq' && <RocketmqDiagnosticsToggle conn={conn} />}
    </div>
  );
}

function Subscriptions({ conn }: { conn: ConnectionView }) {
  const [filter, setFilter] = useState('');
  const [qos, setQos] = useState<0 | 1 | 2>(0);
  const [color, setColor] = useState<string | null>(null);
  const [error, setError] = useState<string | null>(null);
  const chosen = color ?? nextColor(conn.subscriptions.map((s) => s.color));
  const valid = filter !== '' && isValidTopicFilter(filter);
  const clean = useCleanSession(conn);
  const existing = conn.subscriptions.map((s) => s.filter);
  const limits =
    conn.kind === 'aliyun-mq' && filter
      ? subscribeLimitWarnings({ filter, qos, cleanSession: clean ?? true, existing }).map((w) =>
          limitText(w, { length: filter.length, n: existing.length + 1 }),
        )
      : [];

  const subscribe = async () => {
    if (!valid) {
      setError(t('core.inspector.topicInvalid'));
      return;
    }
    try {
      await call('connections.subscribe', { connectionId: conn.connectionId, filter, qos, color: chosen });
      setFilter('');
      setColor(null);
      setError(null);
    } catch (e) {
      setError((e as Error).message);
    }
  };
  const unsubscribe = async (f: string) => {
    try {
      await call('connections.unsubscribe', { connectionId: conn.connectionId, filter: f });
    } catch (e) {
      addNotice('error', (e as Error).message);
    }
  };

  return (
    <div className="subscriptions">
      <ul className="sub-list" aria-label={t('core.sub.list')}>
        {conn.subscriptions.map((s) => (
          <li
            key={s.filter}
            className={`sub-chip ${s.granted != null && s.granted >= 0x80 ? 'is-error' : ''}`}
            style={{ borderColor: s.color }}
            data-testid="subscription"
          >
            <span className="sub-color" style={{ background: s.color }} aria-hidden="true" />
            <code>{s.filter}</code>
            <span className="muted">{t('core.qosN', { qos: s.qos })}</span>
            {grantedText(s.granted) && <span className="muted">{grantedText(s.granted)}</span>}
            <button type="button" className="icon" aria-label={t('core.sub.unsubscribe', { filter: s.filter })} onClick={() => void unsubscribe(s.filter)}>
              ×
            </button>
          </li>
        ))}
      </ul>
      <form
        className="sub-form"
        onSubmit={(e) => {
          e.preventDefault();
          void subscribe();
        }}
      >
        <input
          aria-label={t('core.sub.filter')}
          placeholder={t('core.sub.placeholder')}
          value={filter}
          spellCheck={false}
          onChange={(e) => setFilter(e.target.value)}
          className={filter && !valid ? 'invalid' : ''}
        />
        <QosSelect value={qos} onChange={setQos} />
        {/* The swatch shows the colour; the select's text stays in the theme's colour (a coloured label can fail 4.5:1). */}
        <span className="sub-color" style={{ background: chosen }} aria-hidden="true" />
        <select aria-label={t('core.sub.color')} value={chosen} onChange={(e) => setColor(e.target.value)}>
          {SUBSCRIPTION_COLORS.map((c) => (
            <option key={c} value={c} style={{ color: c }} data-i18n="data">
              ■ {c}
            </option>
          ))}
        </select>
        <button type="submit" disabled={conn.state.status === 'closed' || conn.state.status === 'idle'}>
          {t('core.sub.subscribe')}
        </button>
        {error && <span className="field-error inline">{error}</span>}
        <LimitWarnings items={limits} />
      </form>
    </div>
  );
}
