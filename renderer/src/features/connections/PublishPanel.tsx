// Publish from the selected connection: monaco editor with JSON / text / hex / base64 input (validated),
// QoS, retain and MQTT 5 properties.
import { useMemo, useState } from 'react';
import { call } from '../../api/client';
import { t, type MessageKey } from '../../i18n';
import { formatBytes } from '../../lib/format';
import { publishInputSize, validatePublishInput, type InputFormat } from '../../lib/payload';
import { MonacoView } from '../../monaco/MonacoView';
import { addNotice, useApp } from '../../state/app-store';
import { QosSelect } from '../../shell/QosSelect';
import type { PublishEntry } from '../../../../shared/contract/publish-history.contract';
import { bytesToBase64 } from '../../../../shared/mqtt/base64';
import { PublishHistoryList } from './PublishHistoryList';
import { publishLimitWarnings } from '../../../../shared/vendors/aliyun-mq-limits';
import { LimitWarnings, limitText, MqClientPanel } from './MqClientPanel';

const LANG: Record<InputFormat, string> = { json: 'json', text: 'plaintext', hex: 'plaintext', base64: 'plaintext' };

export function PublishPanel() {
  const conn = useApp((s) => (s.selectedConnectionId ? s.connections[s.selectedConnectionId] : undefined));
  const [topic, setTopic] = useState('');
  const [format, setFormat] = useState<InputFormat>('json');
  const [data, setData] = useState('{\n  "hello": "fieldscope"\n}');
  const [qos, setQos] = useState<0 | 1 | 2>(0);
  const [retain, setRetain] = useState(false);
  const [contentType, setContentType] = useState('');
  const [responseTopic, setResponseTopic] = useState('');
  const [expiry, setExpiry] = useState('');
  const [userProps, setUserProps] = useState<{ k: string; v: string }[]>([]);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const problem = useMemo(() => validatePublishInput(format, data), [format, data]);
  const size = useMemo(() => publishInputSize(format, data), [format, data]);
  const isMq = conn?.kind === 'aliyun-mq';
  const limits = useMemo(
    () => (isMq && topic ? publishLimitWarnings({ topic, bodyBytes: size ?? 0 }).map((w) => limitText(w, { bytes: size ?? 0, length: topic.length })) : []),
    [isMq, topic, size],
  );

  if (!conn) return <p className="muted pad">{t('core.publish.noConnection')}</p>;
  if (conn.protocol !== 'mqtt') return <p className="muted pad">{t('core.publish.mqttOnly')}</p>;

  /** The form as a publish (null while it cannot be sent). */
  const current = (): PublishEntry | null => {
    if (problem || !topic) return null;
    const properties: { contentType?: string; responseTopic?: string; messageExpiryInterval?: number; userProperties?: Record<string, string> } = {};
    if (contentType) properties.contentType = contentType;
    if (responseTopic) properties.responseTopic = responseTopic;
    if (expiry !== '') properties.messageExpiryInterval = Number(expiry);
    const up = userProps.filter((p) => p.k);
    if (up.length) properties.userProperties = Object.fromEntries(up.map((p) => [p.k, p.v]));
    return {
      topic,
      payload: { format, data: format === 'hex' || format === 'base64' ? data.replace(/\s+/g, '') : data },
      qos,
      retain,
      ...(Object.keys(properties).length ? { properties } : {}),
      at: Date.now(),
    };
  };
  const load = (e: PublishEntry) => {
    setTopic(e.topic);
    setFormat(e.payload.format);
    setData(e.payload.data);
    setQos(e.qos);
    setRetain(e.retain);
    setContentType(e.properties?.contentType ?? '');
    setResponseTopic(e.properties?.responseTopic ?? '');
    setExpiry(e.properties?.messageExpiryInterval !== undefined ? String(e.properties.messageExpiryInterval) : '');
    setUserProps(Object.entries((e.properties?.userProperties ?? {}) as Record<string, string>).map(([k, v]) => ({ k, v: String(v) })));
  };
  const loadFile = async (file: File) => {
    // A file's bytes go out exactly: as base64, whatever they hold.
    const bytes = new Uint8Array(await file.arrayBuffer());
    setFormat('base64');
    setData(bytesToBase64(bytes));
  };
  const send = async (entry: PublishEntry | null = current()) => {
    if (!entry) return;
    setBusy(true);
    setError(null);
    try {
      await call('connections.publish', {
        connectionId: conn.connectionId,
        topic: entry.topic,
        payload: entry.payload,
        qos: entry.qos,
        retain: entry.retain,
        properties: entry.properties,
      });
      addNotice('info', t('core.publish.sent', { topic: entry.topic }));
    } catch (e) {
      setError((e as Error).message);
    } finally {
      setBusy(false);
    }
  };

  const problemText = problem ? t(`core.publish.invalid.${problem.code}` as MessageKey, { detail: problem.detail ?? '' }) : null;
  return (
    <div className="publish-with-history">
      <form
        className="publish"
        onSubmit={(e) => {
          e.preventDefault();
          void send();
        }}
        onKeyDown={(e) => {
          // Ctrl/Cmd+Enter sends from anywhere in the form, the editor included.
          if (e.key === 'Enter' && (e.ctrlKey || e.metaKey)) {
            e.preventDefault();
            void send();
          }
        }}
      >
        <div className="publish-row">
          <input
            className="grow"
            aria-label={t('core.publish.topic')}
            placeholder={t('core.publish.topic')}
            value={topic}
            spellCheck={false}
            onChange={(e) => setTopic(e.target.value)}
          />
          <select aria-label={t('core.publish.format')} value={format} onChange={(e) => setFormat(e.target.value as InputFormat)}>
            {(['json', 'text', 'hex', 'base64'] as const).map((f) => (
              <option key={f} value={f}>
                {t(`core.format.${f}` as MessageKey)}
              </option>
            ))}
          </select>
          <QosSelect value={qos} onChange={setQos} />
          <label className="toggle">
            <input type="checkbox" checked={retain} onChange={(e) => setRetain(e.target.checked)} /> {t('core.field.retain')}
          </label>
          <label className="file-button">
            {t('views.publish.fromFile')}
            <input type="file" hidden onChange={(e) => e.target.files?.[0] && void loadFile(e.target.files[0])} data-testid="publish-file" />
          </label>
          <button type="submit" className="primary" disabled={busy || !!problem || !topic || conn.state.status !== 'connected'} title="Ctrl+Enter">
            {t('core.publish.send')}
          </button>
        </div>
        <div className="publish-editor">
          <MonacoView value={data} language={LANG[format]} readOnly={false} onChange={setData} ariaLabel={t('core.publish.payload')} testId="publish-editor" />
        </div>
        <div className="publish-status">
          {problemText ? <span className="field-error inline">{problemText}</span> : <span className="muted">{size != null ? formatBytes(size) : ''}</span>}
          {error && (
            <span className="field-error inline" role="alert">
              {error}
            </span>
          )}
        </div>
        {isMq && <LimitWarnings items={limits} />}
        {isMq && (
          <MqClientPanel conn={conn} payload={problem ? null : { format, data: format === 'hex' || format === 'base64' ? data.replace(/\s+/g, '') : data }} />
        )}
        <details className="mqtt5" open={false}>
          <summary>{t('core.publish.mqtt5')}</summary>
          <div className="grid2">
            <label>
              {t('core.publish.contentType')} <input value={contentType} onChange={(e) => setContentType(e.target.value)} placeholder="application/json" />
            </label>
            <label>
              {t('core.publish.responseTopic')} <input value={responseTopic} onChange={(e) => setResponseTopic(e.target.value)} />
            </label>
            <label>
              {t('core.publish.expiry')} <input type="number" min={0} value={expiry} onChange={(e) => setExpiry(e.target.value)} />
            </label>
          </div>
          <div className="user-props">
            {userProps.map((p, i) => (
              <div className="inline" key={i}>
                <input
                  aria-label={t('core.publish.propKey')}
                  value={p.k}
                  onChange={(e) => setUserProps(userProps.map((x, j) => (j === i ? { ...x, k: e.target.value } : x)))}
                />
                <input
                  aria-label={t('core.publish.propValue')}
                  value={p.v}
                  onChange={(e) => setUserProps(userProps.map((x, j) => (j === i ? { ...x, v: e.target.value } : x)))}
                />
                <button type="button" onClick={() => setUserProps(userProps.filter((_, j) => j !== i))}>
                  {t('core.remove')}
                </button>
              </div>
            ))}
            <button type="button" onClick={() => setUserProps([...userProps, { k: '', v: '' }])}>
              {t('core.publish.addProp')}
            </button>
          </div>
        </details>
      </form>
      <PublishHistoryList profileId={conn.profileId} onLoad={load} onSend={(e) => void send(e)} current={current} />
    </div>
  );
}
