import type { RocketmqDiagnostics } from '../../../shared/contract/rocketmq.contract';
import type { ConnectionState, ProtocolLogEntry, SubscriptionView } from '../../../shared/contract/connections.contract';
import type { Profile, SecretSlot } from '../../../shared/contract/profiles.contract';
import type { DisposableStore } from '../core/disposables';
import type { MessageSink } from '../messages/incoming-message';

/** What the connection manager gives a protocol driver. */
export interface DriverContext {
  connectionId: string;
  profile: Profile;
  /** Reads a secret slot of this profile (keychain, or the sandbox's demo credentials). Main process only. */
  getSecret(slot: SecretSlot): Promise<string | null>;
  sink: MessageSink;
  /** One protocol-log line; secrets must already be masked by the driver. */
  log(entry: Omit<ProtocolLogEntry, 'seq' | 'connectionId' | 'at'> & { at?: number }): void;
  setState(state: Omit<ConnectionState, 'since'> & { since?: number }): void;
  /** Released when the connection closes. */
  disposables: DisposableStore;
  /** Wall clock (ms); injectable so tests and the sandbox clock can shift it. */
  now(): number;
  /** MQTT: the subscriptions to (re)send after every CONNACK (the manager keeps the list). */
  subscriptions?(): Array<{ filter: string; qos: 0 | 1 | 2 }>;
  /** MQTT: what the broker granted for a filter after a (re)subscribe (QoS, or a code >= 0x80). */
  onGranted?(filter: string, granted: number): void;
  /**
   * Runs after every CONNACK and before the subscriptions are re-sent (e.g. MQ for IoT token upload on
   * $SYS/uploadToken, which must be acknowledged before any SUBSCRIBE). It is a gate: the driver holds every
   * other SUBSCRIBE/PUBLISH until it resolves, and drops the connection when it throws. `io` publishes on
   * this connection past the gate.
   */
  afterConnect?(io: AfterConnectIo): Promise<void>;
  /** Before each reconnect attempt (not the first connect): may renew credentials, or hold the reconnect. */
  beforeReconnect?(): Promise<ReconnectVerdict>;
}

/** What an after-connect step may do while the driver holds everything else. */
export interface AfterConnectIo {
  /** Publishes on this connection (QoS 1 resolves on the PUBACK); rejects when it is no longer connected. */
  publish(topic: string, payload: Buffer, qos: 0 | 1): Promise<void>;
  log: DriverContext['log'];
}

export interface ReconnectVerdict {
  proceed: boolean;
  reason?: string;
  explanation?: string;
}

export interface PublishRequest {
  topic: string;
  payload: Buffer;
  qos: 0 | 1 | 2;
  retain: boolean;
  properties?: { contentType?: string; responseTopic?: string; messageExpiryInterval?: number; userProperties?: Record<string, string> };
}

/** One protocol's connection (mqtt.js or rhea), driven by the manager. */
export interface ConnectionDriver {
  readonly protocol: 'mqtt' | 'amqp' | 'rocketmq';
  /** Starts connecting; reconnects by itself per the profile's policy, reporting through setState. */
  connect(): Promise<void>;
  close(): Promise<void>;
  subscribe?(filter: string, qos: 0 | 1 | 2): Promise<Pick<SubscriptionView, 'granted'>>;
  unsubscribe?(filter: string): Promise<void>;
  publish?(req: PublishRequest): Promise<void>;
  /** AMQP manual/hold modes: settle held deliveries by store seq. */
  settle?(seqs: number[], outcome: 'accept' | 'reject' | 'release' | 'modify'): Promise<number>;
  unsettledCount?(): number;
  /** RocketMQ: the consumer's assigned queues, offsets, lag and the group's consumers. */
  rocketmqDiagnostics?(): Promise<RocketmqDiagnostics>;
}

export type DriverFactory = (ctx: DriverContext) => ConnectionDriver;
