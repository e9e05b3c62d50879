/**
 * One protocol-log line for an MQTT packet as mqtt-packet decodes/encodes it: a one-line summary and the
 * decoded fields, with every secret masked (CONNECT password, AUTH data). Pure: the driver adds time and
 * the refusal explanation.
 */
import { bytesToBase64 } from './base64';

export const MASK = '•••••• (masked)';

export interface LoggedPacket {
  type: string;
  summary: string;
  detail?: Record<string, unknown>;
  /** Numeric return/reason code when the packet reports a failure (CONNACK, SUBACK, PUBACK..., DISCONNECT). */
  failureCode?: number;
}

type Props = Record<string, unknown> | undefined;
// mqtt-packet's decoded shapes, loosely: only the fields we read.
export interface PacketLike {
  cmd: string;
  [k: string]: unknown;
}

const QOS_WORDS = ['QoS 0', 'QoS 1', 'QoS 2'];

/** MQTT 5 properties made JSON-safe, binary as base64, authentication data masked. */
export function plainProperties(props: Props): Record<string, unknown> | undefined {
  if (!props) return undefined;
  const out: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(props)) {
    if (v === undefined) continue;
    if (k === 'authenticationData') out[k] = MASK;
    else if (v instanceof Uint8Array) out[k] = { base64: bytesToBase64(v) };
    else out[k] = v;
  }
  return Object.keys(out).length ? out : undefined;
}

function byteLength(p: unknown): number {
  if (p instanceof Uint8Array) return p.length;
  if (typeof p === 'string') return new TextEncoder().encode(p).length;
  return 0;
}

function withProps(detail: Record<string, unknown>, props: Props): Record<string, unknown> {
  const p = plainProperties(props);
  if (p) detail.properties = p;
  return detail;
}

/**
 * `subscribeFilters`: for a SUBACK, the filters of the SUBSCRIBE with the same packet id (so the log says
 * which filter got which QoS); for an UNSUBACK, likewise.
 */
