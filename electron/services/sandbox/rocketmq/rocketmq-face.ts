import { Prop } from '../../../../shared/rocketmq/message-properties';
import type { SandboxClock } from '../sandbox-clock';
import type { SandboxConfig } from '../sandbox-config';
import type { SandboxRecord } from '../sandbox-record';
import { Broker } from './broker';
import { MessageStore, type StoredEntry } from './message-store';
import { nameServerHandler } from './name-server';
import { RemotingServer } from './remoting-server';
import { RocketMqHttpFace } from './http-face';

export interface RocketMqPublish {
  tags?: string;
  keys?: string[];
  properties?: Record<string, string>;
  body: Uint8Array;
  /** The producer's address as the message records it (the cloud service that wrote it). */
  bornHost?: string;
}

/**
 * Message Queue for Apache RocketMQ 4.x on loopback: a name server and one broker on their own ports,
 * the topics of IoT SIM MQ push [seed 000] and Taobao message sync [seed 003], the configured Group IDs,
 * and the instance's AccessKey/SecretKey checked on every broker request.
 */
export class RocketMqFace {
  readonly store: MessageStore;
  readonly broker: Broker;
  private readonly nameServer: RemotingServer;
  private readonly brokerServer: RemotingServer;
  private readonly groups: string[];
  readonly http: RocketMqHttpFace | undefined;

  constructor(
    private readonly cfg: SandboxConfig,
    clock: SandboxClock,
    private readonly record: SandboxRecord,
  ) {
    const r = cfg.rocketmq;
    this.groups = [...r.groupIds];
    this.store = new MessageStore(`${cfg.host}:0`, r.retainPerQueue, () => clock.now());
    for (const t of [r.topics.simPush, ...r.topics.taobao, ...r.topics.other]) this.store.createTopic(t, r.queuesPerTopic);
    this.broker = new Broker(this.store, {
      brokerName: r.brokerName,
      groupIds: () => this.groups,
      secrets: r.acl ? new Map([[r.accessKey, r.secretKey]]) : undefined,
      retryDelayMs: r.retryDelayMs,
      record,
    });
    this.brokerServer = new RemotingServer(cfg.host, (cmd, conn) => this.broker.handle(cmd, conn));
    this.brokerServer.onClose = (conn) => this.broker.connectionClosed(conn);
    this.brokerServer.onProtocolError = (conn, message) => record.add('rocketmq', 'protocol-error', conn.remote, { message });
    this.nameServer = new RemotingServer(
      cfg.host,
      nameServerHandler(
        this.store,
        r.brokerName,
        () => this.brokerServer.address,
        (g) => this.broker.ensureRetryTopic(g),
      ),
    );
    this.nameServer.onProtocolError = (conn, message) => record.add('rocketmq', 'protocol-error', conn.remote, { message });
    if (r.http.enabled) {
      this.http = new RocketMqHttpFace(this.store, {
        host: cfg.host,
        instanceId: r.http.instanceId,
        secrets: new Map([[r.accessKey, r.secretKey]]),
        groupIds: () => this.groups,
        invisibleMs: r.http.invisibleMs,
        record,
      });
    }
  }

  async start(): Promise<void> {
    await this.brokerServer.start();
    // msgIds name the store host: the broker's real port, known only once it listens.
    this.store.storeHost = this.brokerServer.address;
    await this.nameServer.start();
    await this.http?.start();
  }

  async stop(): Promise<void> {
    this.broker.stop();
    await Promise.allSettled([this.nameServer.stop(), this.brokerServer.stop(), this.http?.stop()]);
  }

  reset(): void {
    this.store.clear();
    this.broker.reset();
    this.http?.reset();
  }

  get nameServerAddress(): string {
    return this.nameServer.address;
  }

  get brokerAddress(): string {
    return this.brokerServer.address;
  }

  get clientCount(): number {
    return this.brokerServer.connectionCount;
  }

  /** A message written by a cloud service (the fleet's SIM pushes, Taobao sync) to a topic of this instance. */
  publish(topic: string, m: RocketMqPublish): StoredEntry {
    const properties: Record<string, string> = { ...(m.properties ?? {}) };
    if (m.tags) properties[Prop.TAGS] = m.tags;
    if (m.keys?.length) properties[Prop.KEYS] = m.keys.join(' ');
    properties[Prop.WAIT] = 'true';
    return this.store.append(topic, {
      topic,
      queueId: this.store.nextQueue(topic),
      flag: 0,
      sysFlag: 0,
      bornTimestamp: Date.now(),
      bornHost: m.bornHost ?? '127.0.0.1:0',
      reconsumeTimes: 0,
      properties,
      body: m.body,
    });
  }
}
