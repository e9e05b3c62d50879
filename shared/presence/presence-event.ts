/**
 * One presence observation, whatever its source. Every source is reduced to this before it reaches the model:
 * MQ for IoT connect/disconnect/tcpclean events (per TCP channel), IoT Platform / IoTDA / Fieldscope status
 * changes (no channel), and online-query results (a connection count at an instant).
 */
export type PresenceEventType = 'connect' | 'disconnect' | 'tcpclean' | 'status' | 'query';

/** Where an event came from; shown on markers and used to keep ordering of equal-time events deterministic. */
export type PresenceSource = 'mq' | 'iot' | 'huawei' | 'query' | 'self' | 'manual';
export const PRESENCE_SOURCES: readonly PresenceSource[] = ['mq', 'iot', 'huawei', 'query', 'self', 'manual'];

export type OfflineKind = 'graceful' | 'abnormal';
export type PresenceState = 'online' | 'offline' | 'unknown';

export interface PresenceEvent {
  /** MQ for IoT Client ID, `productKey/deviceName` for IoT Platform, the device_id for IoTDA. */
  clientId: string;
  /** The event's own time (ms epoch) — the model orders by this, never by arrival. */
  time: number;
  type: PresenceEventType;
  /** connect / disconnect / tcpclean: the TCP channel the event belongs to. */
  channelId?: string;
  /** status: the new state. */
  status?: 'online' | 'offline';
  /** status offline: how it went offline when the source says (IoTDA ABNORMAL, a dropped Fieldscope connection). */
  offline?: OfflineKind;
  /** query: the `online` count the MQ for IoT online query answered (-1 unknown, 0 offline, n > 1 duplicate). */
  online?: number;
  source?: PresenceSource;
  /** A short note shown on the marker (e.g. the refusal reason of a Fieldscope connection). */
  detail?: string;
}

export interface PresenceSpan {
  from: number;
  /** Absent while the span is still open (the client's current state). */
  to?: number;
  state: PresenceState;
}

export type PresenceMarkerType = PresenceEventType;

export interface PresenceMarker {
  time: number;
  type: PresenceMarkerType;
  source: PresenceSource;
  channelId?: string;
  status?: 'online' | 'offline';
  offline?: OfflineKind;
  online?: number;
  detail?: string;
  /** Arrived after an event of the same client with a later time (out of order). */
  late?: true;
  /** Ignored by the rules: a connect of a channel already cleaned, a repeated tcpclean. */
  ignored?: true;
}

export interface ClientPresence {
  online: boolean;
  state: PresenceState;
  openChannels: string[];
  lastOffline?: OfflineKind;
  duplicate?: true;
  flapping?: true;
  /** The ordered timeline of states (consecutive repeats collapsed). */
  timeline: PresenceState[];
  /** Time of the last state change. */
  since?: number;
  /** The last online-query answer, when one was recorded. */
  lastQuery?: number;
  firstTime: number;
  lastTime: number;
  events: number;
  late: number;
  transitions: number;
  /** New channels opened while another was still open (flash reconnects, or duplicate connections). */
  reconnects: number;
  sources: PresenceSource[];
}

export function isPresenceEvent(v: unknown): v is PresenceEvent {
  if (!v || typeof v !== 'object') return false;
  const e = v as Record<string, unknown>;
  return typeof e.clientId === 'string' && typeof e.time === 'number' && Number.isFinite(e.time) && typeof e.type === 'string';
}
