import type { AmqpFace } from './amqp-face';
import { every, systemClock, type Clock } from '../core/clock';
import { type FaultState } from './fault-state';
import type { HuaweiFace } from './huawei-face';
import type { MqFace } from './mq-face';
import type { RocketMqFace } from './rocketmq/rocketmq-face';
import { SIM_PUSH_TYPES } from '../../../shared/rocketmq/sim-push-messages';
import { TAOBAO_MESSAGE_TYPES } from '../../../shared/rocketmq/taobao-messages';
import { Prng } from './prng';
import type { SandboxClock } from './sandbox-clock';
import type { SandboxConfig } from './sandbox-config';
import type { SandboxRecord } from './sandbox-record';

/**
 * A simulated fleet whose traffic shows on every face: telemetry (JSON and binary), devices going online
 * and offline (some crash without DISCONNECT, some flap onto a new channel before the old one is cleaned
 * up), IoT Platform status messages that arrive out of order, IoT SIM pushes [seed 000] and Taobao-style
 * business messages [seed 003]. Deterministic for a given seed.
 */
interface Device {
  name: string;
  clientId: string;
  online: boolean;
  channelId: string;
  seq: number;
  lastChange: number;
  /** Position in the fleet (0-based): which cloud the device reports through. */
  index: number;
}

export { SIM_PUSH_TYPES };
/** Where the IoT SIM service and the Taobao sync service write from (bornHost of their messages). */
const SIM_SERVICE_HOST = '100.100.36.17:10911';
const TAOBAO_SERVICE_HOST = '100.100.52.3:10911';

export interface FleetFaces {
  mq?: MqFace;
  amqp?: AmqpFace;
  huawei?: HuaweiFace;
  rocketmq?: RocketMqFace;
}

export class Fleet {
  private devices: Device[] = [];
  // One stream per timer, so a seed reproduces each kind of traffic whatever the timers' interleaving.
  private rnd: Prng;
  private simRnd: Prng;
  private tbRnd: Prng;
  private idRnd: Prng;
  private timers: Array<{ stop(): void }> = [];
  private cursor = 0;
  private msgCounter = 0;
  private heldStatus: { topic: string; body: Buffer; generateTime: number }[] = [];
  private readonly groupId: string;
  private readonly parent: string;

  constructor(
    private readonly cfg: SandboxConfig,
    private readonly clock: SandboxClock,
    private readonly record: SandboxRecord,
    private readonly faults: FaultState,
    private readonly faces: FleetFaces,
    /** Timers (tests drive a manual clock to compare what two runs of a seed send). */
    private readonly timerClock: Clock = systemClock,
  ) {
    this.rnd = new Prng(cfg.seed);
    this.simRnd = new Prng(cfg.seed + 1);
    this.tbRnd = new Prng(cfg.seed + 2);
    this.idRnd = new Prng(cfg.seed + 3);
    this.groupId = cfg.mq.groups.find((g) => g.groupId === 'GID_fleet')?.groupId ?? cfg.mq.groups[0]?.groupId ?? 'GID_fleet';
    this.parent = cfg.mq.parentTopics[0] ?? 'fieldscope';
    this.build();
  }

  get size(): number {
    return this.devices.length;
  }

  get onlineCount(): number {
    return this.devices.filter((d) => d.online).length;
  }

  private build(): void {
    this.devices = [];
    for (let i = 1; i <= this.cfg.fleet.devices; i++) {
      const name = `dev-${String(i).padStart(4, '0')}`;
      this.devices.push({ name, clientId: `${this.groupId}@@@${name}`, online: false, channelId: '', seq: 0, lastChange: 0, index: i - 1 });
    }
  }

  start(): void {
    const f = this.cfg.fleet;
    for (const d of this.devices) this.goOnline(d);
    const tickMs = Math.max(10, Math.floor(f.telemetryIntervalMs / Math.max(1, this.devices.length)));
    const c = this.timerClock;
    this.timers.push(
      every(c, tickMs, () => this.tick()),
      every(c, f.simPushIntervalMs, () => this.simPush()),
      every(c, f.taobaoIntervalMs, () => this.taobao()),
      every(c, f.statusIntervalMs, () => this.flushStatus()),
    );
  }

