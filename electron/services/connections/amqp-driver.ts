import rhea, { type Connection, type Container, type Delivery, type EventContext, type Receiver } from 'rhea';
import { AppError } from '../../../shared/contract/define';
import type { ConnectionStatus } from '../../../shared/contract/connections.contract';
import { explainRefusalParts, type RefusalPhase } from '../../../shared/vendors/refusal-explanations';
import { said } from '../../../shared/vendors/explain-en';
import { part, type ExplainPart } from '../../../shared/vendors/explain-part';
import type { IncomingMessage } from '../messages/incoming-message';
import { amqpConnectCredentials } from '../vendors/connect-credentials';
import { buildConnectOptions, type AmqpKindProfile } from './amqp-connect-options';
import { AmqpFrameLog } from './amqp-frame-log';
import { mapAmqpMessage } from './amqp-message';
import type { ConnectionDriver, DriverContext, DriverFactory } from './driver';

type Outcome = 'accept' | 'reject' | 'release' | 'modify';
type Settlement = NonNullable<IncomingMessage['settlement']>;

const SETTLED_AS: Record<Outcome, Settlement> = { accept: 'accepted', reject: 'rejected', release: 'released', modify: 'modified' };

/** Conditions a retry cannot fix: the user must change the profile (or the broker) first. */
const FATAL_CONDITIONS = new Set(['amqp:unauthorized-access', 'amqp:not-found', 'amqp:precondition-failed', 'amqp:not-allowed', 'amqp:not-implemented']);

/** A TCP/TLS connect that hangs (filtered port) counts as a failed attempt after this long. */
const CONNECT_TIMEOUT_MS = 15_000;
const CLOSE_TIMEOUT_MS = 3_000;

interface AmqpFailure {
  phase: RefusalPhase;
  condition?: string;
  code?: number | string;
  message: string;
}

/** One connection attempt: its own rhea container, so a late error of an old attempt can't reach a new one. */
interface Attempt {
  no: number;
  container: Container;
  conn?: Connection;
  receiver?: Receiver;
  frames: AmqpFrameLog;
  opened: boolean;
  attached: boolean;
  ended: boolean;
  failure?: AmqpFailure;
  connectTimer?: NodeJS.Timeout;
  flushTimer?: NodeJS.Timeout;
  closing?: Promise<void>;
}

function errorParts(err: unknown): { condition?: string; description: string } {
  if (!err) return { description: '' };
  if (typeof err === 'string') return { description: err };
  const e = err as { condition?: unknown; description?: unknown; message?: unknown; code?: unknown };
  const condition = typeof e.condition === 'string' ? e.condition : undefined;
  const description = String(e.description ?? e.message ?? (typeof e.code === 'string' ? e.code : '') ?? '');
  return { condition, description };
}

export class AmqpDriver implements ConnectionDriver {
  readonly protocol = 'amqp' as const;
  private readonly profile: AmqpKindProfile;
  private closed = false;
  /** Failed attempts since the last successful attach; drives the backoff. */
  private failures = 0;
  private attemptNo = 0;
  private current?: Attempt;
  private reconnectTimer?: NodeJS.Timeout;
  /** Held (unsettled) deliveries by store seq; only deliveries of the live link are valid. */
  private held = new Map<number, Delivery>();
  private firstOutcome?: { resolve: () => void; reject: (e: unknown) => void };
  /** When a `modified` outcome was last sent: a session error soon after is most likely its refusal. */
  private modifySentAt = 0;

  constructor(private readonly ctx: DriverContext) {
    if (ctx.profile.kind !== 'amqp' && ctx.profile.kind !== 'aliyun-amqp') {
      throw new AppError('wrong-protocol', `Profile "${ctx.profile.name}" is not an AMQP profile.`);
    }
    this.profile = ctx.profile;
    ctx.disposables.add(() => this.close());
  }

  /**
   * Starts connecting and resolves once the first attempt has an outcome (receiver attached, or failed and
   * reported through setState). Rejects only for a profile that cannot be used at all (a missing secret, an
   * unreadable CA file): retrying those would not help.
   */
  connect(): Promise<void> {
    if (this.closed) return Promise.reject(new AppError('closed', 'This connection was closed; open it again.'));
    return new Promise<void>((resolve, reject) => {
      this.firstOutcome = { resolve, reject };
      void this.startAttempt();
    });
  }

