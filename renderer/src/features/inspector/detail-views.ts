// Which views a message detail offers and their text. Every view shows the bytes as sent: JSON is formatted
// from its own text (never JSON.parse + stringify), bytes are decoded strictly (no U+FFFD), and the raw
// view is always there.
import type { MessageDetail } from '../../../../shared/contract/messages.contract';
import { escapeInvalidUtf8 } from '../../../../shared/payload/escaped-bytes';
import { formatJsonLossless, looksLikeJson, type JsonSyntaxError } from '../../../../shared/payload/json-lossless-format';
import { t } from '../../i18n';
import { base64ToBytes, decodeUtf8Strict, hexDump } from '../../lib/payload';

export type DetailViewId = 'json' | 'raw' | 'hex' | 'base64' | 'properties' | 'amqp';

/** Something the user must know about a view, rendered (and translated) by the pane. */
export type DetailNote =
  | { kind: 'lossy'; text: string; js: string; line: number }
  | { kind: 'duplicate'; key: string; line: number }
  | { kind: 'invalid-json'; error: JsonSyntaxError }
  | { kind: 'escaped-bytes' };

/** A place in the view's text to underline (1-based line/column). */
export interface DetailMark {
  line: number;
  column: number;
  length: number;
  js: string;
}

export interface DetailView {
  id: DetailViewId;
  language: string;
  value: string;
  notes: DetailNote[];
  marks: DetailMark[];
}

function jsonSafe(v: unknown): string {
  return JSON.stringify(v, (_k, x) => (typeof x === 'bigint' ? x.toString() : x), 2);
}

function jsonView(text: string): DetailView | null {
  const r = formatJsonLossless(text);
  if (r.ok) {
    return {
      id: 'json',
      language: 'json',
      value: r.text,
      notes: [
        ...r.lossy.map((l): DetailNote => ({ kind: 'lossy', text: l.text, js: l.js, line: l.line })),
        ...r.duplicates.map((d): DetailNote => ({ kind: 'duplicate', key: d.key, line: d.line })),
      ],
      marks: r.lossy.map((l) => ({ line: l.line, column: l.column, length: l.text.length, js: l.js })),
    };
  }
  // Text that was meant as JSON but is broken: shown as sent, with where it breaks.
  if (!looksLikeJson(text)) return null;
  return { id: 'json', language: 'json', value: text, notes: [{ kind: 'invalid-json', error: r.error }], marks: [] };
}

export function detailViews(d: MessageDetail): DetailView[] {
  const bytes = base64ToBytes(d.payloadBase64);
  const text = decodeUtf8Strict(bytes);
  const views: DetailView[] = [];
  const json = text !== null ? jsonView(text) : null;
  if (json) views.push(json);
  if (text !== null) views.push({ id: 'raw', language: 'plaintext', value: text, notes: [], marks: [] });
  else views.push({ id: 'raw', language: 'plaintext', value: escapeInvalidUtf8(bytes), notes: [{ kind: 'escaped-bytes' }], marks: [] });
  views.push({ id: 'hex', language: 'plaintext', value: hexDump(bytes, undefined, (count) => t('core.detail.moreBytes', { count })), notes: [], marks: [] });
  views.push({ id: 'base64', language: 'plaintext', value: d.payloadBase64, notes: [], marks: [] });
  if (d.mqttProperties && Object.keys(d.mqttProperties).length)
    views.push({ id: 'properties', language: 'json', value: jsonSafe(d.mqttProperties), notes: [], marks: [] });
  if (d.amqp) views.push(amqpView(d, text, json));
  return views;
}

/** Every AMQP section; the body is spliced in as formatted text so it stays lossless too. */
function amqpView(d: MessageDetail, text: string | null, json: DetailView | null): DetailView {
  const a = d.amqp!;
  const sections = {
    header: a.header ?? null,
    deliveryAnnotations: a.deliveryAnnotations ?? null,
    messageAnnotations: a.messageAnnotations ?? null,
    properties: a.properties ?? null,
    applicationProperties: a.applicationProperties ?? null,
    bodyType: a.bodyType ?? null,
    body: null,
  };
  const head = jsonSafe(sections);
  // body is the last key, so the stringified object ends with exactly this.
  const tail = '  "body": null\n}';
  const validJson = json && !json.notes.some((n) => n.kind === 'invalid-json');
  const body = validJson ? json.value.replaceAll('\n', '\n  ') : jsonSafe(text !== null ? text : { base64: d.payloadBase64 });
  const prefix = head.slice(0, head.length - tail.length) + '  "body": ';
  const bodyLine = prefix.split('\n').length;
  const marks = validJson
    ? json.marks.map((m) => ({ ...m, line: m.line + bodyLine - 1, column: m.line === 1 ? m.column + '  "body": '.length : m.column + 2 }))
    : [];
  return { id: 'amqp', language: 'json', value: `${prefix}${body}\n}`, notes: [], marks };
}

/** The view to open first: JSON (valid, or broken with its error), then raw text, then hex for binary. */
export function defaultView(views: DetailView[], preferred: DetailViewId | null): DetailViewId {
  if (preferred && views.some((v) => v.id === preferred)) return preferred;
  if (views[0]!.id === 'raw' && views[0]!.notes.some((n) => n.kind === 'escaped-bytes')) return 'hex';
  return views[0]!.id;
}
