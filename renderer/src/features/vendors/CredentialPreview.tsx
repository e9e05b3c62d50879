// Credential preview for one saved profile: what main will send (user name, client ID, string-to-sign,
// algorithm, masked password) and the pre-connect checks with their fixes. Only a derived HMAC signature
// can be revealed, and only while the button is held; raw secrets never reach the renderer.
import { useCallback, useEffect, useRef, useState } from 'react';
import type { MethodOutput } from '../../../../shared/contract';
import { api, call } from '../../api/client';
import { t } from '../../i18n';
import { localDateTime } from '../../i18n/dates';
import { slotWords } from '../profiles/slot-labels';
import { explainPart } from '../profiles/explain-text';

type Preview = MethodOutput<'vendors.preview'>;
type Check = MethodOutput<'vendors.check'>;

const row: React.CSSProperties = { display: 'grid', gridTemplateColumns: '11em 1fr', gap: '0.25em 0.75em', alignItems: 'baseline' };
const mono: React.CSSProperties = { fontFamily: 'ui-monospace, SFMono-Regular, Menlo, Consolas, monospace', wordBreak: 'break-all', userSelect: 'all' };

function PasswordLine({ profileId, preview }: { profileId: string; preview: Preview }) {
  const [revealed, setRevealed] = useState<string | null>(null);
  const holding = useRef(false);
  const p = preview.password;
  const hide = () => {
    holding.current = false;
    setRevealed(null);
  };
  const show = async () => {
    holding.current = true;
    try {
      const r = await call('vendors.revealSignature', { profileId, timestamp: preview.timestamp });
      // Released before the answer came: do not show it.
      if (holding.current) setRevealed(r.signature);
    } catch {
      setRevealed(null);
    }
  };
  const words =
    p.kind === 'none'
      ? t('vendors.preview.password.none')
      : p.kind === 'missing'
        ? t('vendors.preview.password.missing', { slot: slotWords(p.slot) })
        : p.kind === 'secret'
          ? t('vendors.preview.password.secret', { slot: slotWords(p.slot) })
          : t('vendors.preview.password.derived', { slot: slotWords(p.slot) });
  // The button comes before the value: a revealed signature is longer than the mask, and a button placed after
  // it would move out from under the held pointer. Pointer capture keeps the hold on the button until release
  // even if the layout still shifts (a long signature wrapping in a narrow window).
  return (
    <span style={{ display: 'flex', flexDirection: 'column', gap: '0.25em', minWidth: 0 }}>
      <span>
        {p.revealable && (
          <>
            <button
              type="button"
              title={t('vendors.preview.revealHint')}
              data-testid="vendors-reveal"
              onPointerDown={(e) => {
                if (e.button !== 0) return;
                try {
                  e.currentTarget.setPointerCapture(e.pointerId);
                } catch {
                  // no capture for this pointer: pointerleave still ends the hold
                }
                void show();
              }}
              onPointerUp={hide}
              onPointerCancel={hide}
              onLostPointerCapture={hide}
              onPointerLeave={hide}
              onKeyDown={(e) => {
                if ((e.key === ' ' || e.key === 'Enter') && !e.repeat) void show();
              }}
              onKeyUp={hide}
              onBlur={hide}
            >
              {t('vendors.preview.reveal')}
            </button>{' '}
          </>
        )}
        <small>{words}</small>
      </span>
      {p.masked && (
        <code style={mono} data-testid="vendors-password">
          {revealed ?? p.masked}
        </code>
      )}
    </span>
  );
}

