import type { MessageStore } from './message-store';

/** One exported message: text payloads as text, anything else as base64 with the encoding named. */
function exportRecord(store: MessageStore, seq: number) {
  const m = store.get(seq);
  if (!m) return null;
  const text = store.isText(seq);
  return {
    seq,
    connectionId: m.connectionId,
    protocol: m.protocol,
    arrivedAt: new Date(m.arrivedAt).toISOString(),
    topic: m.topic,
    qos: m.qos,
    retain: m.retain,
    dup: m.dup,
    size: m.payload.length,
    encoding: text ? 'utf8' : 'base64',
    payload: text ? m.payload.toString('utf8') : m.payload.toString('base64'),
    messageId: m.messageId,
    generateTime: m.generateTime,
    settlement: m.settlement,
    mqttProperties: m.mqttProperties,
    amqp: m.amqp,
  };
}

export function exportMessages(store: MessageStore, seqs: number[], format: 'json' | 'csv'): string {
  const records = seqs.map((s) => exportRecord(store, s)).filter((r) => r !== null);
  if (format === 'json') return JSON.stringify({ format: 'fieldscope-messages', version: 1, exportedAt: new Date().toISOString(), messages: records }, null, 2);
  const cols = [
    'seq',
    'arrivedAt',
    'connectionId',
    'protocol',
    'topic',
    'qos',
    'retain',
    'dup',
    'size',
    'messageId',
    'generateTime',
    'encoding',
    'payload',
  ] as const;
  const lines = [cols.join(',')];
  for (const r of records) lines.push(cols.map((c) => csvCell(r[c])).join(','));
  return lines.join('\r\n') + '\r\n';
}

function csvCell(v: unknown): string {
  if (v === undefined || v === null) return '';
  const s = String(v);
  // RFC 4180 quoting; a leading = + - @ is prefixed so a spreadsheet never runs a payload as a formula.
  const safe = /^[=+@\t\r]|^-[^\d.]/.test(s) ? `'${s}` : s;
  return /[",\r\n]/.test(safe) || safe !== s ? `"${safe.replace(/"/g, '""')}"` : safe;
}
