import { createHash } from 'node:crypto';
import type { Client, PublishPacket, Subscription } from 'aedes';
import { verifyAliyunIotDeviceLogin } from '../../../shared/vendors/aliyun-iot-device-signature';
import type { AmqpFace } from './amqp-face';
import { DeviceBroker, type DeviceTransport, type RefuseCode } from './device-broker';
import { localTime } from './fleet';
import type { SandboxClock } from './sandbox-clock';
import type { SandboxConfig } from './sandbox-config';
import type { SandboxRecord } from './sandbox-record';
import type { TlsMaterial } from './tls-material';

/**
 * Alibaba Cloud IoT Platform, device side (one secret per device, MQTT) [cloud-behaviours §6]: the ClientId's
 * `|securemode=..,signmethod=..,timestamp=..|` block, the HMAC recomputed with the shared signer, the timestamp
 * against the sandbox clock (a ClientId without one is accepted, as the platform makes it optional; it is then not
 * signed either), securemode 3 on the TCP port and 2 on the TLS port. Refusals: 2 for a malformed ClientId block or
 * a securemode that does not match the port, 4 for an unknown device, a wrong signature or a stale timestamp.
 * A device publishes and subscribes only under its own topics; its property posts are answered on `post_reply`
 * and carried to the server-side AMQP subscription with its online/offline status messages, as the platform's
 * data flow does.
 */
interface Device {
  productKey: string;
  deviceName: string;
}

const CLIENT_ID_REASONS = new Set(['malformed-client-id', 'bad-secure-mode', 'bad-sign-method']);
/** The platform's answer to a malformed Alink request. */
const ALINK_BAD_REQUEST = 460;

export class IotDeviceFace {
  private net: DeviceBroker;
  private devices = new WeakMap<Client, Device>();
  private seq = 0;
  private lastChange = new Map<string, number>();

  constructor(
    private readonly cfg: SandboxConfig,
    private readonly clock: SandboxClock,
    private readonly record: SandboxRecord,
    tlsMaterial: TlsMaterial,
    private readonly sinks: { amqp?: AmqpFace },
  ) {
    this.net = new DeviceBroker(cfg.host, tlsMaterial, {
      authenticate: (c, u, p, t) => this.authenticate(c, u, p, t),
      authorizePublish: (c, packet, cb) => this.authorizePublish(c, packet, cb),
      authorizeSubscribe: (c, sub) => this.authorizeSubscribe(c, sub),
      onGone: (c) => this.gone(c),
    });
  }

  get ports(): { tcp: number; tls: number } {
    return { tcp: this.net.ports.tcp ?? 0, tls: this.net.ports.tls ?? 0 };
  }

  get clientCount(): number {
    return this.net.clientCount;
  }

  start(): Promise<void> {
    return this.net.start(['tcp', 'tls']);
  }

  stop(): Promise<void> {
    return this.net.stop();
  }

  dropClient(clientId: string): boolean {
    return this.net.drop(clientId);
  }

  private authenticate(client: Client, username: string, password: string, transport: DeviceTransport): { code: RefuseCode; reason: string } | undefined {
    const refuse = (code: RefuseCode, reason: string, detail: Record<string, unknown> = {}) => {
      this.record.add('iot-device', 'connect-refused', client.id, { reason, returnCode: code, transport, ...detail });
      return { code, reason };
    };
    const known = this.cfg.iotDevice.devices;
    const v = verifyAliyunIotDeviceLogin(
      client.id,
      username,
      password,
      (pk, dn) => known.find((d) => d.productKey === pk && d.deviceName === dn)?.deviceSecret,
    );
    if (!v.ok) return refuse(CLIENT_ID_REASONS.has(v.reason) ? 2 : 4, v.reason, { detail: v.detail });
    const wantTransport: DeviceTransport = v.device.secureMode === 2 ? 'tls' : 'tcp';
    if (wantTransport !== transport) {
      return refuse(2, 'secure-mode-transport-mismatch', {
        detail: `securemode=${v.device.secureMode} is ${wantTransport.toUpperCase()} direct; this port is ${transport.toUpperCase()}`,
      });
    }
    if (v.device.timestamp !== undefined) {
      const ts = Number(v.device.timestamp);
      const skewMs = Number.isFinite(ts) ? ts - this.clock.now() : Number.NaN;
      if (!(Math.abs(skewMs) <= this.cfg.iotDevice.timestampWindowMs)) {
        return refuse(4, 'timestamp-out-of-window', { timestamp: v.device.timestamp, skewMs, windowMs: this.cfg.iotDevice.timestampWindowMs });
      }
    }
    const d = { productKey: v.productKey, deviceName: v.deviceName };
    this.devices.set(client, d);
    this.record.add('iot-device', 'connected', client.id, { ...d, signMethod: v.device.signMethod, secureMode: v.device.secureMode, transport });
    this.status(client, d, 'online');
    return undefined;
  }

  private gone(client: Client): void {
    this.record.add('iot-device', 'disconnected', client.id);
    const d = this.devices.get(client);
    if (d) this.status(client, d, 'offline');
  }

