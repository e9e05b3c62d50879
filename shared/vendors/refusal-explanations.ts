/**
 * Turns a refusal (CONNACK code, MQTT 5 reason code, SASL outcome, AMQP error condition, or a disconnect right
 * after SUBSCRIBE/PUBLISH) into words plus the likely cause for the vendor behind the profile. Pure: the
 * drivers call it with what they saw and show the text on the connection. The explanation is a list of
 * explain parts (stable code + params, see explain-part.ts); the vendor causes come from the kind's descriptor.
 */
import { rocketmqRefusalParts } from '../rocketmq/rocketmq-refusal';
import { kindDescriptor } from './kinds';
import { part, renderParts, type ExplainPart } from './explain-part';
import type { AmqpRefusalHooks, ConnackClass, MqttRefusalHooks, RefusalInput } from './refusal-hooks';
import { EXPLAIN_EN } from './explain-en';
import { AMQP_CONDITIONS, NETWORK_ERRORS, REASON_V5, SASL_OUTCOMES } from './refusal-words';

export type { RefusalInput, RefusalPhase } from './refusal-hooks';

export { AMQP_CONDITIONS, CONNACK_V4, NETWORK_ERRORS, REASON_V5, REFUSAL_TEXT_EN, SASL_OUTCOMES } from './refusal-words';

function numericCode(code: number | string | undefined): number | undefined {
  if (typeof code === 'number') return code;
  if (typeof code === 'string' && /^-?\d+$/.test(code.trim())) return Number(code.trim());
  return undefined;
}

const hex = (code: number): string => code.toString(16);
const reasonPart = (code: number): ExplainPart => (REASON_V5[code] ? part(`reason.0x${hex(code)}`) : part('reason.code', { hex: hex(code) }));

/** The MQTT words for a CONNACK/reason code: 3.1.1 codes 1-5, MQTT 5 codes 0x80+. */
function mqttCodeWords(code: number): ExplainPart | undefined {
  if (code >= 0x80) return part('mqtt.connectReason', { reason: REASON_V5[code] ? part(`reason.0x${hex(code)}`) : part('reason.unknown', { hex: hex(code) }) });
  if (code >= 1 && code <= 5) return part(`connack.${code}`);
  return undefined;
}

/** Classify a CONNACK refusal into auth / id / other, independent of protocol version. */
export function connackClass(code: number): ConnackClass {
  if (code === 4 || code === 5 || code === 0x86 || code === 0x87 || code === 0x8c) return 'auth';
  if (code === 2 || code === 0x85) return 'id';
  if (code === 3 || code === 0x88 || code === 0x89 || code === 0x9f) return 'unavailable';
  if (code === 1 || code === 0x84) return 'version';
  if (code === 0x8a) return 'banned';
  return 'other';
}

export function mentions(message: string | undefined, ...needles: string[]): boolean {
  if (!message) return false;
  const m = message.toLowerCase();
  return needles.some((n) => m.includes(n.toLowerCase()));
}

/** The first network error named in a message, as a part. */
function networkPartIn(message: string | undefined): ExplainPart | undefined {
  for (const k of Object.keys(NETWORK_ERRORS)) if (mentions(message, k)) return part(`net.${k}`);
  return undefined;
}

function explainMqtt(input: RefusalInput, hooks: MqttRefusalHooks): ExplainPart[] {
  const { phase, message, afterPacket } = input;
  const code = numericCode(input.code);
  const parts: ExplainPart[] = [];

  if (phase === 'connect') {
    if (code !== undefined && code !== 0) {
      const words = mqttCodeWords(code);
      if (words) parts.push(words);
      parts.push(...(hooks.connect?.(connackClass(code), input) ?? []));
    } else if (mentions(message, 'not authorized', 'bad user', 'bad username')) {
      if (message) parts.push(part('mqtt.brokerMessage', { message }));
      parts.push(...(hooks.connect?.('auth', input) ?? []));
    } else if (typeof input.code === 'string' && NETWORK_ERRORS[input.code]) {
      parts.push(part(`net.${input.code}`));
    } else if (mentions(message, 'connack timeout', 'timed out', 'timeout')) {
      parts.push(part('mqtt.noConnack'), ...(hooks.connectTimeout ?? []));
    } else {
      const net = networkPartIn(message);
      if (net) parts.push(net);
    }
  } else if (phase === 'subscribe') {
    // SUBACK 0x80 (3.1.1) or an MQTT 5 reason code per filter.
    if (code !== undefined && code >= 0x80) parts.push(part('mqtt.subscribeRefused', { reason: reasonPart(code) }));
    if (hooks.subscribe) parts.push(...hooks.subscribe);
    else if (code !== undefined && code >= 0x80) parts.push(part('mqtt.subscribeGeneric'));
  } else if (phase === 'publish') {
    if (code !== undefined && code >= 0x80) parts.push(part('mqtt.publishRefused', { reason: reasonPart(code) }));
    if (hooks.publish) parts.push(...hooks.publish(input));
    else if (code !== undefined && code >= 0x80) parts.push(part('mqtt.publishGeneric'));
  } else if (phase === 'disconnect' || phase === 'transport') {
    if (code !== undefined && code >= 0x80) {
      parts.push(part('mqtt.serverDisconnected', { reason: reasonPart(code) }));
      if (code === 0x8e) parts.push(hooks.sessionTakenOver ?? part('mqtt.sessionTakenOver'));
    }
    const errno = typeof input.code === 'string' ? input.code : undefined;
    if (errno && NETWORK_ERRORS[errno]) parts.push(part(`net.${errno}`));
    else if (!errno) {
      const net = networkPartIn(message);
      if (net) parts.push(net);
    }
    if (hooks.closedAfter) parts.push(...hooks.closedAfter(input, { errno, saidNothing: parts.length === 0 }));
    else if (afterPacket === 'subscribe' || afterPacket === 'publish') parts.push(part('mqtt.closedAfterGeneric', { packet: afterPacket.toUpperCase() }));
  }
  return parts;
}

