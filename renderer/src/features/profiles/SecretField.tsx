// One keychain slot in the profile form: shows only "set / not set"; Replace takes a new value that is
// sent once with the save, Clear empties the slot. The value itself never comes back from main.
import { useEffect, useRef, useState } from 'react';
import type { SecretSlot, SecretState } from '../../../../shared/contract/profiles.contract';
import { t } from '../../i18n';
import { secretLabel } from './slot-labels';

export interface SecretFieldProps {
  slot: SecretSlot;
  state: SecretState | undefined;
  /** undefined: unchanged; string: replace with it; null: clear. */
  edit: string | null | undefined;
  onEdit: (value: string | null | undefined) => void;
  onKeyFileName?: (name: string) => void;
}

export function SecretField({ slot, state, edit, onEdit, onKeyFileName }: SecretFieldProps) {
  const [open, setOpen] = useState(false);
  const fileRef = useRef<HTMLInputElement>(null);
  // After a save the parent drops the typed value: close the input so nothing of it lingers.
  useEffect(() => {
    if (edit === undefined) setOpen(false);
  }, [edit]);
  const label = secretLabel(slot);
  const status =
    edit === null
      ? t('core.secret.willClear')
      : typeof edit === 'string' && edit
        ? t('core.secret.willReplace')
        : state === 'set'
          ? t('core.secret.set')
          : t('core.secret.unset');
  const multiline = slot === 'clientKey';
  const inputId = `secret-${slot}`;
  return (
    <div className="field secret-field" data-slot={slot}>
      <label htmlFor={inputId}>{label}</label>
      <div className="secret-row">
        <span className={`secret-status ${state === 'set' && edit === undefined ? 'is-set' : ''}`} data-testid={`secret-status-${slot}`}>
          {status}
        </span>
        {!open && (
          <button type="button" onClick={() => setOpen(true)}>
            {state === 'set' ? t('core.secret.replace') : t('core.secret.setValue')}
          </button>
        )}
        {state === 'set' && edit !== null && (
          <button
            type="button"
            onClick={() => {
              onEdit(null);
              setOpen(false);
            }}
          >
            {t('core.secret.clear')}
          </button>
        )}
        {edit !== undefined && (
          <button
            type="button"
            onClick={() => {
              onEdit(undefined);
              setOpen(false);
            }}
          >
            {t('core.secret.keep')}
          </button>
        )}
      </div>
      {open &&
        (multiline ? (
          <div className="secret-input">
            <textarea
              id={inputId}
              rows={4}
              spellCheck={false}
              autoComplete="off"
              placeholder={t('core.secret.pemPlaceholder')}
              value={typeof edit === 'string' ? edit : ''}
              onChange={(e) => onEdit(e.target.value)}
            />
            <input
              ref={fileRef}
              type="file"
              aria-label={t('core.secret.readKeyFile')}
              onChange={async (e) => {
                const f = e.target.files?.[0];
                if (!f) return;
                onEdit(await f.text());
                onKeyFileName?.(f.name);
                if (fileRef.current) fileRef.current.value = '';
              }}
            />
          </div>
        ) : (
          <input
            id={inputId}
            className="secret-input"
            type="password"
            autoComplete="new-password"
            spellCheck={false}
            value={typeof edit === 'string' ? edit : ''}
            onChange={(e) => onEdit(e.target.value)}
          />
        ))}
    </div>
  );
}
