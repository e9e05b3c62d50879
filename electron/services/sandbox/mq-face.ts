import http from 'node:http';
import https from 'node:https';
import net from 'node:net';
import tls from 'node:tls';
import { randomBytes } from 'node:crypto';
import type { Duplex } from 'node:stream';
import { Aedes, type AedesPublishPacket, type Client, type PublishPacket, type Subscription } from 'aedes';
import { WebSocketServer, createWebSocketStream } from 'ws';
import { aliyunMqSignaturePassword, parseAliyunMqClientId } from '../../../shared/vendors/aliyun-mq-signature';
import { sameSignature } from '../../../shared/vendors/hmac';
import { verifyAliyunMqttInstanceLogin, type AliyunMqttInstanceMode } from '../../../shared/vendors/aliyun-mqtt-instance-auth';
import type { SandboxClock } from './sandbox-clock';
import type { FaultState } from './fault-state';
import type { MqTokenStore, TokenInfo } from './mq-token-store';
import { resourceCovers } from './mq-token-store';
import { MqttTap, type TappedPacket } from './mqtt-tap';
import type { SandboxConfig } from './sandbox-config';
import type { SandboxRecord } from './sandbox-record';
import type { TlsMaterial } from './tls-material';

/**
 * The MQ for IoT face: an aedes broker behind TCP, TLS, WebSocket and WebSocket-TLS listeners, with hooks
 * that apply the gateway's documented rules [seed 004] (see ../../../../shared/spec/cloud-behaviours.md §1).
 */
type TokenType = 'R' | 'W' | 'RW';
const TOKEN_TYPES: TokenType[] = ['R', 'W', 'RW'];

interface HeldToken {
  info: TokenInfo;
  noticeSent: boolean;
}

interface OfflineMsg {
  topic: string;
  payload: Buffer;
  storedAt: number;
}

interface MqSession {
  client: Client;
  clientId: string;
  groupId: string;
  accessKey?: string;
  mode: 'signature' | 'token';
  /** How it logged in: seed 004's legacy scheme, or a current instance's `<Mode>|AK|InstanceId` UserName. */
  scheme: 'legacy' | AliyunMqttInstanceMode;
  channelId: string;
  clean: boolean;
  keepaliveSec: number;
  tap?: MqttTap;
  tokens: Map<TokenType, HeldToken>;
  /** True once a token's PUBACK has been sent: publish/subscribe allowed in token mode. */
  gateOpen: boolean;
  subs: Set<string>;
  pulls: number[];
  offlineMode: 'waiting' | 'auto' | 'pull';
  offlineTimer?: NodeJS.Timeout;
  closing: boolean;
}

interface InstanceLogin {
  mode: MqSession['mode'];
  accessKey?: string;
  scheme: MqSession['scheme'];
  /** Tokens a current-instance Token login carried in its password. */
  tokens?: [TokenType, HeldToken][];
}

interface Refusal {
  refuse: [2 | 4 | 5, string, Record<string, unknown>];
}

export interface MqFacePorts {
  tcp: number;
  tls: number;
  ws: number;
  wss: number;
}

const GROUP_ID_RE = /^GID_[A-Za-z0-9]+$/;
// eslint-disable-next-line no-control-regex
const INVISIBLE_RE = /[\u0000-\u0020\u007f-\u00a0\u200b-\u200f\u2028-\u202f\ufeff]/;

function authError(returnCode: 2 | 4 | 5, message: string) {
  const err = new Error(message) as Error & { returnCode: number };
  err.returnCode = returnCode;
  return err as never;
}

export class MqFace {
  broker!: Aedes;
  ports: MqFacePorts = { tcp: 0, tls: 0, ws: 0, wss: 0 };
  private servers: { close(cb?: (err?: Error) => void): unknown }[] = [];
  private wsServers: WebSocketServer[] = [];
  private sessions = new WeakMap<Client, MqSession>();
  private live = new Set<MqSession>();
  private taps = new WeakMap<Client, MqttTap>();
  private offline = new Map<string, OfflineMsg[]>();
  private ticker: NodeJS.Timeout | undefined;
  private directP2p = new WeakSet<Buffer>();
  /** Synthetic connection counts for fleet devices (they have no socket here). */
  syntheticOnline = new Map<string, number>();

  constructor(
    private readonly cfg: SandboxConfig,
    private readonly clock: SandboxClock,
    private readonly record: SandboxRecord,
    private readonly tokens: MqTokenStore,
    private readonly tlsMaterial: TlsMaterial,
    private readonly faults: FaultState,
  ) {}

