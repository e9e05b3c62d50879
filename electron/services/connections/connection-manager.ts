import type { RocketmqDiagnostics } from '../../../shared/contract/rocketmq.contract';
import type { ConnectionState, ConnectionView, ProtocolLogEntry, SubscriptionView } from '../../../shared/contract/connections.contract';
import { AppError } from '../../../shared/contract/define';
import type { Profile, SecretSlot } from '../../../shared/contract/profiles.contract';
import { topicFilterError, topicNameError } from '../../../shared/mqtt/topic-filter';
import { explainRefusal } from '../../../shared/vendors/refusal-explanations';
import { protocolOf } from '../../../shared/vendors/kinds';
import { DisposableStore } from '../core/disposables';
import type { MessageSink } from '../messages/incoming-message';
import type { AfterConnectIo, ConnectionDriver, DriverFactory, PublishRequest, ReconnectVerdict } from './driver';
import { driverFor } from './driver-registry';
import { LogBatcher, ProtocolLogRing } from './protocol-log';
import { nextSubscriptionColor } from './subscription-colors';

/** What the manager needs from the profiles service (exactly these two calls). */
export interface ProfileSource {
  get(id: string): Profile | undefined;
  getSecret(id: string, slot: SecretSlot): Promise<string | null>;
}

export interface ConnectionManagerDeps {
  profiles: () => ProfileSource;
  sink: () => MessageSink;
  emitState: (view: ConnectionView) => void;
  emitLog: (entries: ProtocolLogEntry[]) => void;
  now?: () => number;
  /** Tests and the sandbox can swap drivers; default: driver-registry. */
  driverFor?: (profile: Profile) => DriverFactory;
}

/** A protocol log kept elsewhere (an opened capture's recorded lines), oldest first. */
export interface ReadOnlyLog {
  readonly size: number;
  page(offset: number, limit: number): ProtocolLogEntry[];
}

type AfterConnectHook = (connectionId: string, profile: Profile, io: AfterConnectIo) => Promise<void>;
type BeforeReconnectHook = (connectionId: string, profile: Profile) => Promise<ReconnectVerdict>;

interface Connection {
  id: string;
  profileId: string;
  profile: Profile;
  protocol: 'mqtt' | 'amqp' | 'rocketmq';
  state: ConnectionState;
  subs: Map<string, SubscriptionView>;
  received: number;
  /** The revision of the last view reported (see ConnectionView.revision). */
  revision: number;
  driver: ConnectionDriver | null;
  disposables: DisposableStore;
  log: ProtocolLogRing;
}

/**
 * Service `connections`: every open connection, its state machine, subscriptions, protocol log and driver.
 * Several connections run at once; each owns a DisposableStore released when it closes.
 */
export class ConnectionManager {
  private conns = new Map<string, Connection>();
  private counter = 0;
  private revisions = 0;
  private logListeners = new Set<(e: ProtocolLogEntry) => void>();
  private stateListeners = new Set<(v: ConnectionView) => void>();
  private afterConnectHooks = new Set<AfterConnectHook>();
  /** After every gate hook (token upload): steps that must not precede it (ordered sending). */
  private afterGateHooks = new Set<AfterConnectHook>();
  private beforeReconnectHooks = new Set<BeforeReconnectHook>();
  /** Logs with no connection behind them (opened captures), paged like a live one. */
  private readOnlyLogs = new Map<string, ReadOnlyLog>();
  private readonly logBatcher: LogBatcher;
  private readonly now: () => number;

  private countsTimer: NodeJS.Timeout | null = null;
  private reportedReceived = new Map<string, number>();

  constructor(private readonly deps: ConnectionManagerDeps) {
    this.now = deps.now ?? Date.now;
    this.logBatcher = new LogBatcher((entries) => deps.emitLog(entries));
  }

  /** Received counts change per message; the renderer hears about them at most once a second. */
  private startCountsTimer(): void {
    if (this.countsTimer) return;
    this.countsTimer = setInterval(() => {
      for (const c of this.conns.values()) {
        if (this.reportedReceived.get(c.id) !== c.received) {
          this.reportedReceived.set(c.id, c.received);
          this.emitState(c);
        }
      }
    }, 1000);
    this.countsTimer.unref?.();
  }

