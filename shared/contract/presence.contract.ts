import { z } from 'zod';
import { Ok, method } from './define';

/** Presence: who was online when, derived from every source by the model in shared/presence. */

export const PresenceStateSchema = z.enum(['online', 'offline', 'unknown']);
export const PresenceSourceSchema = z.enum(['mq', 'iot', 'huawei', 'query', 'self', 'manual']);

export const PresenceEventSchema = z.object({
  clientId: z.string().min(1).max(512),
  time: z.number().finite(),
  type: z.enum(['connect', 'disconnect', 'tcpclean', 'status', 'query']),
  channelId: z.string().max(512).optional(),
  status: z.enum(['online', 'offline']).optional(),
  offline: z.enum(['graceful', 'abnormal']).optional(),
  online: z.number().int().min(-1).optional(),
  source: PresenceSourceSchema.optional(),
  detail: z.string().max(500).optional(),
});
export type PresenceEventInput = z.infer<typeof PresenceEventSchema>;

/** One client in the list: its current state and flags (no timeline: lanes carry that). */
export const PresenceClientRow = z.object({
  clientId: z.string(),
  online: z.boolean(),
  state: PresenceStateSchema,
  openChannels: z.array(z.string()),
  lastOffline: z.enum(['graceful', 'abnormal']).optional(),
  duplicate: z.literal(true).optional(),
  flapping: z.literal(true).optional(),
  since: z.number().optional(),
  lastQuery: z.number().optional(),
  firstTime: z.number(),
  lastTime: z.number(),
  events: z.number(),
  late: z.number(),
  transitions: z.number(),
  /** New channels opened while another was open (flash reconnects; counted towards flapping). */
  reconnects: z.number(),
  sources: z.array(PresenceSourceSchema),
});
export type PresenceClientRow = z.infer<typeof PresenceClientRow>;

export const PresenceFilter = z.object({
  /** Substring of the client id (Client ID, productKey/deviceName, IoTDA device id), case-insensitive. */
  text: z.string().max(500).optional(),
  /** MQ for IoT Group ID (the part before @@@) or IoT Platform productKey (before the /). */
  group: z.string().max(200).optional(),
  flagged: z.boolean().optional(),
  state: PresenceStateSchema.optional(),
  source: PresenceSourceSchema.optional(),
});
export type PresenceFilter = z.infer<typeof PresenceFilter>;

export const PresenceSpanSchema = z.object({ from: z.number(), to: z.number().optional(), state: PresenceStateSchema });
export const PresenceMarkerSchema = z.object({
  time: z.number(),
  type: z.enum(['connect', 'disconnect', 'tcpclean', 'status', 'query']),
  source: PresenceSourceSchema,
  channelId: z.string().optional(),
  status: z.enum(['online', 'offline']).optional(),
  offline: z.enum(['graceful', 'abnormal']).optional(),
  online: z.number().optional(),
  detail: z.string().optional(),
  late: z.literal(true).optional(),
  ignored: z.literal(true).optional(),
});
export type PresenceMarkerView = z.infer<typeof PresenceMarkerSchema>;

export const PresenceLane = z.object({
  clientId: z.string(),
  spans: z.array(PresenceSpanSchema),
  markers: z.array(PresenceMarkerSchema),
  markersOmitted: z.number(),
});
export type PresenceLane = z.infer<typeof PresenceLane>;

export const PresenceCounts = z.object({
  clients: z.number(),
  online: z.number(),
  flapping: z.number(),
  duplicate: z.number(),
  events: z.number(),
  late: z.number(),
  /** Messages recognised as presence, and those from presence topics that could not be read. */
  recognised: z.number(),
  unreadable: z.number(),
});
export type PresenceCounts = z.infer<typeof PresenceCounts>;

export const PresenceSourceTopic = z.object({
  /** Empty: every connection. */
  connectionId: z.string().optional(),
  topicFilter: z.string().min(1),
});
export type PresenceSourceTopic = z.infer<typeof PresenceSourceTopic>;

export const PresenceSettings = z.object({
  flapTransitions: z.number().int().min(2).max(1000),
  flapWindowMs: z.number().int().min(0).max(86_400_000),
  /** Recognise presence events in every received message, not only on marked topics. */
  autoDetect: z.boolean(),
  /** Record Fieldscope's own connections as clients (`fieldscope/<connection name>`). */
  trackOwnConnections: z.boolean(),
});
export type PresenceSettings = z.infer<typeof PresenceSettings>;

