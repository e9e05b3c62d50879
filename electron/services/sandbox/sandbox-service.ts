import fs from 'node:fs';
import path from 'node:path';
import type { SandboxDeviceMessage, SandboxEndpoints, SandboxFault, SandboxStatus } from '../../../shared/contract/sandbox.contract';
import { FaultState } from './fault-state';
import { ControlApi } from './control-api';
import { MqFace } from './mq-face';
import { MqTokenStore } from './mq-token-store';
import { SandboxClock } from './sandbox-clock';
import { loadConfigFile, resolveConfig, type SandboxConfig, type SandboxConfigInput } from './sandbox-config';
import { SandboxRecord } from './sandbox-record';
import { TokenService } from './token-service';
import { makeTlsMaterial, type TlsMaterial } from './tls-material';
import { AmqpFace } from './amqp-face';
import { HuaweiFace } from './huawei-face';
import { Fleet } from './fleet';
import { IotDeviceFace } from './iot-device-face';
import { HuaweiDeviceFace } from './huawei-device-face';
import { RocketMqFace } from './rocketmq/rocketmq-face';

export interface SandboxStartOptions {
  /** Config object, or read from this JSON file. */
  config?: SandboxConfigInput;
  configFile?: string;
  /** Override fleet.devices. */
  devices?: number;
  /** Where to write the sandbox CA PEM (profiles point tls.caFile at it). */
  dataDir?: string;
}

/**
 * The local cloud sandbox: MQ for IoT (MQTT), its token service and online query, IoT Platform AMQP,
 * Huawei IoTDA, a simulated fleet and a control API — all in-process, on loopback, on ports the OS picks.
 */
export class SandboxService {
  readonly record = new SandboxRecord();
  readonly tokens = new MqTokenStore();
  readonly clock = new SandboxClock();
  faults = new FaultState(60_000);
  config: SandboxConfig | undefined;
  mq: MqFace | undefined;
  tokenService: TokenService | undefined;
  amqp: AmqpFace | undefined;
  huawei: HuaweiFace | undefined;
  iotDevice: IotDeviceFace | undefined;
  huaweiDevice: HuaweiDeviceFace | undefined;
  rocketmq: RocketMqFace | undefined;
  fleet: Fleet | undefined;
  private control: ControlApi | undefined;
  private tlsMaterial: TlsMaterial | undefined;
  private caFile: string | undefined;
  private startedAt: number | undefined;
  private lastError: string | undefined;
  private starting: Promise<SandboxStatus> | undefined;
  private listeners = new Set<(s: SandboxStatus) => void>();

  get running(): boolean {
    return this.startedAt !== undefined;
  }

