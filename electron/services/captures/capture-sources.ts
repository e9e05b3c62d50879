import type { CaptureRecord } from '../../../shared/capture/capture-format';
import { PresenceEventSchema } from '../../../shared/contract/presence.contract';
import type { PresenceEvent } from '../../../shared/presence/presence-event';
import type { TimelineEvent } from '../../../shared/tokens/token-timeline';
import type { ConnectionManager } from '../connections/connection-manager';
import { ProtocolLogRing } from '../connections/protocol-log';
import type { PresenceOrigins } from '../presence/presence-origins';
import type { TokenService } from '../tokens/token-service';

/** Protocol-log lines kept per opened capture (the newest; the live ring keeps 10,000). */
export const CAPTURE_LOG_CAPACITY = 200_000;
/** Token events kept per opened capture (the newest). */
export const CAPTURE_TOKEN_CAPACITY = 20_000;

export interface CaptureSourceServices {
  connections?: ConnectionManager;
  tokens?: TokenService;
  presence?: PresenceOrigins;
}

/**
 * An opened capture as a read-only source of the Protocol log, Tokens and Presence tabs, under its
 * connection id `capture:<id>`: `connections.protocolLog`, `tokens.timeline` and `presence.*` with
 * `origin` answer for it until `dispose` (the capture is closed). Nothing here can send anything.
 */
export class CaptureSources {
  private readonly log = new ProtocolLogRing(CAPTURE_LOG_CAPACITY);
  private readonly tokenEvents: TimelineEvent[] = [];
  private tokenDropped = 0;
  private readonly tokenView: { events: TimelineEvent[]; dropped: number; name?: string };
  private readonly undo: Array<() => void> = [];
  private presenceProblems = 0;

  constructor(
    readonly connectionId: string,
    private readonly svc: CaptureSourceServices,
  ) {
    this.tokenView = { events: this.tokenEvents, dropped: 0 };
    if (svc.connections) this.undo.push(svc.connections.addReadOnlyLog(connectionId, this.log));
    if (svc.tokens) this.undo.push(svc.tokens.addReadOnlyTimeline(connectionId, this.tokenView));
    if (svc.presence) {
      // Opened before the messages go into the store: the presence tap routes this id's messages to it.
      svc.presence.open(connectionId);
      this.undo.push(() => svc.presence!.close(connectionId));
    }
  }

  /** One non-message record of the file (messages reach presence through the message store). */
  add(r: CaptureRecord): void {
    if (r.type === 'log') {
      this.log.push({
        connectionId: this.connectionId,
        at: r.at,
        dir: r.dir,
        type: r.logType,
        summary: r.summary,
        ...(r.detail ? { detail: r.detail } : {}),
        ...(r.explanation ? { explanation: r.explanation } : {}),
      });
    } else if (r.type === 'token') {
      this.addToken(r.at, r.event);
    } else if (r.type === 'presence') {
      // Recordings hold change notices; bundles and other tools may hold the events themselves.
      const ev = PresenceEventSchema.safeParse(r.event);
      if (!ev.success) return;
      const res = this.svc.presence?.forConnection(this.connectionId).addEvents([ev.data as PresenceEvent]);
      if (res?.rejected) this.presenceProblems += res.rejected;
    }
  }

  /** The recorder writes a timeline event as `{...event, type: kind, tokenType: type}`. */
  private addToken(at: number, e: { type: string } & Record<string, unknown>): void {
    const num = (v: unknown) => (typeof v === 'number' && Number.isFinite(v) ? v : undefined);
    const str = (v: unknown) => (typeof v === 'string' ? v : undefined);
    const tokenType = e.tokenType === 'R' || e.tokenType === 'W' || e.tokenType === 'RW' ? e.tokenType : undefined;
    const ev: TimelineEvent = {
      seq: this.tokenEvents.length + this.tokenDropped + 1,
      at: num(e.at) ?? at,
      kind: e.type as TimelineEvent['kind'],
      words: str(e.words) ?? e.type,
    };
    if (tokenType) ev.type = tokenType;
    const token = str(e.token);
    if (token) ev.token = token;
    for (const k of ['code', 'latencyMs', 'expiresAt'] as const) {
      const v = num(e[k]);
      if (v !== undefined) ev[k] = v;
    }
    this.tokenEvents.push(ev);
    if (this.tokenEvents.length > CAPTURE_TOKEN_CAPACITY) {
      this.tokenEvents.shift();
      this.tokenDropped++;
      this.tokenView.dropped = this.tokenDropped;
    }
  }

  /** After the whole file is read: the name exports use, and presence emitted at once. */
  finish(name: string): void {
    this.tokenView.name = name;
    const pres = this.svc.presence?.forConnection(this.connectionId);
    if (pres && pres !== this.svc.presence?.live) pres.flush();
  }

  get presenceRejected(): number {
    return this.presenceProblems;
  }

  dispose(): void {
    for (const u of this.undo.splice(0).reverse()) u();
  }
}
