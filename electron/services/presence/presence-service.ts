import type { ConnectionView } from '../../../shared/contract/connections.contract';
import type { PresenceClientRow, PresenceCounts, PresenceFilter, PresenceSettings, PresenceSourceTopic } from '../../../shared/contract/presence.contract';
import { compileTopicFilter, topicFilterError, type TopicMatcher } from '../../../shared/mqtt/topic-filter';
import type { ClientPresence, PresenceEvent, PresenceState } from '../../../shared/presence/presence-event';
import { isPresenceTopic, mayCarryPresence, recognizePresence, recognizePresenceValue } from '../../../shared/presence/presence-events';
import { PresenceModel } from '../../../shared/presence/presence-timeline';
import type { IncomingMessage } from '../messages/incoming-message';

/** Bigger payloads are not presence events (MQ for IoT bodies are under 64 KB); skip parsing them. */
const MAX_PRESENCE_PAYLOAD = 256 * 1024;
const EMIT_INTERVAL_MS = 100;
const MAX_CHANGED_PER_EVENT = 500;

export interface PresenceChanged {
  version: number;
  counts: PresenceCounts;
  range: { from: number; to: number } | null;
  changed: string[];
  truncated: number;
  cleared?: boolean;
}

interface SourceTopic extends PresenceSourceTopic {
  match: TopicMatcher;
}

// Big payloads first go through native substring searches (fast on large buffers) for what every payload
// mayCarryPresence accepts must contain; small ones are cheaper to scan once in JS.
const NATIVE_GATE_BYTES = 512;
const GATE = ['ventType', 'tatus', 'nline"', '\\'].map((s) => Buffer.from(s));
function worthReading(buf: Buffer): boolean {
  if (buf.length > NATIVE_GATE_BYTES && buf.length <= MAX_PRESENCE_PAYLOAD && !GATE.some((g) => buf.includes(g))) return false;
  return mayCarryPresence(buf, MAX_PRESENCE_PAYLOAD);
}

// Per-topic decision bits (topics repeat, so the filters and name patterns run once per topic, not per message).
const T_MARKED = 1; // a source topic without a connection matches it
const T_NAMED = 2; // MQ <GroupID>_MQTT or IoT /as/mqtt/status/...
const T_CONN_MARKED = 4; // a connection-specific source topic matches it: check the connection per message
const TOPIC_CACHE_MAX = 20_000;

/** Why a message is a candidate: found by auto-detection, or on a marked or presence-named topic. */
type Why = 'sniffed' | 'marked' | 'named';

interface Candidate {
  topic: string;
  payload: Buffer;
  tag: string | undefined;
  why: Why;
}

function groupOf(clientId: string): string {
  const at = clientId.indexOf('@@@');
  if (at > 0) return clientId.slice(0, at);
  const slash = clientId.indexOf('/');
  return slash > 0 ? clientId.slice(0, slash) : '';
}

