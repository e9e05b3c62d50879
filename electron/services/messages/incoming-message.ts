import type { AmqpSections, RocketmqAttributes } from '../../../shared/contract/messages.contract';

/** A received message as drivers hand it to the store: payload bytes exactly as they came off the wire. */
export interface IncomingMessage {
  connectionId: string;
  protocol: 'mqtt' | 'amqp' | 'rocketmq';
  arrivedAt: number;
  topic: string;
  payload: Buffer;
  qos?: number;
  retain?: boolean;
  dup?: boolean;
  mqttProperties?: Record<string, unknown>;
  /** AMQP application-properties messageId / generateTime, lifted out for the columns. */
  messageId?: string;
  generateTime?: number;
  amqp?: AmqpSections;
  rocketmq?: RocketmqAttributes;
  settlement?: 'accepted' | 'rejected' | 'released' | 'modified' | 'unsettled';
  redelivered?: boolean;
}

/** Where drivers put messages. Returns the store seq assigned to the message. */
export interface MessageSink {
  ingest(msg: IncomingMessage): number;
  /** AMQP: a held delivery was settled later. */
  updateSettlement?(seq: number, settlement: IncomingMessage['settlement']): void;
}