  list(): ConnectionView[] {
    return [...this.conns.values()].map((c) => this.view(c));
  }

  get(connectionId: string): ConnectionView | undefined {
    const c = this.conns.get(connectionId);
    return c && this.view(c);
  }

  /** The connection currently holding a profile (open or closed), if any. */
  findByProfile(profileId: string): ConnectionView | undefined {
    for (const c of this.conns.values()) if (c.profileId === profileId) return this.view(c);
    return undefined;
  }

  /**
   * Opens a profile. A profile has one connection entry: opening it again while it is live returns it;
   * opening a closed/refused one reconnects in the same entry (its messages and log stay together).
   */
  async open(profileId: string): Promise<ConnectionView> {
    const profile = this.deps.profiles().get(profileId);
    if (!profile) throw new AppError('not-found', `No profile with id ${profileId}.`, 'It may have been deleted; pick another profile.');
    let conn = [...this.conns.values()].find((c) => c.profileId === profileId);
    if (conn && conn.driver && !['closed', 'refused', 'idle'].includes(conn.state.status)) return this.view(conn);
    if (conn?.driver) await this.stopDriver(conn);
    if (!conn) {
      conn = {
        id: `conn-${++this.counter}`,
        profileId,
        profile,
        protocol: protocolOf(profile.kind),
        state: { status: 'idle', since: this.now() },
        subs: new Map(),
        received: 0,
        revision: 0,
        driver: null,
        disposables: new DisposableStore(),
        log: new ProtocolLogRing(),
      };
      this.conns.set(conn.id, conn);
    } else {
      conn.profile = profile;
      conn.protocol = protocolOf(profile.kind);
      conn.disposables = new DisposableStore();
    }
    for (const s of 'subscriptions' in profile ? profile.subscriptions : []) {
      if (!conn.subs.has(s.filter))
        conn.subs.set(s.filter, { filter: s.filter, qos: s.qos, color: nextSubscriptionColor([...conn.subs.values()].map((x) => x.color)) });
    }
    const c = conn;
    const factory = (this.deps.driverFor ?? driverFor)(profile);
    const sink = this.deps.sink();
    let driver: ConnectionDriver;
    try {
      driver = factory({
        connectionId: c.id,
        profile,
        getSecret: (slot) => this.deps.profiles().getSecret(profileId, slot),
        sink: {
          ingest: (msg) => {
            c.received++;
            return sink.ingest(msg);
          },
          updateSettlement: sink.updateSettlement ? (seq, s) => sink.updateSettlement!(seq, s) : undefined,
        },
        log: (entry) => this.appendLog(c, entry),
        setState: (s) => this.setState(c, s),
        disposables: c.disposables,
        now: this.now,
        subscriptions: () => [...c.subs.values()].map((s) => ({ filter: s.filter, qos: s.qos as 0 | 1 | 2 })),
        onGranted: (filter, granted) => {
          const sub = c.subs.get(filter);
          if (sub) {
            sub.granted = granted;
            this.emitState(c);
          }
        },
        afterConnect: async (io) => {
          for (const hook of this.afterConnectHooks) await hook(c.id, profile, io);
          for (const hook of this.afterGateHooks) await hook(c.id, profile, io);
        },
        beforeReconnect: async () => {
          for (const hook of this.beforeReconnectHooks) {
            const v = await hook(c.id, profile);
            if (!v.proceed) return v;
          }
          return { proceed: true };
        },
      });
    } catch (err) {
      const message = (err as Error).message;
      this.setState(c, { status: 'refused', reason: message, explanation: (err as AppError).hint ?? 'This connection type cannot be opened in this build.' });
      throw new AppError('driver-unavailable', `Cannot open "${profile.name}": ${message}`, (err as AppError).hint);
    }
    c.driver = driver;
    this.startCountsTimer();
    await driver.connect();
    return this.view(c);
  }

  async close(connectionId: string): Promise<void> {
    const c = this.require(connectionId);
    await this.stopDriver(c);
    if (c.state.status !== 'closed') this.setState(c, { status: 'closed', reason: 'closed by the user' });
  }

