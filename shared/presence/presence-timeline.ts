import {
  PRESENCE_SOURCES,
  type ClientPresence,
  type OfflineKind,
  type PresenceEvent,
  type PresenceMarker,
  type PresenceSource,
  type PresenceSpan,
  type PresenceState,
} from './presence-event';

/*
 * The presence model. Events are kept per client in two parallel arrays (time, packed meta) so a million
 * events cost two numbers each and no object. Arrays are sorted on demand by the events' own time; events that
 * arrive in order are folded at once (live), an out-of-order arrival marks the client dirty and the next read
 * re-sorts (insertion sort: arrivals are nearly sorted) and re-folds only that client.
 */

// Kind codes double as the rank of equal-time events: a connect precedes an offline stamped the same ms.
const K_CONNECT = 0;
const K_ONLINE = 1;
const K_QUERY = 2;
const K_DISCONNECT = 3;
const K_TCPCLEAN = 4;
const K_OFFLINE = 5;
const K_OFFLINE_GRACEFUL = 6;
const K_OFFLINE_ABNORMAL = 7;

// meta = kind | late << 3 | source << 4 | arg << 7. arg: channel string index (channel events), online + 1
// (query), detail string index + 1 or 0 (status).
const LATE = 8;
const SRC_SHIFT = 4;
const ARG_SHIFT = 7;

const S_NONE = 0;
const S_OFFLINE = 1;
const S_ONLINE = 2;
const S_UNKNOWN = 3;
const STATE_NAMES: PresenceState[] = ['offline', 'offline', 'online', 'unknown'];

const CH_OPEN = 1;
const CH_DISCONNECTED = 2;
const CH_CLOSED = 4;

const O_NONE = 0;
const O_GRACEFUL = 1;
const O_ABNORMAL = 2;

export interface PresenceModelOptions {
  /** Transitions (online ↔ offline) within `flapWindowMs` that flag a client as flapping. Default 4. */
  flapTransitions?: number;
  /** Default 60 s. */
  flapWindowMs?: number;
}

function sourceCode(s: PresenceSource | undefined): number {
  const i = s ? PRESENCE_SOURCES.indexOf(s) : -1;
  return i < 0 ? PRESENCE_SOURCES.indexOf('manual') : i;
}

class ClientLog {
  t: number[] = [];
  m: number[] = [];
  strs: string[] = [];
  strIndex = new Map<string, number>();
  maxTime = -Infinity;
  lateCount = 0;
  sourceMask = 0;
  sorted = true;
  folded = 0;

  // fold state
  chan: number[] = [];
  openCount = 0;
  state = S_NONE;
  lastOffline = O_NONE;
  lastQuery: number | undefined = undefined;
  queryDup = false;
  spanFrom: number[] = [];
  spanState: number[] = [];
  transTimes: number[] = [];
  flapTimes: number[] = [];
  flapLo = 0;
  reconnects = 0;
  flapping = false;
  ignored: Set<number> | null = null;

  constructor(readonly id: string) {}

  intern(s: string): number {
    // Offline events nearly always name the channel most recently seen.
    const last = this.strs.length - 1;
    if (last >= 0 && this.strs[last] === s) return last;
    let i = this.strIndex.get(s);
    if (i === undefined) {
      i = this.strs.length;
      this.strs.push(s);
      this.strIndex.set(s, i);
    }
    return i;
  }

  /** Total order on event content (never on arrival), so any arrival order folds the same way. */
  cmp(i: number, j: number): number {
    const d = this.t[i]! - this.t[j]!;
    if (d !== 0) return d;
    const mi = this.m[i]!;
    const mj = this.m[j]!;
    const ki = mi & 7;
    const kj = mj & 7;
    if (ki !== kj) return ki - kj;
    const si = (mi >>> SRC_SHIFT) & 7;
    const sj = (mj >>> SRC_SHIFT) & 7;
    if (si !== sj) return si - sj;
    const ai = mi >>> ARG_SHIFT;
    const aj = mj >>> ARG_SHIFT;
    if (ai === aj) return 0;
    if (ki === K_QUERY) return ai - aj;
    const isStatus = ki === K_ONLINE || ki >= K_OFFLINE;
    const a = isStatus ? (ai === 0 ? '' : this.strs[ai - 1]!) : this.strs[ai]!;
    const b = isStatus ? (aj === 0 ? '' : this.strs[aj - 1]!) : this.strs[aj]!;
    return a < b ? -1 : a > b ? 1 : 0;
  }