  /** Device status message on `/as/mqtt/status/<pk>/<dn>`, as the AMQP subscription carries it. */
  private status(client: Client, d: Device, status: 'online' | 'offline'): void {
    const now = this.clock.now();
    const key = `${d.productKey}/${d.deviceName}`;
    const last = this.lastChange.get(key) ?? now;
    this.lastChange.set(key, now);
    const body = {
      status,
      iotId: iotIdOf(d),
      productKey: d.productKey,
      deviceName: d.deviceName,
      time: localTime(now),
      utcTime: new Date(now).toISOString(),
      lastTime: localTime(last),
      utcLastTime: new Date(last).toISOString(),
      clientIp: this.net.remoteAddress(client),
    };
    this.sinks.amqp?.push({
      topic: `/as/mqtt/status/${d.productKey}/${d.deviceName}`,
      body: Buffer.from(JSON.stringify(body)),
      messageId: this.messageId(now),
      generateTime: now,
    });
  }

  /** A device's own topics: `/sys/<pk>/<dn>/...` and `/<pk>/<dn>/user/...`. */
  private owns(d: Device, topic: string): boolean {
    return topic.startsWith(`/sys/${d.productKey}/${d.deviceName}/`) || topic.startsWith(`/${d.productKey}/${d.deviceName}/user/`);
  }

  private authorizePublish(client: Client, packet: PublishPacket, cb: (err?: Error | null) => void): void {
    const d = this.devices.get(client);
    if (!d) return cb(new Error('not authenticated'));
    const topic = packet.topic;
    if (!this.owns(d, topic)) {
      // the platform drops a device that publishes outside its own topics
      this.record.add('iot-device', 'publish-refused', client.id, { topic });
      return cb(new Error(`topic ${topic} does not belong to ${d.deviceName}`));
    }
    const payload = Buffer.from(packet.payload as Buffer);
    this.record.add('iot-device', 'publish', client.id, { topic, qos: packet.qos, bytes: payload.length });
    if (topic === `/sys/${d.productKey}/${d.deviceName}/thing/event/property/post`) this.propertyPost(client, d, payload);
    cb(null);
  }

  private authorizeSubscribe(client: Client, sub: Subscription): Subscription | null {
    const d = this.devices.get(client);
    if (!d || !this.owns(d, sub.topic)) {
      this.record.add('iot-device', 'subscribe-refused', client.id, { filter: sub.topic });
      return null;
    }
    this.record.add('iot-device', 'subscribe', client.id, { filter: sub.topic, qos: sub.qos });
    return sub;
  }

  /** Alink `{id, version, params, method}`: answered on post_reply, then carried to the AMQP subscription. */
  private propertyPost(client: Client, d: Device, payload: Buffer): void {
    const now = this.clock.now();
    let req: { id?: unknown; params?: unknown } | undefined;
    try {
      req = JSON.parse(payload.toString('utf8')) as typeof req;
    } catch {
      req = undefined;
    }
    const id = req && (typeof req.id === 'string' || typeof req.id === 'number') ? String(req.id) : '';
    const params = req?.params;
    const valid = req !== undefined && params !== null && typeof params === 'object' && !Array.isArray(params);
    const reply = valid
      ? { code: 200, data: {}, id, message: 'success', method: 'thing.event.property.post', version: '1.0' }
      : { code: ALINK_BAD_REQUEST, data: {}, id, message: 'request parameter error', method: 'thing.event.property.post', version: '1.0' };
    this.net.publish(`/sys/${d.productKey}/${d.deviceName}/thing/event/property/post_reply`, Buffer.from(JSON.stringify(reply)));
    this.record.add('iot-device', 'property-post', client.id, { id, code: reply.code });
    if (!valid) return;
    const items: Record<string, { value: unknown; time: number }> = {};
    for (const [k, v] of Object.entries(params as Record<string, unknown>)) {
      // a param is either a bare value or {value, time}
      const o = v as { value?: unknown; time?: unknown } | null;
      items[k] = o && typeof o === 'object' && 'value' in o ? { value: o.value, time: typeof o.time === 'number' ? o.time : now } : { value: v, time: now };
    }
    const body = {
      deviceType: 'CustomCategory',
      iotId: iotIdOf(d),
      requestId: id,
      checkFailedData: {},
      productKey: d.productKey,
      gmtCreate: now,
      deviceName: d.deviceName,
      items,
    };
    this.sinks.amqp?.push({
      topic: `/${d.productKey}/${d.deviceName}/thing/event/property/post`,
      body: Buffer.from(JSON.stringify(body)),
      messageId: this.messageId(now),
      generateTime: now,
    });
  }

  /** A platform property set to a device (Alink `thing.service.property.set`); the device answers on `_reply`. */
  propertySet(productKey: string, deviceName: string, params: Record<string, unknown>): { topic: string; requestId: string } {
    const requestId = String(this.seq++);
    const topic = `/sys/${productKey}/${deviceName}/thing/service/property/set`;
    this.net.publish(topic, Buffer.from(JSON.stringify({ id: requestId, version: '1.0', params, method: 'thing.service.property.set' })));
    this.record.add('iot-device', 'property-set-sent', `${productKey}.${deviceName}`, { requestId, params });
    return { topic, requestId };
  }

  /** IoT Platform message IDs are long decimal strings. */
  private messageId(now: number): string {
    return `${now}${String(this.seq++ % 1_000_000).padStart(6, '0')}`;
  }
}

/** A stable opaque device ID, as the platform assigns one per device. */
function iotIdOf(d: Device): string {
  return createHash('sha1').update(`${d.productKey}/${d.deviceName}`).digest('base64url').slice(0, 20);
}