  async start(): Promise<void> {
    const host = this.cfg.host;
    this.broker = await Aedes.createBroker({
      // the Client ID rule (64) is checked in authenticate for every protocol level
      maxClientsIdLength: 65535,
      heartbeatInterval: 60_000,
      authenticate: (client, username, password, done) => this.authenticate(client, username, password, done),
      authorizePublish: (client, packet, cb) => this.authorizePublish(client, packet, cb),
      authorizeSubscribe: (client, sub, cb) => this.authorizeSubscribe(client, sub, cb),
      authorizeForward: (client, packet) => this.authorizeForward(client, packet),
      published: (packet, client, cb) => this.published(packet, client, cb),
    });
    this.patchOfflineStore();
    this.broker.on('clientReady', (client) => this.onReady(client));
    this.broker.on('clientDisconnect', (client) => this.onGone(client));
    this.broker.on('unsubscribe', (unsubs, client) => {
      const s = this.sessions.get(client);
      if (s) for (const u of unsubs) s.subs.delete(u);
    });
    // aedes reports socket errors here; a client's bad bytes must never take the sandbox down
    this.broker.on('clientError', () => undefined);
    this.broker.on('connectionError', () => undefined);

    const handle = (stream: Duplex, req?: http.IncomingMessage) => {
      const tap = new MqttTap(stream, (p) => this.onTapped(tap, p));
      const client = this.broker.handle(tap, req);
      this.taps.set(client, tap);
      (tap as MqttTap & { client?: Client }).client = client;
    };
    const tcp = net.createServer((s) => handle(s));
    const tlsSrv = tls.createServer({ key: this.tlsMaterial.keyPem, cert: this.tlsMaterial.certPem }, (s) => handle(s));
    const httpSrv = http.createServer((_req, res) => res.writeHead(426).end('use MQTT over WebSocket'));
    const httpsSrv = https.createServer({ key: this.tlsMaterial.keyPem, cert: this.tlsMaterial.certPem }, (_req, res) => res.writeHead(426).end());
    for (const srv of [httpSrv, httpsSrv]) {
      const wss = new WebSocketServer({ server: srv, handleProtocols: (protocols) => (protocols.has('mqtt') ? 'mqtt' : false) });
      wss.on('connection', (ws, req) => handle(createWebSocketStream(ws), req));
      this.wsServers.push(wss);
    }
    this.ports.tcp = await listen(tcp, host);
    this.ports.tls = await listen(tlsSrv, host);
    this.ports.ws = await listen(httpSrv, host);
    this.ports.wss = await listen(httpsSrv, host);
    this.servers.push(tcp, tlsSrv, httpSrv, httpsSrv);
    this.ticker = setInterval(() => this.tick(), 250);
  }

  async stop(): Promise<void> {
    clearInterval(this.ticker);
    for (const s of this.live) clearTimeout(s.offlineTimer);
    for (const w of this.wsServers) {
      for (const c of w.clients) c.terminate();
      w.close();
    }
    await new Promise<void>((r) => (this.broker ? this.broker.close(() => r()) : r()));
    await Promise.all(
      this.servers.map(
        (s) =>
          new Promise<void>((r) => {
            (s as http.Server).closeAllConnections?.();
            s.close(() => r());
          }),
      ),
    );
    this.servers = [];
    this.wsServers = [];
  }

  /** Forget offline messages (reset). Sessions stay until their clients go. */
  reset(): void {
    this.offline.clear();
    this.syntheticOnline.clear();
  }

  get clientCount(): number {
    return this.live.size;
  }

  // ---- rules -----------------------------------------------------------------------------------------

  private groupOwner(groupId: string): string | undefined {
    return this.cfg.mq.groups.find((g) => g.groupId === groupId)?.accessKey;
  }

  private parentExists(parent: string): boolean {
    return this.cfg.mq.parentTopics.includes(parent) || this.cfg.mq.groups.some((g) => `${g.groupId}_MQTT` === parent);
  }