export function CredentialPreview({ profileId }: { profileId: string }) {
  const [preview, setPreview] = useState<Preview | null>(null);
  const [check, setCheck] = useState<Check | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [measuring, setMeasuring] = useState(false);

  const load = useCallback(async () => {
    try {
      const [p, c] = await Promise.all([call('vendors.preview', { profileId }), call('vendors.check', { profileId })]);
      setPreview(p);
      setCheck(c);
      setError(null);
    } catch (err) {
      setError((err as Error).message);
    }
  }, [profileId]);

  useEffect(() => {
    void load();
    return api.on('profiles.changed', ({ ids }) => {
      if (ids.includes(profileId)) void load();
    });
  }, [load, profileId]);

  const measureClock = async () => {
    setMeasuring(true);
    try {
      setCheck(await call('vendors.check', { profileId, measureClock: true }));
    } catch (err) {
      setError(t('vendors.check.failed', { message: (err as Error).message }));
    } finally {
      setMeasuring(false);
    }
  };

  if (error && !preview) return <p role="alert">{t('vendors.preview.error', { message: error })}</p>;
  if (!preview) return <p>{t('vendors.preview.loading')}</p>;

  const clock = check?.clock;
  return (
    <div className="credential-preview" data-testid="credential-preview" style={{ gridColumn: '1 / -1', width: '100%' }}>
      <div style={row}>
        {preview.clientId !== undefined && (
          <>
            <span>{t('vendors.preview.clientId')}</span>
            <code style={mono} data-testid="vendors-client-id">
              {preview.clientId}
            </code>
          </>
        )}
        {preview.username !== undefined && (
          <>
            <span>{t('vendors.preview.username')}</span>
            <code style={mono} data-testid="vendors-username">
              {preview.username}
            </code>
          </>
        )}
        {preview.stringToSign !== undefined && (
          <>
            <span>{t('vendors.preview.stringToSign')}</span>
            <code style={mono} data-testid="vendors-string-to-sign">
              {preview.stringToSign}
            </code>
          </>
        )}
        {preview.algorithm !== undefined && (
          <>
            <span>{t('vendors.preview.algorithm')}</span>
            <span data-testid="vendors-algorithm">{preview.algorithm}</span>
          </>
        )}
        <span>{t('vendors.preview.password')}</span>
        <PasswordLine profileId={profileId} preview={preview} />
        {preview.timestamp !== undefined && (
          <>
            <span>{t('vendors.preview.timestamp')}</span>
            <span>{t('vendors.preview.timestampValue', { ms: preview.timestamp, date: localDateTime(preview.timestamp) })}</span>
          </>
        )}
      </div>
      {(preview.noteParts ? preview.noteParts.map(explainPart) : preview.notes).map((n) => (
        <p key={n}>
          <small>{n}</small>
        </p>
      ))}
      <p style={{ display: 'flex', gap: '0.5em', flexWrap: 'wrap' }}>
        <button type="button" onClick={() => void load()}>
          {t('vendors.preview.refresh')}
        </button>
        <button type="button" onClick={() => void measureClock()} disabled={measuring}>
          {measuring ? t('vendors.check.measuring') : t('vendors.check.measureClock')}
        </button>
      </p>
      <h4>{t('vendors.check.title')}</h4>
      {clock &&
        (clock.ok ? (
          <p data-testid="vendors-clock">
            {t('vendors.check.clockOk', {
              offset: (Math.abs(clock.offsetMs) / 1000).toFixed(1),
              direction: clock.offsetMs >= 0 ? t('vendors.check.clockAhead') : t('vendors.check.clockBehind'),
              endpoint: clock.endpoint,
              rtt: clock.rttMs,
            })}
          </p>
        ) : (
          <p data-testid="vendors-clock">{t('vendors.check.clockFailed', { endpoint: clock.endpoint, error: clock.error })}</p>
        ))}
      {check && check.findings.length === 0 && <p>{t('vendors.check.none')}</p>}
      {check && check.findings.length > 0 && (
        <ul data-testid="vendors-findings">
          {check.findings.map((f, i) => (
            <li key={`${f.code}-${i}`} data-code={f.code} data-severity={f.severity}>
              <strong>{f.severity === 'error' ? t('vendors.check.error') : t('vendors.check.warning')}</strong>:{' '}
              {f.text ? explainPart(f.text.message) : f.message}
              <br />
              <small>{t('vendors.check.fix', { fix: f.text ? explainPart(f.text.fix) : f.fix })}</small>
            </li>
          ))}
        </ul>
      )}
      {error && <p role="alert">{error}</p>}
    </div>
  );
}