  resetFold(): void {
    this.chan.length = 0;
    this.openCount = 0;
    this.state = S_NONE;
    this.lastOffline = O_NONE;
    this.lastQuery = undefined;
    this.queryDup = false;
    this.spanFrom.length = 0;
    this.spanState.length = 0;
    this.transTimes.length = 0;
    this.flapTimes.length = 0;
    this.flapLo = 0;
    this.reconnects = 0;
    this.flapping = false;
    this.ignored = null;
    this.folded = 0;
  }

  sort(): void {
    const n = this.t.length;
    const idx = new Array<number>(n);
    for (let i = 0; i < n; i++) idx[i] = i;
    // Insertion sort: arrivals are shuffled only locally, so this is near-linear; bail out to the
    // library sort when the input turns out to be far from sorted.
    let moves = 0;
    const budget = 32 * n + 64;
    let i = 1;
    for (; i < n; i++) {
      const v = idx[i]!;
      let j = i - 1;
      while (j >= 0 && this.cmp(idx[j]!, v) > 0) {
        idx[j + 1] = idx[j]!;
        j--;
        moves++;
      }
      idx[j + 1] = v;
      if (moves > budget) break;
    }
    if (i < n) idx.sort((a, b) => this.cmp(a, b) || a - b);
    const t = new Array<number>(n);
    const m = new Array<number>(n);
    for (let k = 0; k < n; k++) {
      t[k] = this.t[idx[k]!]!;
      m[k] = this.m[idx[k]!]!;
    }
    this.t = t;
    this.m = m;
    this.sorted = true;
  }

  private setState(s: number, time: number, flapN: number, flapW: number): void {
    if (s === this.state) return;
    const wasOnline = this.state === S_ONLINE || this.state === S_UNKNOWN;
    const hadState = this.state !== S_NONE;
    this.state = s;
    const last = this.spanFrom.length - 1;
    if (last >= 0 && this.spanFrom[last] === time) {
      // Two changes in the same ms: keep one span, the later state wins, and drop a no-op return.
      this.spanState[last] = s;
      if (last > 0 && this.spanState[last - 1] === s) {
        this.spanFrom.length = last;
        this.spanState.length = last;
      }
    } else {
      this.spanFrom.push(time);
      this.spanState.push(s);
    }
    const isOnline = s === S_ONLINE || s === S_UNKNOWN;
    if (hadState && wasOnline !== isOnline) {
      this.transTimes.push(time);
      this.noteFlap(time, flapN, flapW);
    }
  }

  /**
   * Flapping counts online/offline transitions and also flash reconnects (a new channel opening while
   * another is open): a client that keeps reconnecting is flapping even if its tcpcleans arrive late enough
   * that it never shows offline.
   */
  private noteFlap(time: number, flapN: number, flapW: number): void {
    this.flapTimes.push(time);
    while (this.flapTimes[this.flapLo]! < time - flapW) this.flapLo++;
    if (this.flapTimes.length - this.flapLo >= flapN) this.flapping = true;
  }

