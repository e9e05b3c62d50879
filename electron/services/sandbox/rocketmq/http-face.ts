import http from 'node:http';
import { createHash, randomBytes } from 'node:crypto';
import {
  decodeHttpProperties,
  encodeHttpProperties,
  httpSignature,
  parseAuthorization,
  xmlDocument,
  xmlError,
  xmlFields,
  xmlValues,
} from '../../../../shared/rocketmq/http-api';
import { Prop, userProperties } from '../../../../shared/rocketmq/message-properties';
import { parseTagExpression } from '../../../../shared/rocketmq/tag-expression';
import type { SandboxRecord } from '../sandbox-record';
import type { MessageStore, StoredEntry } from './message-store';

export interface HttpFaceOptions {
  host: string;
  instanceId: string;
  secrets: ReadonlyMap<string, string>;
  groupIds: () => readonly string[];
  /** A consumed message not acked within this comes back (the cloud's invisible time is 5 min). */
  invisibleMs: number;
  record: SandboxRecord;
}

interface InFlight {
  group: string;
  topic: string;
  entry: StoredEntry;
  consumedTimes: number;
  firstConsumeTime: number;
  nextConsumeTime: number;
}

const MAX_BODY = 4 * 1024 * 1024;
const md5Hex = (b: Buffer) => createHash('md5').update(b).digest('hex').toUpperCase();

/**
 * The MQ HTTP protocol on the same topics and messages as the TCP face: consume (long polling up to 30 s),
 * ack by receipt handle (unacked messages come back after the invisible time with ConsumedTimes + 1),
 * publish; every request signed with the instance's AccessKey.
 */
export class RocketMqHttpFace {
  private server: http.Server | undefined;
  private cursors = new Map<string, number[]>();
  private inflight = new Map<string, InFlight>();
  private waiters = new Set<() => void>();
  port = 0;

  constructor(
    private readonly store: MessageStore,
    private readonly o: HttpFaceOptions,
  ) {}

  get endpoint(): string {
    return `http://${this.o.host}:${this.port}`;
  }

  async start(): Promise<void> {
    this.server = http.createServer(
      (req, res) => void this.handle(req, res).catch((err: Error) => this.reply(res, 500, xmlError('InternalError', err.message, this.requestId()))),
    );
    await new Promise<void>((resolve, reject) => {
      this.server!.once('error', reject);
      this.server!.listen(0, this.o.host, () => resolve());
    });
    this.port = (this.server.address() as { port: number }).port;
  }

  async stop(): Promise<void> {
    for (const w of [...this.waiters]) w();
    this.server?.closeAllConnections();
    await new Promise<void>((r) => (this.server ? this.server.close(() => r()) : r()));
  }

  /** Messages handed to a group and not acked yet (benchmarks check that a consumer acked everything). */
  unacked(group: string, topic: string): number {
    let n = 0;
    for (const f of this.inflight.values()) if (f.group === group && f.topic === topic) n++;
    return n;
  }

  reset(): void {
    this.cursors.clear();
    this.inflight.clear();
  }

  private requestId(): string {
    return randomBytes(12).toString('hex').toUpperCase();
  }

  private reply(res: http.ServerResponse, status: number, xml?: string): void {
    if (res.headersSent) return;
    const headers: Record<string, string> = { 'x-mq-request-id': this.requestId() };
    if (xml !== undefined) headers['content-type'] = 'text/xml;charset=utf-8';
    res.writeHead(status, headers);
    res.end(xml);
  }

  private async readBody(req: http.IncomingMessage): Promise<Buffer> {
    const chunks: Buffer[] = [];
    let n = 0;
    for await (const c of req) {
      n += (c as Buffer).length;
      if (n > MAX_BODY) throw new Error('request body too large');
      chunks.push(c as Buffer);
    }
    return Buffer.concat(chunks);
  }

