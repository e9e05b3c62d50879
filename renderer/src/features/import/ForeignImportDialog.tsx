// After an MQTTX / MQTT Explorer import: what became profiles, what could not be carried over, and the offer to
// put the passwords the file held into the keychain (they stay in the backend's memory until answered).
import { useState } from 'react';
import { call } from '../../api/client';
import { t, type MessageKey } from '../../i18n';
import { addNotice, refreshProfiles } from '../../state/app-store';
import { useForeignImport } from './foreign-import-store';

export function ForeignImportDialog() {
  const result = useForeignImport((s) => s.result);
  const [unchecked, setUnchecked] = useState<Set<string>>(new Set());
  const [busy, setBusy] = useState(false);
  if (!result) return null;
  const answer = async (ids: string[]) => {
    setBusy(true);
    try {
      await call('profiles.keepImportedPasswords', { ids });
      if (ids.length > 0) addNotice('info', t('views.import.stored'));
      void refreshProfiles();
      useForeignImport.setState({ result: null });
      setUnchecked(new Set());
    } catch (e) {
      addNotice('error', (e as Error).message);
    } finally {
      setBusy(false);
    }
  };
  const offered = result.passwordsFound;
  return (
    <div className="dialog-backdrop" role="presentation">
      <div
        className="dialog"
        role="dialog"
        aria-modal="true"
        aria-label={t('views.import.title', { source: t(`views.import.source.${result.source}` as MessageKey) })}
      >
        <header className="dialog-head">
          <h2>{t('views.import.title', { source: t(`views.import.source.${result.source}` as MessageKey) })}</h2>
        </header>
        <div className="dialog-body">
          <p>{t('views.import.count', { count: result.imported.length })}</p>
          {result.unmapped.length > 0 && (
            <section aria-label={t('views.import.unmapped')}>
              <h3>{t('views.import.unmapped')}</h3>
              <ul data-testid="import-unmapped">
                {result.unmapped.map((u) => (
                  <li key={u.id}>
                    <strong>{u.name}</strong>: {u.items.join('; ')}
                  </li>
                ))}
              </ul>
            </section>
          )}
          {offered.length > 0 && (
            <fieldset>
              <legend>{t('views.import.passwordsIntro')}</legend>
              {offered.map((p) => (
                <label key={p.id} className="check">
                  <input
                    type="checkbox"
                    checked={!unchecked.has(p.id)}
                    onChange={(e) =>
                      setUnchecked((s) => {
                        const n = new Set(s);
                        if (e.target.checked) n.delete(p.id);
                        else n.add(p.id);
                        return n;
                      })
                    }
                  />{' '}
                  {p.name}
                </label>
              ))}
            </fieldset>
          )}
        </div>
        <footer className="dialog-foot">
          {offered.length > 0 ? (
            <>
              <button type="button" disabled={busy} onClick={() => void answer([])}>
                {t('views.import.dontStore')}
              </button>
              <button
                type="button"
                className="primary"
                disabled={busy}
                onClick={() => void answer(offered.filter((p) => !unchecked.has(p.id)).map((p) => p.id))}
              >
                {t('views.import.storeSelected')}
              </button>
            </>
          ) : (
            <button type="button" className="primary" disabled={busy} onClick={() => void answer([])}>
              {t('views.import.close')}
            </button>
          )}
        </footer>
      </div>
    </div>
  );
}
