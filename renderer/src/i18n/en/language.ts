// English strings for the language switch and the time-zone note. Keys are prefixed 'language.'.
export const language = {
  'language.label': 'Language',
  'language.system': 'System ({language})',
  'language.saveFailed': 'The language choice was not saved: {message}',
  'language.utcOffset': 'Times: {offset}',
  'language.utcOffsetHint': 'Every time shown is local time on this computer, {offset}.',
} as const;
