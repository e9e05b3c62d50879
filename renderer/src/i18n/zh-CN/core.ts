import type { core as en } from '../en/core';

// Simplified Chinese for the core part of the UI: the same keys as ../en/core.ts, written as native UI text
// with the vendors' own Chinese product terms.
export const core: Partial<Record<keyof typeof en, string>> = {
  'core.tab.topics': '主题树',
  'core.tab.charts': '图表',
};
