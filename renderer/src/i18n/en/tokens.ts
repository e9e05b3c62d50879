// English strings for the tokens part of the UI. Keys are prefixed 'tokens.'.
export const tokens = {
} as const;
