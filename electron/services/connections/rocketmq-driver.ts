import { createRequire } from 'node:module';
import type * as Ons from 'ali-ons';
import type { RocketmqProfile } from '../../../shared/contract/profiles.contract';
import type { ExplainPart } from '../../../shared/vendors/explain-part';
import { said } from '../../../shared/vendors/explain-en';
import { kindDescriptor } from '../../../shared/vendors/kinds';
import type { RocketmqConnectCredentials } from '../../../shared/vendors/kinds';
import { explainRefusalParts } from '../../../shared/vendors/refusal-explanations';
import { ResponseCode } from '../../../shared/rocketmq/remoting-codes';
import { AppError } from '../../../shared/contract/define';
import type { ConnectionDriver, DriverContext, DriverFactory } from './driver';
import { incomingFromOns } from './rocketmq-message';
import { readRocketmqDiagnostics } from './rocketmq-diagnostics';
import type { RocketmqDiagnostics } from '../../../shared/contract/rocketmq.contract';

// ali-ons is CommonJS; loaded on first use so a build without RocketMQ profiles never pays for it.
const require = createRequire(import.meta.url);
const loadOns = () => require('ali-ons') as typeof Ons;

/** Codes after which retrying the same request cannot help: the profile or the console must change. */
const REFUSALS: ReadonlySet<number> = new Set([
  ResponseCode.NO_PERMISSION,
  ResponseCode.SUBSCRIPTION_GROUP_NOT_EXIST,
  ResponseCode.TOPIC_NOT_EXIST,
  ResponseCode.SUBSCRIPTION_PARSE_FAILED,
]);

/** ali-ons asserts an HTTP client; with nameSrv set it never asks the (Alibaba) address server. */
const NO_ADDRESS_SERVER = { request: () => Promise.reject(new Error('Fieldscope gives name servers directly; no address server is asked')) };
const QUIET = { info() {}, warn() {}, error() {}, debug() {} };

/**
 * ali-ons makes one process-wide "default producer" (used only when a send-back to %RETRY% fails) from the
 * first consumer's options, and with no error listener its failures are printed to the console. Made here
 * first, with a listener, so its errors stay out of stdout/stderr (the consumer reports the same ones).
 */
function quietDefaultProducer(options: Ons.ConsumerOptions): void {
  const MQProducer = require('ali-ons/lib/producer/mq_producer') as {
    defaultProducer?: { on(e: string, f: () => void): void };
    new (o: object): { on(e: string, f: () => void): void };
  };
  if (MQProducer.defaultProducer) return;
  const p = new MQProducer({ ...options, producerGroup: 'CLIENT_INNER_PRODUCER', instanceName: `fieldscope-inner-${process.pid}` });
  p.on('error', () => undefined);
  MQProducer.defaultProducer = p;
}

const CONSUME_FROM = { latest: 'CONSUME_FROM_LAST_OFFSET', earliest: 'CONSUME_FROM_FIRST_OFFSET', timestamp: 'CONSUME_FROM_TIMESTAMP' } as const;

/** yyyyMMddHHmmss in local time, as ali-ons parses consumeTimestamp. */
function onsTimestamp(ms: number): string {
  const d = new Date(ms);
  const p = (n: number) => String(n).padStart(2, '0');
  return `${d.getFullYear()}${p(d.getMonth() + 1)}${p(d.getDate())}${p(d.getHours())}${p(d.getMinutes())}${p(d.getSeconds())}`;
}

/**
 * A RocketMQ 4.x consumer through ali-ons (Alibaba's Node client for the TCP remoting protocol with the
 * AccessKey signature): one push consumer per connection, its own client instance, messages into the store
 * with every attribute. The library re-routes, re-heartbeats and re-pulls by itself; refusals it reports as
 * errors are explained per vendor in the protocol log, and the ones no retry can fix set the state to refused.
 */
class RocketmqDriver implements ConnectionDriver {
  readonly protocol = 'rocketmq' as const;
  private consumer: Ons.Consumer | undefined;
  private closed = false;
  private refused = false;
  private reported = new Map<string, number>();
  /** hold mode: store seq -> the consumption outcome the library waits for. */
  private held = new Map<number, (retry: boolean) => void>();

  constructor(private readonly ctx: DriverContext) {}

  private get profile(): RocketmqProfile {
    return this.ctx.profile as RocketmqProfile;
  }

