import { createRequire } from 'node:module';
import type * as MqHttpSdk from '@aliyunmq/mq-http-sdk';
import type { MQConsumer, MqHttpError, MqHttpMessage } from '@aliyunmq/mq-http-sdk';
import { AppError } from '../../../shared/contract/define';
import type { ConnectionStatus } from '../../../shared/contract/connections.contract';
import type { RocketmqHttpProfile } from '../../../shared/contract/profiles.contract';
import { said } from '../../../shared/vendors/explain-en';
import { part, type ExplainPart } from '../../../shared/vendors/explain-part';
import { kindDescriptor, type RocketmqHttpConnectCredentials } from '../../../shared/vendors/kinds';
import { readSecrets } from '../vendors/connect-credentials';
import type { ConnectionDriver, DriverContext, DriverFactory } from './driver';
import { incomingFromMqHttp } from './rocketmq-http-message';

// The SDK is CommonJS; loaded on first use so a session without RocketMQ HTTP profiles never pays for it.
const require = createRequire(import.meta.url);
const loadSdk = () => require('@aliyunmq/mq-http-sdk') as typeof MqHttpSdk;

type Outcome = 'accept' | 'reject' | 'release' | 'modify';

/** Service codes a retry cannot fix: the profile (or the console) must change first. */
const FATAL: ReadonlySet<string> = new Set([
  'SignatureDoesNotMatch',
  'InvalidAccessKeyId',
  'AccessDenied',
  'TopicNotExist',
  'InstanceNotExist',
  'GroupNotExist',
  'SubscriptionNotExist',
  'InvalidArgument',
  'InvalidQueryString',
  'InvalidRequestURL',
]);
/** Codes with their own explanation; the service says SubscriptionNotExist for an unknown Group ID. */
const EXPLAINED: Readonly<Record<string, string>> = {
  SignatureDoesNotMatch: 'SignatureDoesNotMatch',
  InvalidAccessKeyId: 'InvalidAccessKeyId',
  AccessDenied: 'AccessDenied',
  TopicNotExist: 'TopicNotExist',
  InstanceNotExist: 'InstanceNotExist',
  GroupNotExist: 'GroupNotExist',
  SubscriptionNotExist: 'GroupNotExist',
  TimeExpired: 'TimeExpired',
};

/**
 * RocketMQ 4.x over Alibaba's MQ HTTP protocol, through the official `@aliyunmq/mq-http-sdk`: a loop of long
 * polls for one topic / Group ID / tag, each message into the store with its RocketMQ attributes. auto acks
 * each batch by receipt handle; manual and hold keep the handles until the user acks (an un-acked message
 * comes back after NextConsumeTime with ConsumedTimes + 1, which is what the redelivery shows).
 */
export class RocketmqHttpDriver implements ConnectionDriver {
  readonly protocol = 'rocketmq' as const;
  private readonly profile: RocketmqHttpProfile;
  private closed = false;
  private failures = 0;
  private consumer?: MQConsumer;
  private endpoint = '';
  /** Receipt handles of held messages by store seq (manual/hold). */
  private held = new Map<number, string>();
  private retryTimer?: NodeJS.Timeout;
  private wake?: () => void;

  constructor(private readonly ctx: DriverContext) {
    if (ctx.profile.kind !== 'rocketmq-http') throw new AppError('wrong-protocol', `Profile "${ctx.profile.name}" is not a RocketMQ HTTP profile.`);
    this.profile = ctx.profile;
    ctx.disposables.add(() => this.close());
  }

  /** Resolves on the first answer from the service (messages or "none yet"); rejects on a refusal. */
  async connect(): Promise<void> {
    if (this.closed) throw new AppError('closed', 'This connection was closed; open it again.');
    const p = this.profile;
    const secrets = await readSecrets(p, (s) => this.ctx.getSecret(s));
    const creds = kindDescriptor('rocketmq-http').connect(p, { secrets, now: this.ctx.now(), randomClientId: () => '' }) as RocketmqHttpConnectCredentials;
    this.endpoint = creds.endpoint;
    const { MQClient } = loadSdk();
    this.consumer = new MQClient(creds.endpoint, creds.accessKeyId, creds.accessKeySecret).getConsumer(p.instanceId, p.topic, p.groupId, p.tag || undefined);
    this.setState('connecting', { attempt: 1 });
    this.log(
      'local',
      'event',
      `consuming ${p.topic} as ${p.groupId}${p.tag ? ` (tag ${p.tag})` : ''} from ${creds.endpoint}${p.instanceId ? ` instance ${p.instanceId}` : ''}, AccessKey ${p.accessKey}, secret ••••••; ack mode ${p.ackMode}`,
    );
    await new Promise<void>((resolve, reject) => void this.loop({ resolve, reject }));
  }

