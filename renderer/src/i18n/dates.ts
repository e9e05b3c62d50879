// Dates outside tables, in the UI language (tables use formatDateTimeMs: 2026-12-06 08:31:43.865). Local time
// everywhere; the status bar says the UTC offset once.
import { formatLocalDateTime, formatLocalTime } from '../lib/format';
import { getLocale, t } from './index';

export const localDateTime = (ms: number) => formatLocalDateTime(ms, getLocale());
export const localTime = (ms: number) => formatLocalTime(ms, getLocale());

/** 1 h 02 min / 4 min 05 s / 12 s in the UI language; the sign is the caller's words (in / ago). */
export function localCountdown(ms: number): string {
  const total = Math.floor(Math.abs(ms) / 1000);
  const h = Math.floor(total / 3600);
  const m = Math.floor((total % 3600) / 60);
  const s = total % 60;
  const pad = (n: number) => String(n).padStart(2, '0');
  if (h > 0) return t('language.duration.hm', { h, m: pad(m) });
  if (m > 0) return t('language.duration.ms', { m, s: pad(s) });
  return t('language.duration.s', { s });
}
