// English strings for the sandbox part of the UI. Keys are prefixed 'sandbox.'.
export const sandbox = {
} as const;
