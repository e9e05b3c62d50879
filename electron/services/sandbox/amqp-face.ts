import type net from 'node:net';
import rhea from 'rhea';
import type { Connection, Container, Delivery, EventContext, Sender } from 'rhea';
import { verifyAliyunAmqpLogin } from '../../../shared/vendors/aliyun-iot-amqp-signature';
import { DeliveryShaper, type FaultState } from './fault-state';
import type { SandboxClock } from './sandbox-clock';
import type { SandboxConfig } from './sandbox-config';
import type { SandboxRecord } from './sandbox-record';
import type { TlsMaterial } from './tls-material';

/**
 * The IoT Platform AMQP 1.0 server-side subscription face [seed 002]: TLS only, SASL PLAIN with the
 * documented userName/password, idle-time-out 30-300 s, a receiver link within 15 s, one receiver link
 * per connection and no sender links; pushes with application-properties topic/messageId/generateTime
 * and Data-section bodies; unsettled, released or rejected messages come back after a delay.
 */
export interface AmqpPush {
  topic: string;
  body: Buffer;
  messageId: string;
  generateTime: number;
}

interface Consumer {
  connection: Connection;
  clientId: string;
  consumerGroupId: string;
  sender?: Sender;
  attachTimer?: NodeJS.Timeout;
  unsettled: Map<Delivery, AmqpPush>;
}

interface Login {
  clientId: string;
  consumerGroupId: string;
}

export class AmqpFace {
  port = 0;
  private container: Container;
  private server: net.Server | undefined;
  private consumers = new Map<Connection, Consumer>();
  private queues = new Map<string, AmqpPush[]>();
  private timers = new Set<NodeJS.Timeout>();
  private logins = new Map<string, Login>();
  private shaper: DeliveryShaper<AmqpPush>;
  private rr = new Map<string, number>();
  private dropped = 0;
  private pumpScheduled = new Set<string>();

  constructor(
    private readonly cfg: SandboxConfig,
    private readonly clock: SandboxClock,
    private readonly record: SandboxRecord,
    private readonly tlsMaterial: TlsMaterial,
    private readonly faults: FaultState,
  ) {
    this.container = rhea.create_container({ id: 'iot-sandbox' });
    this.shaper = new DeliveryShaper(faults);
    for (const g of cfg.amqp.consumerGroupIds) this.queues.set(g, []);
  }

  get connectionCount(): number {
    return this.consumers.size;
  }

  get backlog(): number {
    let n = 0;
    for (const q of this.queues.values()) n += q.length;
    return n;
  }

  async start(): Promise<void> {
    const c = this.container;
    c.sasl_server_mechanisms.enable_plain((username: string, password: string) => this.login(username, password));
    c.on('connection_open', (ctx: EventContext) => this.onOpen(ctx));
    c.on('sender_open', (ctx: EventContext) => this.onReceiverLink(ctx));
    c.on('receiver_open', (ctx: EventContext) => {
      const cons = this.consumers.get(ctx.connection);
      this.record.add('amqp', 'sender-link-refused', cons?.clientId);
      ctx.receiver?.close({ condition: 'amqp:not-allowed', description: 'sender links are not supported: the IoT Platform only pushes' });
    });
    c.on('sendable', (ctx: EventContext) => {
      const cons = this.consumers.get(ctx.connection);
      if (cons) this.pump(cons.consumerGroupId);
    });
    c.on('accepted', (ctx: EventContext) => this.settled(ctx, 'accepted'));
    c.on('released', (ctx: EventContext) => this.settled(ctx, 'released'));
    c.on('rejected', (ctx: EventContext) => this.settled(ctx, 'rejected'));
    c.on('modified', (ctx: EventContext) => this.settled(ctx, 'modified'));
    c.on('disconnected', (ctx: EventContext) => this.onGone(ctx.connection));
    c.on('connection_close', (ctx: EventContext) => this.onGone(ctx.connection));
    c.on('connection_error', () => undefined);
    c.on('error', () => undefined);
    this.server = c.listen({
      port: 0,
      host: this.cfg.host,
      transport: 'tls',
      key: this.tlsMaterial.keyPem,
      cert: this.tlsMaterial.certPem,
      require_sasl: true,
    } as never) as unknown as net.Server;
    await new Promise<void>((resolve, reject) => {
      this.server!.once('listening', () => resolve());
      this.server!.once('error', reject);
    });
    this.port = (this.server.address() as net.AddressInfo).port;
  }