  private async stopDriver(c: Connection): Promise<void> {
    const d = c.driver;
    c.driver = null;
    try {
      await d?.close();
    } finally {
      await c.disposables.dispose();
    }
  }

  async subscribe(connectionId: string, filter: string, qos: 0 | 1 | 2, color?: string): Promise<SubscriptionView> {
    const c = this.require(connectionId);
    if (c.protocol !== 'mqtt')
      throw new AppError(
        'wrong-protocol',
        c.protocol === 'rocketmq'
          ? 'A RocketMQ connection consumes the topic and tag expression of its profile: change them in the profile.'
          : 'AMQP server-side subscriptions have no topic filters: the consumer group decides what is pushed.',
      );
    const err = topicFilterError(filter);
    if (err) throw new AppError('invalid-filter', err);
    const existing = c.subs.get(filter);
    const sub: SubscriptionView = { filter, qos, color: color ?? existing?.color ?? nextSubscriptionColor([...c.subs.values()].map((s) => s.color)) };
    c.subs.set(filter, sub);
    // Not connected yet: kept, and sent after the next CONNACK.
    if (c.driver?.subscribe && c.state.status === 'connected') {
      const r = await c.driver.subscribe(filter, qos);
      if (r.granted !== undefined) sub.granted = r.granted;
      if (sub.granted !== undefined && sub.granted >= 0x80) {
        this.appendLog(c, {
          dir: 'local',
          type: 'refused',
          summary: `Subscription to ${filter} refused (code 0x${sub.granted.toString(16)})`,
          explanation: explainRefusal({ kind: c.profile.kind, phase: 'subscribe', code: sub.granted, profile: c.profile }),
        });
      }
    }
    this.emitState(c);
    return { ...sub };
  }

  async unsubscribe(connectionId: string, filter: string): Promise<void> {
    const c = this.require(connectionId);
    if (!c.subs.delete(filter)) throw new AppError('not-found', `This connection has no subscription ${filter}.`);
    if (c.driver?.unsubscribe && c.state.status === 'connected') await c.driver.unsubscribe(filter);
    this.emitState(c);
  }

  async publish(connectionId: string, req: PublishRequest): Promise<void> {
    const c = this.require(connectionId);
    if (!c.driver?.publish)
      throw new AppError(
        'not-supported',
        c.protocol === 'amqp' ? 'AMQP server-side subscriptions are push only: nothing can be published on them.' : 'This connection is not open.',
      );
    const err = topicNameError(req.topic);
    if (err) throw new AppError('invalid-topic', err);
    await c.driver.publish(req);
  }

  async settle(connectionId: string, seqs: number[], outcome: 'accept' | 'reject' | 'release' | 'modify'): Promise<number> {
    const c = this.require(connectionId);
    if (!c.driver?.settle)
      throw new AppError('not-supported', 'Only AMQP connections in manual or hold mode, and RocketMQ connections in hold mode, have messages to settle.');
    const n = await c.driver.settle(seqs, outcome);
    this.emitState(c);
    return n;
  }

  async rocketmqDiagnostics(connectionId: string): Promise<RocketmqDiagnostics> {
    const c = this.require(connectionId);
    if (!c.driver?.rocketmqDiagnostics) {
      if (c.protocol === 'rocketmq')
        throw new AppError(
          'not-connected',
          'This RocketMQ connection is not open.',
          'Open the connection; the diagnostics are read from its running consumer.',
        );
      throw new AppError('not-supported', 'Consumer diagnostics are for RocketMQ connections only.');
    }
    return c.driver.rocketmqDiagnostics();
  }

  protocolLog(connectionId: string, offset: number, limit: number): { entries: ProtocolLogEntry[]; total: number } {
    const ro = this.readOnlyLogs.get(connectionId);
    if (ro) return { entries: ro.page(offset, limit), total: ro.size };
    const c = this.require(connectionId);
    return { entries: c.log.page(offset, limit), total: c.log.size };
  }

