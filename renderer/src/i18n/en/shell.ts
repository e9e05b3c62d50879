// English strings for the shell: notices, welcome, theme, layout fixes and the polish of issue 11.
// Keys are prefixed 'shell.'.
export const shell = {
  'shell.notice.repeated': 'Shown {count} times',
  'shell.tokens.replace.title': 'Replace the {type} token in use?',
  'shell.tokens.replace.text': 'The app keeps one token per type. Applying now replaces the current {type} token, and the connection uploads the new one.',
  'shell.tokens.replace.dropped': 'The new token would no longer cover: {resources}',
  'shell.tokens.replace.added': 'It would add: {resources}',
  'shell.tokens.replace.confirm': 'Replace the {type} token',
  'shell.tokens.replace.cancel': 'Keep the current token',
} as const;
