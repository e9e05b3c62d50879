import type { RemotingCommand } from '../../../../shared/rocketmq/remoting-codec';
import { PullSysFlag, RequestCode, ResponseCode, dlqTopicOf, retryTopicOf, RETRY_TOPIC_PREFIX } from '../../../../shared/rocketmq/remoting-codes';
import { decodeProperties, Prop } from '../../../../shared/rocketmq/message-properties';
import { parseTagExpression } from '../../../../shared/rocketmq/tag-expression';
import { verifyAcl } from '../../../../shared/rocketmq/acl-signature';
import type { SandboxRecord } from '../sandbox-record';
import type { MessageStore } from './message-store';
import type { RemotingConnection, RemotingReply } from './remoting-server';

export interface BrokerOptions {
  brokerName: string;
  /** Known consumer Group IDs (as the console lists them). */
  groupIds: () => readonly string[];
  /** AccessKey -> SecretKey; undefined turns the ACL check off. */
  secrets: ReadonlyMap<string, string> | undefined;
  /** The delay before a sent-back message shows in %RETRY% (the cloud's ladder starts at 10 s; the sandbox is quicker). */
  retryDelayMs: number;
  record: SandboxRecord;
}

interface ConsumerClient {
  clientId: string;
  conn: RemotingConnection;
  messageModel: string;
  topics: string[];
}

const enc = new TextEncoder();
const dec = new TextDecoder();
const json = (v: unknown) => enc.encode(JSON.stringify(v));

/**
 * The broker half of the sandbox RocketMQ face: heartbeats and the consumer table (rebalance reads it),
 * send (V1 and V2 headers), long-polling pull with tag filtering, consumer offsets, send-back to
 * %RETRY%<group> with reconsumeTimes + 1 (then %DLQ%<group>), and the Alibaba ACL signature on every request.
 */
export class Broker {
  private consumers = new Map<string, Map<string, ConsumerClient>>();
  private offsets = new Map<string, number>();
  private timers = new Set<NodeJS.Timeout>();
  private pending = new Set<() => void>();

  constructor(
    private readonly store: MessageStore,
    private readonly opts: BrokerOptions,
  ) {}

  consumerIds(group: string): string[] {
    return [...(this.consumers.get(group)?.keys() ?? [])];
  }

  get consumerCount(): number {
    let n = 0;
    for (const g of this.consumers.values()) n += g.size;
    return n;
  }

  committedOffset(group: string, topic: string, queueId: number): number | undefined {
    return this.offsets.get(`${group}\u0000${topic}\u0000${queueId}`);
  }

  connectionClosed(conn: RemotingConnection): void {
    for (const [group, clients] of this.consumers) {
      for (const [id, c] of clients) if (c.conn.id === conn.id) clients.delete(id);
      if (clients.size === 0) this.consumers.delete(group);
    }
  }

  stop(): void {
    for (const t of this.timers) clearTimeout(t);
    this.timers.clear();
    for (const p of [...this.pending]) p();
  }

  reset(): void {
    this.offsets.clear();
  }

  private groupKnown(group: string): boolean {
    return this.opts.groupIds().includes(group);
  }

  /** The retry topic of a known group exists from the group's first heartbeat on (one queue, as on a broker). */
  ensureRetryTopic(group: string): void {
    if (this.groupKnown(group)) this.store.createTopic(retryTopicOf(group), 1);
  }