  stop(): void {
    for (const t of this.timers) t.stop();
    this.timers = [];
  }

  reset(): void {
    this.rnd = new Prng(this.cfg.seed);
    this.simRnd = new Prng(this.cfg.seed + 1);
    this.tbRnd = new Prng(this.cfg.seed + 2);
    this.idRnd = new Prng(this.cfg.seed + 3);
    this.heldStatus = [];
  }

  private messageId(): string {
    // IoT Platform message IDs are long decimal strings
    this.msgCounter++;
    return `${1_700_000_000_000 + this.msgCounter}${String(this.idRnd.int(1_000_000)).padStart(6, '0')}`;
  }

  /** The fleet device a name or Client ID means (the first when none is given), or undefined. */
  findDevice(nameOrClientId?: string): { name: string; clientId: string } | undefined {
    const d = nameOrClientId ? this.devices.find((x) => x.name === nameOrClientId || x.clientId === nameOrClientId) : this.devices[0];
    return d && { name: d.name, clientId: d.clientId };
  }

  /** One step of an on-demand flap (fault-state `flap`): toggles the device, offline with a clean DISCONNECT. */
  private flapStep(): void {
    const req = this.faults.flap;
    if (!req) return;
    const d = this.devices.find((x) => x.name === req.device);
    req.steps--;
    if (req.steps <= 0) this.faults.flap = null;
    if (!d) return;
    if (d.online) this.goOffline(d, false);
    else this.goOnline(d);
  }

  private tick(): void {
    if (this.devices.length === 0) return;
    this.flapStep();
    const d = this.devices[this.cursor++ % this.devices.length];
    const f = this.cfg.fleet;
    if (d.online) {
      this.telemetry(d);
      if (this.rnd.chance(f.flapRate)) this.flap(d);
      else if (this.rnd.chance(f.offlineRate)) this.goOffline(d, this.rnd.chance(f.dropWithoutDisconnectRate));
    } else if (this.rnd.chance(Math.min(1, f.offlineRate * 10))) {
      this.goOnline(d);
    }
  }

  private telemetry(d: Device): void {
    d.seq++;
    const now = this.clock.now();
    const binary = this.rnd.chance(this.cfg.fleet.binaryRatio);
    let payload: Buffer;
    if (binary) {
      // a packed frame: u32 seq, f32 temperature, f32 humidity, u8 battery, plus every byte class (incl. NUL, 0xff)
      payload = Buffer.alloc(16);
      payload.writeUInt32BE(d.seq, 0);
      payload.writeFloatBE(15 + this.rnd.next() * 20, 4);
      payload.writeFloatBE(30 + this.rnd.next() * 50, 8);
      payload.writeUInt8(this.rnd.int(101), 12);
      payload.writeUInt8(0, 13);
      payload.writeUInt8(0xff, 14);
      payload.writeUInt8(0x7f, 15);
    } else {
      payload = Buffer.from(
        JSON.stringify({
          deviceId: d.name,
          seq: d.seq,
          ts: now,
          temperature: Math.round((15 + this.rnd.next() * 20) * 10) / 10,
          humidity: Math.round((30 + this.rnd.next() * 50) * 10) / 10,
          battery: this.rnd.int(101),
        }),
      );
    }
    // Each device reports through one cloud (MQ for IoT, IoT Platform or IoTDA), as a real fleet does: the
    // default profiles of the three then show three distinct streams rather than each reading three times.
    // Only the faces that run take part, so a sandbox with one face still sends every reading there.
    const clouds = (['mq', 'amqp', 'huawei'] as const).filter((c) => this.faces[c]);
    const cloud = clouds[d.index % Math.max(1, clouds.length)];
    if (cloud === 'mq') this.faces.mq?.publish(`${this.parent}/telemetry/${d.name}`, payload, 1);
    else if (cloud === 'amqp') this.iotPlatformTelemetry(d, payload, now);
    // IoTDA property reports are JSON: binary frames have no place there.
    else if (cloud === 'huawei' && !binary) this.huaweiTelemetry(d, payload, now);
  }

