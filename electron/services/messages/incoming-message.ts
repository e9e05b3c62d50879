import type { Message } from '../../../shared/messages/message';

/** The message type in main: the shared Message with its payload as a Buffer (see shared/messages/message.ts). */
export type IncomingMessage = Message<Buffer>;

/** Where drivers put messages. Returns the store seq assigned to the message. */
export interface MessageSink {
  ingest(msg: IncomingMessage): number;
  /** AMQP: a held delivery was settled later. */
  updateSettlement?(seq: number, settlement: IncomingMessage['settlement']): void;
}
