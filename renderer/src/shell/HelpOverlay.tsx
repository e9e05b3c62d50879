// "?" shows every keyboard shortcut, straight from the key map.
import { t, type MessageKey } from '../i18n';
import { displayKeys, KEY_BINDINGS } from '../lib/keymap';
import { appStore, useApp } from '../state/app-store';
import { setWelcomeDismissed } from './ui-prefs';

/** Keys that work inside one view (the tree, the publish history, the charts), listed under the global ones. */
const VIEW_KEYS: Array<[string[], MessageKey]> = [
  [['ArrowUp', 'ArrowDown'], 'views.help.treeMove'],
  [['ArrowRight', 'ArrowLeft'], 'views.help.treeOpen'],
  [['Enter'], 'views.help.treeFilter'],
  [['Delete'], 'views.help.treeDelete'],
  [['Mod+Enter'], 'views.help.publishSend'],
  [['Enter'], 'views.help.historyResend'],
  [['Escape'], 'views.help.closeDiff'],
];

export const isMac = typeof navigator !== 'undefined' && /Mac|iPhone|iPad/.test(navigator.platform);

export function HelpOverlay() {
  const open = useApp((s) => s.helpOpen);
  if (!open) return null;
  const close = () => appStore.setState({ helpOpen: false });
  return (
    <div className="dialog-backdrop" role="presentation" onMouseDown={(e) => e.target === e.currentTarget && close()}>
      <div className="dialog help" role="dialog" aria-modal="true" aria-label={t('core.help.title')}>
        <header className="dialog-head">
          <h2>{t('core.help.title')}</h2>
          <button type="button" className="icon" aria-label={t('core.close')} onClick={close}>
            ×
          </button>
        </header>
        <div className="dialog-body">
          <table className="shortcuts">
            <tbody>
              {KEY_BINDINGS.map((b) => (
                <tr key={b.action}>
                  <td>
                    {b.keys.map((k) => (
                      <kbd key={k}>{displayKeys(k, isMac)}</kbd>
                    ))}
                  </td>
                  <td>{t(`core.key.${b.action}` as MessageKey)}</td>
                </tr>
              ))}
            </tbody>
          </table>
          <h3>{t('views.help.title')}</h3>
          <table className="shortcuts" data-testid="help-views">
            <tbody>
              {VIEW_KEYS.map(([keys, what]) => (
                <tr key={what}>
                  <td>
                    {keys.map((k) => (
                      <kbd key={k}>{displayKeys(k, isMac)}</kbd>
                    ))}
                  </td>
                  <td>{t(what)}</td>
                </tr>
              ))}
            </tbody>
          </table>
          <p className="muted">{t('core.help.mouse')}</p>
          <p className="muted" data-testid="help-browser-keys">
            {t('shell.help.browserKeys')}
          </p>
          <button
            type="button"
            onClick={() => {
              void setWelcomeDismissed(false);
              close();
            }}
          >
            {t('shell.welcome.showAgain')}
          </button>
        </div>
      </div>
    </div>
  );
}
