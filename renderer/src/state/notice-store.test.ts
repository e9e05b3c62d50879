import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { addNotice, dismissNotice, holdNotice, MAX_NOTICES, NOTICE_LIFETIME_MS, noticeStore } from './notice-store';

const shown = () => noticeStore.getState().notices;

describe('notice store', () => {
  beforeEach(() => {
    vi.useFakeTimers();
  });
  afterEach(() => {
    for (const n of shown()) dismissNotice(n.id);
    vi.useRealTimers();
  });

  it('shows ten identical errors as one notice counted ten times', () => {
    for (let i = 0; i < 10; i++) addNotice('error', 'Invalid regular expression: missing )');
    expect(shown()).toHaveLength(1);
    expect(shown()[0]).toMatchObject({ level: 'error', count: 10 });
  });

  it('keeps the same text at different levels apart', () => {
    addNotice('info', 'x');
    addNotice('warning', 'x');
    expect(shown().map((n) => n.level)).toEqual(['info', 'warning']);
  });

  it('fades info, warnings and plain errors after their lifetime, not a millisecond earlier', () => {
    addNotice('info', 'Profile saved');
    addNotice('warning', 'slow');
    addNotice('error', 'Import failed: not a profile export');
    vi.advanceTimersByTime(NOTICE_LIFETIME_MS.info - 1);
    expect(shown().map((n) => n.message)).toContain('Profile saved');
    vi.advanceTimersByTime(1);
    expect(shown().map((n) => n.message)).not.toContain('Profile saved');
    vi.advanceTimersByTime(NOTICE_LIFETIME_MS.warning - NOTICE_LIFETIME_MS.info);
    expect(shown().map((n) => n.message)).toEqual(['Import failed: not a profile export']);
    vi.advanceTimersByTime(NOTICE_LIFETIME_MS.error - NOTICE_LIFETIME_MS.warning);
    expect(shown()).toEqual([]);
  });

  it('keeps an error that needs action until it is dismissed', () => {
    const id = addNotice('error', 'The OS keychain is locked', { needsAction: true });
    vi.advanceTimersByTime(60 * 60_000);
    expect(shown().map((n) => n.id)).toEqual([id]);
    dismissNotice(id);
    expect(shown()).toEqual([]);
  });

  it('restarts the clock when the same notice is raised again', () => {
    addNotice('info', 'Copied');
    vi.advanceTimersByTime(NOTICE_LIFETIME_MS.info - 100);
    addNotice('info', 'Copied');
    vi.advanceTimersByTime(200);
    expect(shown()).toHaveLength(1);
    vi.advanceTimersByTime(NOTICE_LIFETIME_MS.info);
    expect(shown()).toEqual([]);
  });

  it('holds a notice while it is hovered and fades it a full lifetime after leave', () => {
    const id = addNotice('info', 'Recording saved');
    holdNotice(id, true);
    vi.advanceTimersByTime(NOTICE_LIFETIME_MS.info * 5);
    expect(shown()).toHaveLength(1);
    holdNotice(id, false);
    vi.advanceTimersByTime(NOTICE_LIFETIME_MS.info);
    expect(shown()).toEqual([]);
  });

  it('shows at most MAX_NOTICES, dropping the oldest that may fade before one that needs action', () => {
    const sticky = addNotice('warning', 'keychain unavailable', { needsAction: true });
    for (let i = 0; i < MAX_NOTICES + 3; i++) addNotice('info', `n${i}`);
    const ids = shown().map((n) => n.id);
    expect(ids).toHaveLength(MAX_NOTICES);
    expect(ids).toContain(sticky);
    expect(shown().at(-1)!.message).toBe(`n${MAX_NOTICES + 2}`);
  });

  it('never makes an info notice sticky', () => {
    addNotice('info', 'hello', { needsAction: true });
    vi.advanceTimersByTime(NOTICE_LIFETIME_MS.info);
    expect(shown()).toEqual([]);
  });
});
