/**
 * Service `tokens`: MQ for IoT tokens per profile (keychain slots tokenR / tokenW / tokenRW, details in
 * TokenFactsStore), the token service client (apply / query / revoke), the upload gate run after every
 * CONNACK, renewal (automatic, ask, off), the reconnect check, and a timeline per connection.
 * Token text and the SecretKey stay in main: what leaves is masked.
 */
import { createHash } from 'node:crypto';
import { AppError } from '../../../shared/contract/define';
import type { ConnectionView, ProtocolLogEntry } from '../../../shared/contract/connections.contract';
import type { Profile, SecretSlot } from '../../../shared/contract/profiles.contract';
import type { TokenExchange, TokensOverview, TokenView } from '../../../shared/contract/tokens.contract';
import { checkApplyDraft } from '../../../shared/tokens/token-limits';
import { signedTimestampFromUsername } from '../../../shared/tokens/credential-age';
import {
  TOKEN_EXPIRE_NOTICE_TOPIC,
  TOKEN_INVALID_NOTICE_TOPIC,
  TOKEN_SLOT,
  TOKEN_TYPES,
  UPLOAD_TOKEN_TOPIC,
  actionsForTokenType,
  maskToken,
  parseExpireNotice,
  parseInvalidNotice,
  tokenTypeForActions,
  uploadTokenBody,
  type RenewalPolicy,
  type TokenAction,
  type TokenFacts,
  type TokenType,
  type TokenUpload,
} from '../../../shared/tokens/token-model';
import { decideBeforeReconnect, decideRenewal, renewalLifetimeMs, renewalWindowMs, type RenewalReason } from '../../../shared/tokens/renewal-policy';
import {
  buildApplyRequest,
  buildTokenRequest,
  readTokenServiceAnswer,
  type TokenRequest,
  type TokenServiceAnswer,
} from '../../../shared/tokens/token-requests';
import { deriveTokenState } from '../../../shared/tokens/token-state';
import { TokenTimeline, timelineToCsv, timelineToJson, type TimelineEvent } from '../../../shared/tokens/token-timeline';
import { explainTokenInvalidCode } from '../../../shared/vendors/aliyun-mq-codes';
import type { ClockOffset } from '../vendors/clock-offset';
import type { TokenFactsStore } from './token-facts-store';
import { postForm as defaultPostForm, tokenServiceUrl, type PostForm } from './token-http-client';

/** What the upload gate may do on a connection that has its CONNACK but must not SUBSCRIBE/PUBLISH yet. */
export interface GateIo {
  /** Publishes on this very connection; QoS 1 resolves on its PUBACK. Not held by the gate. */
  publish(topic: string, payload: Buffer, qos: 0 | 1): Promise<void>;
  log(entry: Omit<ProtocolLogEntry, 'seq' | 'connectionId' | 'at'>): void;
}

export interface ReconnectVerdict {
  proceed: boolean;
  reason?: string;
  explanation?: string;
}

export interface TokenProfiles {
  get(id: string): Profile | undefined;
  getSecret(id: string, slot: SecretSlot): Promise<string | null>;
  setSecret(id: string, slot: SecretSlot, value: string | null): Promise<unknown>;
  save(profile: Profile): Promise<unknown>;
}

export interface TokenServiceDeps {
  profiles: () => TokenProfiles;
  facts: TokenFactsStore;
  /** tokens.changed */
  emit(profileId: string, connectionId?: string): void;
  now?: () => number;
  postForm?: PostForm;
  measureClock?: (endpoint: string) => Promise<ClockOffset>;
  /** Opens a profile's connection again (after a held reconnect, once a usable token exists). */
  reopen?: (profileId: string) => Promise<unknown>;
  /** ms to wait for a token service answer / an upload's PUBACK. */
  httpTimeoutMs?: number;
  pubackTimeoutMs?: number;
}

/** Recorded token events shown as a timeline of their own (an opened capture). */
export interface ReadOnlyTimeline {
  events: TimelineEvent[];
  dropped: number;
  /** The recorded connection's name, for exports. */
  name?: string;
}

interface ConnTrack {
  connectionId: string;
  profileId: string;
  kind: string;
  status: string;
  everConnected: boolean;
  io?: GateIo;
  timeline: TokenTimeline;
  signedAt?: number;
}

interface ProfileRuntime {
  asks: Map<TokenType, { reason: string; at: number }>;
  renewing: Map<TokenType, Promise<unknown>>;
  /** Last failed automatic renewal per type: retried after RETRY_FAILED_MS, not every tick. */
  failedAt: Map<TokenType, number>;
  /** When a renewal last replaced the token, per type (a notice right after it means the server's clock runs ahead). */
  renewedAt: Map<TokenType, number>;
  held?: { at: number; reason: string; explanation: string; code?: number };
  clock?: { endpoint: string; offsetMs: number; rttMs: number; measuredAt: number };
}

type AliyunMq = Extract<Profile, { kind: 'aliyun-mq' }>;

const REASON_WORDS: Record<RenewalReason, string> = {
  'expire-notice': 'the server sent $SYS/tokenExpireNotice',
  't-minus-5': 'under 5 minutes left',
  expired: 'the token has expired',
  'invalid-expired': 'the server said the token expired (code 2)',
};

/** A notice this soon after a renewal, for a token our clock says is far from expiry, is the server's clock running ahead. */
const FRESH_TOKEN_MS = 30_000;
const RETRY_FAILED_MS = 30_000;

