/** The part of ali-ons (RocketMQ 4.x remoting client with Alibaba Cloud auth) Fieldscope and its tests use. */
declare module 'ali-ons' {
  import type { EventEmitter } from 'node:events';

  export interface OnsLogger {
    info(...args: unknown[]): void;
    warn(...args: unknown[]): void;
    error(...args: unknown[]): void;
    debug(...args: unknown[]): void;
  }

  export interface ClientOptions {
    /** Name server `host:port` or a list; with it, onsAddr (an HTTP address server) is never asked. */
    nameSrv?: string | string[];
    onsAddr?: string;
    /** Required by the library even with nameSrv (it is only used to fetch onsAddr). */
    httpclient: unknown;
    accessKeyId?: string;
    accessKeySecret?: string;
    accessKey?: string;
    secretKey?: string;
    namespace?: string;
    instanceName?: string;
    clientIP?: string;
    logger?: OnsLogger;
    responseTimeout?: number;
    pollNameServerInteval?: number;
    heartbeatBrokerInterval?: number;
    persistConsumerOffsetInterval?: number;
    rebalanceInterval?: number;
  }

  export interface ConsumerOptions extends ClientOptions {
    consumerGroup: string;
    isBroadcast?: boolean;
    consumeFromWhere?: 'CONSUME_FROM_LAST_OFFSET' | 'CONSUME_FROM_FIRST_OFFSET' | 'CONSUME_FROM_TIMESTAMP';
    /** yyyyMMddHHmmss, local time */
    consumeTimestamp?: string;
    maxReconsumeTimes?: number;
    pullBatchSize?: number;
    parallelConsumeLimit?: number;
    brokerSuspendMaxTimeMillis?: number;
    consumerTimeoutMillisWhenSuspend?: number;
    pullTimeDelayMillsWhenException?: number;
    persistent?: boolean;
  }

  export interface ProducerOptions extends ClientOptions {
    producerGroup?: string;
    sendMsgTimeout?: number;
    retryTimesWhenSendFailed?: number;
  }

  export class Message {
    constructor(topic: string, tags: string | null, body: string | Buffer);
    topic: string;
    tags: string | null;
    keys: string[] | string;
    body: Buffer;
    msgId: string;
    queueId: number;
    queueOffset: number;
    commitLogOffset: number;
    bornTimestamp: number;
    bornHost: string;
    storeTimestamp: number;
    storeHost: string;
    reconsumeTimes: number;
    sysFlag: number;
    flag: number;
    properties: Record<string, string | null>;
    readonly retryTopic: string | undefined;
    readonly originMessageId: string | undefined;
  }

  export interface MessageQueue {
    topic: string;
    brokerName: string;
    queueId: number;
    key: string;
  }

  export class Consumer extends EventEmitter {
    static ACTION_RETRY: symbol;
    constructor(options: ConsumerOptions);
    ready(): Promise<void>;
    subscribe(topic: string, subExpression: string, handler: (msg: Message, mq: MessageQueue) => Promise<unknown>): void;
    close(): Promise<void>;
    readonly consumerGroup: string;
    readonly processQueueTable: Map<string, { messageQueue: MessageQueue; processQueue: { msgCount: number } }>;
  }

  export interface SendResult {
    sendStatus: string;
    msgId: string;
    messageQueue: MessageQueue;
    queueOffset: number;
  }

  export class Producer extends EventEmitter {
    constructor(options: ProducerOptions);
    ready(): Promise<void>;
    send(msg: Message): Promise<SendResult>;
    close(): Promise<void>;
  }
}