  private authenticate(client: Client, username: string | undefined, password: Buffer | undefined, done: (err: never, ok: boolean | null) => void) {
    const clientId = client.id;
    const refuse = (code: 2 | 4 | 5, reason: string, detail: Record<string, unknown> = {}) => {
      this.record.add('mq', 'connect-refused', clientId, { reason, returnCode: code, ...detail });
      done(authError(code, reason), null);
    };
    if (clientId.length > this.cfg.mq.maxClientIdLength) return refuse(2, 'client-id-too-long', { length: clientId.length });
    if (INVISIBLE_RE.test(clientId)) return refuse(2, 'client-id-invisible-character');
    const parts = parseAliyunMqClientId(clientId);
    if (!parts || !parts.deviceId) return refuse(2, 'client-id-format');
    const { groupId } = parts;
    if (groupId.length < 7 || groupId.length > 32 || !GROUP_ID_RE.test(groupId)) return refuse(2, 'group-id-format', { groupId });
    const owner = this.groupOwner(groupId);
    if (!owner) return refuse(5, 'group-id-unknown', { groupId });
    let login: InstanceLogin;
    if (username?.includes('|')) {
      const r = this.instanceLogin(clientId, groupId, owner, username, password ? password.toString('utf8') : '');
      if ('refuse' in r) return refuse(...r.refuse);
      login = r;
    } else {
      if (!this.cfg.mq.legacyAuth) return refuse(4, 'legacy-username', { instanceId: this.cfg.mq.instanceId });
      const r = this.legacyLogin(groupId, owner, username, password);
      if ('refuse' in r) return refuse(...r.refuse);
      login = r;
    }
    const { mode, accessKey, scheme } = login;
    const previous = clientsOf(this.broker)[clientId];
    if (previous && !previous.closed) {
      this.record.add('mq', 'duplicate-client-id', clientId, { kickedChannelId: this.sessions.get(previous)?.channelId });
    }
    const tap = this.taps.get(client);
    const s: MqSession = {
      client,
      clientId,
      groupId,
      accessKey,
      mode,
      scheme,
      channelId: randomBytes(16).toString('hex'),
      clean: client.clean,
      keepaliveSec: (client as Client & { _keepaliveInterval?: number })._keepaliveInterval ?? 0,
      tap,
      tokens: new Map(login.tokens ?? []),
      // current Token mode carries its tokens in CONNECT: checked there, so the gate is open
      gateOpen: mode === 'signature' || login.tokens !== undefined,
      subs: new Set(),
      pulls: [],
      offlineMode: 'waiting',
      closing: false,
    };
    this.sessions.set(client, s);
    done(null as never, true);
  }

  /** Seed 004: UserName = AccessKey, Password = Base64(HmacSHA1(SecretKey, GroupID)); no password = token mode. */
  private legacyLogin(groupId: string, owner: string, username: string | undefined, password: Buffer | undefined): InstanceLogin | Refusal {
    if (password && password.length > 0) {
      const account = this.cfg.mq.accounts.find((a) => a.accessKey === username);
      if (!account) return { refuse: [4, 'access-key-unknown', {}] };
      if (account.accessKey !== owner) return { refuse: [5, 'group-id-not-owned-by-account', { groupId }] };
      if (!sameSignature(aliyunMqSignaturePassword(account.secretKey, groupId), password.toString('utf8'))) return { refuse: [4, 'signature-mismatch', {}] };
      return { mode: 'signature', accessKey: account.accessKey, scheme: 'legacy' };
    }
    if (!this.cfg.mq.tokenMode) return { refuse: [4, 'password-missing', {}] };
    if (username && !this.cfg.mq.accounts.some((a) => a.accessKey === username)) return { refuse: [4, 'access-key-unknown', {}] };
    return { mode: 'token', accessKey: username || undefined, scheme: 'legacy' };
  }

