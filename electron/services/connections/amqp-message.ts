import type { Message } from 'rhea';
import type { AmqpSections } from '../../../shared/contract/messages.contract';

/** What one received AMQP message becomes before the store: payload bytes exact, every section kept. */
export interface MappedAmqpMessage {
  topic: string;
  payload: Buffer;
  messageId?: string;
  generateTime?: number;
  amqp: AmqpSections;
  redelivered: boolean;
}

const DATA = 0x75;
const SEQUENCE = 0x76;

interface BodySection {
  typecode: number;
  content: unknown;
  multiple?: boolean;
}

function isBodySection(v: unknown): v is BodySection {
  return typeof v === 'object' && v !== null && typeof (v as BodySection).typecode === 'number' && 'content' in v;
}

/**
 * Values crossing to the renderer and into exports must be plain JSON: binary becomes {binary: hex},
 * timestamps become ms, bigint becomes a number when safe (a string otherwise).
 */
export function toPlain(v: unknown, depth = 0): unknown {
  if (v === null || v === undefined) return v;
  if (typeof v === 'string' || typeof v === 'number' || typeof v === 'boolean') return v;
  if (typeof v === 'bigint') return Number.isSafeInteger(Number(v)) ? Number(v) : v.toString();
  if (Buffer.isBuffer(v)) return { binary: v.toString('hex') };
  if (v instanceof Date) return v.getTime();
  if (depth > 8) return String(v);
  if (Array.isArray(v)) return v.map((x) => toPlain(x, depth + 1));
  if (typeof v === 'object') {
    const out: Record<string, unknown> = {};
    for (const [k, x] of Object.entries(v as Record<string, unknown>)) {
      if (typeof x === 'function' || x === undefined) continue;
      out[k] = toPlain(x, depth + 1);
    }
    return out;
  }
  return String(v);
}

function plainRecord(v: unknown): Record<string, unknown> | undefined {
  if (!v || typeof v !== 'object') return undefined;
  // Hot path: IoT application-properties are flat strings and numbers; copy without recursion.
  const src = v as Record<string, unknown>;
  let flat = true;
  let any = false;
  for (const k in src) {
    const x = src[k];
    any = true;
    if (x !== null && typeof x === 'object') {
      flat = false;
      break;
    }
  }
  if (!any) return undefined;
  if (flat) {
    const out: Record<string, unknown> = {};
    for (const k in src) {
      const x = src[k];
      if (x === undefined || typeof x === 'function') continue;
      out[k] = typeof x === 'bigint' ? toPlain(x) : x;
    }
    return out;
  }
  const p = toPlain(v);
  return p && typeof p === 'object' && !Array.isArray(p) && Object.keys(p).length ? (p as Record<string, unknown>) : undefined;
}

const HEADER_FIELDS = ['durable', 'priority', 'ttl', 'first_acquirer', 'delivery_count'] as const;
const PROPERTY_FIELDS = [
  'message_id',
  'user_id',
  'to',
  'subject',
  'reply_to',
  'correlation_id',
  'content_type',
  'content_encoding',
  'absolute_expiry_time',
  'creation_time',
  'group_id',
  'group_sequence',
  'reply_to_group_id',
] as const;

function pick(msg: Record<string, unknown>, fields: readonly string[]): Record<string, unknown> | undefined {
  let out: Record<string, unknown> | undefined;
  for (const f of fields) {
    const v = msg[f];
    if (v !== undefined && v !== null) (out ??= {})[f] = typeof v === 'object' || typeof v === 'bigint' ? toPlain(v) : v;
  }
  return out;
}

