import type { vendors as en } from '../en/vendors';

// Simplified Chinese for the vendors part of the UI: the same keys as ../en/vendors.ts, written as native UI text
// with the vendors' own Chinese product terms.
export const vendors: Partial<Record<keyof typeof en, string>> = {};
