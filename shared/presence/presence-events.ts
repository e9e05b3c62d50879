import { isPresenceEvent, type PresenceEvent, type PresenceSource } from './presence-event';

/*
 * Recognises presence events inside arbitrary received messages:
 * - MQ for IoT online/offline events: topic `<GroupID>_MQTT`, body `{clientId, time, eventType, channelId}`
 *   (the event type may also only be in the MQ tag; a body with all four keys is recognised on any topic).
 * - IoT Platform device status (`/as/mqtt/status/<productKey>/<deviceName>`): `{status, productKey, deviceName,
 *   time, utcTime, lastTime, utcLastTime, iotId, clientIp}`; `time` is Beijing time text
 *   ("2018-08-31 10:02:28.195", UTC+8) — `utcTime` is preferred when present.
 * - Huawei IoTDA device status notification: `{resource: 'device.status', event: 'update', event_time,
 *   notify_data: {header: {device_id, product_id, node_id}, body: {status: 'ONLINE'|'OFFLINE'|'ABNORMAL'|
 *   'INACTIVE', last_online_time}}}` with IoTDA compact times ("20151212T121212Z").
 * - Fieldscope's own normalised form (`{clientId, time, type, ...}`), as the CLI and manual paste accept.
 */

const MQ_EVENT_TYPES = new Set(['connect', 'disconnect', 'tcpclean']);
const IOT_STATUS_TOPIC = /^\/as\/mqtt\/status\/([^/]+)\/([^/]+)\/?$/;
const MQ_EVENT_TOPIC = /^(GID_[A-Za-z0-9_-]+)_MQTT$/;

/** Beijing time text as IoT Platform writes it; a trailing zone or a 'T' is honoured when present. */
const BEIJING_OFFSET_MS = 8 * 3600_000;

export function parsePresenceTime(v: unknown, assumeOffsetMs = 0): number | undefined {
  if (typeof v === 'number') return Number.isFinite(v) ? normaliseEpoch(v) : undefined;
  if (typeof v !== 'string') return undefined;
  const s = v.trim();
  if (s === '') return undefined;
  if (/^-?\d+(\.\d+)?$/.test(s)) return normaliseEpoch(Number(s));
  // IoTDA compact form: 20151212T121212Z (optionally with .SSS)
  let m = /^(\d{4})(\d{2})(\d{2})T(\d{2})(\d{2})(\d{2})(?:\.(\d{1,3}))?Z$/.exec(s);
  if (m) return Date.UTC(+m[1]!, +m[2]! - 1, +m[3]!, +m[4]!, +m[5]!, +m[6]!, m[7] ? +m[7].padEnd(3, '0') : 0);
  m = /^(\d{4})-(\d{2})-(\d{2})[ T](\d{2}):(\d{2}):(\d{2})(?:\.(\d{1,3}))?(Z|[+-]\d{2}:?\d{2})?$/.exec(s);
  if (m) {
    const base = Date.UTC(+m[1]!, +m[2]! - 1, +m[3]!, +m[4]!, +m[5]!, +m[6]!, m[7] ? +m[7].padEnd(3, '0') : 0);
    const zone = m[8];
    if (!zone) return base - assumeOffsetMs;
    if (zone === 'Z') return base;
    const zm = /^([+-])(\d{2}):?(\d{2})$/.exec(zone)!;
    const off = (zm[1] === '-' ? -1 : 1) * (+zm[2]! * 60 + +zm[3]!) * 60_000;
    return base - off;
  }
  const parsed = Date.parse(s);
  return Number.isFinite(parsed) ? parsed : undefined;
}

/**
 * Seconds-precision epochs (10 digits, as in the MQ for IoT doc example "time:1212121212") become
 * milliseconds; small numbers (relative test times) are left alone.
 */
function normaliseEpoch(n: number): number {
  return n >= 1e9 && n < 1e11 ? n * 1000 : n;
}

function pick(o: Record<string, unknown>, ...keys: string[]): unknown {
  for (const k of keys) if (o[k] !== undefined) return o[k];
  return undefined;
}

function str(v: unknown): string | undefined {
  return typeof v === 'string' && v !== '' ? v : typeof v === 'number' ? String(v) : undefined;
}

function fromMqEvent(o: Record<string, unknown>, tag?: string): PresenceEvent | null {
  const clientId = str(pick(o, 'clientId', 'ClientId', 'clientID'));
  const typeRaw = str(pick(o, 'eventType', 'EventType')) ?? tag;
  const type = typeRaw?.toLowerCase();
  const time = parsePresenceTime(pick(o, 'time', 'Time'));
  if (!clientId || !type || !MQ_EVENT_TYPES.has(type) || time === undefined) return null;
  const channelId = str(pick(o, 'channelId', 'ChannelId', 'channelID')) ?? '';
  return { clientId, time, type: type as 'connect' | 'disconnect' | 'tcpclean', channelId, source: 'mq' };
}