  /**
   * Makes `connections.protocolLog` answer for an id that is not a connection (an opened capture's
   * `capture:<id>`): read-only, nothing is sent, no live batches. Returns the removal.
   */
  addReadOnlyLog(connectionId: string, log: ReadOnlyLog): () => void {
    if (this.conns.has(connectionId)) throw new AppError('id-taken', `${connectionId} is a live connection.`);
    this.readOnlyLogs.set(connectionId, log);
    return () => {
      if (this.readOnlyLogs.get(connectionId) === log) this.readOnlyLogs.delete(connectionId);
    };
  }

  /** Every protocol-log line of every connection, synchronously (captures). */
  onLog(listener: (entry: ProtocolLogEntry) => void): () => void {
    this.logListeners.add(listener);
    return () => this.logListeners.delete(listener);
  }

  onState(listener: (view: ConnectionView) => void): () => void {
    this.stateListeners.add(listener);
    return () => this.stateListeners.delete(listener);
  }

  /**
   * Runs after every CONNACK of MQTT connections, before subscriptions are re-sent: 'gate' hooks first (token
   * upload), then 'after-gate' ones (client features that need an open gate, e.g. ordered sending).
   */
  addAfterConnectHook(hook: AfterConnectHook, phase: 'gate' | 'after-gate' = 'gate'): () => void {
    const set = phase === 'gate' ? this.afterConnectHooks : this.afterGateHooks;
    set.add(hook);
    return () => set.delete(hook);
  }

  /** A local line in a connection's protocol log (client actions say what they sent and why). */
  log(connectionId: string, entry: { dir: 'local'; type: string; summary: string; explanation?: string; detail?: Record<string, unknown> }): void {
    this.appendLog(this.require(connectionId), entry);
  }

  /** The profile a connection was opened with (as it was at open). */
  profileOf(connectionId: string): Profile {
    return this.require(connectionId).profile;
  }

  /** Runs before each reconnect attempt; the first hook that says not to proceed holds the reconnect. */
  addBeforeReconnectHook(hook: BeforeReconnectHook): () => void {
    this.beforeReconnectHooks.add(hook);
    return () => this.beforeReconnectHooks.delete(hook);
  }

  async dispose(): Promise<void> {
    if (this.countsTimer) clearInterval(this.countsTimer);
    this.countsTimer = null;
    await Promise.all([...this.conns.values()].map((c) => this.stopDriver(c).catch(() => undefined)));
    this.logBatcher.flush();
    this.logBatcher.dispose();
  }

  private require(connectionId: string): Connection {
    const c = this.conns.get(connectionId);
    if (!c) throw new AppError('not-found', `No connection ${connectionId}.`, 'It may have been closed; open the profile again.');
    return c;
  }

  private appendLog(c: Connection, entry: Omit<ProtocolLogEntry, 'seq' | 'connectionId' | 'at'> & { at?: number }): void {
    const e = c.log.push({ ...entry, connectionId: c.id, at: entry.at ?? this.now() });
    for (const l of this.logListeners) {
      try {
        l(e);
      } catch {
        // a tap must not break the connection
      }
    }
    this.logBatcher.add(e);
  }

  private setState(c: Connection, s: Omit<ConnectionState, 'since'> & { since?: number }): void {
    const state: ConnectionState = { ...s, since: s.since ?? this.now() } as ConnectionState;
    for (const k of Object.keys(state) as Array<keyof ConnectionState>) if (state[k] === undefined) delete state[k];
    c.state = state;
    if (state.status !== 'connected') for (const sub of c.subs.values()) delete sub.granted;
    this.emitState(c);
  }

  private emitState(c: Connection): void {
    c.revision = ++this.revisions;
    const v = this.view(c);
    this.reportedReceived.set(c.id, c.received);
    this.deps.emitState(v);
    for (const l of this.stateListeners) {
      try {
        l(v);
      } catch {
        // ignore
      }
    }
  }

  private view(c: Connection): ConnectionView {
    const v: ConnectionView = {
      connectionId: c.id,
      profileId: c.profileId,
      name: c.profile.name,
      kind: c.profile.kind,
      protocol: c.protocol,
      state: { ...c.state },
      subscriptions: [...c.subs.values()].map((s) => ({ ...s })),
      received: c.received,
      revision: c.revision,
    };
    const unsettled = c.driver?.unsettledCount?.();
    if (unsettled !== undefined) v.unsettled = unsettled;
    return v;
  }
}