export function describePacket(packet: PacketLike, opts: { protocolVersion?: number; subscribeFilters?: string[] } = {}): LoggedPacket {
  const v5 = opts.protocolVersion === 5;
  const id = packet.messageId as number | undefined;
  const idText = id !== undefined ? ` id=${id}` : '';
  const reason = packet.reasonCode as number | undefined;
  const props = packet.properties as Props;
  switch (packet.cmd) {
    case 'connect': {
      const will = packet.will as { topic?: string; payload?: unknown; qos?: number; retain?: boolean; properties?: Props } | undefined;
      const version = packet.protocolVersion === 5 ? 'MQTT 5' : packet.protocolVersion === 3 ? 'MQTT 3.1' : 'MQTT 3.1.1';
      const detail: Record<string, unknown> = {
        protocol: version,
        clientId: packet.clientId,
        clean: packet.clean,
        keepaliveSec: packet.keepalive,
      };
      if (packet.username !== undefined) detail.username = packet.username;
      if (packet.password !== undefined) detail.password = MASK;
      if (will)
        detail.will = withProps({ topic: will.topic, qos: will.qos ?? 0, retain: !!will.retain, payloadBytes: byteLength(will.payload) }, will.properties);
      withProps(detail, props);
      const parts = [`CONNECT ${version}`, `clientId="${String(packet.clientId ?? '')}"`];
      if (packet.username !== undefined) parts.push(`user="${String(packet.username)}"`);
      parts.push(packet.password !== undefined ? 'password=(masked)' : 'no password');
      parts.push(packet.clean ? 'clean session' : 'persistent session', `keep-alive ${String(packet.keepalive)} s`);
      if (will?.topic) parts.push(`will → ${will.topic}`);
      return { type: 'CONNECT', summary: parts.join(' '), detail };
    }
    case 'connack': {
      const code = (v5 ? packet.reasonCode : packet.returnCode) as number | undefined;
      const rc = code ?? (packet.returnCode as number | undefined) ?? (packet.reasonCode as number | undefined) ?? 0;
      const detail = withProps({ code: rc, sessionPresent: !!packet.sessionPresent }, props);
      if (rc === 0) return { type: 'CONNACK', summary: `CONNACK accepted (session present: ${packet.sessionPresent ? 'yes' : 'no'})`, detail };
      return {
        type: 'CONNACK',
        summary: `CONNACK refused, ${v5 ? 'reason' : 'return'} code ${rc}${rc >= 0x80 ? ` (0x${rc.toString(16)})` : ''}`,
        detail,
        failureCode: rc,
      };
    }
    case 'publish': {
      const qos = (packet.qos as number) ?? 0;
      const size = byteLength(packet.payload);
      const flags = [QOS_WORDS[qos] ?? `QoS ${qos}`];
      if (packet.retain) flags.push('retain');
      if (packet.dup) flags.push('dup');
      const detail = withProps({ topic: packet.topic, qos, retain: !!packet.retain, dup: !!packet.dup, bytes: size }, props);
      if (id !== undefined) detail.messageId = id;
      return { type: 'PUBLISH', summary: `PUBLISH ${String(packet.topic)} ${flags.join(' ')}${idText} ${size} B`, detail };
    }
    case 'puback':
    case 'pubrec':
    case 'pubrel':
    case 'pubcomp': {
      const type = packet.cmd.toUpperCase();
      const detail = withProps({ messageId: id }, props);
      if (reason !== undefined) detail.reasonCode = reason;
      if (reason !== undefined && reason >= 0x80)
        return { type, summary: `${type}${idText} failed, reason code 0x${reason.toString(16)}`, detail, failureCode: reason };
      return { type, summary: `${type}${idText}`, detail };
    }
    case 'subscribe': {
      const subs = (packet.subscriptions as Array<{ topic: string; qos: number; nl?: boolean; rap?: boolean; rh?: number }>) ?? [];
      const detail = withProps(
        {
          messageId: id,
          subscriptions: subs.map((s) => ({
            filter: s.topic,
            qos: s.qos,
            ...(v5 ? { noLocal: !!s.nl, retainAsPublished: !!s.rap, retainHandling: s.rh ?? 0 } : {}),
          })),
        },
        props,
      );
      return { type: 'SUBSCRIBE', summary: `SUBSCRIBE${idText} ${subs.map((s) => `${s.topic} (QoS ${s.qos})`).join(', ')}`, detail };
    }
    case 'suback': {
      const granted = ((packet.granted ?? packet.reasonCodes) as number[] | undefined) ?? [];
      const filters = opts.subscribeFilters ?? [];
      const items = granted.map((g, i) => {
        const f = filters[i] !== undefined ? `${filters[i]} → ` : '';
        return g >= 0x80 ? `${f}failure (0x${g.toString(16)})` : `${f}granted QoS ${g}`;
      });
      const failed = granted.find((g) => g >= 0x80);
      const detail = withProps({ messageId: id, granted, filters }, props);
      return { type: 'SUBACK', summary: `SUBACK${idText} ${items.join(', ')}`, detail, failureCode: failed };
    }
    case 'unsubscribe': {
      const list = (packet.unsubscriptions as string[]) ?? [];
      return { type: 'UNSUBSCRIBE', summary: `UNSUBSCRIBE${idText} ${list.join(', ')}`, detail: withProps({ messageId: id, filters: list }, props) };
    }
    case 'unsuback': {
      const codes = (packet.granted ?? packet.reasonCodes) as number[] | undefined;
      const failed = codes?.find((g) => g >= 0x80);
      return {
        type: 'UNSUBACK',
        summary: `UNSUBACK${idText}${failed !== undefined ? ` failure (0x${failed.toString(16)})` : ''}`,
        detail: withProps({ messageId: id, ...(codes ? { reasonCodes: codes } : {}) }, props),
        failureCode: failed,
      };
    }
    case 'pingreq':
      return { type: 'PINGREQ', summary: 'PINGREQ (keep-alive)' };
    case 'pingresp':
      return { type: 'PINGRESP', summary: 'PINGRESP' };
    case 'disconnect': {
      const detail = withProps(reason !== undefined ? { reasonCode: reason } : {}, props);
      const text = reason ? ` reason code 0x${reason.toString(16)}` : reason === 0 ? ' (normal)' : '';
      return { type: 'DISCONNECT', summary: `DISCONNECT${text}`, detail, failureCode: reason !== undefined && reason >= 0x80 ? reason : undefined };
    }
    case 'auth':
      return { type: 'AUTH', summary: `AUTH reason code ${reason ?? 0}`, detail: withProps({ reasonCode: reason }, props) };
    default:
      return { type: packet.cmd.toUpperCase(), summary: packet.cmd.toUpperCase() };
  }
}