/** 48 bits of SHA-256: tells tokens apart, reveals nothing usable; stays in main. */
const fingerprintOf = (token: string) => createHash('sha256').update(token).digest('hex').slice(0, 12);

export class TokenService {
  private conns = new Map<string, ConnTrack>();
  private runtime = new Map<string, ProfileRuntime>();
  /** Timeline events of profiles not connected yet, replayed into the next connection's timeline. */
  private pending = new Map<string, TokenTimeline>();
  private readOnlyTimelines = new Map<string, ReadOnlyTimeline>();
  private ticker: NodeJS.Timeout | undefined;
  private readonly now: () => number;
  private readonly post: PostForm;
  private disposed = false;

  constructor(private readonly deps: TokenServiceDeps) {
    this.now = deps.now ?? Date.now;
    this.post = deps.postForm ?? defaultPostForm;
  }

  start(): void {
    this.ticker = setInterval(() => this.tick(), 1000);
    this.ticker.unref?.();
  }

  dispose(): void {
    this.disposed = true;
    if (this.ticker) clearInterval(this.ticker);
  }

  // ---- profiles and tokens ---------------------------------------------------------------------------

  private rt(profileId: string): ProfileRuntime {
    let r = this.runtime.get(profileId);
    if (!r) this.runtime.set(profileId, (r = { asks: new Map(), renewing: new Map(), failedAt: new Map(), renewedAt: new Map() }));
    return r;
  }

  private profile(profileId: string): Profile {
    const p = this.deps.profiles().get(profileId);
    if (!p) throw new AppError('not-found', `No profile with id ${profileId}.`, 'It may have been deleted; pick another profile.');
    return p;
  }

  private mqProfile(profileId: string): AliyunMq {
    const p = this.profile(profileId);
    if (p.kind !== 'aliyun-mq')
      throw new AppError('wrong-kind', `Profile "${p.name}" is not an MQ for IoT profile: tokens belong to MQ for IoT (aliyun-mq) profiles.`);
    return p;
  }

  private async tokenText(profileId: string, type: TokenType): Promise<string | null> {
    const v = await this.deps.profiles().getSecret(profileId, TOKEN_SLOT[type]);
    return v === null || v === '' ? null : v;
  }

  /**
   * Every token of a profile with its facts. A token whose text changed outside this service (the profile
   * editor's secret field) gets fresh "pasted" facts: old resources/expiry would describe another token.
   */
  private async tokensOf(profileId: string): Promise<Array<{ facts: TokenFacts; token: string }>> {
    const out: Array<{ facts: TokenFacts; token: string }> = [];
    for (const type of TOKEN_TYPES) {
      const token = await this.tokenText(profileId, type);
      let facts = this.deps.facts.get(profileId, type);
      if (!token) {
        if (facts) this.deps.facts.delete(profileId, type);
        continue;
      }
      const fp = fingerprintOf(token);
      if (!facts || facts.fingerprint !== fp) {
        facts = {
          profileId,
          type,
          masked: maskToken(token),
          length: token.length,
          fingerprint: fp,
          source: 'pasted',
          resources: [],
          actions: actionsForTokenType(type),
        };
        this.deps.facts.set(facts);
      }
      out.push({ facts, token });
    }
    return out;
  }

  private view(f: TokenFacts): TokenView {
    const s = deriveTokenState(f, this.now());
    const v: TokenView = {
      profileId: f.profileId,
      type: f.type,
      masked: f.masked,
      length: f.length,
      source: f.source,
      resources: [...f.resources],
      actions: [...f.actions],
      state: s.state,
      stateWords: s.words,
      action: s.action,
    };
    for (const k of ['issuedAt', 'expiresAt', 'expireNoticeAt', 'revokedAt'] as const) if (f[k] !== undefined) v[k] = f[k];
    if (f.lastUpload) v.lastUpload = { ...f.lastUpload };
    if (f.invalid) v.invalid = { ...f.invalid };
    if (s.code !== undefined) v.code = s.code;
    return v;
  }

  async list(q: { connectionId?: string; profileId?: string }): Promise<TokensOverview> {
    let conn: ConnTrack | undefined;
    let profileId = q.profileId;
    if (q.connectionId) {
      conn = this.conns.get(q.connectionId);
      if (!conn) throw new AppError('not-found', `No connection ${q.connectionId} is known to the token panel.`, 'Open the connection first.');
      profileId = conn.profileId;
    }
    if (!profileId) throw new AppError('invalid-input', 'Give a connectionId or a profileId.');
    if (!conn) conn = [...this.conns.values()].find((c) => c.profileId === profileId);
    const p = this.profile(profileId);
    const rt = this.rt(profileId);
    const o: TokensOverview = {
      profileId,
      profileName: p.name,
      kind: p.kind,
      tokenMode: p.kind === 'aliyun-mq' && p.authMode === 'token',
      tokens: [],
      asks: [...rt.asks].map(([type, a]) => ({ type, ...a })),
      now: this.now(),
    };
    if (conn) {
      o.connectionId = conn.connectionId;
      o.connectionStatus = conn.status;
    }
    if (rt.held) o.reconnectHeld = { ...rt.held };
    if (p.kind === 'aliyun-mq') {
      o.policy = p.tokenRenewal;
      o.tokenServiceUrl = p.tokenServiceUrl;
      o.accessKey = p.accessKey;
      o.secretKeySet = (await this.deps.profiles().getSecret(profileId, 'secretKey')) !== null;
      o.tokens = (await this.tokensOf(profileId)).map((t) => this.view(t.facts));
    } else if (p.kind === 'aliyun-amqp') {
      o.amqp = { authMode: p.authMode };
      if (conn?.signedAt !== undefined) o.amqp.signedAt = conn.signedAt;
      if (p.stsExpiresAt !== undefined) o.amqp.stsExpiresAt = p.stsExpiresAt;
    } else if (p.kind === 'huawei-iotda') {
      o.huawei = {};
      if (conn?.signedAt !== undefined) o.huawei.signedAt = conn.signedAt;
      if (rt.clock) o.huawei.clock = { ...rt.clock };
    }
    return o;
  }

