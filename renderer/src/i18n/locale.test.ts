import { describe, expect, it } from 'vitest';
import { localeFromLanguages } from './locale';

describe('localeFromLanguages', () => {
  it('picks Simplified Chinese for any Chinese language tag', () => {
    for (const tag of ['zh', 'zh-CN', 'zh-Hans', 'zh-Hans-SG', 'zh_CN', 'ZH-cn', 'zh-TW']) expect(localeFromLanguages([tag])).toBe('zh-CN');
  });

  it('picks English for English and for languages without a catalogue', () => {
    expect(localeFromLanguages(['en-US'])).toBe('en');
    expect(localeFromLanguages(['de-DE'])).toBe('en');
    expect(localeFromLanguages([])).toBe('en');
  });

  it('takes the first language it has a catalogue for, in the user’s order', () => {
    expect(localeFromLanguages(['fr-FR', 'zh-CN', 'en'])).toBe('zh-CN');
    expect(localeFromLanguages(['en-GB', 'zh-CN'])).toBe('en');
  });
});

describe('t() after a language switch', () => {
  it('answers from the chosen catalogue, with placeholders filled', async () => {
    const { setLocaleChoice, t, getLocale } = await import('./index');
    setLocaleChoice('zh-CN');
    expect(getLocale()).toBe('zh-CN');
    expect(t('core.save')).toBe('保存');
    expect(t('core.inspector.count', { count: 3 })).toBe('3 条消息');
    setLocaleChoice('en');
    expect(t('core.save')).toBe('Save');
  });
});
