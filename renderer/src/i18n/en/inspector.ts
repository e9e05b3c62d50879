// English strings for the inspector's payload views, viewport and columns. Keys are prefixed 'inspector.'.
export const inspector = {
  'inspector.view.raw': 'Raw',
  'inspector.gap': '{count} messages arrived faster than this view could show them; they are in the list above.',
  'inspector.gap.show': 'Go to them',
  'inspector.json.lossy': '{text} (line {line}) would read as {js} in JavaScript; shown here exactly as sent.',
  'inspector.json.lossyMarker': 'JavaScript would read this number as {js}. Shown as sent.',
  'inspector.json.duplicate': 'Key {key} appears again at line {line}; both are kept as sent (most parsers keep only the last).',
  'inspector.json.invalid': 'Not valid JSON at line {line}, column {column}: {reason}. Shown as sent.',
  'inspector.json.error.unexpected-char': 'unexpected {found}',
  'inspector.json.error.unexpected-end': 'the text ends before the JSON does',
  'inspector.json.error.bad-escape': 'invalid escape after a backslash',
  'inspector.json.error.bad-number': 'malformed number',
  'inspector.json.error.control-char': 'a control character inside a string must be escaped',
  'inspector.json.error.trailing': 'more text after the JSON value ({found})',
  'inspector.raw.escaped': 'Not valid UTF-8: bytes that are not part of a character are shown as \\xNN, a backslash as \\\\.',
} as const;
