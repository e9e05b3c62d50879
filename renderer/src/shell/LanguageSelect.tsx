// The language switch in the status bar. Language names are written in their own language (as every OS does),
// so someone who cannot read the current one still finds theirs.
import { localeFromLanguages, t, useLocaleChoice, type LocaleChoice } from '../i18n';
import { chooseLanguage } from './language-pref';

const NATIVE_NAMES = { en: 'English', 'zh-CN': '简体中文' } as const;

export function LanguageSelect() {
  const choice = useLocaleChoice();
  const system = localeFromLanguages(navigator.languages ?? [navigator.language]);
  return (
    <select
      className="lang-select"
      aria-label={t('language.label')}
      title={t('language.label')}
      value={choice}
      data-testid="language-select"
      onChange={(e) => void chooseLanguage(e.target.value as LocaleChoice)}
    >
      <option value="system">{t('language.system', { language: NATIVE_NAMES[system] })}</option>
      <option value="en" lang="en">
        {NATIVE_NAMES.en}
      </option>
      <option value="zh-CN" lang="zh-CN">
        {NATIVE_NAMES['zh-CN']}
      </option>
    </select>
  );
}
