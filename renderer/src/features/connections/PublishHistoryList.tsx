// The profile's last publishes and named templates beside the publish editor: click loads one into the form,
// Enter (or the button) sends it again as it was.
import { useCallback, useEffect, useState, type KeyboardEvent } from 'react';
import type { PublishEntry, PublishTemplate } from '../../../../shared/contract/publish-history.contract';
import { api, call } from '../../api/client';
import { t } from '../../i18n';
import { formatDateTimeMs } from '../../lib/format';
import { addNotice } from '../../state/app-store';

interface Props {
  profileId: string;
  onLoad(entry: PublishEntry): void;
  onSend(entry: PublishEntry): void;
  /** The form as it stands, for "save as template". */
  current(): PublishEntry | null;
}

export function PublishHistoryList({ profileId, onLoad, onSend, current }: Props) {
  const [history, setHistory] = useState<PublishEntry[]>([]);
  const [templates, setTemplates] = useState<PublishTemplate[]>([]);
  const refresh = useCallback(() => {
    call('publishHistory.list', { profileId })
      .then((r) => {
        setHistory(r.history);
        setTemplates(r.templates);
      })
      .catch((e: Error) => addNotice('error', e.message));
  }, [profileId]);
  useEffect(() => {
    refresh();
    return api.on('publishHistory.changed', (e) => {
      if (e.profileId === profileId) refresh();
    });
  }, [profileId, refresh]);

  const saveTemplate = async () => {
    const entry = current();
    if (!entry) return;
    const name = window.prompt(t('views.publish.templateName'), entry.topic);
    if (!name) return;
    try {
      await call('publishHistory.saveTemplate', { profileId, template: { name, entry } });
    } catch (e) {
      addNotice('error', (e as Error).message);
    }
  };
  const rowKeys = (entry: PublishEntry) => (e: KeyboardEvent) => {
    if (e.key === 'Enter') {
      e.preventDefault();
      onSend(entry);
    }
  };

  return (
    <aside className="publish-history" aria-label={t('views.publish.history')}>
      <div className="publish-history-head">
        <h3>{t('views.publish.templates')}</h3>
        <button type="button" onClick={() => void saveTemplate()}>
          {t('views.publish.saveTemplate')}
        </button>
      </div>
      <ul data-testid="publish-templates">
        {templates.length === 0 && <li className="muted">{t('views.publish.noTemplates')}</li>}
        {templates.map((tp) => (
          <li key={tp.name} tabIndex={0} onClick={() => onLoad(tp.entry)} onKeyDown={rowKeys(tp.entry)} title={t('views.publish.enterToSend')}>
            <strong>{tp.name}</strong> <span className="muted">{tp.entry.topic}</span>
            <button
              type="button"
              className="link"
              aria-label={t('views.publish.deleteTemplate', { name: tp.name })}
              onClick={(e) => {
                e.stopPropagation();
                void call('publishHistory.deleteTemplate', { profileId, name: tp.name });
              }}
            >
              ×
            </button>
          </li>
        ))}
      </ul>
      <div className="publish-history-head">
        <h3>{t('views.publish.history')}</h3>
        {history.length > 0 && (
          <button type="button" onClick={() => void call('publishHistory.clear', { profileId })}>
            {t('views.publish.clear')}
          </button>
        )}
      </div>
      <ul data-testid="publish-history">
        {history.length === 0 && <li className="muted">{t('views.publish.noHistory')}</li>}
        {history.map((h) => (
          <li
            key={`${h.at}-${h.topic}`}
            tabIndex={0}
            onClick={() => onLoad(h)}
            onKeyDown={rowKeys(h)}
            title={t('views.publish.enterToSend')}
            data-testid="publish-history-item"
          >
            <span className="topic">{h.topic}</span>
            <span className="muted">
              {formatDateTimeMs(h.at)} · QoS {h.qos}
              {h.retain ? ` · ${t('views.publish.retained')}` : ''}
            </span>
            <button
              type="button"
              onClick={(e) => {
                e.stopPropagation();
                onSend(h);
              }}
            >
              {t('views.publish.resend')}
            </button>
          </li>
        ))}
      </ul>
    </aside>
  );
}