  /**
   * A current instance's UserName `<Mode>|<AccessKeyId>|<InstanceId>` [cloud-behaviours §6], checked by the
   * shared verifier (the same signer the client uses); then the sandbox's own policy: who owns the group, which
   * Client ID a device credential was issued for, and whether each token in the password is valid here.
   */
  private instanceLogin(clientId: string, groupId: string, owner: string, username: string, password: string): InstanceLogin | Refusal {
    const mq = this.cfg.mq;
    const v = verifyAliyunMqttInstanceLogin(clientId, username, password, {
      instanceId: mq.instanceId,
      modes: mq.instanceModes,
      secretFor: (mode, ak) =>
        mode === 'Signature'
          ? mq.accounts.find((a) => a.accessKey === ak)?.secretKey
          : mq.deviceCredentials.find((d) => d.deviceAccessKeyId === ak)?.deviceAccessKeySecret,
    });
    if (!v.ok) {
      // "mode-disabled" is a permission refusal; everything else is a credential the instance cannot accept
      const code = v.reason === 'mode-disabled' ? 5 : 4;
      return { refuse: [code, v.reason, { detail: v.detail, instanceId: mq.instanceId }] };
    }
    if (v.mode === 'DeviceCredential') {
      const cred = mq.deviceCredentials.find((d) => d.deviceAccessKeyId === v.accessKeyId)!;
      if (cred.clientId !== clientId) return { refuse: [4, 'device-credential-other-client-id', { issuedFor: cred.clientId }] };
      return { mode: 'signature', accessKey: v.accessKeyId, scheme: 'DeviceCredential' };
    }
    if (v.mode === 'Signature') {
      if (v.accessKeyId !== owner) return { refuse: [5, 'group-id-not-owned-by-account', { groupId }] };
      return { mode: 'signature', accessKey: v.accessKeyId, scheme: 'Signature' };
    }
    if (!mq.accounts.some((a) => a.accessKey === v.accessKeyId))
      return { refuse: [4, 'unknown-access-key', { detail: `unknown AccessKeyId ${v.accessKeyId}` }] };
    const held: [TokenType, HeldToken][] = [];
    const now = this.clock.now();
    for (const type of TOKEN_TYPES) {
      const token = v.tokens?.[type];
      if (!token) continue;
      const chk = this.tokens.check(token, now);
      if (!chk.ok) return { refuse: [4, 'token-invalid', { code: chk.code, type, detail: chk.reason }] };
      const actions = chk.info.actions;
      const matches = type === 'RW' ? actions.includes('R') && actions.includes('W') : actions.includes(type);
      if (!matches) return { refuse: [4, 'token-invalid', { code: 5, type, detail: `token actions ${actions.join(',')} do not match type ${type}` }] };
      if (chk.info.accessKey !== v.accessKeyId)
        return { refuse: [4, 'token-invalid', { code: 4, type, detail: 'token was applied for with another AccessKey' }] };
      if (chk.info.accessKey !== owner) return { refuse: [5, 'group-id-not-owned-by-account', { groupId }] };
      held.push([type, { info: chk.info, noticeSent: false }]);
    }
    return { mode: 'token', accessKey: v.accessKeyId, scheme: 'Token', tokens: held };
  }

  /** Sees packets as they arrive: catches PUBLISH/SUBSCRIBE sent before the token's PUBACK. */
  private onTapped(tap: MqttTap, p: TappedPacket): void {
    const client = (tap as MqttTap & { client?: Client }).client;
    if (!client) return;
    const t = tap as MqttTap & { tokenMode?: boolean; clientId?: string };
    if (p.type === 1) {
      t.tokenMode = this.cfg.mq.tokenMode && !p.hasPassword;
      t.clientId = p.clientId;
      return;
    }
    const s = this.sessions.get(client);
    const tokenMode = s ? s.mode === 'token' : t.tokenMode === true;
    if (!tokenMode || (s && s.gateOpen)) return;
    const isData = (p.type === 3 && p.topic !== undefined && !p.topic.startsWith('$SYS/')) || p.type === 8;
    if (!isData) return;
    const kind = p.type === 3 ? 'publish-before-token' : 'subscribe-before-token';
    this.record.add('mq', kind, client.id ?? t.clientId, { topic: p.topic });
    if (s) s.closing = true;
    tap.destroy();
  }

  private onReady(client: Client): void {
    const s = this.sessions.get(client);
    if (!s) return;
    s.keepaliveSec = Math.round(((client as Client & { _keepaliveInterval?: number })._keepaliveInterval ?? 0) / 1500);
    this.live.add(s);
    this.record.add('mq', 'connected', s.clientId, { mode: s.mode, scheme: s.scheme, clean: s.clean, channelId: s.channelId });
    this.presence(s.groupId, s.clientId, 'connect', s.channelId);
    if (s.clean) this.offline.delete(s.clientId);
    else this.scheduleOfflinePush(s);
  }

  private onGone(client: Client): void {
    const s = this.sessions.get(client);
    if (!s) return;
    this.live.delete(s);
    clearTimeout(s.offlineTimer);
    const byClient = (client as Client & { _disconnected?: boolean })._disconnected === true;
    if (byClient) this.presence(s.groupId, s.clientId, 'disconnect', s.channelId);
    // The record carries the tcpclean event's own time, so tests and support can match it exactly.
    const tcpcleanAt = this.clock.now();
    this.presence(s.groupId, s.clientId, 'tcpclean', s.channelId, tcpcleanAt);
    this.record.add('mq', 'disconnected', s.clientId, { byClient, channelId: s.channelId, tcpcleanAt });
  }