export const PresencePoller = z.object({
  profileId: z.string(),
  clientIds: z.array(z.string()),
  intervalMs: z.number(),
  /** Calls in the last minute (the service allows at most 30). */
  callsLastMinute: z.number(),
  lastError: z.string().optional(),
});
export type PresencePoller = z.infer<typeof PresencePoller>;

export const PresenceOverview = z.object({
  counts: PresenceCounts,
  range: z.object({ from: z.number(), to: z.number() }).nullable(),
  settings: PresenceSettings,
  sourceTopics: z.array(PresenceSourceTopic),
  poller: PresencePoller.nullable(),
});
export type PresenceOverview = z.infer<typeof PresenceOverview>;

/**
 * Which presence to read: absent or `live` = the live one (connections, pasted events, queries); an opened
 * capture's connection id (`capture:<id>`) = the presence derived from that capture alone.
 */
export const PresenceOrigin = z.string().min(1).optional();

export const presenceMethods = {
  /** Clients with state and flags, filtered, flagged (flapping/duplicate) first when `flaggedFirst`. */
  'presence.snapshot': method(
    z.object({
      filter: PresenceFilter.default({}),
      origin: PresenceOrigin,
      offset: z.number().int().min(0).default(0),
      limit: z.number().int().min(1).max(20_000).default(500),
      order: z.enum(['clientId', 'lastChange', 'flagged']).default('clientId'),
    }),
    PresenceOverview.extend({
      clients: z.array(PresenceClientRow),
      total: z.number(),
      /** `live` and the connection ids of the opened captures that have presence. */
      origins: z.array(z.string()).optional(),
    }),
  ),
  /** Spans and markers of the given lanes over [from, to], for drawing. */
  'presence.lanes': method(
    z.object({
      from: z.number(),
      to: z.number(),
      origin: PresenceOrigin,
      clientIds: z.array(z.string()).max(2000),
      maxMarkersPerLane: z.number().int().min(0).max(10_000).default(500),
    }),
    z.object({ lanes: z.array(PresenceLane) }),
  ),
  /** Every client's state at an instant (the time cursor): counts, and the states of the listed clients. */
  'presence.stateAt': method(
    z.object({ time: z.number(), clientIds: z.array(z.string()).max(2000).default([]), filter: PresenceFilter.default({}), origin: PresenceOrigin }),
    z.object({
      online: z.number(),
      offline: z.number(),
      unknown: z.number(),
      notYetSeen: z.number(),
      states: z.record(z.string(), PresenceStateSchema.nullable()),
    }),
  ),
  /** The transitions of the filtered clients as CSV (client, ISO time, epoch ms, state, previous). */
  'presence.exportCsv': method(z.object({ filter: PresenceFilter.default({}), origin: PresenceOrigin }), z.object({ text: z.string(), rows: z.number() })),
  /** Events added by hand: structured, or pasted text (NDJSON / JSON array / one message payload). */
  'presence.addEvents': method(
    z.object({ events: z.array(PresenceEventSchema).max(100_000).optional(), text: z.string().max(20_000_000).optional(), topic: z.string().default('') }),
    z.object({ added: z.number(), rejected: z.number(), problems: z.array(z.string()) }),
  ),
  /** Marks (or unmarks) a topic filter, on one connection or all, as carrying presence events. */
  'presence.setSourceTopic': method(
    PresenceSourceTopic.extend({ enabled: z.boolean().default(true) }),
    z.object({ sourceTopics: z.array(PresenceSourceTopic) }),
  ),
  'presence.configure': method(PresenceSettings.partial(), PresenceSettings),
  /**
   * Polls the MQ for IoT online query (/route/clientId/get) for the given clients with the profile's
   * AccessKey, within the documented 30 calls/minute; an empty list stops polling.
   */
  'presence.poll': method(
    z.object({ profileId: z.string(), clientIds: z.array(z.string().min(1)).max(30), intervalMs: z.number().int().min(2000).max(3_600_000).default(60_000) }),
    z.object({ poller: PresencePoller.nullable() }),
  ),
  'presence.clear': method(z.object({ origin: PresenceOrigin }), Ok),
};

export const presenceEvents = {
  /** Sent at most 10 times a second while presence changes: counts and which clients changed. */
  'presence.changed': z.object({
    version: z.number(),
    counts: PresenceCounts,
    range: z.object({ from: z.number(), to: z.number() }).nullable(),
    changed: z.array(z.string()),
    /** Clients that changed but were left out of `changed` (cap); re-read the snapshot. */
    truncated: z.number(),
    cleared: z.boolean().optional(),
    /** Set for an opened capture's presence (`capture:<id>`); absent for the live one. */
    origin: z.string().optional(),
  }),
};