  /** Applies event k (in sorted position) to the fold state. */
  step(k: number, flapN: number, flapW: number): void {
    const time = this.t[k]!;
    const meta = this.m[k]!;
    const kind = meta & 7;
    const arg = meta >>> ARG_SHIFT;
    switch (kind) {
      case K_CONNECT: {
        const f = this.chan[arg] ?? 0;
        this.queryDup = false;
        if (f & CH_CLOSED) {
          // A channel, once cleaned, stays closed: a late or replayed connect must not resurrect it.
          (this.ignored ??= new Set()).add(k);
          return;
        }
        if (!(f & CH_OPEN)) {
          this.chan[arg] = f | CH_OPEN;
          if (this.openCount > 0) {
            this.reconnects++;
            this.noteFlap(time, flapN, flapW);
          }
          this.openCount++;
        }
        this.setState(S_ONLINE, time, flapN, flapW);
        return;
      }
      case K_DISCONNECT: {
        const f = this.chan[arg] ?? 0;
        if (f & CH_CLOSED) (this.ignored ??= new Set()).add(k);
        else this.chan[arg] = f | CH_DISCONNECTED;
        return;
      }
      case K_TCPCLEAN: {
        const f = this.chan[arg] ?? 0;
        this.queryDup = false;
        if (f & CH_CLOSED) {
          (this.ignored ??= new Set()).add(k);
          return;
        }
        this.chan[arg] = (f | CH_CLOSED) & ~CH_OPEN;
        if (f & CH_OPEN) this.openCount--;
        if (this.openCount === 0) {
          // Only the last open channel takes the client offline; an older channel's clean-up does not.
          this.lastOffline = f & CH_DISCONNECTED ? O_GRACEFUL : O_ABNORMAL;
          this.setState(S_OFFLINE, time, flapN, flapW);
        }
        return;
      }
      case K_ONLINE:
        this.setState(S_ONLINE, time, flapN, flapW);
        return;
      case K_OFFLINE:
      case K_OFFLINE_GRACEFUL:
      case K_OFFLINE_ABNORMAL:
        if (kind !== K_OFFLINE) this.lastOffline = kind === K_OFFLINE_GRACEFUL ? O_GRACEFUL : O_ABNORMAL;
        this.setState(S_OFFLINE, time, flapN, flapW);
        return;
      case K_QUERY: {
        const online = arg - 1;
        this.lastQuery = online;
        this.queryDup = online > 1;
        this.setState(online === 0 ? S_OFFLINE : online < 0 ? S_UNKNOWN : S_ONLINE, time, flapN, flapW);
        return;
      }
    }
  }

  fold(flapN: number, flapW: number): void {
    if (!this.sorted) {
      this.sort();
      this.resetFold();
    }
    const n = this.t.length;
    for (let k = this.folded; k < n; k++) this.step(k, flapN, flapW);
    this.folded = n;
  }

  openChannels(): string[] {
    const out: string[] = [];
    for (let i = 0; i < this.chan.length; i++) if ((this.chan[i]! & CH_OPEN) !== 0) out.push(this.strs[i]!);
    return out.sort();
  }

  /** First sorted position with time >= t. */
  lowerBound(t: number): number {
    let lo = 0;
    let hi = this.t.length;
    while (lo < hi) {
      const mid = (lo + hi) >>> 1;
      if (this.t[mid]! < t) lo = mid + 1;
      else hi = mid;
    }
    return lo;
  }
}

export interface LaneData {
  clientId: string;
  spans: PresenceSpan[];
  markers: PresenceMarker[];
  /** Markers left out because the range held more than `maxMarkers`. */
  markersOmitted: number;
}

export interface Transition {
  clientId: string;
  time: number;
  state: PresenceState;
  previous?: PresenceState;
}

/** Per-client presence derived from events of every source; incremental and order-independent. */
export class PresenceModel {
  private logs = new Map<string, ClientLog>();
  private dirty = new Set<ClientLog>();
  private flapN: number;
  private flapW: number;
  private total = 0;
  /** Bumped on every change; lets callers skip work when nothing happened. */
  version = 0;

  constructor(opts: PresenceModelOptions = {}) {
    this.flapN = Math.max(2, Math.floor(opts.flapTransitions ?? 4));
    this.flapW = Math.max(0, opts.flapWindowMs ?? 60_000);
  }

