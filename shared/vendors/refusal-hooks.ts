/**
 * What a kind adds to a refusal explanation: the vendor's likely causes, as explain parts. The protocol
 * words (CONNACK codes, reason codes, AMQP conditions, network errors) are common; see refusal-explanations.ts.
 */
import type { Profile, ProfileKind } from '../contract/profiles.contract';
import type { ExplainPart } from './explain-part';

export type RefusalPhase = 'connect' | 'subscribe' | 'publish' | 'transport' | 'sasl' | 'amqp' | 'disconnect';

export interface RefusalInput {
  kind: ProfileKind;
  phase: RefusalPhase;
  /** CONNACK return code (3.1.1), MQTT 5 reason code, SASL outcome code, or an AMQP condition / errno string. */
  code?: number | string;
  /** Broker or library message text (e.g. an AMQP error description, `Connection refused: Not authorized`). */
  message?: string;
  /** For phase 'disconnect' / 'transport': the last packet the client sent before the connection dropped. */
  afterPacket?: 'connect' | 'subscribe' | 'publish' | 'uploadToken' | string;
  /** The profile, when known: lets a kind tell its modes apart (e.g. legacy vs current MQ instance). */
  profile?: Profile;
}

/** A CONNACK refusal classified independently of the protocol version. */
export type ConnackClass = 'auth' | 'id' | 'unavailable' | 'version' | 'banned' | 'other';

export interface MqttRefusalHooks {
  /** Causes after the CONNACK words (or after a "not authorized" message: class auth). */
  connect?(cls: ConnackClass, input: RefusalInput): ExplainPart[];
  /** Added when no CONNACK arrived in time. */
  connectTimeout?: readonly ExplainPart[];
  /** Replaces the generic SUBACK / PUBACK failure words. */
  subscribe?: readonly ExplainPart[];
  publish?(input: RefusalInput): ExplainPart[];
  /** MQTT 5 DISCONNECT 0x8e. */
  sessionTakenOver?: ExplainPart;
  /** A connection dropped right after a packet (the vendors refuse by closing). */
  closedAfter?(input: RefusalInput, ctx: { errno?: string; saidNothing: boolean }): ExplainPart[];
}

export interface AmqpRefusalHooks {
  saslAuth: ExplainPart;
  unauthorized: ExplainPart;
  notFound: ExplainPart;
  limit: ExplainPart;
  forced: readonly ExplainPart[];
  notAllowed?: ExplainPart;
  detached: ExplainPart;
  precondition?: ExplainPart;
  idle: ExplainPart;
  /** Added for a refused or failed TLS connect (vendors that need TLS). */
  tlsRequired?: ExplainPart;
  /** Said when a disconnect has no other explanation. */
  disconnected?: readonly ExplainPart[];
}

export interface RefusalHooks {
  mqtt?: MqttRefusalHooks;
  amqp?: AmqpRefusalHooks;
}
