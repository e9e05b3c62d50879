import type { shell as en } from '../en/shell';

// Simplified Chinese for the shell: the same keys as ../en/shell.ts (every key required).
export const shell: Record<keyof typeof en, string> = {
  'shell.notice.repeated': '已出现 {count} 次',
};
