// English strings for the presence part of the UI. Keys are prefixed 'presence.'.
export const presence = {
} as const;
