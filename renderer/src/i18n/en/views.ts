// English strings for the views that come from MQTTX / MQTT Explorer habits: import, topic tree, decoders,
// publish history, copy as code. Keys are prefixed 'views.'.
export const views = {
  'views.import.title': 'Imported from {source}',
  'views.import.source.mqttx': 'MQTTX',
  'views.import.source.mqtt-explorer': 'MQTT Explorer',
  'views.import.count': '{count} connections became profiles.',
  'views.import.unmapped': 'Not carried over',
  'views.import.passwordsIntro': 'The file holds passwords for these profiles. Store them in the system keychain? They are never written to a file.',
  'views.import.storeSelected': 'Store in keychain',
  'views.import.dontStore': 'Don\'t store',
  'views.import.close': 'Close',
  'views.import.stored': 'Passwords stored in the keychain.',
} as const;
