// Bottom line: what the store holds, what a bound dropped, the pause counter, host and keychain.
// The counters change with every batch (up to 60 times a second): they are written straight into their
// text nodes from a store subscription (zustand transient updates) instead of re-rendering the bar.
import { useEffect, useRef } from 'react';
import { t, tOr } from '../i18n';
import { formatCount, formatUtcOffset } from '../lib/format';
import { useApp } from '../state/app-store';
import { LanguageSelect } from './LanguageSelect';
import { ThemeSelect } from './ThemeSelect';
import { useInspector, useInspectorStore, type InspectorState } from '../state/inspector-store';

function useTransientText<T extends HTMLElement>(text: (s: InspectorState) => string, extra?: (el: T, s: InspectorState) => void) {
  const ref = useRef<T>(null);
  const inspectorStore = useInspectorStore();
  useEffect(() => {
    const apply = (s: InspectorState) => {
      const el = ref.current;
      if (!el) return;
      const next = text(s);
      if (el.textContent !== next) el.textContent = next;
      extra?.(el, s);
    };
    apply(inspectorStore.getState());
    return inspectorStore.subscribe(apply);
    // The formatters are fixed for the component's life.
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, []);
  return ref;
}

export function StatusBar() {
  const info = useApp((s) => s.info);
  const paused = useInspector((s) => s.paused);
  const connected = useApp((s) => Object.values(s.connections).filter((c) => c.state.status === 'connected').length);
  const size = useTransientText<HTMLSpanElement>((s) =>
    t('core.status.store', { size: formatCount(s.stats?.size ?? 0), capacity: formatCount(s.stats?.capacity ?? 0) }),
  );
  const dropped = useTransientText<HTMLSpanElement>(
    (s) => t('core.status.dropped', { count: formatCount(s.stats?.dropped ?? 0) }),
    (el, s) => el.classList.toggle('warn', (s.stats?.dropped ?? 0) > 0),
  );
  const pausedCount = useTransientText<HTMLSpanElement>((s) => t('core.status.paused', { count: formatCount(s.pausedArrived) }));
  return (
    <footer className="statusbar" role="contentinfo">
      <span ref={size} data-testid="store-size" />
      <span ref={dropped} data-testid="store-dropped" title={t('core.status.droppedHint')} />
      <span ref={pausedCount} className="paused" data-testid="paused-counter" hidden={!paused} />
      <span>{t('core.status.connected', { count: connected })}</span>
      <span className="spacer" />
      {info && <span>{t('core.status.host', { host: tOr(`language.host.${info.host}`, info.host) })}</span>}
      {info && (
        <span className={info.keychain.available ? '' : 'warn'} title={info.keychain.detail} data-testid="keychain-status">
          {info.keychain.available
            ? t('core.status.keychainOk', { kind: tOr(`language.keychain.${info.keychain.kind}`, info.keychain.kind) })
            : t('core.status.keychainMissing', { kind: tOr(`language.keychain.${info.keychain.kind}`, info.keychain.kind) })}
        </span>
      )}
      <span className="muted">{t('core.status.help')}</span>
      <UtcOffset />
      <LanguageSelect />
      <ThemeSelect />
    </footer>
  );
}

/** The one place the time zone is said: every time elsewhere is local time without an offset. */
function UtcOffset() {
  const offset = formatUtcOffset(-new Date().getTimezoneOffset());
  return (
    <span title={t('language.utcOffsetHint', { offset })} data-testid="utc-offset">
      {t('language.utcOffset', { offset })}
    </span>
  );
}
