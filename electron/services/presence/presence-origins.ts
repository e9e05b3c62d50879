import { AppError } from '../../../shared/contract/define';
import type { PresenceSourceTopic } from '../../../shared/contract/presence.contract';
import { PresenceService, type PresenceChanged } from './presence-service';

/** The live presence (every connection, pasted events, queries): what the Presence tab shows by default. */
export const LIVE_ORIGIN = 'live';

/**
 * Presence per origin: the live one, and one per opened capture (origin = the capture's connection id
 * `capture:<id>`). A capture's presence is derived from its own messages and recorded events only, so
 * opening an old capture never bends the live swimlanes, and closing it drops its model whole.
 */
export class PresenceOrigins {
  private captures = new Map<string, PresenceService>();

  constructor(
    readonly live: PresenceService,
    private readonly emit: (payload: PresenceChanged & { origin?: string }) => void,
  ) {}

  /** The service for an origin; absent or `live` = the live one. */
  get(origin: string | undefined): PresenceService {
    if (!origin || origin === LIVE_ORIGIN) return this.live;
    const s = this.captures.get(origin);
    if (!s)
      throw new AppError('no-presence-origin', `No presence for ${origin}: that capture is not open.`, 'Open the capture again, or choose the live presence.');
    return s;
  }

  /** Where a message of this connection id feeds presence (a capture's own model, else the live one). */
  forConnection(connectionId: string): PresenceService {
    return this.captures.get(connectionId) ?? this.live;
  }

  /** Starts a capture's presence with the live settings and the topics marked for every connection. */
  open(origin: string): PresenceService {
    this.close(origin);
    const svc = new PresenceService((payload) => this.emit({ ...payload, origin }));
    svc.configure(this.live.settings);
    for (const t of this.live.sourceTopics()) if (!t.connectionId || t.connectionId === origin) svc.setSourceTopic({ ...t, enabled: true });
    this.captures.set(origin, svc);
    return svc;
  }

  close(origin: string): void {
    const s = this.captures.get(origin);
    if (!s) return;
    this.captures.delete(origin);
    s.dispose();
    // The view that showed it re-reads and finds it gone.
    this.emit({ version: 0, counts: emptyCounts(), range: null, changed: [], truncated: 0, cleared: true, origin });
  }

  origins(): string[] {
    return [LIVE_ORIGIN, ...this.captures.keys()];
  }

  /** Settings and marked topics hold for every origin. */
  configure(patch: Parameters<PresenceService['configure']>[0]) {
    const out = this.live.configure(patch);
    for (const s of this.captures.values()) s.configure(patch);
    return out;
  }

  setSourceTopic(input: PresenceSourceTopic & { enabled: boolean }): PresenceSourceTopic[] {
    const out = this.live.setSourceTopic(input);
    for (const [origin, s] of this.captures) if (!input.connectionId || input.connectionId === origin) s.setSourceTopic(input);
    return out;
  }

  dispose(): void {
    for (const s of this.captures.values()) s.dispose();
    this.captures.clear();
  }
}

function emptyCounts() {
  return { clients: 0, online: 0, flapping: 0, duplicate: 0, events: 0, late: 0, recognised: 0, unreadable: 0 };
}
