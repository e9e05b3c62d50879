// Inspector filters and controls: connection, topic filter (+ and #), text or regex in the payload,
// AMQP toggles, pause/resume with the count of what arrived meanwhile, clear.
import { useEffect, useRef, useState } from 'react';
import type { MessageFilter } from '../../../../shared/contract/messages.contract';
import { isValidTopicFilter } from '../../../../shared/mqtt/topic-filter';
import { t } from '../../i18n';
import { formatCount } from '../../lib/format';
import { useApp } from '../../state/app-store';
import { useInspector, useInspectorActions } from '../../state/inspector-store';

export function FilterBar() {
  const { clearMessages, setFilter, setFollow, togglePause } = useInspectorActions();
  const filter = useInspector((s) => s.filter);
  const filterError = useInspector((s) => s.filterError);
  const paused = useInspector((s) => s.paused);
  const pausedArrived = useInspector((s) => s.pausedArrived);
  const follow = useInspector((s) => s.follow);
  const total = useInspector((s) => s.window.total);
  const connections = useApp((s) => s.connections);
  const hasAmqp = Object.values(connections).some((c) => c.protocol === 'amqp');
  const hasRocketmq = Object.values(connections).some((c) => c.protocol === 'rocketmq');
  const [topic, setTopic] = useState(filter.topicFilter ?? '');
  const [text, setText] = useState(filter.text ?? '');
  const topicOk = topic === '' || isValidTopicFilter(topic);
  const timer = useRef<ReturnType<typeof setTimeout> | null>(null);

  // Both fields share one debounce; their edits are merged so a quick change of both applies both.
  const pending = useRef<Partial<MessageFilter>>({});
  const debounced = (patch: Partial<MessageFilter>) => {
    pending.current = { ...pending.current, ...patch };
    if (timer.current) clearTimeout(timer.current);
    timer.current = setTimeout(flush, 200);
  };
  /** Applies what was typed now (Enter) instead of after the typing pause. */
  const flush = () => {
    if (timer.current) clearTimeout(timer.current);
    timer.current = null;
    const p = pending.current;
    pending.current = {};
    if (Object.keys(p).length) setFilter(p);
  };
  useEffect(
    () => () => {
      if (timer.current) clearTimeout(timer.current);
    },
    [],
  );

  return (
    <div className="filter-bar" role="toolbar" aria-label={t('core.inspector.filters')}>
      <select
        aria-label={t('core.inspector.connection')}
        value={filter.connectionIds?.[0] ?? ''}
        onChange={(e) => setFilter({ connectionIds: e.target.value ? [e.target.value] : undefined })}
      >
        <option value="">{t('core.inspector.allConnections')}</option>
        {Object.values(connections).map((c) => (
          <option key={c.connectionId} value={c.connectionId} data-i18n="data">
            {c.name}
          </option>
        ))}
      </select>
      <input
        id="inspector-filter-topic"
        className={topicOk ? '' : 'invalid'}
        placeholder={t('core.inspector.topicPlaceholder')}
        aria-label={t('core.inspector.topicFilter')}
        aria-invalid={!topicOk}
        title={topicOk ? t('core.inspector.topicHint') : t('core.inspector.topicInvalid')}
        value={topic}
        spellCheck={false}
        onChange={(e) => {
          const v = e.target.value;
          setTopic(v);
          if (v === '' || isValidTopicFilter(v)) debounced({ topicFilter: v || undefined });
        }}
      />
      <input
        id="inspector-filter-text"
        className={filterError ? 'invalid' : ''}
        placeholder={filter.regex ? t('core.inspector.regexPlaceholder') : t('core.inspector.textPlaceholder')}
        aria-label={t('core.inspector.textFilter')}
        title={filterError ?? (hasRocketmq ? t('rocketmqViews.filter.textHint') : undefined)}
        value={text}
        spellCheck={false}
        onChange={(e) => {
          const v = e.target.value;
          setText(v);
          debounced({ text: v || undefined });
        }}
        onKeyDown={(e) => {
          if (e.key === 'Enter') flush();
        }}
      />
      <label className="toggle" title={t('core.inspector.regexHint')}>
        <input type="checkbox" checked={!!filter.regex} onChange={(e) => setFilter({ regex: e.target.checked })} /> .*
      </label>
      {hasAmqp && (
        <>
          <label className="toggle">
            <input type="checkbox" checked={!!filter.hideDuplicates} onChange={(e) => setFilter({ hideDuplicates: e.target.checked })} />{' '}
            {t('core.inspector.hideDuplicates')}
          </label>
          <label className="toggle">
            <input
              type="checkbox"
              checked={filter.orderBy === 'generateTime'}
              onChange={(e) => setFilter({ orderBy: e.target.checked ? 'generateTime' : 'arrival' })}
            />{' '}
            {t('core.inspector.orderByGenerateTime')}
          </label>
        </>
      )}
      {!topicOk && <span className="field-error inline">{t('core.inspector.topicInvalid')}</span>}
      {filterError && <span className="field-error inline">{t('core.inspector.regexInvalid', { message: filterError })}</span>}
      <span className="spacer" />
      <span className="muted" data-testid="inspector-count">
        {t(total === 1 ? 'core.inspector.countOne' : 'core.inspector.count', { count: formatCount(total) })}
      </span>
      {!follow && (
        <button type="button" onClick={() => setFollow(true)} title={t('core.inspector.followHint')}>
          {t('core.inspector.follow')}
        </button>
      )}
      <button type="button" className={paused ? 'primary' : ''} onClick={togglePause} aria-pressed={paused} data-testid="pause-button">
        {paused ? t('core.inspector.resume', { count: formatCount(pausedArrived) }) : t('core.inspector.pause')}
      </button>
      <button type="button" onClick={() => void clearMessages()}>
        {t('core.inspector.clear')}
      </button>
    </div>
  );
}
