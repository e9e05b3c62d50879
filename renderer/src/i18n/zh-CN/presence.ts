import type { presence as en } from '../en/presence';

// Simplified Chinese for the presence part of the UI: the same keys as ../en/presence.ts, written as native UI text
// with the vendors' own Chinese product terms.
export const presence: Partial<Record<keyof typeof en, string>> = {};
