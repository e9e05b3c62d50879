// Which views a message detail offers and their text. Bytes are decoded strictly: invalid UTF-8 gets
// no text view (hex instead), never replacement characters.
import type { MessageDetail } from '../../../../shared/contract/messages.contract';
import { t } from '../../i18n';
import { base64ToBytes, decodeUtf8Strict, hexDump, prettyJson } from '../../lib/payload';

export type DetailViewId = 'json' | 'text' | 'hex' | 'base64' | 'properties' | 'amqp';

export interface DetailView {
  id: DetailViewId;
  language: string;
  value: string;
}

function jsonSafe(v: unknown): string {
  return JSON.stringify(v, (_k, x) => (typeof x === 'bigint' ? x.toString() : x), 2);
}

export function detailViews(d: MessageDetail): DetailView[] {
  const bytes = base64ToBytes(d.payloadBase64);
  const text = decodeUtf8Strict(bytes);
  const views: DetailView[] = [];
  const pretty = text !== null ? prettyJson(text) : null;
  if (pretty !== null) views.push({ id: 'json', language: 'json', value: pretty });
  if (text !== null) views.push({ id: 'text', language: 'plaintext', value: text });
  views.push({ id: 'hex', language: 'plaintext', value: hexDump(bytes, undefined, (count) => t('core.detail.moreBytes', { count })) });
  views.push({ id: 'base64', language: 'plaintext', value: d.payloadBase64 });
  if (d.mqttProperties && Object.keys(d.mqttProperties).length) views.push({ id: 'properties', language: 'json', value: jsonSafe(d.mqttProperties) });
  if (d.amqp) {
    const a = d.amqp;
    const sections = {
      header: a.header ?? null,
      deliveryAnnotations: a.deliveryAnnotations ?? null,
      messageAnnotations: a.messageAnnotations ?? null,
      properties: a.properties ?? null,
      applicationProperties: a.applicationProperties ?? null,
      bodyType: a.bodyType ?? null,
      body: pretty !== null ? JSON.parse(pretty) : text !== null ? text : { base64: d.payloadBase64 },
    };
    views.push({ id: 'amqp', language: 'json', value: jsonSafe(sections) });
  }
  return views;
}

/** The view to open first: pretty JSON, then text, then hex. */
export function defaultView(views: DetailView[], preferred: DetailViewId | null): DetailViewId {
  if (preferred && views.some((v) => v.id === preferred)) return preferred;
  return views[0]!.id;
}