  unsettledCount(): number {
    return this.held.size;
  }

  async settle(seqs: number[], outcome: Outcome): Promise<number> {
    const receiver = this.current?.receiver;
    let settled = 0;
    for (const seq of seqs) {
      const d = this.held.get(seq);
      if (!d) continue;
      this.held.delete(seq);
      try {
        switch (outcome) {
          case 'accept':
            d.accept();
            break;
          case 'reject':
            d.reject({ condition: 'amqp:internal-error', description: 'rejected in Fieldscope' });
            break;
          case 'release':
            // No options: a release with options is sent as `modified`, which some brokers refuse.
            d.release();
            break;
          case 'modify':
            this.modifySentAt = Date.now();
            d.modified({ delivery_failed: true, undeliverable_here: false });
            break;
        }
      } catch (err) {
        this.localLog(`settling seq ${seq} failed: ${errorParts(err).description}`);
        continue;
      }
      settled++;
      this.ctx.sink.updateSettlement?.(seq, SETTLED_AS[outcome]);
    }
    // Manual/hold modes lend credit per held delivery: settling gives it back, so at most `credit` are held.
    if (settled && receiver && this.profile.ackMode !== 'auto' && !this.current?.ended) receiver.add_credit(settled);
    if (settled) this.localLog(`${outcome} sent for ${settled} deliver${settled === 1 ? 'y' : 'ies'}; ${this.held.size} still unsettled`);
    return settled;
  }

  async close(): Promise<void> {
    if (this.closed) return;
    this.closed = true;
    if (this.reconnectTimer) clearTimeout(this.reconnectTimer);
    this.reconnectTimer = undefined;
    const att = this.current;
    if (att) await this.endAttempt(att, true);
    this.resolveFirst();
    this.setState('closed');
  }

  // ---- attempts -------------------------------------------------------------------------------------------