/** Body bytes exactly as sent (Data sections verbatim), and a name for how they were encoded. */
export function bodyBytes(body: unknown): { payload: Buffer; bodyType: string } {
  if (body === undefined || body === null) return { payload: Buffer.alloc(0), bodyType: body === null ? 'amqp-value:null' : 'none' };
  if (isBodySection(body)) {
    if (body.typecode === DATA) {
      if (body.multiple && Array.isArray(body.content)) {
        const parts = body.content.map((c) => (Buffer.isBuffer(c) ? c : Buffer.from(String(c))));
        return { payload: Buffer.concat(parts), bodyType: `data (${parts.length} sections, concatenated)` };
      }
      const c = body.content;
      return { payload: Buffer.isBuffer(c) ? Buffer.from(c) : Buffer.alloc(0), bodyType: 'data' };
    }
    if (body.typecode === SEQUENCE) {
      return {
        payload: Buffer.from(JSON.stringify(toPlain(body.content)), 'utf8'),
        bodyType: body.multiple ? 'amqp-sequence (several, as JSON)' : 'amqp-sequence (as JSON)',
      };
    }
    return { payload: Buffer.from(JSON.stringify(toPlain(body.content)), 'utf8'), bodyType: `section 0x${body.typecode.toString(16)} (as JSON)` };
  }
  // Copies: rhea's buffers are slices of the socket read buffer, which the store must not keep alive.
  if (Buffer.isBuffer(body)) return { payload: Buffer.from(body), bodyType: 'amqp-value:binary' };
  if (typeof body === 'string') return { payload: Buffer.from(body, 'utf8'), bodyType: 'amqp-value:string (UTF-8)' };
  if (typeof body === 'number' || typeof body === 'boolean' || typeof body === 'bigint') {
    return { payload: Buffer.from(String(body), 'utf8'), bodyType: `amqp-value:${typeof body} (as text)` };
  }
  if (body instanceof Date) return { payload: Buffer.from(String(body.getTime()), 'utf8'), bodyType: 'amqp-value:timestamp (ms, as text)' };
  const kind = Array.isArray(body) ? 'list' : 'map';
  return { payload: Buffer.from(JSON.stringify(toPlain(body)), 'utf8'), bodyType: `amqp-value:${kind} (as JSON)` };
}

function asString(v: unknown): string | undefined {
  if (v === undefined || v === null) return undefined;
  if (typeof v === 'string') return v;
  if (typeof v === 'number' || typeof v === 'bigint') return String(v);
  if (Buffer.isBuffer(v)) return v.toString('hex');
  return String(v);
}

function asMs(v: unknown): number | undefined {
  if (typeof v === 'number' && Number.isFinite(v)) return v;
  if (typeof v === 'bigint') return Number(v);
  if (v instanceof Date) return v.getTime();
  if (typeof v === 'string' && /^\d{1,16}$/.test(v.trim())) return Number(v.trim());
  return undefined;
}

/**
 * topic / messageId / generateTime come from application-properties as the IoT Platform sends them; for other
 * brokers the standard properties stand in (subject or to; message-id) so the columns are not empty.
 */
export function mapAmqpMessage(msg: Message): MappedAmqpMessage {
  const m = msg as unknown as Record<string, unknown>;
  const ap = (msg.application_properties ?? undefined) as Record<string, unknown> | undefined;
  const { payload, bodyType } = bodyBytes(msg.body);
  const header = pick(m, HEADER_FIELDS);
  const properties = pick(m, PROPERTY_FIELDS);
  const amqp: AmqpSections = { bodyType };
  if (header) amqp.header = header;
  const da = plainRecord(msg.delivery_annotations);
  if (da) amqp.deliveryAnnotations = da;
  const ma = plainRecord(msg.message_annotations);
  if (ma) amqp.messageAnnotations = ma;
  if (properties) amqp.properties = properties;
  const app = plainRecord(ap);
  if (app) amqp.applicationProperties = app;

  const topic = asString(ap?.topic) ?? asString(msg.subject) ?? asString(msg.to) ?? '';
  const messageId = asString(ap?.messageId) ?? asString(msg.message_id);
  const generateTime = asMs(ap?.generateTime);
  const deliveryCount = typeof msg.delivery_count === 'number' ? msg.delivery_count : 0;
  const redelivered = msg.first_acquirer === false || deliveryCount > 0;
  const out: MappedAmqpMessage = { topic, payload, amqp, redelivered };
  if (messageId !== undefined) out.messageId = messageId;
  if (generateTime !== undefined) out.generateTime = generateTime;
  return out;
}
