/**
 * Every English explain template: the common refusal words plus each kind's texts. The renderer's English
 * catalogue (i18n/en/explain.ts) is built from this table, so the app and the backend say the same.
 */
import { KIND_DESCRIPTORS } from './kinds';
import { REFUSAL_TEXT_EN } from './refusal-words';
import { renderParts, type ExplainPart } from './explain-part';

export const CHECK_TEXT_EN: Readonly<Record<string, string>> = {
  'check.tls-verification-skipped': 'TLS certificate verification is turned off: anyone on the network path can read the credentials and the traffic.',
  'check.tls-verification-skipped.fix':
    'Turn verification back on and give the CA file if the server uses a private CA; skip it only against a local test broker.',
  'check.clock-skew.signed':
    'The local clock is {offset} (more than 5 minutes). The server rejects a signed timestamp outside ±5 minutes, so the connection will be refused.',
  'check.clock-skew.unsigned': 'The local clock is {offset} (more than 5 minutes). Token expiry and online queries depend on the clock.',
  'check.clock-skew.fix': 'Synchronise the system clock (turn on automatic time / NTP) and try again.',
  'field.accessKeyId': 'AccessKey ID',
  'field.consumerGroupId': 'consumer group ID',
  'field.iotInstanceId': 'iotInstanceId',
  'field.productKey': 'productKey',
  'field.deviceName': 'deviceName',
  'field.clientId': 'clientId',
  'field.deviceId': 'device ID',
  'clock.ahead.s': '{n} s ahead of the server',
  'clock.behind.s': '{n} s behind the server',
  'clock.ahead.min': '{n} min ahead of the server',
  'clock.behind.min': '{n} min behind the server',
};

/** What only the drivers know (what they had just done), in the same catalogue. */
export const DRIVER_TEXT_EN: Readonly<Record<string, string>> = {
  'driver.mqtt.noConnackWithin': 'No CONNACK within {seconds} s: the port may not speak MQTT{tlsHint}, or the broker is overloaded.',
  'driver.mqtt.orExpectsTls': ' (or expects TLS)',
  'driver.mqtt.wsNothing':
    'Nothing answered MQTT on {url}: check the WebSocket path (often /mqtt), the port, and that the endpoint serves MQTT over WebSocket.',
  'driver.mqtt.closedNoReason':
    'The broker or the network closed the connection without a DISCONNECT reason. Common causes: another client connected with the same Client ID ({clientId}) and took over the session, the broker restarted or dropped the client (keep-alive timeout, limits), or a proxy/firewall cut the connection.',
  'driver.mqtt.thisOne': 'this one',
  'driver.amqp.modifiedRefused':
    'The broker refused the `modified` outcome just sent (RabbitMQ 3.x does not accept it): use release or reject instead. Held deliveries come back after the reconnect.',
  'driver.amqp.noSourceAddress':
    'This happened right after attaching a receiver with no source address: brokers such as RabbitMQ need one (e.g. /amq/queue/<name>); only the IoT Platform takes an empty one.',
};

function merge(): Record<string, string> {
  const out: Record<string, string> = { ...REFUSAL_TEXT_EN, ...CHECK_TEXT_EN, ...DRIVER_TEXT_EN };
  for (const d of Object.values(KIND_DESCRIPTORS)) {
    for (const [code, text] of Object.entries(d.texts)) {
      // Kinds may share a template (e.g. an instance ID check) but never give one code two texts.
      if (out[code] !== undefined && out[code] !== text) throw new Error(`explain template ${code} has two texts (${d.kind})`);
      out[code] = text;
    }
  }
  return out;
}

export const EXPLAIN_EN: Readonly<Record<string, string>> = merge();

/** Parts in English, and the parts themselves, as the connection state and protocol log carry them. */
export function said(parts: readonly ExplainPart[]): { explanation?: string; explanationParts?: ExplainPart[] } {
  if (parts.length === 0) return {};
  return { explanation: renderParts(parts, EXPLAIN_EN), explanationParts: [...parts] };
}