function fromIotStatus(o: Record<string, unknown>, topicMatch?: RegExpExecArray | null): PresenceEvent | null {
  const status = str(o.status)?.toLowerCase();
  if (status !== 'online' && status !== 'offline') return null;
  const productKey = str(o.productKey) ?? topicMatch?.[1];
  const deviceName = str(o.deviceName) ?? topicMatch?.[2];
  if (!productKey || !deviceName) return null;
  const time =
    parsePresenceTime(o.utcTime) ??
    parsePresenceTime(o.time, BEIJING_OFFSET_MS) ??
    parsePresenceTime(o.utcLastTime) ??
    parsePresenceTime(o.lastTime, BEIJING_OFFSET_MS);
  if (time === undefined) return null;
  const ev: PresenceEvent = { clientId: `${productKey}/${deviceName}`, time, type: 'status', status, source: 'iot' };
  const ip = str(o.clientIp);
  if (ip) ev.detail = ip;
  return ev;
}

function fromHuawei(o: Record<string, unknown>): PresenceEvent | null {
  const resource = str(o.resource);
  const notify = o.notify_data as Record<string, unknown> | undefined;
  if (resource !== 'device.status' || !notify || typeof notify !== 'object') return null;
  const header = (notify.header ?? {}) as Record<string, unknown>;
  const body = (notify.body ?? {}) as Record<string, unknown>;
  const raw = str(body.status)?.toUpperCase();
  const clientId = str(header.device_id) ?? str(header.node_id);
  if (!raw || !clientId) return null;
  const online = raw === 'ONLINE';
  const time =
    parsePresenceTime(o.event_time_ms) ??
    parsePresenceTime(o.event_time) ??
    parsePresenceTime(body.status_update_time) ??
    (online ? parsePresenceTime(body.last_online_time) : undefined);
  if (time === undefined) return null;
  const ev: PresenceEvent = { clientId, time, type: 'status', status: online ? 'online' : 'offline', source: 'huawei' };
  if (raw === 'ABNORMAL') ev.offline = 'abnormal';
  if (!online && raw !== 'OFFLINE') ev.detail = raw;
  return ev;
}

const NORMAL_TYPES = new Set(['connect', 'disconnect', 'tcpclean', 'status', 'query']);

function fromNormalised(o: Record<string, unknown>): PresenceEvent | null {
  if (!isPresenceEvent(o) || !NORMAL_TYPES.has(o.type)) return null;
  const ev: PresenceEvent = { clientId: o.clientId, time: o.time, type: o.type };
  if (typeof o.channelId === 'string') ev.channelId = o.channelId;
  if (o.status === 'online' || o.status === 'offline') ev.status = o.status;
  if (o.offline === 'graceful' || o.offline === 'abnormal') ev.offline = o.offline;
  if (typeof o.online === 'number') ev.online = o.online;
  if (typeof o.source === 'string') ev.source = o.source as PresenceSource;
  if (typeof o.detail === 'string') ev.detail = o.detail;
  if (ev.type === 'status' && !ev.status) return null;
  if (ev.type === 'query' && ev.online === undefined) return null;
  return ev;
}

/** An online-query answer recorded with its client: `{clientId, time, online}` (plus code/success). */
function fromQueryResult(o: Record<string, unknown>): PresenceEvent | null {
  const clientId = str(pick(o, 'clientId', 'resource'));
  const time = parsePresenceTime(pick(o, 'time', 'timestamp'));
  if (!clientId || time === undefined || typeof o.online !== 'number' || o.eventType !== undefined) return null;
  return { clientId, time, type: 'query', online: o.online, source: 'query' };
}

/** Recognises one already-parsed JSON value; `topic` may be empty. */
export function recognizePresenceValue(topic: string, value: unknown, tag?: string): PresenceEvent[] | null {
  if (Array.isArray(value)) {
    const out: PresenceEvent[] = [];
    for (const v of value) {
      const r = recognizePresenceValue(topic, v, tag);
      if (r) out.push(...r);
    }
    return out.length ? out : null;
  }
  if (!value || typeof value !== 'object') return null;
  const o = value as Record<string, unknown>;
  const statusTopic = IOT_STATUS_TOPIC.exec(topic);
  const one =
    fromNormalised(o) ??
    (MQ_EVENT_TOPIC.test(topic) || 'eventType' in o || 'EventType' in o ? fromMqEvent(o, tag) : null) ??
    (statusTopic || ('status' in o && 'productKey' in o && 'deviceName' in o) ? fromIotStatus(o, statusTopic) : null) ??
    fromHuawei(o) ??
    fromQueryResult(o);
  return one ? [one] : null;
}

/**
 * Presence events carried by a message, or null when it is not a presence message. Pure: never throws on
 * bad input (a non-JSON payload is simply not a presence message).
 */
