import { en, type MessageKey } from './en';

const catalogs: Record<string, Partial<Record<MessageKey, string>>> = { en };
let locale = 'en';

export function setLocale(l: string) {
  if (catalogs[l]) locale = l;
}

/** t('key', {name}) — falls back to English, then to the key itself so a missing string is visible. */
export function t(key: MessageKey, vars?: Record<string, string | number>): string {
  let s: string = catalogs[locale]?.[key] ?? en[key] ?? key;
  if (vars) for (const [k, v] of Object.entries(vars)) s = s.replaceAll(`{${k}}`, String(v));
  return s;
}

export type { MessageKey };