  get options(): Required<PresenceModelOptions> {
    return { flapTransitions: this.flapN, flapWindowMs: this.flapW };
  }

  /** Changing the flapping rule re-folds every client on the next read. */
  configure(opts: PresenceModelOptions): void {
    if (opts.flapTransitions !== undefined) this.flapN = Math.max(2, Math.floor(opts.flapTransitions));
    if (opts.flapWindowMs !== undefined) this.flapW = Math.max(0, opts.flapWindowMs);
    for (const log of this.logs.values()) {
      log.resetFold();
      this.dirty.add(log);
    }
    this.version++;
  }

  get size(): number {
    return this.logs.size;
  }

  get eventCount(): number {
    return this.total;
  }

  clear(): void {
    this.logs.clear();
    this.dirty.clear();
    this.total = 0;
    this.version++;
  }

  /** Adds one event; throws on an event that cannot be placed (no client, no finite time, unknown type). */
  add(ev: PresenceEvent): void {
    const kind = kindOf(ev);
    if (typeof ev.clientId !== 'string' || ev.clientId === '') throw new Error('presence event without clientId');
    if (typeof ev.time !== 'number' || !Number.isFinite(ev.time)) throw new Error(`presence event for ${ev.clientId} without a numeric time`);
    const log = this.logFor(ev.clientId);
    let arg: number;
    if (kind === K_CONNECT || kind === K_DISCONNECT || kind === K_TCPCLEAN) arg = log.intern(ev.channelId ?? '');
    else if (kind === K_QUERY) arg = Math.max(-1, Math.trunc(ev.online ?? -1)) + 1;
    else arg = ev.detail ? log.intern(ev.detail) + 1 : 0;
    this.push(log, ev.time, kind, sourceCode(ev.source ?? defaultSource(kind)), arg);
  }

  addMany(events: Iterable<PresenceEvent>): number {
    let n = 0;
    for (const e of events) {
      this.add(e);
      n++;
    }
    return n;
  }

  /**
   * The allocation-free path for bulk loads (benchmarks, replays): type as in PresenceEvent, channelId for
   * channel events, online for queries.
   */
  addChannelEvent(clientId: string, time: number, type: 'connect' | 'disconnect' | 'tcpclean', channelId: string, source: PresenceSource = 'mq'): void {
    const log = this.logFor(clientId);
    const kind = type === 'connect' ? K_CONNECT : type === 'disconnect' ? K_DISCONNECT : K_TCPCLEAN;
    this.push(log, time, kind, sourceCode(source), log.intern(channelId));
  }

  private logFor(clientId: string): ClientLog {
    let log = this.logs.get(clientId);
    if (!log) {
      log = new ClientLog(clientId);
      this.logs.set(clientId, log);
    }
    return log;
  }

  private push(log: ClientLog, time: number, kind: number, src: number, arg: number): void {
    let meta = kind | (src << SRC_SHIFT) | (arg << ARG_SHIFT);
    if (time < log.maxTime) {
      meta |= LATE;
      log.lateCount++;
    } else log.maxTime = time;
    log.sourceMask |= 1 << src;
    const n = log.t.length;
    log.t.push(time);
    log.m.push(meta);
    this.total++;
    this.version++;
    if (log.sorted && n > 0 && log.cmp(n - 1, n) > 0) {
      log.sorted = false;
      this.dirty.add(log);
    } else if (log.sorted && log.folded === n && !this.dirty.has(log)) {
      log.step(n, this.flapN, this.flapW);
      log.folded = n + 1;
    } else this.dirty.add(log);
  }

  /** Sorts and folds every client that changed out of order. */
  derive(): void {
    for (const log of this.dirty) log.fold(this.flapN, this.flapW);
    this.dirty.clear();
  }

  private ready(clientId: string): ClientLog | undefined {
    const log = this.logs.get(clientId);
    if (log && this.dirty.has(log)) {
      log.fold(this.flapN, this.flapW);
      this.dirty.delete(log);
    }
    return log;
  }