  async connect(): Promise<void> {
    const p = this.profile;
    this.ctx.setState({ status: 'connecting', attempt: 1 });
    let creds: RocketmqConnectCredentials;
    try {
      const secretKey = p.accessKey ? await this.ctx.getSecret('secretKey') : null;
      creds = kindDescriptor('rocketmq').connect(p as never, {
        secrets: secretKey ? { secretKey } : {},
        now: this.ctx.now(),
        randomClientId: () => '',
      }) as RocketmqConnectCredentials;
      if (p.accessKey && !creds.secretKey)
        throw new AppError(
          'missing-secret',
          `Profile "${p.name}" has no SecretKey for AccessKey ${p.accessKey}.`,
          'Enter the SecretKey (slot secretKey), or clear the AccessKey for a broker without ACL.',
        );
      if (p.startPoint === 'timestamp' && p.startTimestamp === undefined)
        throw new AppError('rocketmq-config', 'The start point is a timestamp but none is set.', 'Enter the time to start from, or choose latest or earliest.');
    } catch (err) {
      const e = err instanceof AppError ? err : new AppError('rocketmq-config', (err as Error).message);
      this.ctx.log({ dir: 'local', type: 'error', summary: e.message, explanation: e.hint });
      this.ctx.setState({ status: 'refused', reason: e.message, explanation: e.hint });
      throw e;
    }
    const nameSrv = [`${p.host}:${p.port}`, ...p.moreNameServers];
    const options: Ons.ConsumerOptions = {
      nameSrv,
      httpclient: NO_ADDRESS_SERVER,
      consumerGroup: p.consumerGroupId,
      isBroadcast: p.messageModel === 'broadcasting',
      consumeFromWhere: CONSUME_FROM[p.startPoint],
      // One client instance per connection: ali-ons shares clients per clientIP@instanceName in a process.
      instanceName: `fieldscope-${this.ctx.connectionId}`,
      logger: QUIET,
      namespace: p.namespace,
    };
    if (p.startPoint === 'timestamp' && p.startTimestamp !== undefined) options.consumeTimestamp = onsTimestamp(p.startTimestamp);
    if (creds.accessKey) {
      options.accessKeyId = creds.accessKey;
      options.accessKeySecret = creds.secretKey;
    }
    const { Consumer } = loadOns();
    quietDefaultProducer(options);
    const consumer = new Consumer(options);
    this.consumer = consumer;
    consumer.on('error', (err: Error & { code?: number }) => this.onError(err));
    const topic = this.topic;
    consumer.on(`topic_${topic}_queue_changed`, () => this.logQueues(topic));
    const retry = Consumer.ACTION_RETRY;
    consumer.subscribe(p.topic, p.tagExpression || '*', async (m) => {
      if (this.closed) return;
      const msg = incomingFromOns(m, this.ctx.connectionId, this.ctx.now(), consumer.consumerGroup);
      if (p.ackMode === 'hold') msg.settlement = 'unsettled';
      let seq: number;
      try {
        seq = this.ctx.sink.ingest(msg);
      } catch (err) {
        // Kept for redelivery rather than lost: the broker hands it back through %RETRY%.
        this.ctx.log({ dir: 'local', type: 'error', summary: `a received message could not be stored (${(err as Error).message})` });
        throw err;
      }
      if (p.ackMode !== 'hold') return;
      const failed = await new Promise<boolean>((resolve) => this.held.set(seq, resolve));
      return failed ? retry : undefined;
    });
    const acl = creds.accessKey ? `, signed as AccessKey ${creds.accessKey} (SecretKey ••••••, OnsChannel ALIYUN)` : ', unsigned (no AccessKey)';
    this.ctx.log({
      dir: 'local',
      type: 'event',
      summary: `consumer ${p.consumerGroupId} (${p.messageModel}) on ${p.topic} [${p.tagExpression || '*'}] from ${p.startPoint} via name server ${nameSrv.join(';')}${acl}`,
    });
    // Not awaited: the library's start (routes, heartbeat, rebalance) takes a while, and whoever opens several
    // connections in turn (the sandbox's first start) must not wait for this one. The state says when it is up.
    consumer.ready().then(
      () => {
        if (!this.refused && !this.closed) this.ctx.setState({ status: 'connected', attempt: 1 });
      },
      (err: Error) => this.onError(err),
    );
  }

