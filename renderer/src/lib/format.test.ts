import { describe, expect, it } from 'vitest';
import { formatBytes, formatCount, formatDateTimeMs, formatLocalDateTime, formatLocalTime, formatTimeMs, formatUtcOffset, secondsUntil } from './format';

describe('format', () => {
  it('shows wall-clock time with milliseconds', () => {
    const d = new Date(2024, 4, 1, 9, 3, 7, 42);
    expect(formatTimeMs(d.getTime())).toBe('09:03:07.042');
    expect(formatDateTimeMs(d.getTime())).toBe('2024-05-01 09:03:07.042');
  });
  it('shows sizes in base 1024', () => {
    expect(formatBytes(0)).toBe('0 B');
    expect(formatBytes(1023)).toBe('1023 B');
    expect(formatBytes(1024)).toBe('1.0 KB');
    expect(formatBytes(64 * 1024)).toBe('64 KB');
    expect(formatBytes(5.5 * 1024 * 1024)).toBe('5.5 MB');
    expect(formatBytes(-1)).toBe('?');
  });
  it('groups thousands', () => {
    expect(formatCount(0)).toBe('0');
    expect(formatCount(1234567)).toBe('1,234,567');
  });
  it('counts down in whole seconds, rounded up', () => {
    expect(secondsUntil(3000, 0)).toBe(3);
    expect(secondsUntil(3000, 2100)).toBe(1);
    expect(secondsUntil(3000, 5000)).toBe(0);
  });
  it('shows table times as one ISO-like local stamp, never with AM/PM', () => {
    expect(formatDateTimeMs(new Date(2026, 11, 6, 8, 31, 43, 865).getTime())).toBe('2026-12-06 08:31:43.865');
    expect(formatDateTimeMs(new Date(2026, 0, 2, 20, 5, 0, 7).getTime())).toBe('2026-01-02 20:05:00.007');
  });
  it('says the UTC offset as UTC±hh:mm', () => {
    expect(formatUtcOffset(480)).toBe('UTC+08:00');
    expect(formatUtcOffset(0)).toBe('UTC+00:00');
    expect(formatUtcOffset(-330)).toBe('UTC-05:30');
    expect(formatUtcOffset(345)).toBe('UTC+05:45');
  });
  it('writes dates outside tables the way the UI language does, on a 24-hour clock', () => {
    // 2026-12-06 00:31:43 UTC is 08:31:43 in Shanghai and 20:31:43 (previous day) in New York.
    const ms = Date.UTC(2026, 11, 6, 0, 31, 43, 865);
    expect(formatLocalDateTime(ms, 'zh-CN', 'Asia/Shanghai')).toBe('2026年12月6日 08:31:43');
    expect(formatLocalDateTime(ms, 'en', 'Asia/Shanghai')).toBe('Dec 6, 2026, 08:31:43');
    expect(formatLocalTime(ms, 'en', 'America/New_York')).toBe('19:31:43');
    expect(formatLocalTime(ms, 'zh-CN', 'America/New_York')).toBe('19:31:43');
    expect(formatLocalDateTime(Number.NaN, 'en')).toBe('—');
  });
});