  private async startAttempt(): Promise<void> {
    if (this.closed) return;
    const no = ++this.attemptNo;
    this.setState(no === 1 ? 'connecting' : 'reconnecting', { attempt: no });
    const containerId = this.profile.kind === 'aliyun-amqp' ? this.profile.clientId : `fieldscope-${this.ctx.connectionId}`;
    const container = rhea.create_container({ id: containerId });
    const att: Attempt = {
      no,
      container,
      frames: new AmqpFrameLog((e) => this.ctx.log(e), { now: () => this.ctx.now() }),
      opened: false,
      attached: false,
      ended: false,
    };
    // Errors rhea raises outside any link (e.g. `transfer after detach`) reach the container: without a
    // listener an EventEmitter 'error' would throw and take the backend down.
    container.on('error', (err: unknown) => this.onFailure(att, { phase: 'amqp', ...this.failureFrom(err) }));
    this.current = att;

    let built;
    try {
      // A fresh signature (timestamp) for every attempt.
      const creds = await amqpConnectCredentials(this.profile, this.ctx.getSecret, this.ctx.now());
      built = await buildConnectOptions(this.profile, creds, this.ctx.getSecret, containerId);
      att.frames = new AmqpFrameLog((e) => this.ctx.log(e), { now: () => this.ctx.now(), saslUser: creds.mechanism === 'PLAIN' ? creds.username : undefined });
      const signed = creds.signedAt ? `, signed at ${creds.signedAt}${creds.algorithm ? ` with ${creds.algorithm}` : ''}` : '';
      this.localLog(
        `attempt ${no}: ${built.options.transport === 'tls' ? 'amqps' : 'amqp'}://${this.profile.host}:${this.profile.port}, SASL ${creds.mechanism}${creds.mechanism === 'PLAIN' ? ` as ${JSON.stringify(creds.username)} (password ••••••)` : ''}${signed}`,
      );
      for (const w of built.warnings) this.ctx.log({ dir: 'local', type: 'warning', summary: w, explanation: w });
    } catch (err) {
      this.current = undefined;
      const e = err instanceof AppError ? err : new AppError('amqp-config', errorParts(err).description || 'Cannot build the connection options.');
      this.ctx.log({ dir: 'local', type: 'error', summary: e.message, explanation: e.hint });
      this.setState('refused', { reason: e.message, explanation: e.hint });
      if (this.firstOutcome) {
        const f = this.firstOutcome;
        this.firstOutcome = undefined;
        f.reject(e);
      }
      return;
    }
    if (this.closed || this.current !== att) return;

    let conn: Connection;
    try {
      conn = container.connect(built.options);
    } catch (err) {
      this.onFailure(att, { phase: 'transport', ...this.failureFrom(err) });
      return;
    }
    att.conn = conn;
    if (!att.frames.attach(conn)) this.localLog('frame-level log unavailable with this rhea version; showing events only');
    att.flushTimer = setInterval(() => att.frames.flush(), 1000);
    att.flushTimer.unref?.();
    att.connectTimer = setTimeout(() => {
      if (!att.opened)
        this.onFailure(att, { phase: 'transport', code: 'ETIMEDOUT', message: `no AMQP open from the server within ${CONNECT_TIMEOUT_MS / 1000} s` });
    }, CONNECT_TIMEOUT_MS);

    conn.on('connection_open', () => {
      att.opened = true;
      clearTimeout(att.connectTimer);
      const remoteIdle = (conn as unknown as { remote?: { open?: { idle_time_out?: number } } }).remote?.open?.idle_time_out;
      this.localLog(`connection open (server idle-time-out ${remoteIdle ?? 0} ms); attaching the receiver`);
      this.openReceiver(att, conn);
    });
    conn.on('connection_error', (c: EventContext) => this.onFailure(att, this.connectionFailure(c)));
    conn.on('connection_close', () => {
      if (!att.ended && !att.failure) this.onFailure(att, { phase: 'disconnect', message: 'the server closed the connection' });
    });
    conn.on('session_error', (c: EventContext) => {
      const { condition, description } = errorParts(c.session?.error);
      this.onFailure(att, {
        phase: 'amqp',
        condition,
        code: condition,
        message: `session ended by the server: ${condition ?? ''}${description ? ` ${description}` : ''}`.trim(),
      });
    });
    conn.on('session_close', () => {
      if (!att.ended && !att.failure) this.onFailure(att, { phase: 'amqp', message: 'the server ended the session' });
    });
    conn.on('protocol_error', (err: unknown) => this.onFailure(att, { phase: 'amqp', ...this.failureFrom(err) }));
    conn.on('error', (err: unknown) => this.onFailure(att, { phase: 'amqp', ...this.failureFrom(err) }));
    conn.on('disconnected', (c: EventContext) => {
      clearTimeout(att.connectTimer);
      if (att.ended) return;
      const { condition, description } = errorParts(c.error);
      const code = (c.error as { code?: unknown } | undefined)?.code;
      this.onFailure(att, {
        phase: att.opened ? 'disconnect' : 'transport',
        condition,
        code: typeof code === 'string' ? code : condition,
        message: description || (att.opened ? 'the connection was lost' : 'the connection could not be established'),
      });
    });
  }

  private openReceiver(att: Attempt, conn: Connection): void {
    const p = this.profile;
    const auto = p.ackMode === 'auto';
    const opts: Record<string, unknown> = {
      name: `fieldscope-${this.ctx.connectionId}-${att.no}`,
      // Settlement is always done here (even in auto mode) so a message is accepted only once it is stored.
      autoaccept: false,
      credit_window: auto ? p.credit : 0,
    };
    // No source at all when the address is empty: the IoT Platform needs none (its SDK samples send none).
    if (p.sourceAddress) opts.source = { address: p.sourceAddress };
    const receiver = conn.open_receiver(opts);
    att.receiver = receiver;
    if (!auto) receiver.add_credit(p.credit);
    receiver.on('receiver_open', () => {
      att.attached = true;
      this.failures = 0;
      this.localLog(
        `receiver attached (source ${JSON.stringify(p.sourceAddress)}), credit ${p.credit}, ack mode ${p.ackMode}${auto ? '' : ' (credit is returned as held deliveries are settled)'}`,
      );
      this.setState('connected', { attempt: att.no });
      this.resolveFirst();
    });
    receiver.on('message', (c: EventContext) => this.onMessage(att, c));
    receiver.on('receiver_error', (c: EventContext) => {
      const { condition, description } = errorParts(c.receiver?.error);
      this.onFailure(att, {
        phase: 'amqp',
        condition,
        code: condition,
        message: `receiver link detached by the server: ${condition ?? ''}${description ? ` ${description}` : ''}`.trim(),
      });
    });
    receiver.on('receiver_close', () => {
      if (!att.ended && !att.failure) this.onFailure(att, { phase: 'amqp', message: 'the server detached the receiver link' });
    });
  }

