/**
 * Recognises the two business streams Fieldscope's users read through RocketMQ and lifts out their key
 * fields: IoT SIM MQ pushes [seed 000] (card ICCID and status, usage, API call, pool) and Taobao message
 * sync [seed 003] (order id, shop, status, refund, item). Pure: tags and body bytes in, fields out. Field
 * spellings vary between senders, so each field is looked up under its usual names.
 */
import { isSimPushType, SIM_PUSH_TYPES } from './sim-push-messages';
import { taobaoBusinessOf } from './taobao-messages';

export interface BusinessField {
  /** Stable name (the inspector labels it): iccid, status, oldStatus, usage, api, success, pool, rest, order, shop, refund, item, modified. */
  name: string;
  value: string;
}

export interface BusinessMessage {
  family: 'iot-sim-push' | 'taobao';
  /** SIM push type (CARD_STATUS_CHANGE ...) or TOP message name (taobao_trade_TradeCreate ...). */
  type: string;
  /** Taobao business type (trade, refund ...). */
  business?: string;
  fields: BusinessField[];
}

const dec = new TextDecoder('utf-8', { fatal: true });
/** Bodies above this are not parsed for fields (a business push is a few hundred bytes). */
const MAX_BODY = 256 * 1024;

function parseJson(body: Uint8Array): Record<string, unknown> | undefined {
  if (body.length === 0 || body.length > MAX_BODY) return undefined;
  try {
    const v = JSON.parse(dec.decode(body)) as unknown;
    if (!v || typeof v !== 'object' || Array.isArray(v)) return undefined;
    const o = v as Record<string, unknown>;
    // Jushita bodies may wrap the message as a JSON string under "content".
    if (typeof o.content === 'string') {
      try {
        const inner = JSON.parse(o.content) as unknown;
        if (inner && typeof inner === 'object' && !Array.isArray(inner)) return { ...o, ...(inner as Record<string, unknown>) };
      } catch {
        // content is plain text: keep the outer fields
      }
    }
    return o;
  } catch {
    return undefined;
  }
}

function pick(o: Record<string, unknown>, ...names: string[]): string | undefined {
  for (const n of names) {
    const v = o[n];
    if (v !== undefined && v !== null && typeof v !== 'object') return String(v);
  }
  return undefined;
}

function collect(o: Record<string, unknown>, spec: readonly (readonly [string, ...string[]])[]): BusinessField[] {
  const out: BusinessField[] = [];
  for (const [name, ...keys] of spec) {
    const v = pick(o, ...keys);
    if (v !== undefined) out.push({ name, value: v });
  }
  return out;
}

const SIM_FIELDS = [
  ['iccid', 'iccid', 'ICCID', 'iccId'],
  ['status', 'newStatus', 'status', 'cardStatus'],
  ['oldStatus', 'oldStatus'],
  ['usage', 'usedFlowKb', 'flowUsed', 'usedFlow'],
  ['api', 'api', 'apiName', 'action'],
  ['success', 'success', 'result'],
  ['pool', 'poolId', 'poolNo'],
  ['rest', 'restFlowGb', 'restPercent', 'restFlow'],
] as const;

const TAOBAO_FIELDS = [
  ['order', 'tid', 'oid'],
  ['shop', 'user_nick', 'seller_nick', 'nick'],
  ['status', 'status', 'refund_status'],
  ['refund', 'refund_id'],
  ['item', 'num_iid'],
  ['modified', 'modified'],
] as const;

export function recogniseBusinessMessage(tags: string | undefined, body: Uint8Array): BusinessMessage | undefined {
  const o = parseJson(body);
  const simType = isSimPushType(tags) ? tags : o && isSimPushType(o.messageType) ? (o.messageType as string) : undefined;
  if (simType) return { family: 'iot-sim-push', type: simType, fields: o ? collect(o, SIM_FIELDS) : [] };
  const name = tags && taobaoBusinessOf(tags) ? tags : o && typeof o.topic === 'string' && taobaoBusinessOf(o.topic) ? o.topic : undefined;
  if (name) return { family: 'taobao', type: name, business: taobaoBusinessOf(name)!.business, fields: o ? collect(o, TAOBAO_FIELDS) : [] };
  return undefined;
}

export { SIM_PUSH_TYPES };
