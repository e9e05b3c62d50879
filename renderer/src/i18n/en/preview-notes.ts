// The credential preview's notes (electron/services/vendors/credential-preview.ts) as the backend writes them: the
// renderer finds a note here by its exact English text and shows the same key from the UI language's catalogue.
// test/i18n/preview-notes.test.ts fails when the backend writes a note that is not listed. Keys are 'previewNote.'.
export const previewNotes = {
  'previewNote.randomClientId': 'A random Client ID is generated on connect.',
  'previewNote.mqTokenMode': 'Token mode: CONNECT carries only the Client ID; each token (R, W, RW) is then uploaded on $SYS/uploadToken with QoS 1, and nothing is subscribed or published before its PUBACK.',
  'previewNote.mqSignature': 'Password = Base64(HmacSHA1(SecretKey, Group ID)): it does not change between connects.',
  'previewNote.huaweiAccessCode': 'The password is the access code itself (nothing is signed). The timestamp is taken again on every (re)connect and must be within 5 minutes of the server clock.',
  'previewNote.amqpTimestamp': 'The timestamp is signed again on every (re)connect.',
  'previewNote.amqpStsMissing': 'ststoken mode needs the STS security token (slot securityToken).',
  'previewNote.saslAnonymous': 'SASL ANONYMOUS: no user name or password is sent.',
} as const;