  // ---- timeline --------------------------------------------------------------------------------------

  private note(profileId: string, e: Omit<TimelineEvent, 'seq' | 'at'> & { at?: number }, connectionId?: string): void {
    const ev = { at: this.now(), ...e };
    const targets = connectionId
      ? [this.conns.get(connectionId)].filter((c): c is ConnTrack => !!c)
      : [...this.conns.values()].filter((c) => c.profileId === profileId);
    if (targets.length === 0) {
      let tl = this.pending.get(profileId);
      if (!tl) this.pending.set(profileId, (tl = new TokenTimeline(200)));
      tl.add(ev);
    }
    for (const c of targets) c.timeline.add(ev);
    this.deps.emit(profileId, connectionId ?? targets[0]?.connectionId);
  }

  timeline(connectionId: string): { events: TimelineEvent[]; dropped: number } {
    const ro = this.readOnlyTimelines.get(connectionId);
    if (ro) return { events: ro.events.map((e) => ({ ...e })), dropped: ro.dropped };
    const c = this.requireConn(connectionId);
    return { events: c.timeline.list(), dropped: c.timeline.dropped };
  }

  /**
   * A timeline with no connection behind it (an opened capture's recorded token events, `capture:<id>`):
   * `timeline` and `exportTimeline` answer for it until the returned removal runs.
   */
  addReadOnlyTimeline(connectionId: string, t: ReadOnlyTimeline): () => void {
    this.readOnlyTimelines.set(connectionId, t);
    return () => {
      if (this.readOnlyTimelines.get(connectionId) === t) this.readOnlyTimelines.delete(connectionId);
    };
  }

  exportTimeline(connectionId: string, format: 'json' | 'csv'): { text: string; fileName: string; mime: string } {
    const ro = this.readOnlyTimelines.get(connectionId);
    const c = ro ? undefined : this.requireConn(connectionId);
    const events = ro ? ro.events : c!.timeline.list();
    const dropped = ro ? ro.dropped : c!.timeline.dropped;
    const stamp = new Date(this.now()).toISOString().replace(/[:.]/g, '-');
    const base = `token-timeline-${connectionId.replace(/[^\w.-]+/g, '-')}-${stamp}`;
    if (format === 'csv') return { text: timelineToCsv(events), fileName: `${base}.csv`, mime: 'text/csv' };
    const profileName = ro ? ro.name : this.deps.profiles().get(c!.profileId)?.name;
    return {
      text: timelineToJson(events, { connectionId, exportedAt: this.now(), dropped, ...(profileName ? { profileName } : {}) }),
      fileName: `${base}.json`,
      mime: 'application/json',
    };
  }

  private requireConn(connectionId: string): ConnTrack {
    const c = this.conns.get(connectionId);
    if (!c) throw new AppError('not-found', `No connection ${connectionId} is known to the token panel.`, 'Open the connection first.');
    return c;
  }

  // ---- token service -----------------------------------------------------------------------------------

  private async secretKey(p: AliyunMq): Promise<string> {
    const s = await this.deps.profiles().getSecret(p.id, 'secretKey');
    if (!s)
      throw new AppError(
        'missing-secret',
        `Profile "${p.name}" has no SecretKey set.`,
        "The token service signs requests with the AccessKey's SecretKey: enter it in the profile editor (it is kept in the OS keychain).",
      );
    return s;
  }

  private async exchange(p: AliyunMq, req: TokenRequest): Promise<{ exchange: TokenExchange; answer: TokenServiceAnswer }> {
    const url = tokenServiceUrl(p.tokenServiceUrl, req.path);
    const raw = await this.post(url, req.body, this.deps.httpTimeoutMs ?? 10_000);
    const answer = readTokenServiceAnswer(raw.status, raw.text);
    const shown: TokenExchange['answer'] = {
      httpStatus: answer.httpStatus,
      success: answer.success,
      message: answer.message,
      words: answer.words,
      action: answer.action,
    };
    if (answer.code !== undefined) shown.code = answer.code;
    return { exchange: { url, form: req.shownForm, stringToSign: req.shownStringToSign, answer: shown }, answer };
  }

