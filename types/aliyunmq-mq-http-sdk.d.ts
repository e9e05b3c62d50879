/** The parts of `@aliyunmq/mq-http-sdk` (plain JS, no typings) that Fieldscope and its tests use. */
declare module '@aliyunmq/mq-http-sdk' {
  // CommonJS only (its index picks a build at run time): ESM code must import the default and destructure.
  namespace MqHttpSdk {
    export interface MqHttpResponse<B> {
      code: number;
      requestId: string;
      body: B;
    }
    export interface MqHttpMessage {
      MessageId: string;
      MessageBodyMD5: string;
      MessageBody: string;
      ReceiptHandle: string;
      PublishTime: string;
      FirstConsumeTime: string;
      NextConsumeTime: string;
      ConsumedTimes: string;
      MessageTag?: string;
      MessageKey?: string;
      StartDeliverTime?: number;
      ShardingKey?: string;
      Properties: Record<string, string>;
    }
    /** Errors carry the service's error code (MessageNotExist = nothing to consume). */
    export interface MqHttpError extends Error {
      Code?: string;
      RequestId?: string;
    }
    export class MQClient {
      constructor(endpoint: string, accessKeyId: string, accessKeySecret: string, securityToken?: string);
      getConsumer(instanceId: string, topic: string, consumer: string, messageTag?: string): MQConsumer;
      getProducer(instanceId: string, topic: string): MQProducer;
    }
    export class MQConsumer {
      consumeMessage(numOfMessages: number, waitSeconds?: number): Promise<MqHttpResponse<MqHttpMessage[]>>;
      ackMessage(receiptHandles: string[]): Promise<MqHttpResponse<Array<{ ErrorCode: string; ErrorMessage: string; ReceiptHandle: string }> | undefined>>;
    }
    export class MQProducer {
      publishMessage(body: string, tag?: string, msgProps?: MessageProperties): Promise<MqHttpResponse<{ MessageId: string; MessageBodyMD5: string }>>;
    }
    export class MessageProperties {
      messageKey(key: string): void;
      putProperty(key: string, value: string): void;
      startDeliverTime(ms: number): void;
      getProperties(): Record<string, string>;
    }
  }
  export = MqHttpSdk;
}
