import { randomUUID } from 'node:crypto';
import type { Client, PublishPacket, Subscription } from 'aedes';
import { verifyHuaweiDeviceLogin } from '../../../shared/vendors/huawei-iotda-device-signature';
import { DeviceBroker, type RefuseCode } from './device-broker';
import { huaweiTime } from './fleet';
import type { HuaweiFace } from './huawei-face';
import type { SandboxClock } from './sandbox-clock';
import type { SandboxConfig } from './sandbox-config';
import type { SandboxRecord } from './sandbox-record';
import type { TlsMaterial } from './tls-material';

/**
 * Huawei Cloud IoTDA, device side (MQTT over TLS) [cloud-behaviours §6]: ClientId `<deviceId>_0_<0|1>_<YYYYMMDDHH>`,
 * HMAC-SHA256 recomputed with the shared signer and, for `_1_`, the hour checked against the sandbox clock.
 * A device uses only `$oc/devices/<its id>/...`; its property reports and online/offline status are carried to
 * the application side's data-forwarding topic (huawei-face), and the sandbox can send it commands.
 */
export class HuaweiDeviceFace {
  private net: DeviceBroker;
  private deviceOf = new WeakMap<Client, string>();

  constructor(
    private readonly cfg: SandboxConfig,
    private readonly clock: SandboxClock,
    private readonly record: SandboxRecord,
    tlsMaterial: TlsMaterial,
    private readonly sinks: { huawei?: HuaweiFace },
  ) {
    this.net = new DeviceBroker(cfg.host, tlsMaterial, {
      authenticate: (c, u, p) => this.authenticate(c, u, p),
      authorizePublish: (c, packet, cb) => this.authorizePublish(c, packet, cb),
      authorizeSubscribe: (c, sub) => this.authorizeSubscribe(c, sub),
      onGone: (c) => {
        this.record.add('huawei-device', 'disconnected', c.id);
        const id = this.deviceOf.get(c);
        if (id) this.statusUpdate(id, 'OFFLINE');
      },
    });
  }

  get port(): number {
    return this.net.ports.tls ?? 0;
  }

  get clientCount(): number {
    return this.net.clientCount;
  }

  start(): Promise<void> {
    return this.net.start(['tls']);
  }

  stop(): Promise<void> {
    return this.net.stop();
  }

  dropClient(clientId: string): boolean {
    return this.net.drop(clientId);
  }

  private authenticate(client: Client, username: string, password: string): { code: RefuseCode; reason: string } | undefined {
    const known = this.cfg.huaweiDevice.devices;
    const v = verifyHuaweiDeviceLogin(client.id, username, password, {
      secretFor: (id) => known.find((d) => d.deviceId === id)?.secret,
      now: this.clock.now(),
      toleranceHours: this.cfg.huaweiDevice.timestampToleranceHours,
    });
    if (!v.ok) {
      const code: RefuseCode = v.reason === 'malformed-client-id' ? 2 : 4;
      this.record.add('huawei-device', 'connect-refused', client.id, { reason: v.reason, returnCode: code, detail: v.detail });
      return { code, reason: v.reason };
    }
    this.deviceOf.set(client, v.device.deviceId);
    this.record.add('huawei-device', 'connected', client.id, {
      deviceId: v.device.deviceId,
      checkTimestamp: v.device.checkTimestamp,
      timestamp: v.device.timestamp,
    });
    this.statusUpdate(v.device.deviceId, 'ONLINE');
    return undefined;
  }

  private authorizePublish(client: Client, packet: PublishPacket, cb: (err?: Error | null) => void): void {
    const id = this.deviceOf.get(client);
    if (!id) return cb(new Error('not authenticated'));
    const topic = packet.topic;
    if (!topic.startsWith(`$oc/devices/${id}/`)) {
      this.record.add('huawei-device', 'publish-refused', client.id, { topic });
      return cb(new Error(`topic ${topic} does not belong to ${id}`));
    }
    const payload = Buffer.from(packet.payload as Buffer);
    this.record.add('huawei-device', 'publish', client.id, { topic, qos: packet.qos, bytes: payload.length });
    if (topic === `$oc/devices/${id}/sys/properties/report`) this.propertiesReport(client, id, payload);
    cb(null);
  }

  private authorizeSubscribe(client: Client, sub: Subscription): Subscription | null {
    const id = this.deviceOf.get(client);
    if (!id || !sub.topic.startsWith(`$oc/devices/${id}/`)) {
      this.record.add('huawei-device', 'subscribe-refused', client.id, { filter: sub.topic });
      return null;
    }
    this.record.add('huawei-device', 'subscribe', client.id, { filter: sub.topic, qos: sub.qos });
    return sub;
  }

  /** `{"services":[...]}` becomes a `device.property` / `report` push on the forwarding topic. */
  private propertiesReport(client: Client, deviceId: string, payload: Buffer): void {
    let services: unknown;
    try {
      services = (JSON.parse(payload.toString('utf8')) as { services?: unknown }).services;
    } catch {
      services = undefined;
    }
    if (!Array.isArray(services)) {
      this.record.add('huawei-device', 'report-invalid', client.id, { reason: 'body must be JSON {"services":[...]}' });
      return;
    }
    this.forward(deviceId, 'device.property', 'report', { services });
    this.record.add('huawei-device', 'properties-report', client.id, { services: services.length });
  }

  /** `device.status` / `update` on the forwarding topic when a device goes online or offline. */
  private statusUpdate(deviceId: string, status: 'ONLINE' | 'OFFLINE'): void {
    const at = huaweiTime(this.clock.now());
    this.forward(deviceId, 'device.status', 'update', status === 'ONLINE' ? { status, last_online_time: at } : { status, last_offline_time: at });
  }

  /** A data-forwarding push (huawei-face) with the header IoTDA writes: the device ID is `<productId>_<nodeId>`. */
  private forward(deviceId: string, resource: string, event: string, body: Record<string, unknown>): void {
    const sep = deviceId.indexOf('_');
    const productId = sep > 0 ? deviceId.slice(0, sep) : '';
    const nodeId = sep > 0 ? deviceId.slice(sep + 1) : deviceId;
    this.sinks.huawei?.push({
      resource,
      event,
      event_time: huaweiTime(this.clock.now()),
      notify_data: { header: { app_id: this.cfg.huaweiDevice.appId, device_id: deviceId, node_id: nodeId, product_id: productId, gateway_id: deviceId }, body },
    });
  }

  /** A platform command to a device: `$oc/devices/<id>/sys/commands/request_id=<id>`. Returns the request id. */
  sendCommand(deviceId: string, command: { service_id?: string; command_name: string; paras?: Record<string, unknown> }): string {
    const requestId = randomUUID();
    const body = { object_device_id: deviceId, service_id: command.service_id ?? '', command_name: command.command_name, paras: command.paras ?? {} };
    this.net.publish(`$oc/devices/${deviceId}/sys/commands/request_id=${requestId}`, Buffer.from(JSON.stringify(body)));
    this.record.add('huawei-device', 'command-sent', deviceId, { requestId, command_name: command.command_name });
    return requestId;
  }
}