  /** Applies for a token; on success it is stored (replacing the one of the same type) and returned. */
  private async applyToken(
    p: AliyunMq,
    resources: string[],
    actions: TokenAction[],
    lifetimeMs: number,
  ): Promise<{ exchange: TokenExchange; facts?: TokenFacts }> {
    const problems = checkApplyDraft({ resources, actions, lifetimeSec: lifetimeMs / 1000 });
    if (problems.length) throw new AppError('invalid-input', problems.map((x) => x.message).join(' '), 'Fix the apply form and send it again.');
    const type = tokenTypeForActions(actions)!;
    const now = this.now();
    const expireTime = Math.round(now + lifetimeMs);
    const req = buildApplyRequest({ accessKey: p.accessKey, secretKey: await this.secretKey(p), resources, actions, expireTime });
    const { exchange, answer } = await this.exchange(p, req);
    if (!answer.success || !answer.tokenData) return { exchange };
    const token = answer.tokenData;
    await this.deps.profiles().setSecret(p.id, TOKEN_SLOT[type], token);
    const facts: TokenFacts = {
      profileId: p.id,
      type,
      masked: maskToken(token),
      length: token.length,
      fingerprint: fingerprintOf(token),
      source: 'applied',
      resources: [...resources],
      actions: [...actions].sort() as TokenAction[],
      issuedAt: now,
      expiresAt: expireTime,
    };
    this.deps.facts.set(facts);
    const rt = this.rt(p.id);
    rt.asks.delete(type);
    rt.held = undefined;
    return { exchange, facts };
  }

  async apply(input: { profileId: string; connectionId?: string; resources: string[]; actions: TokenAction[]; lifetimeSec: number }) {
    const p = this.mqProfile(input.profileId);
    const resources = [...new Set(input.resources.map((r) => r.trim()).filter(Boolean))];
    const wasHeld = this.rt(p.id).held !== undefined;
    const r = await this.applyToken(p, resources, input.actions, input.lifetimeSec * 1000);
    if (!r.facts) {
      const a = r.exchange.answer;
      this.note(p.id, {
        kind: 'renewal-failed',
        code: a.code,
        words: `Apply refused: ${a.words}${a.code !== undefined ? ` (code ${a.code})` : ''}. ${a.action}`.trim(),
      });
      return { exchange: r.exchange };
    }
    const f = r.facts;
    this.note(p.id, {
      kind: 'applied',
      type: f.type,
      token: f.masked,
      expiresAt: f.expiresAt,
      words: `Applied for a ${f.type} token covering ${f.resources.length} resource(s), ${Math.round(input.lifetimeSec)} s`,
    });
    this.resumeHeld(p.id, wasHeld);
    const upload = await this.uploadToLive(p.id, f.type);
    return upload ? { exchange: r.exchange, token: this.view(f), upload } : { exchange: r.exchange, token: this.view(f) };
  }

  /** Applies a replacement for a token with the same resources and actions, then uploads it on the live connection. */
  async renew(
    profileId: string,
    type: TokenType,
    reason = 'renewed by the user',
  ): Promise<{ exchange: TokenExchange; token?: TokenView; upload?: TokenUpload }> {
    const p = this.mqProfile(profileId);
    const rt = this.rt(profileId);
    const running = rt.renewing.get(type);
    if (running) await running.catch(() => undefined);
    const work = (async () => {
      const f = (await this.tokensOf(profileId)).find((t) => t.facts.type === type)?.facts;
      if (!f) throw new AppError('not-found', `Profile "${p.name}" has no ${type} token to renew.`, 'Apply for one.');
      if (f.resources.length === 0)
        throw new AppError(
          'cannot-renew',
          `The ${type} token was pasted without its resources, so the app cannot apply for the same again.`,
          'Apply for a new token with the resources you need, or paste it again with its resources.',
        );
      const r = await this.applyToken(p, f.resources, f.actions, renewalLifetimeMs(f));
      if (!r.facts) {
        const a = r.exchange.answer;
        this.note(profileId, {
          kind: 'renewal-failed',
          type,
          code: a.code,
          words: `Renewal refused: ${a.words}${a.code !== undefined ? ` (code ${a.code})` : ''}. ${a.action}`.trim(),
        });
        return { exchange: r.exchange };
      }
      rt.renewedAt.set(type, this.now());
      this.note(profileId, {
        kind: 'renewed',
        type,
        token: r.facts.masked,
        expiresAt: r.facts.expiresAt,
        words: `Renewed (${reason}): new ${type} token replaces ${f.masked}`,
      });
      const upload = await this.uploadToLive(profileId, type);
      return upload ? { exchange: r.exchange, token: this.view(r.facts), upload } : { exchange: r.exchange, token: this.view(r.facts) };
    })();
    rt.renewing.set(type, work);
    try {
      return await work;
    } finally {
      if (rt.renewing.get(type) === work) rt.renewing.delete(type);
    }
  }

  async query(profileId: string, type: TokenType): Promise<{ exchange: TokenExchange }> {
    return this.tokenOp('query', profileId, type);
  }

  async revoke(profileId: string, type: TokenType): Promise<{ exchange: TokenExchange }> {
    return this.tokenOp('revoke', profileId, type);
  }

  private async tokenOp(op: 'query' | 'revoke', profileId: string, type: TokenType): Promise<{ exchange: TokenExchange }> {
    const p = this.mqProfile(profileId);
    const token = await this.tokenText(profileId, type);
    if (!token) throw new AppError('not-found', `Profile "${p.name}" has no ${type} token.`, 'Apply for one or paste one first.');
    await this.tokensOf(profileId);
    const req = buildTokenRequest(op, { accessKey: p.accessKey, secretKey: await this.secretKey(p), token });
    const { exchange, answer } = await this.exchange(p, req);
    if (op === 'query' && answer.success && answer.tokenData && answer.tokenData !== token) exchange.detail = answer.tokenData.slice(0, 4000);
    const now = this.now();
    if (op === 'revoke' && answer.success) {
      this.deps.facts.update(profileId, type, (f) => (f.revokedAt = now));
      this.note(profileId, { kind: 'revoked', type, token: maskToken(token), words: 'Revoked through the token service' });
    } else if (answer.code === 1 || answer.code === 2 || answer.code === 3) {
      // The service's verdict on the token itself: remember it so nobody reconnects with it.
      const code = answer.code;
      this.deps.facts.update(profileId, type, (f) => (f.invalid = { code, at: now }));
      this.note(profileId, { kind: 'invalid', type, code, token: maskToken(token), words: `Token service ${op}: ${answer.words} (code ${code})` });
    } else {
      this.deps.emit(profileId);
    }
    return { exchange };
  }

