import { en, type MessageKey } from './en';
import { zhCN } from './zh-CN';

const catalogs: Record<string, Partial<Record<MessageKey, string>>> = { en, 'zh-CN': zhCN };
let locale = 'en';

export function setLocale(l: string) {
  if (catalogs[l]) locale = l;
}

export function getLocale(): string {
  return locale;
}

/** t('key', {name}) — falls back to English, then to the key itself so a missing string is visible. */
export function t(key: MessageKey, vars?: Record<string, string | number>): string {
  let s: string = catalogs[locale]?.[key] ?? en[key] ?? key;
  if (vars) for (const [k, v] of Object.entries(vars)) s = s.replaceAll(`{${k}}`, String(v));
  return s;
}

export type { MessageKey };