  async close(): Promise<void> {
    if (this.closed) return;
    this.closed = true;
    clearTimeout(this.retryTimer);
    this.wake?.();
    // A long poll in flight ends by itself; what it brings is neither stored nor acked, so it comes back.
    if (this.held.size) this.log('local', 'event', `${this.held.size} un-acked message(s) come back to the group after NextConsumeTime`);
    this.held.clear();
    this.setState('closed');
  }

  unsettledCount(): number {
    return this.held.size;
  }

  /** accept = ack by receipt handle; the other outcomes leave the message to come back (the protocol has no nack). */
  async settle(seqs: number[], outcome: Outcome): Promise<number> {
    const picked = seqs.filter((s) => this.held.has(s));
    if (!picked.length || !this.consumer) return 0;
    const handles = picked.map((s) => this.held.get(s)!);
    for (const s of picked) this.held.delete(s);
    if (outcome !== 'accept') {
      for (const s of picked) this.ctx.sink.updateSettlement?.(s, 'released');
      this.log('local', 'event', `${picked.length} message(s) not acked: they come back after NextConsumeTime`);
      return picked.length;
    }
    const failed = await this.ack(handles);
    let n = 0;
    picked.forEach((s, i) => {
      // A refused handle belongs to a delivery that is over (the message was handed out again, or will be).
      if (failed.has(handles[i]!)) return this.ctx.sink.updateSettlement?.(s, 'released');
      this.ctx.sink.updateSettlement?.(s, 'accepted');
      n++;
    });
    return n;
  }

  private async loop(first?: { resolve: () => void; reject: (e: unknown) => void }): Promise<void> {
    const p = this.profile;
    while (!this.closed) {
      let batch: MqHttpMessage[] = [];
      try {
        // The first request waits at most 1 s: it proves endpoint, signature, topic and group without holding
        // connections.open for a whole long poll on a quiet topic.
        batch = (await this.consumer!.consumeMessage(p.batchSize, first ? 1 : p.waitSeconds)).body;
      } catch (err) {
        const e = err as MqHttpError;
        if (e.Code !== 'MessageNotExist') {
          if (this.closed) return;
          const stop = this.failed(e);
          if (first) {
            if (stop) first.reject(new AppError('refused', e.Code ? `${e.Code}: ${this.serviceMessage(e)}` : e.message));
            else first.resolve();
            first = undefined;
          }
          if (stop) return;
          await this.backoff();
          continue;
        }
      }
      if (this.closed) return;
      if (this.failures || first) this.setState('connected');
      this.failures = 0;
      first?.resolve();
      first = undefined;
      if (batch.length) await this.ingest(batch);
    }
  }

  private async ingest(batch: MqHttpMessage[]): Promise<void> {
    const auto = this.profile.ackMode === 'auto';
    const now = this.ctx.now();
    const handles: string[] = [];
    for (const m of batch) {
      const msg = incomingFromMqHttp(m, this.ctx.connectionId, this.profile.topic, now, this.profile.groupId);
      msg.settlement = auto ? 'accepted' : 'unsettled';
      try {
        const seq = this.ctx.sink.ingest(msg);
        if (auto) handles.push(m.ReceiptHandle);
        else this.held.set(seq, m.ReceiptHandle);
      } catch (err) {
        // Not acked: the service delivers it again after NextConsumeTime.
        this.log('local', 'error', `message ${m.MessageId} could not be stored (${(err as Error).message}); not acked, it comes back`);
      }
    }
    this.log('in', 'messages', `${batch.length} message(s) on ${this.profile.topic}${auto ? '' : `; ${this.held.size} held un-acked`}`, {
      msgIds: batch.map((m) => m.MessageId).slice(0, 16),
      consumedTimes: batch.map((m) => Number(m.ConsumedTimes)).slice(0, 16),
    });
    if (auto && handles.length) await this.ack(handles);
  }

