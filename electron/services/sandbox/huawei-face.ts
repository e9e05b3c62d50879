import net from 'node:net';
import tls from 'node:tls';
import type { Duplex } from 'node:stream';
import { Aedes, type Client, type PublishPacket, type Subscription } from 'aedes';
import { parseHuaweiUsername } from '../../../shared/vendors/huawei-iotda-signature';
import { sameSignature } from '../../../shared/vendors/hmac';
import type { SandboxClock } from './sandbox-clock';
import type { SandboxConfig } from './sandbox-config';
import type { SandboxRecord } from './sandbox-record';
import type { TlsMaterial } from './tls-material';
import { MqttTap } from './mqtt-tap';

/**
 * Huawei Cloud IoTDA application-side MQTT access [seed 001]: TLS, username
 * `accessKey=..|timestamp=..|instanceId=..` checked against the sandbox clock (±5 min), the access code as
 * password, at most 10 connections per accessKey, rule hits pushed on the forwarding topic.
 */
function authError(returnCode: 4 | 5, message: string) {
  const err = new Error(message) as Error & { returnCode: number };
  err.returnCode = returnCode;
  return err as never;
}

export class HuaweiFace {
  port = 0;
  broker!: Aedes;
  private server: tls.Server | undefined;
  private perKey = new Map<string, Set<Client>>();
  private keyOf = new WeakMap<Client, string>();
  private taps = new WeakMap<Client, MqttTap>();

  constructor(
    private readonly cfg: SandboxConfig,
    private readonly clock: SandboxClock,
    private readonly record: SandboxRecord,
    private readonly tlsMaterial: TlsMaterial,
  ) {}

  get clientCount(): number {
    let n = 0;
    for (const s of this.perKey.values()) n += s.size;
    return n;
  }

  async start(): Promise<void> {
    const h = this.cfg.huawei;
    this.broker = await Aedes.createBroker({
      maxClientsIdLength: 65535,
      authenticate: (client, username, password, done) => {
        const refuse = (code: 4 | 5, reason: string, detail: Record<string, unknown> = {}) => {
          this.record.add('huawei', 'connect-refused', client.id, { reason, returnCode: code, ...detail });
          done(authError(code, reason), null);
        };
        const parsed = parseHuaweiUsername(username ?? '');
        if (!parsed) return refuse(4, 'username-format');
        if (parsed.accessKey !== h.accessKey) return refuse(4, 'access-key-unknown');
        if (h.instanceId && parsed.instanceId && parsed.instanceId !== h.instanceId) return refuse(4, 'instance-unknown');
        const skew = parsed.timestamp - this.clock.now();
        if (Math.abs(skew) > h.timestampWindowMs) return refuse(4, 'timestamp-out-of-window', { skewMs: skew });
        if (!password || !sameSignature(password.toString('utf8'), h.accessCode)) return refuse(4, 'access-code-wrong');
        const set = this.perKey.get(parsed.accessKey) ?? new Set<Client>();
        const replacing = [...set].some((c) => c.id === client.id);
        if (!replacing && set.size >= h.maxConnectionsPerAccessKey) return refuse(5, 'too-many-connections', { limit: h.maxConnectionsPerAccessKey });
        set.add(client);
        this.perKey.set(parsed.accessKey, set);
        this.keyOf.set(client, parsed.accessKey);
        this.record.add('huawei', 'connected', client.id);
        done(null as never, true);
      },
      authorizeSubscribe: (client: Client, sub: Subscription, cb) => {
        if (sub.topic !== h.forwardingTopic && !sub.topic.startsWith(`${h.forwardingTopic}/`)) {
          this.record.add('huawei', 'subscribe-refused', client.id, { topic: sub.topic });
          return cb(null, null);
        }
        cb(null, sub);
      },
      authorizePublish: (client, packet, cb) => {
        if (!client) return cb(null);
        this.record.add('huawei', 'publish-refused', client.id, { topic: packet.topic });
        cb(new Error('the application side only receives'));
      },
    });
    this.broker.on('clientDisconnect', (c) => this.forget(c));
    this.broker.on('clientError', (c) => this.forget(c));
    this.broker.on('connectionError', () => undefined);
    this.server = tls.createServer({ key: this.tlsMaterial.keyPem, cert: this.tlsMaterial.certPem }, (socket) => {
      const tap = new MqttTap(socket as Duplex, () => undefined);
      const client = this.broker.handle(tap);
      this.taps.set(client, tap);
      tap.on('close', () => this.forget(client));
    });
    this.server.on('tlsClientError', () => undefined);
    await new Promise<void>((resolve, reject) => {
      this.server!.once('error', reject);
      this.server!.listen(0, this.cfg.host, () => resolve());
    });
    this.port = (this.server.address() as net.AddressInfo).port;
  }

  private forget(client: Client): void {
    const key = this.keyOf.get(client);
    if (key) this.perKey.get(key)?.delete(client);
  }

  async stop(): Promise<void> {
    await new Promise<void>((r) => (this.broker ? this.broker.close(() => r()) : r()));
    const s = this.server;
    this.server = undefined;
    if (s) await new Promise<void>((r) => s.close(() => r()));
    this.perKey.clear();
  }

  /** A rule hit, pushed on the forwarding topic. */
  push(body: unknown): void {
    if (!this.broker || this.broker.closed) return;
    const payload = Buffer.from(JSON.stringify(body));
    this.broker.publish(
      { cmd: 'publish', topic: this.cfg.huawei.forwardingTopic, payload, qos: 0, retain: false, dup: false } as PublishPacket,
      () => undefined,
    );
  }

  private find(clientId: string): Client | undefined {
    const c = this.broker && clientsOf(this.broker)[clientId];
    return c && !c.closed ? c : undefined;
  }

  dropClient(clientId: string): boolean {
    const c = this.find(clientId);
    if (!c) return false;
    this.record.add('huawei', 'fault-drop', clientId);
    (this.taps.get(c) ?? (c.conn as Duplex)).destroy();
    return true;
  }

  stallClient(clientId: string, ms: number): boolean {
    const c = this.find(clientId);
    const tap = c && this.taps.get(c);
    if (!tap) return false;
    this.record.add('huawei', 'fault-stall', clientId, { ms });
    tap.stall(ms);
    return true;
  }
}

/** aedes keeps connected clients by ID; its typings do not expose the map. */
function clientsOf(b: Aedes): Record<string, Client | undefined> {
  return (b as unknown as { clients: Record<string, Client | undefined> }).clients;
}