  private logQueues(topic: string): void {
    const c = this.consumer;
    if (!c) return;
    const queues = [...c.processQueueTable.values()]
      .filter((x) => x.messageQueue.topic === topic)
      .map((x) => `${x.messageQueue.brokerName}/${x.messageQueue.queueId}`);
    this.ctx.log({
      dir: 'in',
      type: 'rebalance',
      summary: `queues assigned to this client: ${queues.length ? queues.join(', ') : 'none'}`,
      detail: { topic, queues },
    });
  }

  private onError(err: Error & { code?: number }): void {
    if (this.closed) return;
    const code = typeof err.code === 'number' ? err.code : undefined;
    const message = err.message.replace(/^MQPushConsumer occurred an error\s*/, '');
    if (code === ResponseCode.QUERY_NOT_FOUND) {
      // Not a refusal: the group has no committed offset for a queue yet, so the start point applies.
      this.ctx.log({ dir: 'in', type: 'QUERY_CONSUMER_OFFSET', summary: `no committed offset for this group yet: starting from ${this.profile.startPoint}` });
      return;
    }
    // The library repeats a failing request on every pull/rebalance round: one line per distinct failure a minute.
    const key = `${code}:${message.replace(/queueId: \d+/, '')}`;
    const last = this.reported.get(key);
    const now = this.ctx.now();
    if (last !== undefined && now - last < 60_000) return;
    this.reported.set(key, now);
    let parts: ExplainPart[] = [];
    try {
      parts = explainRefusalParts({ kind: 'rocketmq', phase: 'connect', code, message, profile: this.profile });
    } catch {
      // no words for this one
    }
    const words = said(parts);
    this.ctx.log({ dir: 'in', type: 'error', summary: code !== undefined ? `${code}: ${message}` : message, ...words, detail: { code } });
    if (code !== undefined && REFUSALS.has(code)) {
      this.refused = true;
      this.ctx.setState({ status: 'refused', reason: message, ...words });
    }
  }

  async rocketmqDiagnostics(): Promise<RocketmqDiagnostics> {
    const c = this.consumer;
    if (!c || this.closed)
      throw new AppError('not-connected', 'This RocketMQ connection is not open.', 'Open the connection; the diagnostics are read from its running consumer.');
    const p = this.profile;
    return readRocketmqDiagnostics(c, {
      connectionId: this.ctx.connectionId,
      topic: this.topic,
      broadcasting: p.messageModel === 'broadcasting',
      now: () => this.ctx.now(),
    });
  }

  /** The subscribed topic as the broker names it (with the instance's namespace). */
  private get topic(): string {
    const p = this.profile;
    return p.namespace && !p.topic.startsWith(p.namespace) ? `${p.namespace}%${p.topic}` : p.topic;
  }

  unsettledCount(): number {
    return this.held.size;
  }

  /** hold mode: accept = consumed; reject/release/modify = consumption failed (redelivered through %RETRY%). */
  async settle(seqs: number[], outcome: 'accept' | 'reject' | 'release' | 'modify'): Promise<number> {
    let n = 0;
    for (const seq of seqs) {
      const resolve = this.held.get(seq);
      if (!resolve) continue;
      this.held.delete(seq);
      this.ctx.sink.updateSettlement?.(
        seq,
        outcome === 'accept' ? 'accepted' : outcome === 'reject' ? 'rejected' : outcome === 'release' ? 'released' : 'modified',
      );
      resolve(outcome !== 'accept');
      n++;
    }
    if (n)
      this.ctx.log({
        dir: 'out',
        type: outcome === 'accept' ? 'CONSUME_SUCCESS' : 'RECONSUME_LATER',
        summary: `${n} message(s) ${outcome === 'accept' ? 'consumed' : 'failed: sent back to %RETRY% for redelivery'}`,
      });
    return n;
  }

  async close(): Promise<void> {
    if (this.closed) return;
    this.closed = true;
    // Held messages were not consumed: they go back to the group (redelivered later), nothing is lost.
    for (const [seq, resolve] of this.held) {
      this.ctx.sink.updateSettlement?.(seq, 'released');
      resolve(true);
    }
    this.held.clear();
    const c = this.consumer;
    this.consumer = undefined;
    if (c) {
      // ali-ons persists offsets on close; an unreachable broker must not hold the app.
      await Promise.race([c.close().catch(() => undefined), new Promise((r) => setTimeout(r, 5000).unref())]);
    }
    this.ctx.setState({ status: 'closed' });
  }
}

export const createRocketmqDriver: DriverFactory = (ctx) => new RocketmqDriver(ctx);
