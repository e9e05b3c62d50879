import type { shell as en } from '../en/shell';

// Simplified Chinese for the shell: the same keys as ../en/shell.ts (every key required).
export const shell: Record<keyof typeof en, string> = {
  'shell.notice.repeated': '已出现 {count} 次',
  'shell.tokens.replace.title': '替换正在使用的 {type} 令牌？',
  'shell.tokens.replace.text': '每种类型只保留一个令牌。现在申请会替换当前的 {type} 令牌，连接将上传新令牌。',
  'shell.tokens.replace.dropped': '新令牌将不再覆盖以下资源：{resources}',
  'shell.tokens.replace.added': '新增资源：{resources}',
  'shell.tokens.replace.confirm': '替换 {type} 令牌',
  'shell.tokens.replace.cancel': '保留当前令牌',
};
