import { createStore } from 'zustand/vanilla';
import { useStore } from 'zustand';
import { en, type MessageKey } from './en';
import { zhCN } from './zh-CN';
import { localeFromLanguages, type Locale, type LocaleChoice } from './locale';

const catalogs: Record<Locale, Record<MessageKey, string>> = { en, 'zh-CN': zhCN };

interface LocaleState {
  /** What the user picked ('system' follows the OS / browser language). */
  choice: LocaleChoice;
  /** The catalogue in use. */
  locale: Locale;
}

// Read through globalThis so this module also loads outside a browser (unit tests run it in Node).
const env = globalThis as { navigator?: { languages?: readonly string[]; language?: string }; document?: { documentElement: { lang: string } } };
const systemLocale = () => localeFromLanguages(env.navigator?.languages ?? (env.navigator?.language ? [env.navigator.language] : []));

export const localeStore = createStore<LocaleState>(() => ({ choice: 'system', locale: systemLocale() }));

function applyDocumentLang(locale: Locale) {
  if (env.document) env.document.documentElement.lang = locale;
}
applyDocumentLang(localeStore.getState().locale);

/** Picks the language; the shell re-renders on the change (no reload). Persisting it is the caller's job. */
export function setLocaleChoice(choice: LocaleChoice) {
  const locale = choice === 'system' ? systemLocale() : choice;
  localeStore.setState({ choice, locale });
  applyDocumentLang(locale);
}

/** Pins a catalogue directly (tests, CLI-free tools). */
export function setLocale(l: string) {
  if (l === 'en' || l === 'zh-CN') setLocaleChoice(l);
}

export function getLocale(): Locale {
  return localeStore.getState().locale;
}

/** Re-renders the caller when the language changes. */
export function useLocale(): Locale {
  return useStore(localeStore, (s) => s.locale);
}

export function useLocaleChoice(): LocaleChoice {
  return useStore(localeStore, (s) => s.choice);
}

/** t('key', {name}) — falls back to English, then to the key itself so a missing string is visible. */
export function t(key: MessageKey, vars?: Record<string, string | number>): string {
  let s: string = catalogs[getLocale()]?.[key] ?? en[key] ?? key;
  if (vars) for (const [k, v] of Object.entries(vars)) s = s.replaceAll(`{${k}}`, String(v));
  return s;
}

export type { MessageKey, Locale, LocaleChoice };
export { localeFromLanguages };

/** t() for a key built from a value the backend sent (a kind, a state): the value itself when there is no such key. */
export function tOr(key: string, fallback: string): string {
  return key in en ? t(key as MessageKey) : fallback;
}