  private async handle(req: http.IncomingMessage, res: http.ServerResponse): Promise<void> {
    const resource = req.url ?? '/';
    const url = new URL(resource, 'http://sandbox');
    const body = req.method === 'GET' ? Buffer.alloc(0) : await this.readBody(req);
    const rid = this.requestId();
    const auth = parseAuthorization(req.headers.authorization);
    const headers = Object.fromEntries(Object.entries(req.headers).map(([k, v]) => [k, Array.isArray(v) ? v.join(',') : v]));
    const secret = auth && this.o.secrets.get(auth.accessKey);
    if (!auth || secret === undefined) {
      this.o.record.add('rocketmq', 'http-refused', auth?.accessKey, { reason: 'unknown-access-key' });
      return this.reply(res, 403, xmlError('InvalidAccessKeyId', 'The AccessKey does not exist or is not authorized for this instance.', rid));
    }
    if (httpSignature(secret, req.method ?? 'GET', headers, resource) !== auth.signature) {
      this.o.record.add('rocketmq', 'http-refused', auth.accessKey, { reason: 'signature-mismatch' });
      return this.reply(res, 403, xmlError('SignatureDoesNotMatch', 'The request signature we calculated does not match the signature you provided.', rid));
    }
    const m = /^\/topics\/([^/]+)\/messages$/.exec(url.pathname);
    if (!m) return this.reply(res, 404, xmlError('ResourceNotExist', `no such resource ${url.pathname}`, rid));
    const topic = decodeURIComponent(m[1]!);
    const ns = url.searchParams.get('ns');
    if (ns && ns !== this.o.instanceId) return this.reply(res, 404, xmlError('InstanceNotExist', `instance ${ns} does not exist`, rid));
    if (!this.store.has(topic)) return this.reply(res, 404, xmlError('TopicNotExist', `The topic ${topic} does not exist.`, rid));
    if (req.method === 'POST') return this.publish(res, topic, body, req.socket.remoteAddress ?? '127.0.0.1', req.socket.remotePort ?? 0, rid);
    const group = url.searchParams.get('consumer') ?? '';
    if (!this.o.groupIds().includes(group)) return this.reply(res, 404, xmlError('SubscriptionNotExist', `The group ${group} does not exist.`, rid));
    if (req.method === 'GET') return this.consume(res, url, topic, group, rid);
    if (req.method === 'DELETE') return this.ack(res, topic, group, body.toString('utf8'));
    return this.reply(res, 405, xmlError('MethodNotAllowed', `${req.method} is not allowed here`, rid));
  }

  private publish(res: http.ServerResponse, topic: string, body: Buffer, addr: string, port: number, rid: string): void {
    const xml = body.toString('utf8');
    const messageBody = xmlValues(xml, 'MessageBody')[0];
    if (messageBody === undefined) return this.reply(res, 400, xmlError('InvalidArgument', 'MessageBody is missing', rid));
    const tag = xmlValues(xml, 'MessageTag')[0];
    const properties = decodeHttpProperties(xmlValues(xml, 'Properties')[0]);
    if (tag) properties[Prop.TAGS] = tag;
    const payload = Buffer.from(messageBody, 'utf8');
    const entry = this.store.append(topic, {
      topic,
      queueId: this.store.nextQueue(topic),
      flag: 0,
      sysFlag: 0,
      bornTimestamp: Date.now(),
      bornHost: `${addr.replace(/^::ffff:/, '')}:${port}`,
      reconsumeTimes: 0,
      properties,
      body: payload,
    });
    this.o.record.add('rocketmq', 'http-published', undefined, { topic, msgId: entry.msgId });
    this.reply(res, 201, xmlDocument('Message', xmlFields({ MessageId: entry.msgId, MessageBodyMD5: md5Hex(payload) })));
  }

