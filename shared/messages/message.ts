import type { AmqpSections, RocketmqAttributes } from '../contract/messages.contract';

/**
 * A received message: the one type from the driver through the store (and into a capture file) to the row.
 * The payload is the bytes exactly as they came off the wire (a Buffer in main, hence the parameter).
 */
export interface Message<P extends Uint8Array = Uint8Array> {
  connectionId: string;
  protocol: 'mqtt' | 'amqp' | 'rocketmq';
  arrivedAt: number;
  topic: string;
  payload: P;
  /** The store's sequence number, once stored. */
  seq?: number;
  qos?: number;
  retain?: boolean;
  dup?: boolean;
  /** MQTT 5 PUBLISH properties as received. */
  mqttProperties?: Record<string, unknown>;
  /** AMQP application-properties messageId / generateTime, lifted out for the columns. */
  messageId?: string;
  generateTime?: number;
  amqp?: AmqpSections;
  /** RocketMQ 4.x: msgId, tags, keys, queue, offsets, timestamps, hosts, reconsumeTimes, properties. */
  rocketmq?: RocketmqAttributes;
  settlement?: 'accepted' | 'rejected' | 'released' | 'modified' | 'unsettled';
  redelivered?: boolean;
}
