import type { sandbox as en } from '../en/sandbox';

// Simplified Chinese for the sandbox part of the UI: the same keys as ../en/sandbox.ts, written as native UI text
// with the vendors' own Chinese product terms.
export const sandbox: Partial<Record<keyof typeof en, string>> = {};
