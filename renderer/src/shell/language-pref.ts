// The language choice, kept by the backend (prefs.*) so it survives restarts in both hosts: the Chromium host
// serves on a new port each run, so browser storage would forget it.
import { call } from '../api/client';
import { setLocaleChoice, t, type LocaleChoice } from '../i18n';
import { addNotice } from '../state/app-store';

/** Applies the stored choice; until it arrives (or if it cannot be read) the OS language is used. */
export async function loadLanguagePref(): Promise<void> {
  try {
    const prefs = await call('prefs.get', {});
    setLocaleChoice(prefs.locale);
  } catch {
    // Keep following the OS language: not worth a notice before the user has chosen anything.
  }
}

export async function chooseLanguage(choice: LocaleChoice): Promise<void> {
  setLocaleChoice(choice);
  try {
    await call('prefs.set', { locale: choice });
  } catch (e) {
    addNotice('warning', t('language.saveFailed', { message: (e as Error).message }));
  }
}