  async stop(): Promise<void> {
    for (const t of this.timers) clearTimeout(t);
    this.timers.clear();
    for (const cons of this.consumers.values()) {
      clearTimeout(cons.attachTimer);
      (cons.connection as Connection & { socket?: net.Socket }).socket?.destroy();
    }
    this.consumers.clear();
    const s = this.server;
    this.server = undefined;
    if (s) await new Promise<void>((r) => s.close(() => r()));
  }

  reset(): void {
    for (const q of this.queues.values()) q.length = 0;
    this.dropped = 0;
  }

  private later(ms: number, fn: () => void): void {
    const t = setTimeout(() => {
      this.timers.delete(t);
      fn();
    }, ms);
    this.timers.add(t);
  }

  /** SASL PLAIN check; the reason for a refusal goes to the record. */
  private login(username: string, password: string): boolean {
    const a = this.cfg.amqp;
    const refuse = (reason: string, detail?: Record<string, unknown>) => {
      this.record.add('amqp', 'login-refused', username.split('|')[0], { reason, ...detail });
      return false;
    };
    const sts = (authId: string) => a.sts.find((s) => s.accessKey === authId);
    const v = verifyAliyunAmqpLogin(username, password, (authId) => (authId === a.accessKey ? a.accessSecret : sts(authId)?.accessSecret));
    if (!v.ok) return refuse(v.reason, { detail: v.detail });
    const p = v.params;
    if (v.clientId.length < 1 || v.clientId.length > 64) return refuse('client-id-length');
    if (p.authMode === 'aksign' && p.authId !== a.accessKey) return refuse('aksign-needs-account-access-key');
    if (p.authMode === 'ststoken') {
      const entry = sts(p.authId);
      if (!entry || entry.securityToken !== p.securityToken) return refuse('security-token-unknown');
    }
    const ts = Number(p.timestamp);
    if (!Number.isFinite(ts) || Math.abs(this.clock.now() - ts) > a.timestampWindowMs) return refuse('timestamp-out-of-window', { timestamp: p.timestamp });
    if (!p.consumerGroupId || !this.queues.has(p.consumerGroupId)) return refuse('consumer-group-unknown', { consumerGroupId: p.consumerGroupId });
    if (p.iotInstanceId && p.iotInstanceId !== a.iotInstanceId) return refuse('instance-unknown', { iotInstanceId: p.iotInstanceId });
    this.logins.set(username, { clientId: v.clientId, consumerGroupId: p.consumerGroupId });
    return true;
  }

  private onOpen(ctx: EventContext): void {
    const conn = ctx.connection;
    const username = (conn as Connection & { sasl_transport?: { username?: string } }).sasl_transport?.username ?? '';
    const login = this.logins.get(username);
    this.logins.delete(username);
    if (!login) {
      conn.close({ condition: 'amqp:unauthorized-access', description: 'not authenticated' });
      return;
    }
    const idle = Number(conn.remote.open?.idle_time_out ?? 0);
    const a = this.cfg.amqp;
    if (!(idle >= a.minIdleTimeoutMs && idle <= a.maxIdleTimeoutMs)) {
      this.record.add('amqp', 'idle-timeout-refused', login.clientId, { idleTimeOut: idle });
      conn.close({ condition: 'amqp:invalid-field', description: `idle-time-out must be ${a.minIdleTimeoutMs}-${a.maxIdleTimeoutMs} ms (got ${idle})` });
      return;
    }
    const cons: Consumer = { connection: conn, clientId: login.clientId, consumerGroupId: login.consumerGroupId, unsettled: new Map() };
    this.consumers.set(conn, cons);
    this.record.add('amqp', 'connected', login.clientId, { consumerGroupId: login.consumerGroupId, idleTimeOut: idle });
    cons.attachTimer = setTimeout(() => {
      if (cons.sender || !this.consumers.has(conn)) return;
      this.record.add('amqp', 'no-receiver-link', cons.clientId, { afterMs: a.attachTimeoutMs });
      conn.close({ condition: 'amqp:connection:forced', description: `no receiver link within ${a.attachTimeoutMs / 1000} s` });
    }, a.attachTimeoutMs);
  }

  private onReceiverLink(ctx: EventContext): void {
    const cons = this.consumers.get(ctx.connection);
    const sender = ctx.sender!;
    if (!cons) {
      sender.close({ condition: 'amqp:unauthorized-access', description: 'connection not accepted' });
      return;
    }
    if (cons.sender) {
      this.record.add('amqp', 'second-receiver-refused', cons.clientId);
      sender.close({ condition: 'amqp:resource-limit-exceeded', description: 'only one receiver link per connection' });
      return;
    }
    cons.sender = sender;
    clearTimeout(cons.attachTimer);
    this.record.add('amqp', 'receiver-attached', cons.clientId);
    this.pump(cons.consumerGroupId);
  }