  private onMessage(att: Attempt, c: EventContext): void {
    const delivery = c.delivery;
    if (!c.message || !delivery || att.ended) return;
    let seq: number;
    try {
      const m = mapAmqpMessage(c.message);
      const auto = this.profile.ackMode === 'auto';
      const preSettled = delivery.remote_settled === true;
      const msg: IncomingMessage = {
        connectionId: this.ctx.connectionId,
        protocol: 'amqp',
        arrivedAt: this.ctx.now(),
        topic: m.topic,
        payload: m.payload,
        amqp: m.amqp,
        redelivered: m.redelivered,
        settlement: preSettled ? undefined : auto ? 'accepted' : 'unsettled',
      };
      if (m.messageId !== undefined) msg.messageId = m.messageId;
      if (m.generateTime !== undefined) msg.generateTime = m.generateTime;
      seq = this.ctx.sink.ingest(msg);
      if (preSettled) return;
      if (auto) delivery.accept();
      else this.held.set(seq, delivery);
    } catch (err) {
      // Not stored: hand it back so the broker redelivers it, never accept what was not kept.
      const { description } = errorParts(err);
      this.ctx.log({ dir: 'local', type: 'error', summary: `a received message could not be stored (${description}); released it for redelivery` });
      try {
        if (!delivery.remote_settled) delivery.release();
      } catch {
        // the link may already be gone; the broker requeues unsettled deliveries itself
      }
    }
  }

  // ---- failures and reconnect ------------------------------------------------------------------------------

  private failureFrom(err: unknown): { condition?: string; code?: string; message: string } {
    const { condition, description } = errorParts(err);
    const code = (err as { code?: unknown } | undefined)?.code;
    return { condition, code: typeof code === 'string' ? code : condition, message: description || String(err) };
  }

  private connectionFailure(c: EventContext): AmqpFailure {
    const { condition, description } = errorParts(c.error ?? c.connection?.error);
    const sasl = /^Failed to authenticate: (\d+)/.exec(description);
    if (sasl) return { phase: 'sasl', condition, code: Number(sasl[1]), message: description };
    if (/SASL|mechanism/i.test(description)) return { phase: 'sasl', condition, message: description };
    return { phase: 'amqp', condition, code: condition, message: description || condition || 'connection error' };
  }

  /** The first failure of an attempt ends it: report, close it, then retry with backoff or stop. */
  private onFailure(att: Attempt, f: AmqpFailure): void {
    if (att.failure) {
      // Follow-ups of the same failure (close, disconnect) add nothing; rhea errors (e.g. transfer after
      // detach while closing) are still shown.
      if (f.phase === 'amqp' && f.message !== att.failure.message) {
        this.ctx.log({ dir: 'local', type: 'error', summary: `${f.condition ? `${f.condition}: ` : ''}${f.message}`, ...this.explain(f) });
      }
      return;
    }
    if (att.ended) {
      // Late errors of an attempt already closed by us (e.g. `transfer after detach`): show, don't act.
      this.ctx.log({ dir: 'local', type: 'error', summary: `after close: ${f.condition ? `${f.condition}: ` : ''}${f.message}`, ...this.explain(f) });
      return;
    }
    att.failure = f;
    const words = this.explain(f, att);
    const explanation = words.explanation;
    const reason = `${f.condition && !f.message.includes(f.condition) ? `${f.condition}: ` : ''}${f.message}`;
    this.ctx.log({ dir: 'local', type: 'error', summary: reason, ...words, detail: { phase: f.phase, condition: f.condition, code: f.code } });
    const fatal = (f.condition !== undefined && FATAL_CONDITIONS.has(f.condition)) || (f.phase === 'sasl' && f.code === 1);
    const wasCurrent = this.current === att;
    void this.endAttempt(att, false);
    if (!wasCurrent || this.closed) return;
    this.current = undefined;
    const policy = this.profile.reconnect;
    const maxed = policy.maxAttempts > 0 && this.failures + 1 >= policy.maxAttempts;
    if (fatal || !policy.enabled || maxed) {
      this.setState('refused', {
        attempt: att.no,
        reason,
        explanation: explanation ?? (maxed ? `gave up after ${this.failures + 1} attempts` : undefined),
        explanationParts: words.explanationParts,
      });
      this.resolveFirst();
      return;
    }
    this.failures++;
    const base = Math.min(policy.maxDelayMs, policy.initialDelayMs * 2 ** (this.failures - 1));
    const delay = Math.round(base * (0.8 + Math.random() * 0.4));
    this.setState('reconnecting', { attempt: att.no + 1, retryInMs: delay, reason, ...words });
    this.resolveFirst();
    this.reconnectTimer = setTimeout(() => {
      this.reconnectTimer = undefined;
      void this.startAttempt();
    }, delay);
  }

