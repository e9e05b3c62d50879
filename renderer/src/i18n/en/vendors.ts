// English strings for the vendors part of the UI. Keys are prefixed 'vendors.'.
export const vendors = {
} as const;