  private onGone(conn: Connection): void {
    const cons = this.consumers.get(conn);
    if (!cons) return;
    this.consumers.delete(conn);
    clearTimeout(cons.attachTimer);
    // rhea raises outcome events on its next output, which never comes when the peer settles and closes
    // in one go: read the remote outcome from each delivery instead.
    const pending = [...cons.unsettled.entries()].filter(([d]) => remoteOutcome(d) !== 'accepted').map(([, item]) => item);
    cons.unsettled.clear();
    this.record.add('amqp', 'disconnected', cons.clientId, { unsettled: pending.length });
    if (pending.length) this.redeliverLater(cons.consumerGroupId, pending);
  }

  private settled(ctx: EventContext, outcome: 'accepted' | 'released' | 'rejected' | 'modified'): void {
    const cons = this.consumers.get(ctx.connection);
    const d = ctx.delivery;
    if (!cons || !d) return;
    const item = cons.unsettled.get(d);
    if (!item) return;
    cons.unsettled.delete(d);
    if (outcome === 'accepted') return;
    this.record.add('amqp', `delivery-${outcome}`, cons.clientId, { messageId: item.messageId });
    this.redeliverLater(cons.consumerGroupId, [item]);
  }

  private redeliverLater(group: string, items: AmqpPush[]): void {
    this.later(this.faults.redeliveryDelayMs, () => {
      const q = this.queues.get(group);
      if (!q) return;
      q.unshift(...items);
      this.record.add('amqp', 'redelivery', undefined, { consumerGroupId: group, count: items.length });
      this.pump(group);
    });
  }

  /** A device message for every consumer group (fleet and tests push here). */
  push(item: AmqpPush): void {
    const send = () => {
      for (const shaped of this.shaper.push(item)) {
        for (const [group, q] of this.queues) {
          q.push(shaped);
          if (q.length > this.cfg.amqp.backlogLimit) {
            q.shift();
            this.dropped++;
          }
          this.pump(group);
        }
      }
    };
    if (this.faults.latencyMs > 0) this.later(this.faults.latencyMs, send);
    else send();
  }

  /**
   * Deferred: rhea writes our attach frame after the current input is processed, and a transfer must
   * never precede it (proton closes with "no such handle").
   */
  private pump(group: string): void {
    if (this.pumpScheduled.has(group)) return;
    this.pumpScheduled.add(group);
    setImmediate(() => {
      this.pumpScheduled.delete(group);
      this.pumpNow(group);
    });
  }

  private pumpNow(group: string): void {
    const q = this.queues.get(group);
    if (!q || q.length === 0) return;
    const ready = [...this.consumers.values()].filter((c) => c.consumerGroupId === group && c.sender && c.sender.is_open());
    if (ready.length === 0) return;
    let i = this.rr.get(group) ?? 0;
    let idle = 0;
    while (q.length > 0 && idle < ready.length) {
      const cons = ready[i++ % ready.length];
      if (!cons.sender!.sendable()) {
        idle++;
        continue;
      }
      idle = 0;
      const item = q.shift()!;
      const d = cons.sender!.send({
        application_properties: { topic: item.topic, messageId: item.messageId, generateTime: item.generateTime },
        body: rhea.message.data_section(item.body),
      });
      cons.unsettled.set(d, item);
    }
    this.rr.set(group, i % ready.length);
  }

  private find(clientId: string): Consumer | undefined {
    for (const c of this.consumers.values()) if (c.clientId === clientId) return c;
    return undefined;
  }

  dropClient(clientId: string): boolean {
    const c = this.find(clientId);
    if (!c) return false;
    this.record.add('amqp', 'fault-drop', clientId);
    (c.connection as Connection & { socket?: net.Socket }).socket?.destroy();
    return true;
  }

  stallClient(clientId: string, ms: number): boolean {
    const c = this.find(clientId);
    const sock = c && (c.connection as Connection & { socket?: net.Socket }).socket;
    if (!sock) return false;
    this.record.add('amqp', 'fault-stall', clientId, { ms });
    sock.pause();
    this.later(ms, () => sock.resume());
    return true;
  }
}

function remoteOutcome(d: Delivery): string | undefined {
  const x = d as Delivery & { remote_settled?: boolean; remote_state?: { constructor?: { composite_type?: string } } };
  return x.remote_settled ? x.remote_state?.constructor?.composite_type : undefined;
}