function csvCell(s: string): string {
  return /[",\n\r]/.test(s) ? `"${s.replaceAll('"', '""')}"` : s;
}

/**
 * The presence service: one PresenceModel fed by received messages (auto-detected or on marked topics),
 * pasted events, online-query results and Fieldscope's own connection states; rows cached per client so
 * paging 10,000 clients does not re-derive them, and changes batched to ≤ 10 events a second.
 */
export class PresenceService {
  readonly model = new PresenceModel();
  settings: PresenceSettings = { flapTransitions: 4, flapWindowMs: 60_000, autoDetect: true, trackOwnConnections: true };
  private sources: SourceTopic[] = [];
  private rows = new Map<string, PresenceClientRow>();
  private stale = new Set<string>();
  private pending = new Set<string>();
  private pendingCleared = false;
  private timer: ReturnType<typeof setTimeout> | null = null;
  private recognised = 0;
  private unreadable = 0;
  private lastConnStatus = new Map<string, string>();
  private topicBits = new Map<string, number>();

  constructor(private readonly emit: (payload: PresenceChanged) => void) {
    this.model.configure(this.settings);
  }

  // ---- inputs

  /**
   * Every received message passes here, synchronously from the store's ingest, so it only decides — by topic
   * (cached) and, for auto-detection, one cheap scan of the bytes — whether the message is worth reading.
   */
  ingestMessage(msg: IncomingMessage): void {
    const topic = msg.topic;
    let bits = this.topicBits.get(topic);
    if (bits === undefined) bits = this.classifyTopic(topic);
    let why: Why;
    if (bits & T_MARKED || (bits & T_CONN_MARKED && this.markedFor(msg.connectionId, topic))) why = 'marked';
    else if (!this.settings.autoDetect) return;
    else if (bits & T_NAMED) why = 'named';
    else if (worthReading(msg.payload)) why = 'sniffed';
    else return;
    const tag = msg.mqttProperties && typeof msg.mqttProperties.tag === 'string' ? msg.mqttProperties.tag : undefined;
    // Read at once: candidates are rare (the cheap checks above keep telemetry out), and deferring them let a
    // view read the model between an event's arrival and its reading (seen as a missing tcpclean in a lane).
    this.readCandidate({ topic, payload: msg.payload, tag, why });
  }

  private classifyTopic(topic: string): number {
    let bits = isPresenceTopic(topic) ? T_NAMED : 0;
    for (const s of this.sources) if (s.match(topic)) bits |= s.connectionId ? T_CONN_MARKED : T_MARKED;
    if (this.topicBits.size >= TOPIC_CACHE_MAX) this.topicBits.clear();
    this.topicBits.set(topic, bits);
    return bits;
  }

  private markedFor(connectionId: string, topic: string): boolean {
    return this.sources.some((s) => s.connectionId === connectionId && s.match(topic));
  }

  private readCandidate(c: Candidate): void {
    const flagged = c.why !== 'sniffed';
    if (c.payload.length > MAX_PRESENCE_PAYLOAD) {
      this.unreadable++;
      this.touch();
      return;
    }
    const events = recognizePresence(c.topic, c.payload.toString('utf8'), c.tag);
    if (!events) {
      // A marked or presence-named topic with something else on it is worth counting; ordinary JSON is not.
      if (flagged) {
        this.unreadable++;
        this.touch();
      }
      return;
    }
    this.recognised++;
    for (const ev of events) this.addOne(ev);
  }

  addEvents(events: PresenceEvent[]): { added: number; rejected: number; problems: string[] } {
    let added = 0;
    const problems: string[] = [];
    for (const ev of events) {
      const p = this.addOne(ev);
      if (p) problems.push(p);
      else added++;
    }
    return { added, rejected: events.length - added, problems: problems.slice(0, 50) };
  }

  /** Pasted text: NDJSON, a JSON array, or one message payload (with its topic). */
  addText(text: string, topic = ''): { added: number; rejected: number; problems: string[] } {
    const whole = recognizePresence(topic, text);
    if (whole) return this.addEvents(whole);
    let added = 0;
    let rejected = 0;
    const problems: string[] = [];
    text.split(/\r?\n/).forEach((raw, i) => {
      const line = raw.trim();
      if (!line) return;
      let value: unknown;
      try {
        value = JSON.parse(line);
      } catch {
        rejected++;
        if (problems.length < 50) problems.push(`line ${i + 1}: not JSON`);
        return;
      }
      const evs = recognizePresenceValue(topic, value);
      if (!evs) {
        rejected++;
        if (problems.length < 50)
          problems.push(`line ${i + 1}: not a presence event (MQ for IoT event, IoT Platform status, IoTDA status, or {clientId,time,type})`);
        return;
      }
      const r = this.addEvents(evs);
      added += r.added;
      rejected += r.rejected;
      for (const p of r.problems) if (problems.length < 50) problems.push(`line ${i + 1}: ${p}`);
    });
    if (added === 0 && rejected === 0) problems.push('nothing to add: paste NDJSON lines or a JSON array of presence events');
    return { added, rejected, problems };
  }

  /** Fieldscope's own connections as clients: connected = online, a drop or refusal = abnormal offline. */
  onConnectionState(view: ConnectionView): void {
    if (!this.settings.trackOwnConnections) return;
    const status = view.state.status;
    if (this.lastConnStatus.get(view.connectionId) === status) return;
    this.lastConnStatus.set(view.connectionId, status);
    const clientId = `fieldscope/${view.name || view.connectionId}`;
    const time = view.state.since;
    const reason = view.state.reason;
    let ev: PresenceEvent | null = null;
    if (status === 'connected') ev = { clientId, time, type: 'status', status: 'online', source: 'self' };
    else if (status === 'closed')
      ev = {
        clientId,
        time,
        type: 'status',
        status: 'offline',
        offline: reason ? 'abnormal' : 'graceful',
        source: 'self',
        ...(reason ? { detail: reason } : {}),
      };
    else if (status === 'refused')
      ev = { clientId, time, type: 'status', status: 'offline', offline: 'abnormal', source: 'self', detail: `refused${reason ? `: ${reason}` : ''}` };
    else if (status === 'reconnecting')
      ev = { clientId, time, type: 'status', status: 'offline', offline: 'abnormal', source: 'self', detail: `dropped${reason ? `: ${reason}` : ''}` };
    if (ev) this.addOne(ev);
  }

  private addOne(ev: PresenceEvent): string | null {
    try {
      this.model.add(ev);
    } catch (err) {
      return (err as Error).message;
    }
    this.stale.add(ev.clientId);
    this.pending.add(ev.clientId);
    this.touch();
    return null;
  }

  // ---- settings and sources

  setSourceTopic(input: PresenceSourceTopic & { enabled: boolean }): PresenceSourceTopic[] {
    const problem = topicFilterError(input.topicFilter);
    if (problem) throw new Error(`topic filter '${input.topicFilter}': ${problem}`);
    this.topicBits.clear();
    const same = (s: PresenceSourceTopic) => s.topicFilter === input.topicFilter && (s.connectionId ?? '') === (input.connectionId ?? '');
    this.sources = this.sources.filter((s) => !same(s));
    if (input.enabled) {
      const entry: SourceTopic = { topicFilter: input.topicFilter, match: compileTopicFilter(input.topicFilter) };
      if (input.connectionId) entry.connectionId = input.connectionId;
      this.sources.push(entry);
    }
    return this.sourceTopics();
  }

  sourceTopics(): PresenceSourceTopic[] {
    return this.sources.map(({ connectionId, topicFilter }) => (connectionId ? { connectionId, topicFilter } : { topicFilter }));
  }

  configure(patch: Partial<PresenceSettings>): PresenceSettings {
    const next = { ...this.settings, ...Object.fromEntries(Object.entries(patch).filter(([, v]) => v !== undefined)) };
    const refold = next.flapTransitions !== this.settings.flapTransitions || next.flapWindowMs !== this.settings.flapWindowMs;
    this.settings = next;
    if (refold) {
      this.model.configure({ flapTransitions: next.flapTransitions, flapWindowMs: next.flapWindowMs });
      for (const id of this.model.clientIds()) {
        this.stale.add(id);
        this.pending.add(id);
      }
      this.touch();
    }
    return { ...this.settings };
  }

  clear(): void {
    // Queued candidates arrived before the clear: reading them now would only clear them again.
    this.model.clear();
    this.rows.clear();
    this.stale.clear();
    this.pending.clear();
    this.recognised = 0;
    this.unreadable = 0;
    this.pendingCleared = true;
    this.touch();
  }

  // ---- reads

  private refresh(): void {
    if (!this.stale.size) return;
    this.model.derive();
    for (const id of this.stale) {
      const s = this.model.summary(id);
      if (s) this.rows.set(id, toRow(id, s));
    }
    this.stale.clear();
  }

  counts(): PresenceCounts {
    this.refresh();
    let online = 0;
    let flapping = 0;
    let duplicate = 0;
    let late = 0;
    for (const r of this.rows.values()) {
      if (r.online) online++;
      if (r.flapping) flapping++;
      if (r.duplicate) duplicate++;
      late += r.late;
    }
    return {
      clients: this.rows.size,
      online,
      flapping,
      duplicate,
      events: this.model.eventCount,
      late,
      recognised: this.recognised,
      unreadable: this.unreadable,
    };
  }

  range(): { from: number; to: number } | null {
    return this.model.timeRange() ?? null;
  }

  filtered(filter: PresenceFilter): PresenceClientRow[] {
    this.refresh();
    const text = filter.text?.toLowerCase();
    const out: PresenceClientRow[] = [];
    for (const r of this.rows.values()) {
      if (text && !r.clientId.toLowerCase().includes(text)) continue;
      if (filter.group && groupOf(r.clientId) !== filter.group) continue;
      if (filter.flagged && !r.flapping && !r.duplicate) continue;
      if (filter.state && r.state !== filter.state) continue;
      if (filter.source && !r.sources.includes(filter.source)) continue;
      out.push(r);
    }
    return out;
  }

  page(filter: PresenceFilter, offset: number, limit: number, order: 'clientId' | 'lastChange' | 'flagged') {
    const rows = this.filtered(filter);
    const byId = (a: PresenceClientRow, b: PresenceClientRow) => (a.clientId < b.clientId ? -1 : a.clientId > b.clientId ? 1 : 0);
    if (order === 'clientId') rows.sort(byId);
    else if (order === 'lastChange') rows.sort((a, b) => (b.since ?? 0) - (a.since ?? 0) || byId(a, b));
    else {
      const w = (r: PresenceClientRow) => (r.flapping ? 2 : 0) + (r.duplicate ? 1 : 0);
      rows.sort((a, b) => w(b) - w(a) || byId(a, b));
    }
    return { clients: rows.slice(offset, offset + limit), total: rows.length };
  }

  lanes(from: number, to: number, clientIds: string[], maxMarkers: number) {
    if (!(to >= from)) throw new Error(`lanes: 'to' (${to}) must not be before 'from' (${from})`);
    return clientIds.filter((id) => this.model.has(id)).map((id) => this.model.lane(id, from, to, maxMarkers));
  }

  stateAt(time: number, clientIds: string[], filter: PresenceFilter) {
    const counts = { online: 0, offline: 0, unknown: 0, notYetSeen: 0 };
    for (const r of this.filtered(filter)) {
      const s = this.model.stateAt(r.clientId, time);
      if (s === undefined) counts.notYetSeen++;
      else counts[s]++;
    }
    const states: Record<string, PresenceState | null> = {};
    for (const id of clientIds) states[id] = this.model.stateAt(id, time) ?? null;
    return { ...counts, states };
  }

  exportCsv(filter: PresenceFilter): { text: string; rows: number } {
    const lines = ['clientId,time,epochMs,state,previous,lastOffline,flapping,duplicate'];
    const rows = this.filtered(filter).sort((a, b) => (a.clientId < b.clientId ? -1 : 1));
    for (const r of rows) {
      for (const tr of this.model.transitions(r.clientId)) {
        lines.push(
          [
            csvCell(r.clientId),
            new Date(tr.time).toISOString(),
            String(tr.time),
            tr.state,
            tr.previous ?? '',
            r.lastOffline ?? '',
            r.flapping ? 'yes' : '',
            r.duplicate ? 'yes' : '',
          ].join(','),
        );
      }
    }
    return { text: `${lines.join('\n')}\n`, rows: lines.length - 1 };
  }

  // ---- batching

  private touch(): void {
    if (this.timer) return;
    this.timer = setTimeout(() => this.flush(), EMIT_INTERVAL_MS);
    this.timer.unref?.();
  }

  /** Emits what changed since the last batch (also called by tests to avoid waiting). */
  flush(): void {
    if (this.timer) clearTimeout(this.timer);
    this.timer = null;
    const all = [...this.pending];
    this.pending.clear();
    const payload: PresenceChanged = {
      version: this.model.version,
      counts: this.counts(),
      range: this.range(),
      changed: all.slice(0, MAX_CHANGED_PER_EVENT),
      truncated: Math.max(0, all.length - MAX_CHANGED_PER_EVENT),
    };
    if (this.pendingCleared) payload.cleared = true;
    this.pendingCleared = false;
    this.emit(payload);
  }

  dispose(): void {
    if (this.timer) clearTimeout(this.timer);
    this.timer = null;
  }
}

function toRow(clientId: string, s: ClientPresence): PresenceClientRow {
  const row: PresenceClientRow = {
    clientId,
    online: s.online,
    state: s.state,
    openChannels: s.openChannels,
    firstTime: s.firstTime,
    lastTime: s.lastTime,
    events: s.events,
    late: s.late,
    transitions: s.transitions,
    reconnects: s.reconnects,
    sources: s.sources,
  };
  if (s.lastOffline) row.lastOffline = s.lastOffline;
  if (s.duplicate) row.duplicate = true;
  if (s.flapping) row.flapping = true;
  if (s.since !== undefined) row.since = s.since;
  if (s.lastQuery !== undefined) row.lastQuery = s.lastQuery;
  return row;
}
