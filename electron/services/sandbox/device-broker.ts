import net from 'node:net';
import tls from 'node:tls';
import type { Duplex } from 'node:stream';
import { Aedes, type AuthenticateError, type Client, type PublishPacket, type Subscription } from 'aedes';
import { MqttTap } from './mqtt-tap';
import type { TlsMaterial } from './tls-material';

/**
 * The MQTT plumbing the device faces share: an aedes broker behind a plain TCP and/or a TLS listener, which
 * tells each hook the transport a client came in on (IoT Platform devices must name it in their ClientId).
 * The faces keep the rules; this keeps the sockets.
 */
export type DeviceTransport = 'tcp' | 'tls';

export type RefuseCode = 2 | 4 | 5;

export interface DeviceBrokerHooks {
  /** Returns undefined to accept, or the CONNACK code and a machine-readable reason to refuse. */
  authenticate(client: Client, username: string, password: string, transport: DeviceTransport): { code: RefuseCode; reason: string } | undefined;
  authorizePublish(client: Client, packet: PublishPacket, cb: (err?: Error | null) => void): void;
  authorizeSubscribe(client: Client, sub: Subscription): Subscription | null;
  onGone?(client: Client): void;
}

export class DeviceBroker {
  broker!: Aedes;
  ports: Partial<Record<DeviceTransport, number>> = {};
  private servers: net.Server[] = [];
  private transports = new WeakMap<Client, DeviceTransport>();
  private taps = new WeakMap<Client, MqttTap>();
  private live = new Set<Client>();
  private fromPlatform = new WeakSet<Buffer>();
  private addresses = new WeakMap<Client, string>();

  constructor(
    private readonly host: string,
    private readonly tlsMaterial: TlsMaterial,
    private readonly hooks: DeviceBrokerHooks,
  ) {}

  get clientCount(): number {
    return this.live.size;
  }

  async start(transports: DeviceTransport[]): Promise<void> {
    const h = this.hooks;
    this.broker = await Aedes.createBroker({
      maxClientsIdLength: 65535,
      authenticate: (client, username, password, done) => {
        const refusal = h.authenticate(client, username ?? '', password ? password.toString('utf8') : '', this.transports.get(client) ?? 'tcp');
        if (!refusal) {
          this.live.add(client);
          return done(null, true);
        }
        const err = new Error(refusal.reason) as AuthenticateError;
        err.returnCode = refusal.code;
        done(err, null);
      },
      authorizePublish: (client, packet, cb) => (client ? h.authorizePublish(client, packet, cb) : cb(null)),
      authorizeSubscribe: (client, sub, cb) => cb(null, h.authorizeSubscribe(client, sub)),
      // a device's own publishes go to the platform, never back out to devices (not even itself)
      authorizeForward: (_client, packet) => (this.fromPlatform.has(packet.payload as Buffer) ? packet : null),
    });
    const gone = (c: Client) => {
      if (this.live.delete(c)) h.onGone?.(c);
    };
    this.broker.on('clientDisconnect', gone);
    // a device's bad bytes must never take the sandbox down
    this.broker.on('clientError', gone);
    this.broker.on('connectionError', () => undefined);
    for (const t of transports) {
      const accept = (socket: Duplex) => {
        const tap = new MqttTap(socket, () => undefined);
        const client = this.broker.handle(tap);
        this.transports.set(client, t);
        this.addresses.set(client, (socket as net.Socket).remoteAddress ?? '');
        this.taps.set(client, tap);
        tap.on('close', () => gone(client));
      };
      const server = t === 'tls' ? tls.createServer({ key: this.tlsMaterial.keyPem, cert: this.tlsMaterial.certPem }, accept) : net.createServer(accept);
      if (t === 'tls') server.on('tlsClientError', () => undefined);
      this.ports[t] = await new Promise<number>((resolve, reject) => {
        server.once('error', reject);
        server.listen(0, this.host, () => {
          server.off('error', reject);
          resolve((server.address() as net.AddressInfo).port);
        });
      });
      this.servers.push(server);
    }
  }

  async stop(): Promise<void> {
    await new Promise<void>((r) => (this.broker ? this.broker.close(() => r()) : r()));
    await Promise.all(this.servers.map((s) => new Promise<void>((r) => s.close(() => r()))));
    this.servers = [];
    this.live.clear();
  }

  /** The device's IP address as the platform sees it. */
  remoteAddress(client: Client): string {
    return this.addresses.get(client) ?? '';
  }

  /** Cloud-to-device traffic: delivered to whoever subscribed to `topic` (as the platforms do). */
  publish(topic: string, payload: Buffer, qos: 0 | 1 = 0): void {
    if (!this.broker || this.broker.closed) return;
    this.fromPlatform.add(payload);
    this.broker.publish({ cmd: 'publish', topic, payload, qos, retain: false, dup: false } as PublishPacket, () => undefined);
  }

  /** Close a device's connection without a DISCONNECT (fault). */
  drop(clientId: string): boolean {
    for (const c of this.live) {
      if (c.id !== clientId) continue;
      (this.taps.get(c) ?? (c.conn as Duplex)).destroy();
      return true;
    }
    return false;
  }
}