export function recognizePresence(topic: string, payloadText: string, tag?: string): PresenceEvent[] | null {
  const text = payloadText.trim();
  if (text === '' || (text[0] !== '{' && text[0] !== '[')) return null;
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch {
    return null;
  }
  return recognizePresenceValue(topic, value, tag);
}

/** Whether a topic is, by its name alone, one that carries presence events. */
export function isPresenceTopic(topic: string): boolean {
  return MQ_EVENT_TOPIC.test(topic) || IOT_STATUS_TOPIC.test(topic);
}

/*
 * Cheap pre-filter for auto-detection, run on every received message on a topic that is neither marked nor
 * presence-named: it must never reject a payload that recognizePresence would read (on such a topic) and that
 * the earlier substring hints (eventType, "status", device.status, "online", EventType) let through, but it
 * rejects ordinary telemetry — even telemetry with a "status" field — without parsing it. It looks for the
 * quoted keys the recognisers need:
 * - "eventType" / "EventType" (MQ for IoT body), "device.status" (IoTDA), "online" (query answer): read it;
 * - "status" with "productKey" (IoT Platform status) or with "type" (normalised status event): read it;
 * - a normalised event ("clientId" and "type") or any backslash (keys may be \u-escaped): the old hints decide.
 * The search is Horspool's, for several needles at once: telemetry is mostly digits and punctuation absent from
 * the needles, so it looks at about one byte in four instead of each.
 */
const HINT_BYTES = ['eventType', '"status"', 'device.status', '"online"', 'EventType'].map(ascii);
const NEEDLES = ['"eventType"', '"EventType"', '"device.status"', '"online"', '"status"', '"type"', '"productKey"', '"clientId"'].map(ascii);
const F_ACCEPT = 1;
const F_STATUS = 2;
const F_TYPE = 4;
const F_PRODUCT = 8;
const F_CLIENT = 16;
const NEEDLE_FLAG = [F_ACCEPT, F_ACCEPT, F_ACCEPT, F_ACCEPT, F_STATUS, F_TYPE, F_PRODUCT, F_CLIENT];
/** The shortest needle's length: the search window. */
const WINDOW = Math.min(...NEEDLES.map((n) => n.length));
/** How far the window may move when its last byte is b (no needle's first WINDOW-1 bytes hold b closer to the end). */
const SHIFT = new Uint8Array(256).fill(WINDOW);
/** Needle indexes whose byte WINDOW-1 is b: the candidates to compare when the window ends on b. */
const ENDING: number[][] = Array.from({ length: 256 }, () => []);
NEEDLES.forEach((n, idx) => {
  for (let k = 0; k < WINDOW - 1; k++) SHIFT[n[k]!] = Math.min(SHIFT[n[k]!]!, WINDOW - 1 - k);
  ENDING[n[WINDOW - 1]!]!.push(idx);
});

function ascii(s: string): Uint8Array {
  const out = new Uint8Array(s.length);
  for (let i = 0; i < s.length; i++) out[i] = s.charCodeAt(i);
  return out;
}

function bytesAt(buf: Uint8Array, at: number, word: Uint8Array): boolean {
  if (at + word.length > buf.length) return false;
  for (let j = 0; j < word.length; j++) if (buf[at + j] !== word[j]) return false;
  return true;
}

function includesBytes(buf: Uint8Array, word: Uint8Array): boolean {
  const first = word[0]!;
  for (let i = buf.indexOf(first); i >= 0; i = buf.indexOf(first, i + 1)) if (bytesAt(buf, i, word)) return true;
  return false;
}

/** Whether a payload may hold a presence event auto-detection would read (see above); `maxBytes` bounds it. */
export function mayCarryPresence(buf: Uint8Array, maxBytes = 256 * 1024): boolean {
  const n = buf.length;
  if (n === 0 || n > maxBytes) return false;
  let i = 0;
  while (i < n && (buf[i] === 0x20 || buf[i] === 0x0a || buf[i] === 0x0d || buf[i] === 0x09)) i++;
  if (buf[i] !== 0x7b && buf[i] !== 0x5b) return false;
  let flags = 0;
  for (let end = i + WINDOW - 1; end < n;) {
    const b = buf[end]!;
    const cands = ENDING[b]!;
    for (let k = 0; k < cands.length; k++) {
      const idx = cands[k]!;
      if (bytesAt(buf, end - WINDOW + 1, NEEDLES[idx]!)) flags |= NEEDLE_FLAG[idx]!;
    }
    if (flags & F_ACCEPT || (flags & F_STATUS && flags & (F_TYPE | F_PRODUCT))) return true;
    end += SHIFT[b]!;
  }
  if ((flags & F_TYPE && flags & F_CLIENT) || buf.indexOf(0x5c) >= 0) {
    for (const h of HINT_BYTES) if (includesBytes(buf, h)) return true;
  }
  return false;
}
