// Which catalogue a language list (navigator.languages) asks for. Pure, so it is unit-tested.

export type Locale = 'en' | 'zh-CN';
export type LocaleChoice = 'system' | Locale;

/**
 * The first language we have a catalogue for wins: any Chinese tag (zh, zh-CN, zh-Hans-SG, zh-TW ...) picks the
 * Simplified Chinese catalogue, English picks English; languages we have no catalogue for are skipped, and
 * English is the fallback.
 */
export function localeFromLanguages(languages: readonly string[]): Locale {
  for (const tag of languages) {
    const primary = tag.toLowerCase().split(/[-_]/)[0];
    if (primary === 'zh') return 'zh-CN';
    if (primary === 'en') return 'en';
  }
  return 'en';
}