  clientIds(): string[] {
    return [...this.logs.keys()];
  }

  has(clientId: string): boolean {
    return this.logs.has(clientId);
  }

  summary(clientId: string): ClientPresence | undefined {
    const log = this.ready(clientId);
    if (!log) return undefined;
    const state = log.state;
    const out: ClientPresence = {
      online: state === S_ONLINE || state === S_UNKNOWN,
      state: STATE_NAMES[state]!,
      openChannels: log.openChannels(),
      timeline: log.spanState.map((s) => STATE_NAMES[s]!),
      firstTime: log.t.length ? log.t[0]! : 0,
      lastTime: log.t.length ? log.t[log.t.length - 1]! : 0,
      events: log.t.length,
      late: log.lateCount,
      transitions: log.transTimes.length,
      reconnects: log.reconnects,
      sources: PRESENCE_SOURCES.filter((_, i) => (log.sourceMask & (1 << i)) !== 0),
    };
    if (log.lastOffline !== O_NONE) out.lastOffline = log.lastOffline === O_GRACEFUL ? 'graceful' : 'abnormal';
    if (log.openCount > 1 || log.queryDup) out.duplicate = true;
    if (log.flapping) out.flapping = true;
    if (log.spanFrom.length) out.since = log.spanFrom[log.spanFrom.length - 1]!;
    if (log.lastQuery !== undefined) out.lastQuery = log.lastQuery;
    return out;
  }

  snapshot(): Record<string, ClientPresence> {
    this.derive();
    const out: Record<string, ClientPresence> = {};
    for (const id of this.logs.keys()) out[id] = this.summary(id)!;
    return out;
  }

  /** Spans overlapping [from, to] (all when omitted). The last span has no `to` while it lasts. */
  spans(clientId: string, from = -Infinity, to = Infinity): PresenceSpan[] {
    const log = this.ready(clientId);
    if (!log) return [];
    const out: PresenceSpan[] = [];
    const n = log.spanFrom.length;
    for (let i = 0; i < n; i++) {
      const start = log.spanFrom[i]!;
      const end = i + 1 < n ? log.spanFrom[i + 1]! : undefined;
      if (start > to) break;
      if (end !== undefined && end < from) continue;
      const span: PresenceSpan = { from: start, state: STATE_NAMES[log.spanState[i]!]! };
      if (end !== undefined) span.to = end;
      out.push(span);
    }
    return out;
  }

  markers(clientId: string, from = -Infinity, to = Infinity, max = Infinity): { markers: PresenceMarker[]; omitted: number } {
    const log = this.ready(clientId);
    if (!log) return { markers: [], omitted: 0 };
    const markers: PresenceMarker[] = [];
    const start = from === -Infinity ? 0 : log.lowerBound(from);
    let k = start;
    for (; k < log.t.length && log.t[k]! <= to && markers.length < max; k++) markers.push(this.marker(log, k));
    let end = k;
    if (k < log.t.length && log.t[k]! <= to) end = to === Infinity ? log.t.length : log.lowerBound(to + 1e-9);
    return { markers, omitted: Math.max(0, end - k) };
  }

  private marker(log: ClientLog, k: number): PresenceMarker {
    const meta = log.m[k]!;
    const kind = meta & 7;
    const arg = meta >>> ARG_SHIFT;
    const source = PRESENCE_SOURCES[(meta >>> SRC_SHIFT) & 7]!;
    const mk: PresenceMarker = { time: log.t[k]!, type: 'status', source };
    if (kind === K_CONNECT || kind === K_DISCONNECT || kind === K_TCPCLEAN) {
      mk.type = kind === K_CONNECT ? 'connect' : kind === K_DISCONNECT ? 'disconnect' : 'tcpclean';
      mk.channelId = log.strs[arg]!;
    } else if (kind === K_QUERY) {
      mk.type = 'query';
      mk.online = arg - 1;
    } else {
      mk.status = kind === K_ONLINE ? 'online' : 'offline';
      if (kind === K_OFFLINE_GRACEFUL) mk.offline = 'graceful';
      if (kind === K_OFFLINE_ABNORMAL) mk.offline = 'abnormal';
      if (arg > 0) mk.detail = log.strs[arg - 1]!;
    }
    if (meta & LATE) mk.late = true;
    if (log.ignored?.has(k)) mk.ignored = true;
    return mk;
  }

