// English strings for the captures part of the UI. Keys are prefixed 'captures.'.
export const captures = {
} as const;
