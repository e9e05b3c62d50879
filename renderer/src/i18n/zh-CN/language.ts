import type { language as en } from '../en/language';

// Simplified Chinese for the language switch and the time-zone note: the same keys as ../en/language.ts.
export const language: Record<keyof typeof en, string> = {
  'language.label': '界面语言',
  'language.system': '跟随系统（{language}）',
  'language.saveFailed': '语言设置未能保存：{message}',
  'language.utcOffset': '时区：{offset}',
  'language.utcOffsetHint': '界面中显示的时间均为本机当地时间，{offset}。',
  'language.duration.hm': '{h} 小时 {m} 分',
  'language.duration.ms': '{m} 分 {s} 秒',
  'language.duration.s': '{s} 秒',
  'language.host.chromium': 'Chromium',
  'language.host.electron': 'Electron',
  'language.host.cli': '命令行',
  'language.host.test': '测试',
  'language.keychain.os-keychain': '系统钥匙串',
  'language.keychain.memory': '仅内存（测试用）',
} as const;