  private iotPlatformTelemetry(d: Device, payload: Buffer, now: number): void {
    const outOfOrder = this.rnd.chance(this.cfg.amqp.outOfOrderRate);
    const item = {
      topic: `/${this.cfg.amqp.productKey}/${d.name}/user/update`,
      body: payload,
      messageId: this.messageId(),
      generateTime: outOfOrder ? now - 1000 - this.rnd.int(10_000) : now,
    };
    this.faces.amqp?.push(item);
    if (this.rnd.chance(this.cfg.amqp.duplicateRate)) this.faces.amqp?.push(item);
  }

  private huaweiTelemetry(d: Device, payload: Buffer, now: number): void {
    this.faces.huawei?.push({
      resource: 'device.property',
      event: 'report',
      event_time: huaweiTime(now),
      notify_data: {
        header: { app_id: 'sandbox-app', device_id: `sandbox_${d.name}`, node_id: d.name, product_id: 'sandbox-product', gateway_id: `sandbox_${d.name}` },
        body: { services: [{ service_id: 'telemetry', properties: JSON.parse(payload.toString()) as unknown, event_time: huaweiTime(now) }] },
      },
    });
  }

  private goOnline(d: Device): void {
    d.online = true;
    d.channelId = this.rnd.hex(32);
    d.lastChange = this.clock.now();
    this.faces.mq?.syntheticOnline.set(d.clientId, 1);
    this.faces.mq?.presence(this.groupId, d.clientId, 'connect', d.channelId);
    this.status(d, 'online');
  }

  private goOffline(d: Device, crash: boolean): void {
    d.online = false;
    this.faces.mq?.syntheticOnline.delete(d.clientId);
    if (!crash) this.faces.mq?.presence(this.groupId, d.clientId, 'disconnect', d.channelId);
    const tcpcleanAt = this.clock.now();
    this.faces.mq?.presence(this.groupId, d.clientId, 'tcpclean', d.channelId, tcpcleanAt);
    this.record.add('fleet', crash ? 'device-crashed' : 'device-offline', d.clientId, { channelId: d.channelId, tcpcleanAt });
    this.status(d, 'offline');
  }

  /** Reconnect on a new channel; the old channel's tcpclean arrives after the new connect. */
  private flap(d: Device): void {
    const old = d.channelId;
    d.channelId = this.rnd.hex(32);
    const now = this.clock.now();
    this.faces.mq?.presence(this.groupId, d.clientId, 'connect', d.channelId, now);
    this.faces.mq?.presence(this.groupId, d.clientId, 'tcpclean', old, now + 1);
    this.record.add('fleet', 'device-flap', d.clientId, { oldChannelId: old, channelId: d.channelId });
    this.status(d, 'offline', now - 1);
    this.status(d, 'online', now);
  }

  /** IoT Platform device status message; some are held back and released out of order. */
  private status(d: Device, status: 'online' | 'offline', at = this.clock.now()): void {
    const pk = this.cfg.amqp.productKey;
    const body = Buffer.from(
      JSON.stringify({
        status,
        iotId: `sandbox${d.name.replace('-', '')}`,
        productKey: pk,
        deviceName: d.name,
        time: localTime(at),
        utcTime: new Date(at).toISOString(),
        lastTime: localTime(d.lastChange || at),
        utcLastTime: new Date(d.lastChange || at).toISOString(),
        clientIp: `10.0.${this.rnd.int(255)}.${this.rnd.int(255)}`,
      }),
    );
    const msg = { topic: `/as/mqtt/status/${pk}/${d.name}`, body, generateTime: at };
    if (this.rnd.chance(Math.max(this.cfg.amqp.outOfOrderRate, 0.3))) {
      this.heldStatus.push(msg);
      return;
    }
    this.faces.amqp?.push({ ...msg, messageId: this.messageId() });
  }