  /** The failure in words (English) and as explain parts (for the renderer's catalogue). */
  private explain(f: AmqpFailure, att?: Attempt): { explanation?: string; explanationParts?: ExplainPart[] } {
    const parts: ExplainPart[] = [];
    try {
      parts.push(...explainRefusalParts({ kind: this.profile.kind, phase: f.phase, code: f.code ?? f.condition, message: f.message, profile: this.profile }));
    } catch {
      // no words for this one
    }
    // What only the driver knows: what it had just done when the failure came.
    if (f.condition === 'amqp:invalid-field' && Date.now() - this.modifySentAt < 10_000) parts.push(part('driver.amqp.modifiedRefused'));
    if (att && att.opened && !att.attached && !this.profile.sourceAddress && this.profile.kind === 'amqp') parts.push(part('driver.amqp.noSourceAddress'));
    return said(parts);
  }

  /** Closes an attempt's connection (politely when asked, then by force) and forgets its held deliveries. */
  private endAttempt(att: Attempt, polite: boolean): Promise<void> {
    if (att.closing) return att.closing;
    att.ended = true;
    clearTimeout(att.connectTimer);
    const lost = this.held.size;
    if (lost) {
      // The broker requeues what was not settled when the link goes (AMQP default outcome): say so.
      for (const seq of this.held.keys()) this.ctx.sink.updateSettlement?.(seq, 'released');
      this.held.clear();
      this.localLog(
        `${lost} unsettled deliver${lost === 1 ? 'y goes' : 'ies go'} back to the broker with this connection; expect them again (redelivered) after reconnecting`,
      );
    }
    att.closing = new Promise<void>((resolve) => {
      const conn = att.conn;
      const socket = (conn as unknown as { socket?: { destroy?: () => void; destroyed?: boolean } } | undefined)?.socket;
      const finish = () => {
        clearTimeout(timer);
        clearInterval(att.flushTimer);
        att.frames.flush();
        resolve();
      };
      const timer = setTimeout(
        () => {
          try {
            socket?.destroy?.();
          } catch {
            // already gone
          }
          finish();
        },
        polite ? CLOSE_TIMEOUT_MS : 500,
      );
      if (!conn || !socket || socket.destroyed) return finish();
      conn.once('disconnected', finish);
      conn.once('connection_close', finish);
      try {
        if (conn.is_open() || !att.opened) conn.close();
      } catch {
        try {
          socket.destroy?.();
        } catch {
          // already gone
        }
        finish();
      }
    });
    return att.closing;
  }

  // ---- state -------------------------------------------------------------------------------------------

  private resolveFirst(): void {
    const f = this.firstOutcome;
    this.firstOutcome = undefined;
    f?.resolve();
  }

  private setState(
    status: ConnectionStatus,
    extra: { attempt?: number; retryInMs?: number; reason?: string; explanation?: string; explanationParts?: ExplainPart[] } = {},
  ): void {
    const s: Parameters<DriverContext['setState']>[0] = { status, since: this.ctx.now() };
    if (extra.attempt !== undefined) s.attempt = extra.attempt;
    if (extra.retryInMs !== undefined) s.retryInMs = extra.retryInMs;
    if (extra.reason) s.reason = extra.reason;
    if (extra.explanation) s.explanation = extra.explanation;
    if (extra.explanationParts?.length) s.explanationParts = extra.explanationParts;
    this.ctx.setState(s);
  }

  private localLog(summary: string): void {
    this.ctx.log({ dir: 'local', type: 'event', summary });
  }
}

export const createAmqpDriver: DriverFactory = (ctx) => new AmqpDriver(ctx);