  async paste(input: { profileId: string; type: TokenType; token: string; expiresAt?: number; resources?: string[] }): Promise<TokenView> {
    const p = this.mqProfile(input.profileId);
    const token = input.token.trim();
    if (!token || /\s/.test(token))
      throw new AppError('invalid-input', 'The token must be one piece of text without spaces or line breaks.', 'Copy the tokenData value only.');
    if (input.expiresAt !== undefined && input.expiresAt <= this.now())
      throw new AppError('invalid-input', 'The expiry given is in the past.', 'Enter when the token expires (it must be in the future), or leave it empty.');
    await this.deps.profiles().setSecret(p.id, TOKEN_SLOT[input.type], token);
    const facts: TokenFacts = {
      profileId: p.id,
      type: input.type,
      masked: maskToken(token),
      length: token.length,
      fingerprint: fingerprintOf(token),
      source: 'pasted',
      resources: [...new Set((input.resources ?? []).map((r) => r.trim()).filter(Boolean))],
      actions: actionsForTokenType(input.type),
    };
    if (input.expiresAt !== undefined) facts.expiresAt = input.expiresAt;
    this.deps.facts.set(facts);
    const rt = this.rt(p.id);
    rt.asks.delete(input.type);
    const wasHeld = rt.held !== undefined;
    rt.held = undefined;
    this.resumeHeld(p.id, wasHeld);
    this.note(p.id, { kind: 'pasted', type: input.type, token: facts.masked, expiresAt: facts.expiresAt, words: `Pasted a ${input.type} token` });
    return this.view(facts);
  }

  async remove(profileId: string, type: TokenType): Promise<void> {
    const p = this.mqProfile(profileId);
    const had = this.deps.facts.get(profileId, type);
    await this.deps.profiles().setSecret(p.id, TOKEN_SLOT[type], null);
    this.deps.facts.delete(profileId, type);
    this.rt(profileId).asks.delete(type);
    this.note(profileId, { kind: 'removed', type, token: had?.masked, words: `Removed the ${type} token from the keychain` });
  }

  async setPolicy(profileId: string, policy: RenewalPolicy): Promise<void> {
    const p = this.mqProfile(profileId);
    if (p.tokenRenewal !== policy) await this.deps.profiles().save({ ...p, tokenRenewal: policy });
    if (policy !== 'ask') this.rt(profileId).asks.clear();
    this.deps.emit(profileId);
  }

  async measureClock(profileId: string, endpoint?: string): Promise<{ endpoint: string; offsetMs: number; rttMs: number; measuredAt: number }> {
    const p = this.profile(profileId);
    const target = endpoint || ('host' in p ? `https://${p.host}` : '');
    if (!target) throw new AppError('invalid-input', 'Give the endpoint to measure the clock against.');
    if (!this.deps.measureClock) throw new AppError('not-available', 'Clock measurement is not available in this build.');
    let m: ClockOffset;
    try {
      m = await this.deps.measureClock(target);
    } catch (err) {
      throw new AppError(
        'clock-unmeasured',
        `Could not read the clock of ${target}: ${(err as Error).message}.`,
        "Give an HTTPS endpoint of the same service (its Date header is read), e.g. the platform's API endpoint.",
      );
    }
    const clock = { endpoint: m.endpoint, offsetMs: m.offsetMs, rttMs: m.rttMs, measuredAt: m.measuredAt };
    this.rt(profileId).clock = clock;
    this.deps.emit(profileId);
    return clock;
  }

  // ---- uploads and the gate ----------------------------------------------------------------------------

  /** One `$SYS/uploadToken` QoS 1, waiting for its PUBACK (bounded). */
  private async upload(c: ConnTrack, io: GateIo, type: TokenType, token: string): Promise<TokenUpload> {
    const masked = maskToken(token);
    const fp = fingerprintOf(token);
    const at = this.now();
    this.note(c.profileId, { kind: 'uploaded', type, token: masked, words: `Uploaded on ${UPLOAD_TOKEN_TOPIC} (QoS 1), waiting for PUBACK` }, c.connectionId);
    const timeoutMs = this.deps.pubackTimeoutMs ?? 10_000;
    let timer: NodeJS.Timeout | undefined;
    let result: TokenUpload;
    try {
      await Promise.race([
        io.publish(UPLOAD_TOKEN_TOPIC, Buffer.from(uploadTokenBody(token, type)), 1),
        new Promise<never>((_, reject) => {
          timer = setTimeout(() => reject(new Error(`no PUBACK within ${timeoutMs / 1000} s`)), timeoutMs);
        }),
      ]);
      const ackAt = this.now();
      result = { at, ackAt, latencyMs: ackAt - at, ok: true };
      this.note(
        c.profileId,
        { kind: 'acknowledged', type, token: masked, latencyMs: ackAt - at, words: `PUBACK for the ${type} token after ${ackAt - at} ms` },
        c.connectionId,
      );
    } catch (err) {
      result = { at, ok: false, error: (err as Error).message };
      this.note(
        c.profileId,
        { kind: 'upload-failed', type, token: masked, words: `Upload of the ${type} token failed: ${(err as Error).message}` },
        c.connectionId,
      );
    } finally {
      if (timer) clearTimeout(timer);
    }
    this.deps.facts.update(c.profileId, type, (f) => {
      if (f.fingerprint === fp) f.lastUpload = result;
    });
    return result;
  }