  onChange(listener: (s: SandboxStatus) => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  private changed(): void {
    const s = this.status();
    for (const l of this.listeners) l(s);
  }

  async start(opts: SandboxStartOptions = {}): Promise<SandboxStatus> {
    if (this.running) return this.status();
    if (this.starting) return this.starting;
    this.starting = this.doStart(opts).finally(() => (this.starting = undefined));
    return this.starting;
  }

  private async doStart(opts: SandboxStartOptions): Promise<SandboxStatus> {
    try {
      let input: SandboxConfigInput = opts.configFile ? loadConfigFile(opts.configFile) : (opts.config ?? {});
      if (opts.devices !== undefined) input = { ...input, fleet: { ...(input.fleet ?? {}), devices: opts.devices } };
      const cfg = resolveConfig(input);
      this.config = cfg;
      this.clock.offsetMs = cfg.clockOffsetMs;
      this.faults = new FaultState(cfg.amqp.redeliveryDelayMs);
      this.tlsMaterial ??= await makeTlsMaterial();
      if (opts.dataDir) {
        fs.mkdirSync(opts.dataDir, { recursive: true });
        this.caFile = path.join(opts.dataDir, 'sandbox-ca.pem');
        fs.writeFileSync(this.caFile, this.tlsMaterial.caPem);
      }
      if (cfg.mq.enabled) {
        this.mq = new MqFace(cfg, this.clock, this.record, this.tokens, this.tlsMaterial, this.faults);
        await this.mq.start();
      }
      this.tokenService = new TokenService(cfg, this.clock, this.record, this.tokens, () => this.mq, this.faults);
      await this.tokenService.start();
      if (cfg.amqp.enabled) {
        this.amqp = new AmqpFace(cfg, this.clock, this.record, this.tlsMaterial, this.faults);
        await this.amqp.start();
      }
      if (cfg.huawei.enabled) {
        this.huawei = new HuaweiFace(cfg, this.clock, this.record, this.tlsMaterial);
        await this.huawei.start();
      }
      // device faces carry device reports to the server-side faces above
      if (cfg.iotDevice.enabled) {
        this.iotDevice = new IotDeviceFace(cfg, this.clock, this.record, this.tlsMaterial, { amqp: this.amqp });
        await this.iotDevice.start();
      }
      if (cfg.huaweiDevice.enabled) {
        this.huaweiDevice = new HuaweiDeviceFace(cfg, this.clock, this.record, this.tlsMaterial, { huawei: this.huawei });
        await this.huaweiDevice.start();
      }
      if (cfg.rocketmq.enabled) {
        this.rocketmq = new RocketMqFace(cfg, this.clock, this.record);
        await this.rocketmq.start();
      }
      this.control = new ControlApi(this, cfg.host, cfg.control.token);
      await this.control.start();
      if (cfg.fleet.enabled && cfg.fleet.devices > 0) {
        this.fleet = new Fleet(cfg, this.clock, this.record, this.faults, { mq: this.mq, amqp: this.amqp, huawei: this.huawei, rocketmq: this.rocketmq });
        this.fleet.start();
      }
      this.startedAt = Date.now();
      this.lastError = undefined;
      this.record.add('control', 'started');
    } catch (err) {
      this.lastError = (err as Error).message;
      await this.stopFaces();
      throw err;
    }
    this.changed();
    return this.status();
  }

  private async stopFaces(): Promise<void> {
    this.fleet?.stop();
    const parts = [
      this.control?.stop(),
      this.huaweiDevice?.stop(),
      this.iotDevice?.stop(),
      this.huawei?.stop(),
      this.amqp?.stop(),
      this.tokenService?.stop(),
      this.mq?.stop(),
      this.rocketmq?.stop(),
    ];
    await Promise.allSettled(parts.filter((p): p is Promise<void> => p !== undefined));
    this.fleet = undefined;
    this.control = undefined;
    this.huaweiDevice = undefined;
    this.iotDevice = undefined;
    this.huawei = undefined;
    this.amqp = undefined;
    this.tokenService = undefined;
    this.mq = undefined;
    this.rocketmq = undefined;
  }

  async stop(): Promise<SandboxStatus> {
    if (this.starting) await this.starting.catch(() => undefined);
    if (!this.running) return this.status();
    await this.stopFaces();
    this.startedAt = undefined;
    this.record.add('control', 'stopped');
    this.changed();
    return this.status();
  }

  /** Forget state (offline messages, tokens, AMQP backlog, record, clock offset, faults) but keep listening. */
  async reset(): Promise<SandboxStatus> {
    this.tokens.clear();
    this.record.clear();
    this.clock.offsetMs = this.config?.clockOffsetMs ?? 0;
    const d = this.config?.amqp.redeliveryDelayMs ?? 60_000;
    Object.assign(this.faults, { latencyMs: 0, duplicateNext: 0, reorderNext: 0, onlineUnknownNext: 0, redeliveryDelayMs: d });
    this.mq?.reset();
    this.amqp?.reset();
    this.rocketmq?.reset();
    this.fleet?.reset();
    this.record.add('control', 'reset');
    this.changed();
    return this.status();
  }

  /** Applies one fault; `applied` false when its target was not found (e.g. no such client). */
  fault(f: SandboxFault): { applied: boolean; detail?: string } {
    let applied = true;
    let detail: string | undefined;
    switch (f.action) {
      case 'drop-client':
        applied = !!this.face(f.face)?.dropClient(f.clientId);
        break;
      case 'stall-client': {
        const face = this.face(f.face);
        applied = !!face && 'stallClient' in face && face.stallClient(f.clientId, f.ms);
        break;
      }
      case 'latency':
        this.faults.latencyMs = f.ms;
        break;
      case 'duplicate-next':
        this.faults.duplicateNext = f.count;
        break;
      case 'reorder-next':
        this.faults.reorderNext = f.count;
        break;
      case 'expire-token':
      case 'revoke-token': {
        const targets = this.tokens.list().filter((t) => !f.token || t.token === f.token || t.id === f.token);
        for (const t of targets) {
          if (f.action === 'revoke-token') this.tokens.revoke(t.id);
          else this.tokens.expireNow(t.id, this.clock.now());
        }
        applied = targets.length > 0;
        detail = `${targets.length} token(s)`;
        break;
      }
      case 'shift-clock':
        this.clock.shift(f.ms);
        break;
      case 'set-redelivery-delay':
        this.faults.redeliveryDelayMs = f.ms;
        break;
      case 'online-unknown-next':
        this.faults.onlineUnknownNext = f.count;
        break;
      case 'flap-device': {
        const d = this.fleet?.findDevice(f.device);
        applied = !!d;
        // Offline then online per cycle; a device that is offline right now starts by coming online.
        if (d) this.faults.flap = { device: d.name, steps: f.cycles * 2 };
        detail = d ? d.clientId : this.fleet ? `no fleet device "${f.device}"` : 'the fleet is off';
        break;
      }
    }
    this.record.add('control', 'fault', undefined, { ...f, applied });
    this.changed();
    return detail ? { applied, detail } : { applied };
  }

  /** Cloud-to-device traffic; undefined when that device face is not running. */
  sendToDevice(m: SandboxDeviceMessage): { topic: string; requestId: string } | undefined {
    if (m.face === 'iot-device') return this.iotDevice?.propertySet(m.productKey, m.deviceName, m.params);
    if (!this.huaweiDevice) return undefined;
    const requestId = this.huaweiDevice.sendCommand(m.deviceId, { service_id: m.serviceId, command_name: m.commandName, paras: m.paras });
    return { topic: `$oc/devices/${m.deviceId}/sys/commands/request_id=${requestId}`, requestId };
  }

  private face(name: Extract<SandboxFault, { action: 'drop-client' }>['face']) {
    return { mq: this.mq, amqp: this.amqp, huawei: this.huawei, 'iot-device': this.iotDevice, 'huawei-device': this.huaweiDevice }[name];
  }

  endpoints(): SandboxEndpoints | undefined {
    const cfg = this.config;
    if (!cfg || !this.running || !this.tlsMaterial || !this.control) return undefined;
    const host = cfg.host;
    const tokenBase = this.tokenService ? `http://${host}:${this.tokenService.port}` : '';
    const e: SandboxEndpoints = { host, caPem: this.tlsMaterial.caPem, control: { url: this.control.url, token: cfg.control.token } };
    if (this.caFile) e.caFile = this.caFile;
    if (this.mq) {
      e.mq = {
        tcpPort: this.mq.ports.tcp,
        tlsPort: this.mq.ports.tls,
        wsPort: this.mq.ports.ws,
        wssPort: this.mq.ports.wss,
        wsPath: '/mqtt',
        instanceId: cfg.mq.instanceId,
        instanceModes: cfg.mq.instanceModes,
        legacyAuth: cfg.mq.legacyAuth,
        accessKey: cfg.mq.accounts[0].accessKey,
        secretKey: cfg.mq.accounts[0].secretKey,
        deviceCredentials: cfg.mq.deviceCredentials,
        groups: cfg.mq.groups.map((g) => g.groupId),
        parentTopics: cfg.mq.parentTopics,
        tokenServiceUrl: tokenBase,
        onlineQueryUrl: tokenBase,
      };
    }
    if (this.amqp) {
      e.amqp = {
        port: this.amqp.port,
        accessKey: cfg.amqp.accessKey,
        accessSecret: cfg.amqp.accessSecret,
        iotInstanceId: cfg.amqp.iotInstanceId,
        consumerGroupIds: cfg.amqp.consumerGroupIds,
        productKey: cfg.amqp.productKey,
      };
    }
    if (this.huawei) {
      e.huawei = {
        port: this.huawei.port,
        accessKey: cfg.huawei.accessKey,
        accessCode: cfg.huawei.accessCode,
        instanceId: cfg.huawei.instanceId,
        forwardingTopic: cfg.huawei.forwardingTopic,
      };
    }
    if (this.iotDevice) e.iotDevice = { tcpPort: this.iotDevice.ports.tcp, tlsPort: this.iotDevice.ports.tls, devices: cfg.iotDevice.devices };
    if (this.rocketmq) {
      const r = cfg.rocketmq;
      e.rocketmq = {
        nameServer: this.rocketmq.nameServerAddress,
        accessKey: r.accessKey,
        secretKey: r.secretKey,
        acl: r.acl,
        groupIds: r.groupIds,
        topics: { simPush: r.topics.simPush, taobao: r.topics.taobao, other: r.topics.other },
      };
      if (this.rocketmq.http) e.rocketmq.http = { endpoint: this.rocketmq.http.endpoint, instanceId: r.http.instanceId };
    }
    if (this.huaweiDevice) e.huaweiDevice = { port: this.huaweiDevice.port, devices: cfg.huaweiDevice.devices };
    return e;
  }

  status(): SandboxStatus {
    const s: SandboxStatus = {
      running: this.running,
      clockOffsetMs: this.clock.offsetMs,
      faults: this.faults.snapshot(),
      counts: {
        mqClients: this.mq?.clientCount ?? 0,
        amqpConnections: this.amqp?.connectionCount ?? 0,
        huaweiClients: this.huawei?.clientCount ?? 0,
        amqpBacklog: this.amqp?.backlog ?? 0,
        iotDeviceClients: this.iotDevice?.clientCount ?? 0,
        huaweiDeviceClients: this.huaweiDevice?.clientCount ?? 0,
        rocketmqClients: this.rocketmq?.clientCount ?? 0,
      },
    };
    if (this.startedAt !== undefined) s.startedAt = this.startedAt;
    const e = this.endpoints();
    if (e) s.endpoints = e;
    if (this.fleet) s.fleet = { devices: this.fleet.size, online: this.fleet.onlineCount };
    if (this.lastError) s.error = this.lastError;
    return s;
  }
}