  /** Presence events on `<GroupID>_MQTT`, body {clientId, time, eventType, channelId}. */
  presence(groupId: string, clientId: string, eventType: 'connect' | 'disconnect' | 'tcpclean', channelId: string, time = this.clock.now()): void {
    if (!this.broker || this.broker.closed) return;
    const payload = Buffer.from(JSON.stringify({ clientId, time, eventType, channelId }));
    this.broker.publish({ cmd: 'publish', topic: `${groupId}_MQTT`, payload, qos: 1, retain: false, dup: false } as PublishPacket, () => undefined);
  }

  private kick(s: MqSession, kind: string, detail: Record<string, unknown>): Error {
    this.record.add('mq', kind, s.clientId, detail);
    s.closing = true;
    return new Error(kind);
  }

  private authorizePublish(client: Client | null, packet: PublishPacket, cb: (err?: Error | null) => void): void {
    if (!client) return cb(null);
    const s = this.sessions.get(client);
    if (!s || s.closing) return cb(new Error('closing'));
    const topic = packet.topic;
    const bytes = packet.payload?.length ?? 0;
    if (topic.startsWith('$SYS/')) return this.sysPublish(s, packet, cb);
    this.record.add('mq', 'publish', s.clientId, { topic, qos: packet.qos, bytes });
    if (!s.gateOpen) return cb(this.kick(s, 'publish-before-token', { topic }));
    if (topic.length > this.cfg.mq.maxTopicLength) return cb(this.kick(s, 'topic-too-long', { op: 'publish', topic, length: topic.length }));
    const parent = topic.split('/')[0];
    if (!this.parentExists(parent)) return cb(this.kick(s, 'parent-topic-missing', { op: 'publish', topic, parent }));
    if (s.mode === 'token') {
      const bad = this.tokenDenies(s, 'W', topic);
      if (bad) return this.tokenInvalid(s, bad.code, bad.type);
    }
    if (bytes > this.cfg.mq.maxPayloadBytes) this.record.add('mq', 'payload-dropped', s.clientId, { topic, bytes, limit: this.cfg.mq.maxPayloadBytes });
    if (this.faults.latencyMs > 0) setTimeout(() => cb(null), this.faults.latencyMs);
    else cb(null);
  }

  private sysPublish(s: MqSession, packet: PublishPacket, cb: (err?: Error | null) => void): void {
    const topic = packet.topic;
    const text = packet.payload ? packet.payload.toString() : '';
    if (topic === '$SYS/uploadToken') return this.uploadToken(s, packet, text, cb);
    if (topic === '$SYS/enableOrderMsg') {
      this.record.add('mq', 'order-enabled', s.clientId, { body: text.slice(0, 200) });
      return cb(null);
    }
    if (topic === '$SYS/getOfflineMsg') {
      this.pullOffline(s, text);
      return cb(null);
    }
    cb(this.kick(s, 'sys-topic-not-allowed', { topic }));
  }

  private uploadToken(s: MqSession, packet: PublishPacket, text: string, cb: (err?: Error | null) => void): void {
    if (packet.qos !== 1) return cb(this.kick(s, 'upload-token-not-qos1', { qos: packet.qos }));
    let body: { token?: unknown; type?: unknown };
    try {
      body = JSON.parse(text) as typeof body;
    } catch {
      body = {};
    }
    const type = (TOKEN_TYPES as unknown[]).includes(body.type) ? (body.type as TokenType) : undefined;
    const token = typeof body.token === 'string' ? body.token : undefined;
    this.record.add('mq', 'token-uploaded', s.clientId, { type: body.type });
    if (s.tokens.size >= 3 && type && !s.tokens.has(type)) return this.tokenInvalid(s, 5, String(body.type));
    // The auth server answers asynchronously; the PUBACK (and the gate) wait for it.
    setTimeout(() => {
      if (s.closing || s.client.closed) return;
      if (!token) return this.tokenInvalid(s, 1, String(body.type ?? ''));
      if (!type) return this.tokenInvalid(s, 5, String(body.type ?? ''));
      const chk = this.tokens.check(token, this.clock.now());
      if (!chk.ok) return this.tokenInvalid(s, chk.code, type);
      const actions = chk.info.actions;
      const matches = type === 'RW' ? actions.includes('R') && actions.includes('W') : actions.includes(type);
      if (!matches) return this.tokenInvalid(s, 5, type);
      if (chk.info.accessKey !== this.groupOwner(s.groupId)) return this.tokenInvalid(s, -1, type);
      s.tokens.set(type, { info: chk.info, noticeSent: false });
      s.gateOpen = true;
      this.record.add('mq', 'token-accepted', s.clientId, { type, tokenId: chk.info.id, expireTime: chk.info.expireTime });
      cb(null);
    }, this.cfg.mq.tokenVerifyDelayMs);
  }