  /** Uploads a profile's token of one type on its live, gated connection (renewal, apply, upload now). */
  private async uploadToLive(profileId: string, type: TokenType): Promise<TokenUpload | undefined> {
    const c = [...this.conns.values()].find((x) => x.profileId === profileId && x.status === 'connected' && x.io);
    const p = this.deps.profiles().get(profileId);
    if (!c?.io || p?.kind !== 'aliyun-mq' || p.authMode !== 'token') return undefined;
    const token = await this.tokenText(profileId, type);
    if (!token) return undefined;
    return this.upload(c, c.io, type, token);
  }

  async uploadNow(connectionId: string): Promise<Array<TokenUpload & { type: TokenType }>> {
    const c = this.requireConn(connectionId);
    const p = this.mqProfile(c.profileId);
    if (p.authMode !== 'token')
      throw new AppError(
        'not-token-mode',
        `Profile "${p.name}" uses signature mode: there is nothing to upload.`,
        'Switch the profile to token mode to use tokens.',
      );
    if (c.status !== 'connected' || !c.io)
      throw new AppError('not-connected', 'The connection is not connected: tokens are uploaded automatically after the next CONNECT.');
    const tokens = await this.tokensOf(c.profileId);
    if (tokens.length === 0) throw new AppError('no-token', 'This profile has no token to upload.', 'Apply for one or paste one.');
    const out: Array<TokenUpload & { type: TokenType }> = [];
    for (const t of tokens) out.push({ type: t.facts.type, ...(await this.upload(c, c.io, t.facts.type, t.token)) });
    return out;
  }

  private track(connectionId: string, profileId: string, kind: string): ConnTrack {
    let c = this.conns.get(connectionId);
    if (!c) {
      c = { connectionId, profileId, kind, status: 'idle', everConnected: false, timeline: new TokenTimeline() };
      this.conns.set(connectionId, c);
      const early = this.pending.get(profileId);
      if (early) {
        for (const e of early.list()) c.timeline.add({ ...e });
        this.pending.delete(profileId);
      }
    }
    return c;
  }

  /**
   * THE UPLOAD GATE: runs after every CONNACK of an MQ for IoT token-mode connection, before the driver may
   * send any SUBSCRIBE or PUBLISH. Uploads every token on `$SYS/uploadToken` (QoS 1) and waits for each
   * PUBACK; throws when there is no usable token or an upload is not acknowledged, so the driver never opens.
   */
  async gate(connectionId: string, profile: Profile, io: GateIo): Promise<void> {
    if (profile.kind !== 'aliyun-mq' || profile.authMode !== 'token') return;
    const c = this.track(connectionId, profile.id, profile.kind);
    c.io = io;
    const reconnect = c.everConnected;
    c.everConnected = true;
    this.note(
      profile.id,
      {
        kind: reconnect ? 'reconnected' : 'connected',
        words: reconnect ? 'Reconnected: uploading the tokens again before anything else' : 'Connected: uploading the tokens before anything else',
      },
      connectionId,
    );
    let tokens = await this.tokensOf(profile.id);
    // An expired token would only earn a tokenInvalidNotice: renew first when the policy allows it.
    const current = this.deps.profiles().get(profile.id);
    const policy = current?.kind === 'aliyun-mq' ? current.tokenRenewal : profile.tokenRenewal;
    const d = decideBeforeReconnect(
      policy,
      tokens.map((t) => t.facts),
      this.now(),
    );
    if (d.do === 'renew-first') {
      for (const type of d.types) await this.renewBeforeConnect(profile.id, type);
      tokens = await this.tokensOf(profile.id);
    } else if (d.do === 'stop') {
      this.hold(profile.id, connectionId, d.reason, d.explanation, d.code);
      io.log({
        dir: 'local',
        type: 'token-gate',
        summary: `Token gate closed: ${d.reason}. No SUBSCRIBE or PUBLISH will be sent.`,
        explanation: d.explanation,
      });
      throw new AppError('token-gate', `Token gate: ${d.reason}.`, d.explanation);
    }
    const types = tokens.map((t) => t.facts.type);
    io.log({
      dir: 'local',
      type: 'token-gate',
      summary: `Token gate: uploading ${tokens.length} token(s) (${types.join(', ')}) on ${UPLOAD_TOKEN_TOPIC} QoS 1; SUBSCRIBE and PUBLISH held until every PUBACK`,
    });
    const started = this.now();
    for (const t of tokens) {
      const r = await this.upload(c, io, t.facts.type, t.token);
      if (!r.ok) {
        io.log({
          dir: 'local',
          type: 'token-gate',
          summary: `Token gate closed: the ${t.facts.type} token upload was not acknowledged (${r.error}). No SUBSCRIBE or PUBLISH will be sent.`,
        });
        throw new AppError(
          'token-gate',
          `Token upload not acknowledged: ${r.error}.`,
          'The server did not accept the token; see the token panel for its state.',
        );
      }
    }
    this.rt(profile.id).held = undefined;
    io.log({
      dir: 'local',
      type: 'token-gate',
      summary: `Token gate open: ${tokens.length} PUBACK(s) in ${this.now() - started} ms; SUBSCRIBE and PUBLISH may go now`,
    });
    this.deps.emit(profile.id, connectionId);
  }

