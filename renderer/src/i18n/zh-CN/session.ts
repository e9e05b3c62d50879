import type { session as en } from '../en/session';

// Simplified Chinese for the page session strings: the same keys as ../en/session.ts.
export const session: Record<keyof typeof en, string> = {
  'session.noStartLink': '此窗口没有启动链接（可能已刷新或是手动打开的）。请重新启动 Fieldscope（npm start）以打开新窗口。',
  'session.linkUsed': '此启动链接已被使用。请重新启动 Fieldscope（npm start）以打开新窗口。',
  'session.failed': '无法与 Fieldscope 后端建立会话：{message}',
};
