import type { language as en } from '../en/language';

// Simplified Chinese for the language switch and the time-zone note: the same keys as ../en/language.ts.
export const language: Record<keyof typeof en, string> = {
  'language.label': '界面语言',
  'language.system': '跟随系统（{language}）',
  'language.saveFailed': '语言设置未能保存：{message}',
  'language.utcOffset': '时区：{offset}',
  'language.utcOffsetHint': '界面中显示的时间均为本机当地时间，{offset}。',
} as const;
