// English strings for the Chromium host's page session (the single-use start link). Keys are prefixed 'session.'.
export const session = {
  'session.noStartLink': 'This window has no start link (it was reloaded or opened by hand). Restart Fieldscope (npm start) to open a new window.',
  'session.linkUsed': 'This start link was already used. Restart Fieldscope (npm start) to open a new window.',
  'session.failed': 'Could not open a session with the Fieldscope backend: {message}',
} as const;
