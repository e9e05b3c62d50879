import type { Message } from '../messages/message';
import { bytesToBase64 } from '../mqtt/base64';
import { CAPTURE_FORMAT, CAPTURE_VERSION, type CaptureHeader, type CaptureRecord, type LogRecord, type MessageRecord } from './capture-format';
import { toTaggedJson } from './tagged-json';

/** One NDJSON line (with its newline). JSON.stringify escapes U+2028/9 and control characters, so a line never splits. */
export function encodeLine(value: unknown): string {
  return JSON.stringify(value) + '\n';
}

export function makeHeader(h: Omit<CaptureHeader, 'format' | 'version'>): CaptureHeader {
  return { format: CAPTURE_FORMAT, version: CAPTURE_VERSION, ...h };
}

export function encodeHeader(h: CaptureHeader): string {
  return encodeLine(toTaggedJson(h));
}

/**
 * Builds a msg record. `payloadBase64` lets the electron side pass Buffer#toString('base64') (native, faster
 * than the pure encoder) without shared/ depending on Buffer.
 */
export function messageRecord(m: Message, seq?: number, payloadBase64?: string): MessageRecord {
  const r: MessageRecord = {
    type: 'msg',
    at: m.arrivedAt,
    connectionId: m.connectionId,
    protocol: m.protocol,
    topic: m.topic,
    payload: payloadBase64 ?? bytesToBase64(m.payload),
  };
  if (seq !== undefined) r.seq = seq;
  if (m.qos !== undefined) r.qos = m.qos;
  if (m.retain !== undefined) r.retain = m.retain;
  if (m.dup !== undefined) r.dup = m.dup;
  if (m.mqttProperties && Object.keys(m.mqttProperties).length) r.mqttProperties = toTaggedJson(m.mqttProperties) as Record<string, unknown>;
  if (m.messageId !== undefined) r.messageId = m.messageId;
  if (m.generateTime !== undefined) r.generateTime = m.generateTime;
  if (m.amqp) r.amqp = toTaggedJson(m.amqp) as Record<string, unknown>;
  if (m.rocketmq) r.rocketmq = m.rocketmq as Record<string, unknown>;
  if (m.settlement !== undefined) r.settlement = m.settlement;
  if (m.redelivered !== undefined) r.redelivered = m.redelivered;
  return r;
}

/** The protocol log entry shape of the connections contract. */
export interface LogEntryLike {
  connectionId: string;
  at: number;
  dir: 'out' | 'in' | 'local';
  type: string;
  summary: string;
  detail?: Record<string, unknown>;
  explanation?: string;
}

export function logRecord(e: LogEntryLike): LogRecord {
  const r: LogRecord = { type: 'log', at: e.at, connectionId: e.connectionId, dir: e.dir, logType: e.type, summary: e.summary };
  if (e.detail) r.detail = toTaggedJson(e.detail) as Record<string, unknown>;
  if (e.explanation) r.explanation = e.explanation;
  return r;
}

export function encodeRecord(r: CaptureRecord): string {
  return encodeLine(r);
}
