// English strings for the shell: notices, welcome, theme, layout fixes and the polish of issue 11.
// Keys are prefixed 'shell.'.
export const shell = {
  'shell.notice.repeated': 'Shown {count} times',
} as const;