  async handle(cmd: RemotingCommand, conn: RemotingConnection): Promise<RemotingReply | undefined> {
    const f = cmd.extFields ?? {};
    if (this.opts.secrets) {
      const v = verifyAcl(this.opts.secrets, f, cmd.body);
      if (!v.ok) {
        this.opts.record.add('rocketmq', 'acl-refused', v.accessKey, { reason: v.reason, code: cmd.code });
        const remark =
          v.reason === 'no-access-key'
            ? 'No accessKey is configured: this instance signs every request (AccessKey, Signature, OnsChannel)'
            : v.reason === 'unknown-access-key'
              ? `AccessKey [${v.accessKey}] does not exist or is not authorized for this instance`
              : `Check signature failed for accessKey=${v.accessKey}: the signature does not match the SecretKey`;
        return { code: ResponseCode.NO_PERMISSION, remark };
      }
    }
    switch (cmd.code) {
      case RequestCode.HEART_BEAT:
        return this.heartbeat(cmd, conn);
      case RequestCode.UNREGISTER_CLIENT: {
        const g = f.consumerGroup;
        if (g) this.consumers.get(g)?.delete(f.clientID ?? '');
        return { code: ResponseCode.SUCCESS };
      }
      case RequestCode.GET_CONSUMER_LIST_BY_GROUP: {
        if (!this.groupKnown(f.consumerGroup ?? ''))
          return { code: ResponseCode.SUBSCRIPTION_GROUP_NOT_EXIST, remark: `subscription group [${f.consumerGroup}] does not exist` };
        const ids = this.consumerIds(f.consumerGroup ?? '');
        if (ids.length === 0) return { code: ResponseCode.SYSTEM_ERROR, remark: `no consumer for this group, ${f.consumerGroup}` };
        return { code: ResponseCode.SUCCESS, body: json({ consumerIdList: ids }) };
      }
      case RequestCode.SEND_MESSAGE:
      case RequestCode.SEND_MESSAGE_V2:
        return this.send(cmd, conn);
      case RequestCode.PULL_MESSAGE:
        return this.pull(f);
      case RequestCode.QUERY_CONSUMER_OFFSET: {
        const off = this.committedOffset(f.consumerGroup ?? '', f.topic ?? '', Number(f.queueId));
        if (off === undefined) return { code: ResponseCode.QUERY_NOT_FOUND, remark: 'Not found, maybe this group consumer boot first' };
        return { code: ResponseCode.SUCCESS, extFields: { offset: off } };
      }
      case RequestCode.UPDATE_CONSUMER_OFFSET:
        this.commit(f.consumerGroup ?? '', f.topic ?? '', Number(f.queueId), Number(f.commitOffset));
        return { code: ResponseCode.SUCCESS };
      case RequestCode.GET_MAX_OFFSET:
      case RequestCode.GET_MIN_OFFSET: {
        const b = this.store.bounds(f.topic ?? '', Number(f.queueId));
        if (!b) return { code: ResponseCode.TOPIC_NOT_EXIST, remark: `topic[${f.topic}] not exist` };
        return { code: ResponseCode.SUCCESS, extFields: { offset: cmd.code === RequestCode.GET_MAX_OFFSET ? b.max : b.min } };
      }
      case RequestCode.SEARCH_OFFSET_BY_TIMESTAMP:
        return { code: ResponseCode.SUCCESS, extFields: { offset: this.store.searchByTime(f.topic ?? '', Number(f.queueId), Number(f.timestamp)) } };
      case RequestCode.CONSUMER_SEND_MSG_BACK:
        return this.sendBack(f);
      default:
        return { code: ResponseCode.REQUEST_CODE_NOT_SUPPORTED, remark: ` request type ${cmd.code} not supported` };
    }
  }

  private heartbeat(cmd: RemotingCommand, conn: RemotingConnection): RemotingReply {
    let hb: { clientID?: string; consumerDataSet?: { groupName?: string; messageModel?: string; subscriptionDataSet?: { topic?: string }[] }[] };
    try {
      hb = JSON.parse(dec.decode(cmd.body ?? new Uint8Array())) as typeof hb;
    } catch {
      return { code: ResponseCode.SYSTEM_ERROR, remark: 'heartbeat body is not JSON' };
    }
    const clientId = hb.clientID ?? conn.remote;
    for (const c of hb.consumerDataSet ?? []) {
      const group = c.groupName ?? '';
      if (!this.groupKnown(group)) {
        this.opts.record.add('rocketmq', 'unknown-group', clientId, { group });
        continue;
      }
      this.ensureRetryTopic(group);
      let clients = this.consumers.get(group);
      if (!clients) this.consumers.set(group, (clients = new Map()));
      const isNew = !clients.has(clientId);
      clients.set(clientId, { clientId, conn, messageModel: c.messageModel ?? 'CLUSTERING', topics: (c.subscriptionDataSet ?? []).map((s) => s.topic ?? '') });
      if (isNew) this.opts.record.add('rocketmq', 'consumer-joined', clientId, { group, messageModel: c.messageModel });
    }
    return { code: ResponseCode.SUCCESS };
  }

  private send(cmd: RemotingCommand, conn: RemotingConnection): RemotingReply {
    const f = cmd.extFields ?? {};
    const v2 = cmd.code === RequestCode.SEND_MESSAGE_V2;
    const h = (long: string, short: string) => (v2 ? f[short] : f[long]);
    const topic = h('topic', 'b') ?? '';
    if (!this.store.has(topic)) {
      this.opts.record.add('rocketmq', 'send-topic-missing', undefined, { topic });
      return { code: ResponseCode.TOPIC_NOT_EXIST, remark: `topic[${topic}] not exist, apply first please!` };
    }
    const n = this.store.queueCount(topic);
    let queueId = Number(h('queueId', 'e') ?? 0);
    if (!(queueId >= 0 && queueId < n)) queueId = this.store.nextQueue(topic);
    const props = decodeProperties(h('properties', 'i') ?? '');
    const entry = this.store.append(topic, {
      topic,
      queueId,
      flag: Number(h('flag', 'h') ?? 0),
      sysFlag: Number(h('sysFlag', 'f') ?? 0),
      bornTimestamp: Number(h('bornTimestamp', 'g') ?? Date.now()),
      bornHost: conn.remote,
      reconsumeTimes: Number(h('reconsumeTimes', 'j') ?? 0),
      properties: props,
      body: cmd.body ?? new Uint8Array(),
    });
    this.opts.record.add('rocketmq', 'sent', undefined, { topic, queueId, msgId: entry.msgId, tags: props[Prop.TAGS] });
    return { code: ResponseCode.SUCCESS, extFields: { msgId: entry.msgId, queueId, queueOffset: entry.msg.queueOffset } };
  }

