// After an import: the export omitted every secret, so ask for each one (or let the user skip for now).
import { useState } from 'react';
import type { SecretSlot } from '../../../../shared/contract/profiles.contract';
import { call } from '../../api/client';
import { t, type MessageKey } from '../../i18n';
import { addNotice, appStore, refreshProfiles, useApp } from '../../state/app-store';

export function ImportSecretsDialog() {
  const pending = useApp((s) => s.pendingSecrets);
  const profiles = useApp((s) => s.profiles);
  const [values, setValues] = useState<Record<string, string>>({});
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  if (!pending || pending.length === 0) return null;
  const key = (id: string, slot: SecretSlot) => `${id}\u0000${slot}`;
  const close = () => {
    setValues({});
    appStore.setState({ pendingSecrets: null });
  };
  const submit = async () => {
    setBusy(true);
    setError(null);
    try {
      for (const p of pending) {
        for (const slot of p.slots) {
          const v = values[key(p.id, slot)];
          if (v) await call('profiles.setSecret', { id: p.id, slot, value: v });
        }
      }
      // Sent to the keychain: nothing of them stays here.
      setValues({});
      appStore.setState({ pendingSecrets: null });
      void refreshProfiles();
      addNotice('info', t('core.import.secretsSaved'));
    } catch (e) {
      setError((e as Error).message);
    } finally {
      setBusy(false);
    }
  };
  return (
    <div className="dialog-backdrop" role="presentation">
      <form
        className="dialog"
        role="dialog"
        aria-modal="true"
        aria-label={t('core.import.secretsTitle')}
        onSubmit={(e) => {
          e.preventDefault();
          void submit();
        }}
      >
        <header className="dialog-head">
          <h2>{t('core.import.secretsTitle')}</h2>
        </header>
        <div className="dialog-body">
          <p>{t('core.import.secretsIntro')}</p>
          {error && (
            <div className="form-error" role="alert">
              {error}
            </div>
          )}
          {pending.map((p) => {
            const name = profiles.find((v) => v.profile.id === p.id)?.profile.name ?? p.id;
            return (
              <fieldset key={p.id}>
                <legend>{name}</legend>
                {p.slots.map((slot) => (
                  <div className="field" key={slot}>
                    <label htmlFor={`imp-${p.id}-${slot}`}>{t(`core.secret.${slot}` as MessageKey)}</label>
                    {slot === 'clientKey' ? (
                      <textarea
                        id={`imp-${p.id}-${slot}`}
                        rows={3}
                        spellCheck={false}
                        value={values[key(p.id, slot)] ?? ''}
                        onChange={(e) => setValues((v) => ({ ...v, [key(p.id, slot)]: e.target.value }))}
                      />
                    ) : (
                      <input
                        id={`imp-${p.id}-${slot}`}
                        type="password"
                        autoComplete="new-password"
                        value={values[key(p.id, slot)] ?? ''}
                        onChange={(e) => setValues((v) => ({ ...v, [key(p.id, slot)]: e.target.value }))}
                      />
                    )}
                  </div>
                ))}
              </fieldset>
            );
          })}
        </div>
        <footer className="dialog-foot">
          <button type="button" onClick={close}>
            {t('core.import.later')}
          </button>
          <button type="submit" className="primary" disabled={busy}>
            {t('core.import.saveSecrets')}
          </button>
        </footer>
      </form>
    </div>
  );
}
