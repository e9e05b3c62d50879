import type { StoreStats } from '../../../shared/contract/messages.contract';
import type { IncomingMessage, MessageSink } from './incoming-message';

/** Service `messages`: the bounded store in main, for drivers (ingest) and taps (presence, captures). */
export interface MessageService extends MessageSink {
  ingest(msg: IncomingMessage): number;
  updateSettlement(seq: number, settlement: IncomingMessage['settlement']): void;
  /** Called synchronously for every stored message; keep it cheap. Returns the unsubscribe function. */
  onIngest(listener: (msg: IncomingMessage, seq: number) => void): () => void;
  get(seq: number): (IncomingMessage & { seq: number }) | undefined;
  stats(): StoreStats;
  /** Forgets the messages of one connection (all when omitted). */
  clear(connectionId?: string): void;
}