  private flushStatus(): void {
    const held = this.heldStatus.reverse();
    this.heldStatus = [];
    for (const m of held) this.faces.amqp?.push({ ...m, messageId: this.messageId() });
  }

  private simPush(): void {
    const type = this.simRnd.pick(SIM_PUSH_TYPES);
    const iccid = `8986${String(this.simRnd.int(1e9)).padStart(9, '0')}${String(this.simRnd.int(1e7)).padStart(7, '0')}`;
    const now = this.clock.now();
    const detail: Record<string, unknown> = { messageType: type, iccid, time: now };
    let key = iccid;
    switch (type) {
      case 'CARD_STATUS_CHANGE':
        Object.assign(detail, { oldStatus: 'TESTING', newStatus: this.simRnd.pick(['ACTIVE', 'STOPPED', 'DEACTIVATED']) });
        break;
      case 'FLOW_USAGE_PER_MONTH':
        Object.assign(detail, { usedFlowKb: this.simRnd.int(5_000_000), month: new Date(now).toISOString().slice(0, 7) });
        break;
      case 'INTERFACE_INVOKE':
        Object.assign(detail, { api: this.simRnd.pick(['StopCard', 'ResumeCard', 'ModifyCardAlias']), success: this.simRnd.chance(0.9) });
        break;
      case 'POOL_REST':
        Object.assign(detail, { poolId: 'pool-sandbox', restFlowGb: 10 * this.simRnd.int(100) });
        key = 'pool-sandbox';
        break;
      case 'SAME_FLOW_USAGE_PERCENT':
        Object.assign(detail, { poolId: 'pool-same-tier', restPercent: this.simRnd.int(100) });
        key = 'pool-same-tier';
        break;
    }
    const body = Buffer.from(JSON.stringify(detail));
    this.faces.mq?.publish(`${this.parent}/iotsim/${type}`, body, 1);
    // The real delivery path [seed 000]: the IoT SIM service writes to the user's RocketMQ 4.x topic, tag = type.
    this.faces.rocketmq?.publish(this.cfg.rocketmq.topics.simPush, { tags: type, keys: [key], body, bornHost: SIM_SERVICE_HOST });
  }

  private taobao(): void {
    const t = this.tbRnd.pick(TAOBAO_MESSAGE_TYPES);
    const name = t.names[0];
    const now = this.clock.now();
    const tid = 1_000_000_000_000 + this.tbRnd.int(1e9);
    const body = Buffer.from(JSON.stringify({ topic: name, user_nick: `sandbox_shop_${this.tbRnd.int(20)}`, tid, modified: localTime(now) }));
    this.faces.mq?.publish(`${this.parent}/taobao/${t.business}`, body, 1);
    // Message sync [seed 003] writes to a system topic per business type; the TOP message name is the tag.
    const topic = this.cfg.rocketmq.topics.taobao.find((x) => x === t.topic) ?? this.cfg.rocketmq.topics.taobao[0];
    if (topic) this.faces.rocketmq?.publish(topic, { tags: name, keys: [String(tid)], body, bornHost: TAOBAO_SERVICE_HOST });
  }
}

function pad(n: number, w = 2): string {
  return String(n).padStart(w, '0');
}

/** `yyyy-MM-dd HH:mm:ss.SSS` in local time, as the IoT Platform's status messages carry. */
export function localTime(ms: number): string {
  const d = new Date(ms);
  return `${d.getFullYear()}-${pad(d.getMonth() + 1)}-${pad(d.getDate())} ${pad(d.getHours())}:${pad(d.getMinutes())}:${pad(d.getSeconds())}.${pad(d.getMilliseconds(), 3)}`;
}

/** Huawei push timestamps: `yyyyMMdd'T'HHmmss'Z'`. */
export function huaweiTime(ms: number): string {
  return new Date(ms).toISOString().replace(/[-:]/g, '').replace(/\.\d+/, '');
}
