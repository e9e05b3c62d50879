// The theme switch in the status bar, beside the language: follow the OS, or pin light or dark.
import { t } from '../i18n';
import { chooseTheme, useUiPrefs, type ThemeChoice } from './ui-prefs';

export function ThemeSelect() {
  const theme = useUiPrefs((s) => s.theme);
  const systemDark = typeof matchMedia === 'function' && matchMedia('(prefers-color-scheme: dark)').matches;
  return (
    <select
      className="lang-select"
      aria-label={t('shell.theme.label')}
      title={t('shell.theme.label')}
      value={theme}
      data-testid="theme-select"
      onChange={(e) => void chooseTheme(e.target.value as ThemeChoice)}
    >
      <option value="system">{t('shell.theme.system', { theme: systemDark ? t('shell.theme.dark') : t('shell.theme.light') })}</option>
      <option value="light">{t('shell.theme.light')}</option>
      <option value="dark">{t('shell.theme.dark')}</option>
    </select>
  );
}