  /** Which documented code a token-mode publish/subscribe fails with, or undefined when allowed. */
  private tokenDenies(s: MqSession, need: 'R' | 'W', topic: string): { code: number; type: string } | undefined {
    const held = [...s.tokens.entries()];
    const capable = held.filter(([t]) => t.includes(need));
    if (capable.length === 0) return { code: 5, type: held[0]?.[0] ?? need };
    const now = this.clock.now();
    for (const [t, h] of capable) {
      const chk = this.tokens.check(h.info.token, now);
      if (!chk.ok) return { code: chk.code, type: t };
    }
    if (!capable.some(([, h]) => h.info.resources.some((r) => resourceCovers(r, topic)))) return { code: 4, type: capable[0][0] };
    return undefined;
  }

  /** Pushes `$SYS/tokenInvalidNotice` {code, type}, then disconnects (the hook's callback is never called). */
  private tokenInvalid(s: MqSession, code: number, type: string): void {
    if (s.closing) return;
    s.closing = true;
    this.record.add('mq', 'token-invalid', s.clientId, { code, type });
    const payload = Buffer.from(JSON.stringify({ code, type }));
    s.client.publish({ cmd: 'publish', topic: '$SYS/tokenInvalidNotice', payload, qos: 0, retain: false, dup: false } as PublishPacket, () => {
      setTimeout(() => s.client.close(), 50);
    });
  }

  private authorizeSubscribe(client: Client, sub: Subscription, cb: (err: Error | null, sub?: Subscription | null) => void): void {
    const s = this.sessions.get(client);
    if (!s || s.closing) return cb(new Error('closing'));
    const filter = sub.topic;
    const restoring = !client.connected;
    if (!restoring) this.record.add('mq', 'subscribe', s.clientId, { filter, qos: sub.qos });
    if (!restoring && !s.gateOpen) return cb(this.kick(s, 'subscribe-before-token', { filter }));
    if (filter.length > this.cfg.mq.maxTopicLength) return cb(this.kick(s, 'topic-too-long', { op: 'subscribe', topic: filter, length: filter.length }));
    const parent = filter.split('/')[0];
    if (!this.parentExists(parent)) return cb(this.kick(s, 'parent-topic-missing', { op: 'subscribe', topic: filter, parent }));
    if (s.mode === 'token' && !restoring) {
      const bad = this.tokenDenies(s, 'R', filter);
      if (bad) {
        this.tokenInvalid(s, bad.code, bad.type);
        return;
      }
    }
    if (!s.subs.has(filter) && s.subs.size >= this.cfg.mq.maxSubscriptions) {
      this.record.add('mq', 'subscription-ignored', s.clientId, { filter, limit: this.cfg.mq.maxSubscriptions });
      // Granted in the SUBACK but never matched: the cloud ignores extra subscriptions silently.
      return cb(null, { ...sub, topic: `$SANDBOX/ignored/${s.channelId}/${s.subs.size}` });
    }
    if (!s.clean && sub.qos === 2) this.record.add('mq', 'qos2-persistent-as-clean', s.clientId, { filter });
    s.subs.add(filter);
    cb(null, sub);
  }

  private authorizeForward(client: Client, packet: AedesPublishPacket): AedesPublishPacket | null {
    // routed to its one target in published(); only that direct delivery passes
    if (isP2p(packet.topic) && !this.directP2p.has(packet.payload as Buffer)) return null;
    if ((packet.payload?.length ?? 0) > this.cfg.mq.maxPayloadBytes) return null;
    void client;
    return packet;
  }

  private published(packet: AedesPublishPacket, client: Client | null, cb: (err?: Error | null) => void): void {
    if (isP2p(packet.topic) && (packet.payload?.length ?? 0) <= this.cfg.mq.maxPayloadBytes) {
      const target = packet.topic.split('/').slice(2).join('/');
      const sender = client ? this.sessions.get(client) : undefined;
      const dest = clientsOf(this.broker)[target];
      const payload = Buffer.from(packet.payload as Buffer);
      if (dest && dest.connected) {
        this.directP2p.add(payload);
        dest.publish(
          { cmd: 'publish', topic: packet.topic, payload, qos: Math.min(packet.qos, 1) as 0 | 1, retain: false, dup: false } as PublishPacket,
          () => undefined,
        );
        this.record.add('mq', 'p2p-delivered', target, { from: client?.id, topic: packet.topic });
      } else if (packet.qos === 1 && sender && !sender.clean) {
        // P2P offline storage follows the sender's cleanSession [seed 004]
        this.storeOffline(target, packet.topic, payload);
      }
    }
    cb(null);
  }