  private take(topic: string, group: string, max: number, tags: string | null): InFlight[] {
    const now = Date.now();
    const out: InFlight[] = [];
    // Unacked messages whose invisible time is over come back first.
    for (const [h, f] of this.inflight) {
      if (out.length >= max) break;
      if (f.group === group && f.topic === topic && f.nextConsumeTime <= now) {
        this.inflight.delete(h);
        f.consumedTimes++;
        f.nextConsumeTime = now + this.o.invisibleMs;
        out.push(f);
      }
    }
    const filter = parseTagExpression(tags ? tags : '*');
    const key = `${group}\u0000${topic}`;
    let cur = this.cursors.get(key);
    if (!cur) this.cursors.set(key, (cur = Array.from({ length: this.store.queueCount(topic) }, (_, q) => this.store.bounds(topic, q)?.min ?? 0)));
    for (let q = 0; q < cur.length && out.length < max; q++) {
      const r = this.store.read(topic, q, Math.max(cur[q]!, this.store.bounds(topic, q)?.min ?? 0), max - out.length, filter);
      cur[q] = r.nextOffset;
      if (r.status === 'found')
        for (const entry of r.entries) out.push({ group, topic, entry, consumedTimes: 1, firstConsumeTime: now, nextConsumeTime: now + this.o.invisibleMs });
    }
    return out;
  }

  private async consume(res: http.ServerResponse, url: URL, topic: string, group: string, rid: string): Promise<void> {
    const max = Math.min(Math.max(Number(url.searchParams.get('numOfMessages')) || 1, 1), 16);
    const waitMs = Math.min(Math.max(Number(url.searchParams.get('waitseconds')) || 0, 0), 30) * 1000;
    const tag = url.searchParams.get('tag');
    let got = this.take(topic, group, max, tag);
    const deadline = Date.now() + waitMs;
    while (got.length === 0 && Date.now() < deadline && !res.destroyed) {
      const waits = Array.from({ length: this.store.queueCount(topic) }, (_, q) => this.store.waitForAppend(topic, q, Math.min(1000, deadline - Date.now())));
      const cancel = () => waits.forEach((w) => w.cancel());
      this.waiters.add(cancel);
      await Promise.race(waits.map((w) => w.done));
      cancel();
      this.waiters.delete(cancel);
      got = this.take(topic, group, max, tag);
    }
    if (got.length === 0) return this.reply(res, 404, xmlError('MessageNotExist', 'Message not exist.', rid));
    let inner = '';
    for (const f of got) {
      const handle = `${f.entry.msgId}-${randomBytes(8).toString('hex')}`;
      this.inflight.set(handle, f);
      const p = f.entry.msg.properties;
      const props: Record<string, string> = { ...userProperties(p) };
      if (p[Prop.KEYS]) props.KEYS = p[Prop.KEYS];
      const payload = Buffer.from(f.entry.msg.body);
      inner += `<Message>${xmlFields({
        MessageId: f.entry.msgId,
        MessageBodyMD5: md5Hex(payload),
        MessageBody: payload.toString('utf8'),
        ReceiptHandle: handle,
        PublishTime: f.entry.msg.storeTimestamp,
        FirstConsumeTime: f.firstConsumeTime,
        NextConsumeTime: f.nextConsumeTime,
        ConsumedTimes: f.consumedTimes,
        MessageTag: p[Prop.TAGS],
        Properties: encodeHttpProperties(props),
      })}</Message>`;
    }
    this.reply(res, 200, xmlDocument('Messages', inner));
  }

  private ack(res: http.ServerResponse, topic: string, group: string, xml: string): void {
    const errors: string[] = [];
    for (const h of xmlValues(xml, 'ReceiptHandle')) {
      const f = this.inflight.get(h);
      if (!f || f.group !== group || f.topic !== topic || f.nextConsumeTime <= Date.now()) {
        errors.push(
          `<Error>${xmlFields({ ErrorCode: 'ReceiptHandleError', ErrorMessage: 'The receipt handle is invalid or has expired.', ReceiptHandle: h })}</Error>`,
        );
        continue;
      }
      this.inflight.delete(h);
    }
    if (errors.length) return this.reply(res, 404, xmlDocument('Errors', errors.join('')));
    this.reply(res, 204);
  }
}
