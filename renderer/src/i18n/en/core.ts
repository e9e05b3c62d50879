// English strings for the app shell and shared widgets. Keys are prefixed 'app.' or 'core.'.
export const core = {
  'app.title': 'Fieldscope',
  'app.loading': 'Starting…',
  'app.backendError': 'The backend did not answer: {message}',
} as const;