  // ---- offline messages ------------------------------------------------------------------------------

  /** Takes QoS 1 messages for offline persistent sessions out of aedes so we can push them slowly or on request. */
  private patchOfflineStore(): void {
    type Sub = { clientId: string; topic: string; qos: number };
    const persistence = (this.broker as unknown as { persistence: unknown }).persistence as {
      outgoingEnqueueCombi(subs: Sub[], packet: AedesPublishPacket): Promise<void>;
    };
    const orig = persistence.outgoingEnqueueCombi.bind(persistence);
    persistence.outgoingEnqueueCombi = (subs: Sub[], packet: AedesPublishPacket) => {
      if (isP2p(packet.topic) || (packet.payload?.length ?? 0) > this.cfg.mq.maxPayloadBytes || packet.topic.startsWith('$')) return Promise.resolve();
      const online: Sub[] = [];
      for (const sub of subs) {
        const c = clientsOf(this.broker)[sub.clientId];
        if (c && (c.connected || c.connecting)) {
          online.push(sub);
          continue;
        }
        // QoS 2 with cleanSession=false behaves as clean: no offline message
        if (sub.qos === 2) continue;
        if (Math.min(sub.qos, packet.qos) === 1) this.storeOffline(sub.clientId, packet.topic, Buffer.from(packet.payload as Buffer));
      }
      return online.length ? orig(online, packet) : Promise.resolve();
    };
  }

  private storeOffline(clientId: string, topic: string, payload: Buffer): void {
    let q = this.offline.get(clientId);
    if (!q) this.offline.set(clientId, (q = []));
    q.push({ topic, payload, storedAt: this.clock.now() });
    this.record.add('mq', 'offline-stored', clientId, { topic, queued: q.length });
  }

  offlineCount(clientId: string): number {
    return this.offline.get(clientId)?.length ?? 0;
  }

  private scheduleOfflinePush(s: MqSession): void {
    if (!this.offline.get(s.clientId)?.length) return;
    const o = this.cfg.mq.offline;
    const keepaliveMs = (s.keepaliveSec || 60) * 1000;
    const delay = o.autoPushDelayMs ?? Math.min(keepaliveMs, o.maxAutoPushDelayMs);
    s.offlineMode = 'waiting';
    s.offlineTimer = setTimeout(() => {
      if (s.offlineMode !== 'waiting' || s.client.closed) return;
      s.offlineMode = 'auto';
      this.record.add('mq', 'offline-auto-push-start', s.clientId, { queued: this.offlineCount(s.clientId) });
      const step = () => {
        if (s.client.closed || s.offlineMode !== 'auto') return;
        const n = this.deliverOffline(s, 'ASC', o.autoPushBatch, 'auto');
        if (n > 0 && this.offlineCount(s.clientId) > 0) s.offlineTimer = setTimeout(step, o.autoPushIntervalMs);
      };
      step();
    }, delay);
  }

  private pullOffline(s: MqSession, text: string): void {
    const now = Date.now();
    s.pulls = s.pulls.filter((t) => now - t < 1000);
    if (s.pulls.length >= this.cfg.mq.offline.pullsPerSecond) {
      this.record.add('mq', 'offline-pull-rate-limited', s.clientId, { perSecond: this.cfg.mq.offline.pullsPerSecond });
      return;
    }
    s.pulls.push(now);
    let body: { pushOrder?: unknown; maxPushNum?: unknown } = {};
    try {
      body = JSON.parse(text) as typeof body;
    } catch {
      this.record.add('mq', 'offline-pull-invalid', s.clientId, { reason: 'body is not JSON' });
      return;
    }
    const order = body.pushOrder === 'DESC' ? 'DESC' : 'ASC';
    const requested = Number(body.maxPushNum);
    if (!Number.isFinite(requested) || requested < 1) {
      this.record.add('mq', 'offline-pull-invalid', s.clientId, { reason: 'maxPushNum must be 1-30' });
      return;
    }
    const n = Math.min(30, Math.floor(requested));
    if (s.offlineMode === 'waiting') {
      s.offlineMode = 'pull';
      clearTimeout(s.offlineTimer);
    }
    this.record.add('mq', 'offline-pull', s.clientId, { pushOrder: order, maxPushNum: n });
    // after the PUBACK, as the cloud pushes asynchronously
    setTimeout(() => this.deliverOffline(s, order, n, 'pull'), 5);
  }

