// Bottom line: what the store holds, what a bound dropped, the pause counter, host and keychain.
import { t } from '../i18n';
import { formatCount } from '../lib/format';
import { useApp } from '../state/app-store';
import { useInspector } from '../state/inspector-store';

export function StatusBar() {
  const info = useApp((s) => s.info);
  const stats = useInspector((s) => s.stats);
  const paused = useInspector((s) => s.paused);
  const pausedArrived = useInspector((s) => s.pausedArrived);
  const connected = useApp((s) => Object.values(s.connections).filter((c) => c.state.status === 'connected').length);
  return (
    <footer className="statusbar" role="contentinfo">
      <span data-testid="store-size">{t('core.status.store', { size: formatCount(stats?.size ?? 0), capacity: formatCount(stats?.capacity ?? 0) })}</span>
      <span className={stats && stats.dropped > 0 ? 'warn' : ''} data-testid="store-dropped" title={t('core.status.droppedHint')}>
        {t('core.status.dropped', { count: formatCount(stats?.dropped ?? 0) })}
      </span>
      {paused && (
        <span className="paused" data-testid="paused-counter">
          {t('core.status.paused', { count: formatCount(pausedArrived) })}
        </span>
      )}
      <span>{t('core.status.connected', { count: connected })}</span>
      <span className="spacer" />
      {info && <span>{t('core.status.host', { host: info.host })}</span>}
      {info && (
        <span className={info.keychain.available ? '' : 'warn'} title={info.keychain.detail}>
          {info.keychain.available ? t('core.status.keychainOk', { kind: info.keychain.kind }) : t('core.status.keychainMissing', { kind: info.keychain.kind })}
        </span>
      )}
      <span className="muted">{t('core.status.help')}</span>
    </footer>
  );
}
