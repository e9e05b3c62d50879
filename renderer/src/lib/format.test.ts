import { describe, expect, it } from 'vitest';
import { formatBytes, formatCount, formatDateTimeMs, formatTimeMs, secondsUntil } from './format';

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
});
