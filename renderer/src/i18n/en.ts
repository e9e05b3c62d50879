// Every UI string lives here (Simplified Chinese will be a sibling file with the same keys).
export const en = {
  'app.title': 'Fieldscope',
  'app.loading': 'Starting…',
  'app.backendError': 'The backend did not answer: {message}',
} as const;
export type MessageKey = keyof typeof en;