  private async renewBeforeConnect(profileId: string, type: TokenType): Promise<void> {
    const p = this.mqProfile(profileId);
    const f = this.deps.facts.get(profileId, type);
    if (!f) return;
    const r = await this.applyToken(p, f.resources, f.actions, renewalLifetimeMs(f));
    if (!r.facts) {
      const a = r.exchange.answer;
      const reason = `renewal of the expired ${type} token was refused: ${a.words}${a.code !== undefined ? ` (code ${a.code})` : ''}`;
      this.note(profileId, { kind: 'renewal-failed', type, code: a.code, words: `${reason}. ${a.action}`.trim() });
      throw new AppError('renewal-failed', reason, a.action);
    }
    this.note(profileId, {
      kind: 'renewed',
      type,
      token: r.facts.masked,
      expiresAt: r.facts.expiresAt,
      words: `Renewed before reconnecting (${f.masked} expired or about to)`,
    });
  }

  /** A connection held for want of a usable token resumes once one exists (apply or paste). */
  private resumeHeld(profileId: string, wasHeld: boolean): void {
    if (!wasHeld || !this.deps.reopen) return;
    const c = [...this.conns.values()].find((x) => x.profileId === profileId);
    if (!c || (c.status !== 'refused' && c.status !== 'closed')) return;
    void this.deps
      .reopen(profileId)
      .catch((err: unknown) => this.note(profileId, { kind: 'reconnect-held', words: `Could not connect again: ${(err as Error).message}` }));
  }

  private hold(profileId: string, connectionId: string | undefined, reason: string, explanation: string, code?: number): void {
    const rt = this.rt(profileId);
    rt.held = code === undefined ? { at: this.now(), reason, explanation } : { at: this.now(), reason, explanation, code };
    this.note(profileId, { kind: 'reconnect-held', code, words: `Not reconnecting: ${reason}. ${explanation}` }, connectionId);
  }

  /**
   * Before the driver reconnects a lost connection: stop when a token is known to be bad, renew first when a
   * token expired or is about to (policy auto), else go ahead.
   */
  async beforeReconnect(connectionId: string, profile: Profile): Promise<ReconnectVerdict> {
    if (profile.kind !== 'aliyun-mq' || profile.authMode !== 'token') return { proceed: true };
    const p = this.deps.profiles().get(profile.id);
    const policy = p?.kind === 'aliyun-mq' ? p.tokenRenewal : profile.tokenRenewal;
    const tokens = await this.tokensOf(profile.id);
    const d = decideBeforeReconnect(
      policy,
      tokens.map((t) => t.facts),
      this.now(),
    );
    if (d.do === 'reconnect') return { proceed: true };
    if (d.do === 'stop') {
      this.hold(profile.id, connectionId, d.reason, d.explanation, d.code);
      return { proceed: false, reason: d.reason, explanation: d.explanation };
    }
    try {
      for (const type of d.types) await this.renewBeforeConnect(profile.id, type);
      return { proceed: true };
    } catch (err) {
      const e = err as AppError;
      this.hold(profile.id, connectionId, e.message, e.hint ?? '');
      return { proceed: false, reason: e.message, explanation: e.hint };
    }
  }

  // ---- what arrives on connections ---------------------------------------------------------------------

  onConnectionState(v: ConnectionView): void {
    const c = this.track(v.connectionId, v.profileId, v.kind);
    const was = c.status;
    c.status = v.state.status;
    if (was === 'connected' && v.state.status !== 'connected') {
      c.io = undefined;
      const p = this.deps.profiles().get(v.profileId);
      if (p?.kind === 'aliyun-mq' && p.authMode === 'token') {
        this.note(v.profileId, { kind: 'disconnected', words: `Disconnected${v.state.reason ? `: ${v.state.reason}` : ''}` }, v.connectionId);
      }
    }
    if (v.state.status === 'connected' && was !== 'connected' && c.kind !== 'aliyun-mq') this.deps.emit(v.profileId, v.connectionId);
  }

