// The first-start welcome: says what is on screen (the local sandbox, its demo connections, where a real account
// goes, where captures are) and the next step. Closed once, it stays closed (ui-prefs); Help can bring it back.
import { t } from '../i18n';
import { appStore, useApp } from '../state/app-store';
import { setWelcomeDismissed, useUiPrefs } from './ui-prefs';

export function Welcome() {
  const show = useUiPrefs((s) => s.loaded && !s.welcomeDismissed);
  const demo = useApp((s) => s.profiles.filter((p) => p.profile.sandbox).length);
  if (!show) return null;
  const close = () => void setWelcomeDismissed(true);
  return (
    <section className="welcome" aria-labelledby="welcome-title" data-testid="welcome">
      <header>
        <h2 id="welcome-title">{t('shell.welcome.title')}</h2>
        <button type="button" className="icon" aria-label={t('shell.welcome.close')} onClick={close}>
          ×
        </button>
      </header>
      <p>{demo > 0 ? t('shell.welcome.sandbox') : t('shell.welcome.noSandbox')}</p>
      <ul>
        {demo > 0 && <li>{t('shell.welcome.connections', { count: demo })}</li>}
        <li>{t('shell.welcome.account')}</li>
        <li>
          {t('shell.welcome.captures')}{' '}
          <button type="button" className="link" onClick={() => appStore.setState({ tab: 'captures' })}>
            {t('shell.welcome.openCaptures')}
          </button>
        </li>
      </ul>
      <p>
        <strong>{t('shell.welcome.nextLabel')}</strong> {t('shell.welcome.next')}
      </p>
      <div className="welcome-actions">
        <button type="button" className="primary" onClick={close} data-testid="welcome-dismiss">
          {t('shell.welcome.gotIt')}
        </button>
      </div>
    </section>
  );
}