  lane(clientId: string, from = -Infinity, to = Infinity, maxMarkers = 2000): LaneData {
    const { markers, omitted } = this.markers(clientId, from, to, maxMarkers);
    return { clientId, spans: this.spans(clientId, from, to), markers, markersOmitted: omitted };
  }

  /** The client's state at an instant (undefined before its first event). */
  stateAt(clientId: string, time: number): PresenceState | undefined {
    const log = this.ready(clientId);
    if (!log) return undefined;
    let lo = 0;
    let hi = log.spanFrom.length;
    while (lo < hi) {
      const mid = (lo + hi) >>> 1;
      if (log.spanFrom[mid]! <= time) lo = mid + 1;
      else hi = mid;
    }
    return lo === 0 ? undefined : STATE_NAMES[log.spanState[lo - 1]!];
  }

  /** Every state change of a client in time order (for CSV export). */
  transitions(clientId: string): Transition[] {
    const log = this.ready(clientId);
    if (!log) return [];
    const out: Transition[] = [];
    for (let i = 0; i < log.spanFrom.length; i++) {
      const tr: Transition = { clientId, time: log.spanFrom[i]!, state: STATE_NAMES[log.spanState[i]!]! };
      if (i > 0) tr.previous = STATE_NAMES[log.spanState[i - 1]!]!;
      out.push(tr);
    }
    return out;
  }

  /** Earliest and latest event time over all clients (undefined when empty). */
  timeRange(): { from: number; to: number } | undefined {
    let from = Infinity;
    let to = -Infinity;
    for (const log of this.logs.values()) {
      const n = log.t.length;
      if (!n) continue;
      if (log.sorted) {
        from = Math.min(from, log.t[0]!);
        to = Math.max(to, log.t[n - 1]!);
      } else {
        for (let i = 0; i < n; i++) {
          const v = log.t[i]!;
          if (v < from) from = v;
          if (v > to) to = v;
        }
      }
    }
    return from === Infinity ? undefined : { from, to };
  }
}

function defaultSource(kind: number): PresenceSource {
  if (kind === K_CONNECT || kind === K_DISCONNECT || kind === K_TCPCLEAN) return 'mq';
  if (kind === K_QUERY) return 'query';
  return 'manual';
}

function kindOf(ev: PresenceEvent): number {
  switch (ev.type) {
    case 'connect':
      return K_CONNECT;
    case 'disconnect':
      return K_DISCONNECT;
    case 'tcpclean':
      return K_TCPCLEAN;
    case 'query':
      return K_QUERY;
    case 'status':
      if (ev.status === 'online') return K_ONLINE;
      if (ev.status === 'offline') return ev.offline === 'graceful' ? K_OFFLINE_GRACEFUL : ev.offline === 'abnormal' ? K_OFFLINE_ABNORMAL : K_OFFLINE;
      throw new Error(`status event for ${ev.clientId} needs status 'online' or 'offline'`);
    default:
      throw new Error(`unknown presence event type '${String((ev as { type: unknown }).type)}' (connect, disconnect, tcpclean, status, query)`);
  }
}

/** Folds a batch of events at once (the CLI and tests). */
export function derivePresence(events: Iterable<PresenceEvent>, opts?: PresenceModelOptions): Record<string, ClientPresence> {
  const model = new PresenceModel(opts);
  model.addMany(events);
  return model.snapshot();
}

export type { OfflineKind };
