import type { PresencePoller } from '../../../shared/contract/presence.contract';
import type { PresenceEvent } from '../../../shared/presence/presence-event';
import { SlidingWindowLimit } from '../../../shared/presence/query-rate-limit';
import { onlineQueryRequest } from '../../../shared/vendors/aliyun-mq-token-signature';

/** What the MQ for IoT online query answers: code 0 ok, 1 missing params, 2 signature, 3 permission, 4 timestamp. */
const CODE_MEANING: Record<number, string> = {
  1: 'a parameter is missing',
  2: 'the signature is wrong (check the AccessKey secret)',
  3: 'permission denied: this account has no such Group ID',
  4: 'the timestamp expired (check this computer’s clock, ±5 minutes allowed)',
};

export interface PollerTarget {
  profileId: string;
  /** https://<instance endpoint> (no path). */
  baseUrl: string;
  accessKey: string;
  /** Read from the keychain at each round, never kept in this object's fields beyond the call. */
  secretKey: () => Promise<string | null>;
}

/**
 * Polls /route/clientId/get for chosen clients, one call per client per round, never more than 30 calls in
 * any minute (the documented limit): a round that would exceed it waits for the window to free up.
 */
export class OnlineQueryPoller {
  private limit = new SlidingWindowLimit(30, 60_000);
  private timer: ReturnType<typeof setTimeout> | null = null;
  private stopped = false;
  lastError: string | undefined;

  constructor(
    private readonly target: PollerTarget,
    readonly clientIds: string[],
    readonly intervalMs: number,
    private readonly record: (ev: PresenceEvent) => void,
    private readonly fetchImpl: typeof fetch = fetch,
    private readonly now: () => number = Date.now,
  ) {}

  start(): void {
    this.schedule(0);
  }

  stop(): void {
    this.stopped = true;
    if (this.timer) clearTimeout(this.timer);
    this.timer = null;
  }

  view(): PresencePoller {
    const v: PresencePoller = {
      profileId: this.target.profileId,
      clientIds: [...this.clientIds],
      intervalMs: this.intervalMs,
      callsLastMinute: this.limit.count(this.now()),
    };
    if (this.lastError) v.lastError = this.lastError;
    return v;
  }

  private schedule(ms: number): void {
    if (this.stopped) return;
    this.timer = setTimeout(() => void this.round(), ms);
    this.timer.unref?.();
  }

  /** One pass over the clients; returns when done (exposed for tests). */
  async round(): Promise<void> {
    for (const clientId of this.clientIds) {
      if (this.stopped) return;
      const now = this.now();
      if (!this.limit.take(now)) {
        // Out of budget for this minute: resume this round when the oldest call leaves the window.
        this.schedule(Math.max(1000, this.limit.nextAt(now) - now));
        return;
      }
      await this.queryOne(clientId);
    }
    this.schedule(this.intervalMs);
  }

  private async queryOne(clientId: string): Promise<void> {
    const secretKey = await this.target.secretKey();
    if (!secretKey) {
      this.lastError = 'The profile has no AccessKey secret in the keychain; set it in the profile editor.';
      return;
    }
    const req = onlineQueryRequest({ accessKey: this.target.accessKey, secretKey, resource: clientId, timestamp: this.now() });
    const url = `${this.target.baseUrl.replace(/\/+$/, '')}${req.pathWithQuery}`;
    let res: Response;
    try {
      res = await this.fetchImpl(url, { method: 'GET', signal: AbortSignal.timeout(10_000) });
    } catch (err) {
      this.lastError = `online query for ${clientId} failed: ${(err as Error).message}`;
      return;
    }
    const text = await res.text().catch(() => '');
    let body: { code?: number; success?: boolean; online?: number; message?: string } = {};
    try {
      body = JSON.parse(text) as typeof body;
    } catch {
      // keep the HTTP status as the explanation
    }
    if (res.status === 400) this.lastError = `online query for ${clientId}: HTTP 400 — bad request (URL or parameters). ${body.message ?? ''}`.trim();
    else if (res.status === 403)
      this.lastError =
        `online query for ${clientId}: HTTP 403 — authentication failed (signature or no permission for this Client ID). ${body.message ?? ''}`.trim();
    else if (res.status !== 200) this.lastError = `online query for ${clientId}: HTTP ${res.status}`;
    else if (body.code !== 0 || body.success === false || typeof body.online !== 'number') {
      this.lastError = `online query for ${clientId}: code ${body.code ?? '?'} — ${CODE_MEANING[body.code ?? -99] ?? body.message ?? 'unexpected answer'}`;
    } else {
      this.lastError = undefined;
      this.record({ clientId, time: this.now(), type: 'query', online: body.online, source: 'query' });
    }
  }
}
