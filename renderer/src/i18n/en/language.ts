// English strings for the language switch and the time-zone note. Keys are prefixed 'language.'.
export const language = {
  'language.label': 'Language',
  'language.system': 'System ({language})',
  'language.saveFailed': 'The language choice was not saved: {message}',
  'language.utcOffset': 'Times: {offset}',
  'language.utcOffsetHint': 'Every time shown is local time on this computer, {offset}.',
  'language.duration.hm': '{h}h {m}m',
  'language.duration.ms': '{m}m {s}s',
  'language.duration.s': '{s}s',
  'language.host.chromium': 'Chromium',
  'language.host.electron': 'Electron',
  'language.host.cli': 'command line',
  'language.host.test': 'test',
  'language.keychain.os-keychain': 'OS keychain',
  'language.keychain.memory': 'memory only (test)',
} as const;
