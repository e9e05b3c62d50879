// Display formatting for the inspector and status bar. Pure: no DOM, so it is unit-tested.

const pad = (n: number, w = 2) => String(n).padStart(w, '0');

/** Local wall-clock time with milliseconds: 14:03:07.042 */
export function formatTimeMs(ms: number): string {
  const d = new Date(ms);
  return `${pad(d.getHours())}:${pad(d.getMinutes())}:${pad(d.getSeconds())}.${pad(d.getMilliseconds(), 3)}`;
}

/** Local date and time with milliseconds: 2024-05-01 14:03:07.042 */
export function formatDateTimeMs(ms: number): string {
  const d = new Date(ms);
  return `${d.getFullYear()}-${pad(d.getMonth() + 1)}-${pad(d.getDate())} ${formatTimeMs(ms)}`;
}

/** The status bar's time-zone note: UTC+08:00, UTC-05:30, UTC+00:00. minutesEast = -Date#getTimezoneOffset(). */
export function formatUtcOffset(minutesEast: number): string {
  const sign = minutesEast < 0 ? '-' : '+';
  const abs = Math.abs(Math.trunc(minutesEast));
  return `UTC${sign}${pad(Math.floor(abs / 60))}:${pad(abs % 60)}`;
}

/**
 * Outside tables, dates read the way the UI language writes them (Dec 6, 2026, 08:31:43 / 2026年12月6日 08:31:43),
 * always on a 24-hour clock so a time never needs AM/PM, and always in local time (the offset is in the status bar).
 */
export function formatLocalDateTime(ms: number, locale: string, timeZone?: string): string {
  if (!Number.isFinite(ms)) return '—';
  return new Intl.DateTimeFormat(locale, { dateStyle: 'medium', timeStyle: 'medium', hourCycle: 'h23', timeZone }).format(ms);
}

/** Time of day outside tables, 24-hour: 08:31:43. */
export function formatLocalTime(ms: number, locale: string, timeZone?: string): string {
  if (!Number.isFinite(ms)) return '—';
  return new Intl.DateTimeFormat(locale, { timeStyle: 'medium', hourCycle: 'h23', timeZone }).format(ms);
}

/** 0 B, 999 B, 1.0 KB, 12.3 MB — base 1024 as users compare with payload limits (64 KB). */
export function formatBytes(n: number): string {
  if (!Number.isFinite(n) || n < 0) return '?';
  if (n < 1024) return `${n} B`;
  const units = ['KB', 'MB', 'GB', 'TB'];
  let v = n / 1024;
  let i = 0;
  while (v >= 1024 && i < units.length - 1) {
    v /= 1024;
    i++;
  }
  return `${v < 10 ? v.toFixed(1) : Math.round(v)} ${units[i]}`;
}

/** 1234567 -> "1,234,567" without depending on the locale of the machine running tests. */
export function formatCount(n: number): string {
  return String(Math.trunc(n)).replace(/\B(?=(\d{3})+(?!\d))/g, ',');
}

/** "in 3 s" style seconds, rounded up so a countdown never shows 0 while still waiting. */
export function secondsUntil(retryInMs: number, elapsedMs: number): number {
  return Math.max(0, Math.ceil((retryInMs - elapsedMs) / 1000));
}
