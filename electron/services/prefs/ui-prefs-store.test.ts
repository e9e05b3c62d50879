import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { UiPrefsStore } from './ui-prefs-store';

const dirs: string[] = [];
const tmpDir = () => {
  const d = fs.mkdtempSync(path.join(os.tmpdir(), 'fs-prefs-'));
  dirs.push(d);
  return d;
};
afterEach(() => {
  for (const d of dirs.splice(0)) fs.rmSync(d, { recursive: true, force: true });
});

describe('UiPrefsStore', () => {
  it('starts on defaults (follow the system language) in a fresh data folder', () => {
    expect(UiPrefsStore.inDataDir(tmpDir()).get()).toEqual({ locale: 'system', theme: 'system', welcomeDismissed: false });
  });

  it('keeps the chosen language across a restart', async () => {
    const dir = tmpDir();
    await UiPrefsStore.inDataDir(dir).set({ locale: 'zh-CN' });
    expect(UiPrefsStore.inDataDir(dir).get()).toMatchObject({ locale: 'zh-CN' });
    await UiPrefsStore.inDataDir(dir).set({ locale: 'en' });
    expect(UiPrefsStore.inDataDir(dir).get().locale).toBe('en');
  });

  it('falls back to defaults on a broken or hand-edited file instead of refusing to start', () => {
    const dir = tmpDir();
    fs.writeFileSync(path.join(dir, 'ui-prefs.json'), '{not json');
    expect(UiPrefsStore.inDataDir(dir).get()).toMatchObject({ locale: 'system' });
    fs.writeFileSync(path.join(dir, 'ui-prefs.json'), JSON.stringify({ locale: 'klingon' }));
    expect(UiPrefsStore.inDataDir(dir).get()).toMatchObject({ locale: 'system' });
  });

  it('keeps the theme and the dismissed welcome across a restart, field by field', async () => {
    const dir = tmpDir();
    await UiPrefsStore.inDataDir(dir).set({ theme: 'dark', welcomeDismissed: true });
    expect(UiPrefsStore.inDataDir(dir).get()).toEqual({ locale: 'system', theme: 'dark', welcomeDismissed: true });
    // One bad value resets only itself.
    fs.writeFileSync(path.join(dir, 'ui-prefs.json'), JSON.stringify({ locale: 'zh-CN', theme: 'sepia', welcomeDismissed: true }));
    expect(UiPrefsStore.inDataDir(dir).get()).toEqual({ locale: 'zh-CN', theme: 'system', welcomeDismissed: true });
  });
});