function amqpCondition(input: RefusalInput): string | undefined {
  if (typeof input.code === 'string' && input.code.startsWith('amqp:')) return input.code;
  const m = input.message?.match(/amqp:[a-z-]+(?::[a-z-]+)*/);
  return m?.[0];
}

function explainAmqp(input: RefusalInput, hooks: AmqpRefusalHooks): ExplainPart[] {
  const { phase, message } = input;
  const parts: ExplainPart[] = [];
  const condition = amqpCondition(input);
  const code = numericCode(input.code);

  if (phase === 'sasl' || (code !== undefined && phase === 'connect' && code >= 1 && code <= 4)) {
    if (code !== undefined && SASL_OUTCOMES[code]) parts.push(part(`sasl.${code}`));
    else if (message) parts.push(part('sasl.failed', { message }));
    if (code === undefined || code === 1 || mentions(message, 'auth')) parts.push(hooks.saslAuth);
  }

  if (condition) {
    const words = AMQP_CONDITIONS[condition] ? part(`amqp.condition.${condition}`) : part('amqp.condition.unknown');
    parts.push(part('amqp.conditionLine', { condition, words, detail: message && !message.includes(condition) ? ` (${message})` : '' }));
    switch (condition) {
      case 'amqp:unauthorized-access':
        parts.push(hooks.unauthorized);
        break;
      case 'amqp:not-found':
        parts.push(hooks.notFound);
        break;
      case 'amqp:resource-limit-exceeded':
        parts.push(hooks.limit);
        break;
      case 'amqp:connection:forced':
        parts.push(...hooks.forced);
        break;
      case 'amqp:not-allowed':
      case 'amqp:not-implemented':
        if (hooks.notAllowed) parts.push(hooks.notAllowed);
        break;
      case 'amqp:link:detach-forced':
      case 'amqp:link:stolen':
        parts.push(hooks.detached);
        break;
      case 'amqp:precondition-failed':
        if (hooks.precondition) parts.push(hooks.precondition);
        break;
      default:
        break;
    }
  } else if (phase === 'amqp' || phase === 'disconnect' || phase === 'transport') {
    if (mentions(message, 'idle', 'timeout', 'timed out')) parts.push(hooks.idle);
    if (mentions(message, 'transfer after detach')) parts.push(part('amqp.transferAfterDetach'));
    const errno = typeof input.code === 'string' ? input.code : undefined;
    if (errno && NETWORK_ERRORS[errno]) parts.push(part(`net.${errno}`));
    else {
      const net = networkPartIn(message);
      if (net) parts.push(net);
    }
    if (hooks.tlsRequired && mentions(message, 'ECONNREFUSED', 'EPROTO', 'wrong version')) parts.push(hooks.tlsRequired);
    if (hooks.disconnected && phase === 'disconnect' && parts.length === 0) parts.push(...hooks.disconnected);
  }
  return parts;
}

/** The explanation as explain parts (codes + params) for the renderer's catalogue; empty when nothing useful. */
export function explainRefusalParts(input: RefusalInput): ExplainPart[] {
  const d = kindDescriptor(input.kind);
  if (d.protocol === 'mqtt') return explainMqtt(input, d.refusal?.mqtt ?? {});
  if (d.protocol === 'rocketmq') {
    const p = input.profile?.kind === 'rocketmq' ? input.profile : undefined;
    return rocketmqRefusalParts(input.code, input.message, { topic: p?.topic, group: p?.consumerGroupId, namespace: p?.namespace });
  }
  return d.refusal?.amqp ? explainAmqp(input, d.refusal.amqp) : [];
}

/**
 * Words for a refusal, with the likely cause for this vendor. Undefined when there is nothing useful to say
 * (e.g. a success code), so callers can fall back to the raw message.
 */
export function explainRefusal(input: RefusalInput): string | undefined {
  const text = renderParts(explainRefusalParts(input), EXPLAIN_EN);
  return text || undefined;
}