  /** Acks by receipt handle; returns the handles the service refused (too late, or not the current delivery). */
  private async ack(handles: string[]): Promise<Set<string>> {
    const failed = new Set<string>();
    try {
      const r = await this.consumer!.ackMessage(handles);
      // Some handles refused: the SDK hands over the service's <Error> entries (one is not wrapped in a list).
      const refused = r.body === undefined ? [] : Array.isArray(r.body) ? r.body : [r.body as unknown as { ErrorCode: string; ReceiptHandle: string }];
      for (const f of refused) failed.add(f.ReceiptHandle);
      const codes = [...new Set(refused.map((f) => f.ErrorCode))].join(', ');
      this.log(
        'out',
        'ack',
        `ack ${handles.length} receipt handle(s)${failed.size ? `: ${failed.size} refused (${codes}); those messages come back after NextConsumeTime` : ''}`,
      );
    } catch (err) {
      for (const h of handles) failed.add(h);
      const e = err as MqHttpError;
      this.log('local', 'error', `ack failed: ${e.Code ?? e.message}; the messages come back after NextConsumeTime`);
    }
    return failed;
  }

  /** Reports a failed consume; true when retrying cannot help (or the reconnect policy says stop). */
  private failed(e: MqHttpError): boolean {
    const p = this.profile;
    const code = e.Code;
    const fatal = code !== undefined && FATAL.has(code);
    const known = code !== undefined ? EXPLAINED[code] : undefined;
    const explain: ExplainPart =
      code === undefined
        ? part('rocketmq-http.network', { endpoint: this.endpoint, message: e.message })
        : known
          ? part(`rocketmq-http.${known}`, { accessKey: p.accessKey, topic: p.topic, instanceId: p.instanceId, group: p.groupId })
          : part('rocketmq-http.other', { code, message: this.serviceMessage(e) });
    const words = said([explain]);
    const reason = code ?? e.message;
    this.log('in', 'error', `${reason}${code ? `: ${this.serviceMessage(e)}` : ''}`, { code, requestId: e.RequestId }, words);
    this.failures++;
    const giveUp = fatal || !p.reconnect.enabled || (p.reconnect.maxAttempts > 0 && this.failures >= p.reconnect.maxAttempts);
    if (fatal) this.setState('refused', { reason, ...words });
    else if (giveUp) this.setState('closed', { reason, ...words });
    else this.setState('reconnecting', { reason, ...words, attempt: this.failures + 1, retryInMs: this.delay() });
    return giveUp;
  }

  /** The service's message out of the SDK's error text (`… ErrorMsg: <message>`). */
  private serviceMessage(e: MqHttpError): string {
    return /ErrorMsg: (.*)$/s.exec(e.message)?.[1] ?? e.message;
  }

  private delay(): number {
    const r = this.profile.reconnect;
    return Math.min(r.maxDelayMs, r.initialDelayMs * 2 ** Math.max(0, this.failures - 1));
  }

  private backoff(): Promise<void> {
    return new Promise((resolve) => {
      this.wake = resolve;
      this.retryTimer = setTimeout(resolve, this.delay());
    });
  }

  private setState(
    status: ConnectionStatus,
    extra: { attempt?: number; retryInMs?: number; reason?: string; explanation?: string; explanationParts?: ExplainPart[] } = {},
  ): void {
    this.ctx.setState({ status, since: this.ctx.now(), ...extra });
  }

  private log(
    dir: 'in' | 'out' | 'local',
    type: string,
    summary: string,
    detail?: Record<string, unknown>,
    words?: { explanation?: string; explanationParts?: ExplainPart[] },
  ): void {
    this.ctx.log({ dir, type, summary, ...(detail ? { detail } : {}), ...(words ?? {}) });
  }
}

export const createRocketmqHttpDriver: DriverFactory = (ctx) => new RocketmqHttpDriver(ctx);