  private deliverOffline(s: MqSession, order: 'ASC' | 'DESC', n: number, how: 'auto' | 'pull'): number {
    const q = this.offline.get(s.clientId);
    if (!q || q.length === 0 || s.client.closed) return 0;
    const now = this.clock.now();
    const fresh = q.filter((m) => now - m.storedAt <= this.cfg.mq.offline.retentionMs);
    const take = order === 'ASC' ? fresh.splice(0, n) : fresh.splice(Math.max(0, fresh.length - n), n).reverse();
    this.offline.set(s.clientId, fresh);
    for (const m of take) {
      s.client.publish({ cmd: 'publish', topic: m.topic, payload: m.payload, qos: 1, retain: false, dup: false } as PublishPacket, () => undefined);
    }
    this.record.add('mq', 'offline-pushed', s.clientId, { how, count: take.length, order, left: fresh.length });
    return take.length;
  }

  // ---- time-driven rules -----------------------------------------------------------------------------

  private tick(): void {
    const now = this.clock.now();
    for (const s of this.live) {
      if (s.mode !== 'token' || s.closing) continue;
      for (const [type, h] of s.tokens) {
        if (this.tokens.isRevoked(h.info.id)) {
          this.tokenInvalid(s, 3, type);
          break;
        }
        const expireTime = this.tokens.expiryOf(h.info.id, h.info.expireTime);
        if (now >= expireTime) {
          this.tokenInvalid(s, 2, type);
          break;
        }
        if (!h.noticeSent && now >= expireTime - this.cfg.mq.tokenExpireNoticeMs) {
          h.noticeSent = true;
          this.record.add('mq', 'token-expire-notice', s.clientId, { type, expireTime });
          const payload = Buffer.from(JSON.stringify({ expireTime, type }));
          s.client.publish({ cmd: 'publish', topic: '$SYS/tokenExpireNotice', payload, qos: 1, retain: false, dup: false } as PublishPacket, () => undefined);
        }
      }
    }
  }

  // ---- faults and queries ----------------------------------------------------------------------------

  private findLive(clientId: string): MqSession | undefined {
    for (const s of this.live) if (s.clientId === clientId) return s;
    return undefined;
  }

  dropClient(clientId: string): boolean {
    const s = this.findLive(clientId);
    if (!s) return false;
    this.record.add('mq', 'fault-drop', clientId);
    (s.tap ?? (s.client.conn as Duplex)).destroy();
    return true;
  }

  stallClient(clientId: string, ms: number): boolean {
    const s = this.findLive(clientId);
    if (!s?.tap) return false;
    this.record.add('mq', 'fault-stall', clientId, { ms });
    s.tap.stall(ms);
    return true;
  }

  /** TCP connections the "instance" holds for a Client ID (the online query's `online`). */
  onlineConnections(clientId: string): number {
    let n = 0;
    for (const s of this.live) if (s.clientId === clientId) n++;
    return n + (this.syntheticOnline.get(clientId) ?? 0);
  }

  groupOwnedBy(groupId: string): string | undefined {
    return this.groupOwner(groupId);
  }

  /** Fleet and sandbox traffic enter here, as if published by a device. */
  publish(topic: string, payload: Buffer, qos: 0 | 1 = 0): void {
    if (!this.broker || this.broker.closed) return;
    this.broker.publish({ cmd: 'publish', topic, payload, qos, retain: false, dup: false } as PublishPacket, () => undefined);
  }
}

function isP2p(topic: string): boolean {
  const parts = topic.split('/');
  return parts.length >= 3 && parts[1] === 'p2p' && parts[2].length > 0;
}

function listen(server: net.Server, host: string): Promise<number> {
  return new Promise((resolve, reject) => {
    server.once('error', reject);
    server.listen(0, host, () => {
      server.off('error', reject);
      resolve((server.address() as net.AddressInfo).port);
    });
  });
}

/** aedes keeps connected clients by ID; its typings do not expose the map. */
function clientsOf(b: Aedes): Record<string, Client | undefined> {
  return (b as unknown as { clients: Record<string, Client | undefined> }).clients;
}