  /** Picks the signed timestamp out of CONNECT (Huawei username) or the AMQP attempt line. */
  onProtocolLog(e: ProtocolLogEntry): void {
    const c = this.conns.get(e.connectionId);
    if (!c || (c.kind !== 'huawei-iotda' && c.kind !== 'aliyun-amqp') || e.dir === 'in') return;
    let ts: number | undefined;
    const signed = /signed at (\d{13})/.exec(e.summary);
    if (signed) ts = Number(signed[1]);
    else if (/connect/i.test(e.type) && e.dir === 'out') {
      const u = e.detail && typeof e.detail.username === 'string' ? e.detail.username : e.summary;
      ts = signedTimestampFromUsername(u) ?? signedTimestampFromUsername(JSON.stringify(e.detail ?? {}).replace(/"/g, '|'));
    }
    if (ts !== undefined && ts !== c.signedAt) {
      c.signedAt = ts;
      this.deps.emit(c.profileId, c.connectionId);
    }
  }

  /** `$SYS/tokenExpireNotice` and `$SYS/tokenInvalidNotice` as they arrive on a connection. */
  onMessage(connectionId: string, topic: string, payload: Buffer): void {
    if (topic !== TOKEN_EXPIRE_NOTICE_TOPIC && topic !== TOKEN_INVALID_NOTICE_TOPIC) return;
    const c = this.conns.get(connectionId);
    if (!c) return;
    const text = payload.toString('utf8');
    const now = this.now();
    const known = TOKEN_TYPES.map((t) => this.deps.facts.get(c.profileId, t)).filter((f): f is TokenFacts => !!f);
    if (topic === TOKEN_EXPIRE_NOTICE_TOPIC) {
      const n = parseExpireNotice(text);
      const targets = known.filter((f) => !n?.type || f.type === n.type);
      for (const f of targets) {
        const renewedAt = this.rt(c.profileId).renewedAt.get(f.type);
        const fresh =
          renewedAt !== undefined &&
          now - renewedAt < FRESH_TOKEN_MS &&
          f.issuedAt !== undefined &&
          f.expiresAt !== undefined &&
          f.expiresAt - now > renewalWindowMs(f);
        if (fresh) {
          this.note(
            c.profileId,
            {
              kind: 'expire-notice',
              type: f.type,
              token: f.masked,
              expiresAt: n?.expireTime,
              words: `Expire notice for a ${f.type} token issued ${Math.round((now - f.issuedAt!) / 1000)} s ago that this computer's clock says has ${Math.round((f.expiresAt! - now) / 1000)} s left: the server's clock looks ahead of this one; not renewing again yet`,
            },
            connectionId,
          );
          continue;
        }
        this.deps.facts.update(c.profileId, f.type, (x) => (x.expireNoticeAt = now));
        this.note(
          c.profileId,
          {
            kind: 'expire-notice',
            type: f.type,
            token: f.masked,
            expiresAt: n?.expireTime,
            words: `$SYS/tokenExpireNotice: the ${f.type} token expires${n ? ` at ${new Date(n.expireTime).toISOString()}` : ' soon'}`,
          },
          connectionId,
        );
      }
      if (!n) c.io?.log({ dir: 'local', type: 'token-notice', summary: `$SYS/tokenExpireNotice with an unexpected body: ${text.slice(0, 120)}` });
      this.evaluate(c.profileId);
      return;
    }
    const n = parseInvalidNotice(text);
    const code = n?.code ?? 1;
    const e = explainTokenInvalidCode(code);
    const targets = known.filter((f) => !n?.type || f.type === n.type);
    for (const f of targets) {
      this.deps.facts.update(c.profileId, f.type, (x) => (x.invalid = { code, at: now }));
      this.note(
        c.profileId,
        { kind: 'invalid', type: f.type, code, token: f.masked, words: `$SYS/tokenInvalidNotice code ${code}: ${e.words}. ${e.action}` },
        connectionId,
      );
    }
    const next = code === 2 ? 'the app renews it before reconnecting when the policy allows' : 'the app will not reconnect with this token';
    c.io?.log({
      dir: 'local',
      type: 'token-notice',
      summary: `$SYS/tokenInvalidNotice code ${code}${n?.type ? ` for the ${n.type} token` : ''}: ${e.words}; the server disconnects next, and ${next}.`,
      explanation: e.action,
    });
    if (code === 2) this.evaluate(c.profileId);
  }

  // ---- renewal policy ------------------------------------------------------------------------------------

  private tick(): void {
    if (this.disposed) return;
    const seen = new Set<string>();
    for (const c of this.conns.values()) {
      if (c.kind !== 'aliyun-mq' || seen.has(c.profileId)) continue;
      if (c.status !== 'connected') continue;
      seen.add(c.profileId);
      this.evaluate(c.profileId);
    }
  }

  /** Applies the profile's renewal policy to each of its tokens (auto: renew and upload; ask: ask once). */
  private evaluate(profileId: string): void {
    const p = this.deps.profiles().get(profileId);
    if (p?.kind !== 'aliyun-mq' || p.authMode !== 'token') return;
    const rt = this.rt(profileId);
    const now = this.now();
    for (const type of TOKEN_TYPES) {
      const f = this.deps.facts.get(profileId, type);
      if (!f || rt.renewing.has(type)) continue;
      const d = decideRenewal(p.tokenRenewal, f, now);
      if (d.do === 'renew') {
        const failed = rt.failedAt.get(type);
        if (failed !== undefined && now - failed < RETRY_FAILED_MS) continue;
        void this.renew(profileId, type, REASON_WORDS[d.reason])
          .then((r) => {
            if (r.token) rt.failedAt.delete(type);
            else rt.failedAt.set(type, this.now());
          })
          .catch((err: unknown) => {
            rt.failedAt.set(type, this.now());
            this.note(profileId, { kind: 'renewal-failed', type, words: `Automatic renewal failed: ${(err as Error).message}` });
          });
      } else if (d.do === 'ask' && !rt.asks.has(type)) {
        rt.asks.set(type, { reason: REASON_WORDS[d.reason], at: now });
        this.note(profileId, { kind: 'renewal-asked', type, token: f.masked, words: `Renewal needed (${REASON_WORDS[d.reason]}): waiting for you to renew` });
      }
    }
  }
}