  private commit(group: string, topic: string, queueId: number, offset: number): void {
    if (!Number.isFinite(offset) || offset < 0) return;
    this.offsets.set(`${group}\u0000${topic}\u0000${queueId}`, offset);
  }

  private async pull(f: Record<string, string>): Promise<RemotingReply> {
    const group = f.consumerGroup ?? '';
    const topic = f.topic ?? '';
    const queueId = Number(f.queueId);
    if (!this.groupKnown(group)) {
      this.opts.record.add('rocketmq', 'unknown-group', undefined, { group, topic });
      return { code: ResponseCode.SUBSCRIPTION_GROUP_NOT_EXIST, remark: `subscription group [${group}] does not exist` };
    }
    if (!this.store.has(topic)) return { code: ResponseCode.TOPIC_NOT_EXIST, remark: `topic[${topic}] not exist, apply first please!` };
    const sysFlag = Number(f.sysFlag ?? 0);
    if (sysFlag & PullSysFlag.COMMIT_OFFSET) this.commit(group, topic, queueId, Number(f.commitOffset));
    let filter;
    try {
      filter = parseTagExpression(f.subscription);
    } catch (err) {
      return { code: ResponseCode.SUBSCRIPTION_PARSE_FAILED, remark: (err as Error).message };
    }
    const offset = Number(f.queueOffset);
    const max = Math.max(1, Math.min(Number(f.maxMsgNums) || 32, 64));
    const suspend = (sysFlag & PullSysFlag.SUSPEND) !== 0;
    const suspendMs = Math.min(Math.max(Number(f.suspendTimeoutMillis) || 15_000, 0), 30_000);
    let r = this.store.read(topic, queueId, offset, max, filter);
    if (r.status === 'none' && suspend) {
      const w = this.store.waitForAppend(topic, queueId, suspendMs);
      this.pending.add(w.cancel);
      await w.done;
      this.pending.delete(w.cancel);
      r = this.store.read(topic, queueId, offset, max, filter);
    }
    const ext = { nextBeginOffset: r.nextOffset, minOffset: r.minOffset, maxOffset: r.maxOffset, suggestWhichBrokerId: 0 };
    switch (r.status) {
      case 'found': {
        const total = r.entries.reduce((n, e) => n + e.bytes.length, 0);
        const body = new Uint8Array(total);
        let p = 0;
        for (const e of r.entries) {
          body.set(e.bytes, p);
          p += e.bytes.length;
        }
        return { code: ResponseCode.SUCCESS, extFields: ext, body };
      }
      case 'none':
        return { code: ResponseCode.PULL_NOT_FOUND, remark: 'found nothing', extFields: ext };
      case 'no-match':
        return { code: ResponseCode.PULL_RETRY_IMMEDIATELY, remark: 'no message matched the tag expression', extFields: ext };
      case 'offset-moved':
        return { code: ResponseCode.PULL_OFFSET_MOVED, remark: `offset ${offset} is outside ${r.minOffset}..${r.maxOffset}`, extFields: ext };
    }
  }

  private sendBack(f: Record<string, string>): RemotingReply {
    const group = f.group ?? '';
    if (!this.groupKnown(group)) return { code: ResponseCode.SUBSCRIPTION_GROUP_NOT_EXIST, remark: `subscription group [${group}] does not exist` };
    const entry = this.store.byOffset(Number(f.offset));
    if (!entry) return { code: ResponseCode.SYSTEM_ERROR, remark: `look message by offset failed, ${f.offset}` };
    const m = entry.msg;
    const reconsumeTimes = m.reconsumeTimes + 1;
    const maxTimes = Number(f.maxReconsumeTimes) >= 0 && f.maxReconsumeTimes !== undefined ? Number(f.maxReconsumeTimes) : 16;
    const props = { ...m.properties };
    // The first send-back remembers where the message came from; later ones keep that.
    if (!props[Prop.RETRY_TOPIC]) props[Prop.RETRY_TOPIC] = m.topic.startsWith(RETRY_TOPIC_PREFIX) ? (f.originTopic ?? m.topic) : m.topic;
    if (!props[Prop.ORIGIN_MESSAGE_ID]) props[Prop.ORIGIN_MESSAGE_ID] = f.originMsgId || entry.msgId;
    const dead = reconsumeTimes > maxTimes;
    const target = dead ? dlqTopicOf(group) : retryTopicOf(group);
    this.store.createTopic(target, 1);
    this.opts.record.add('rocketmq', dead ? 'to-dlq' : 'to-retry', undefined, { group, msgId: entry.msgId, reconsumeTimes, topic: props[Prop.RETRY_TOPIC] });
    const put = () =>
      this.store.append(target, { ...m, topic: target, queueId: 0, reconsumeTimes, properties: props, bornHost: m.bornHost, bornTimestamp: m.bornTimestamp });
    if (dead || this.opts.retryDelayMs <= 0) put();
    else {
      const t = setTimeout(() => {
        this.timers.delete(t);
        put();
      }, this.opts.retryDelayMs);
      this.timers.add(t);
    }
    return { code: ResponseCode.SUCCESS };
  }
}
