/** A connection's token timeline and its JSON / CSV export (no token text ever: masked prefixes only). */
import type { TokenType } from './token-model';

export const TIMELINE_KINDS = [
  'applied',
  'pasted',
  'uploaded',
  'acknowledged',
  'upload-failed',
  'expire-notice',
  'renewed',
  'renewal-failed',
  'renewal-asked',
  'invalid',
  'revoked',
  'removed',
  'disconnected',
  'reconnected',
  'connected',
  'reconnect-held',
] as const;
export type TimelineKind = (typeof TIMELINE_KINDS)[number];

export interface TimelineEvent {
  seq: number;
  at: number;
  kind: TimelineKind;
  type?: TokenType;
  /** Masked token prefix. */
  token?: string;
  code?: number;
  /** One line in words. */
  words: string;
  latencyMs?: number;
  expiresAt?: number;
}

/** Bounded in-memory timeline: old events fall off the front, with the count of what fell off kept. */
export class TokenTimeline {
  private events: TimelineEvent[] = [];
  private seq = 0;
  dropped = 0;
  constructor(private readonly capacity = 2000) {}

  add(e: Omit<TimelineEvent, 'seq'>): TimelineEvent {
    const ev = { seq: ++this.seq, ...e };
    this.events.push(ev);
    if (this.events.length > this.capacity) {
      const n = this.events.length - this.capacity;
      this.events.splice(0, n);
      this.dropped += n;
    }
    return ev;
  }

  list(): TimelineEvent[] {
    return [...this.events];
  }
}

export interface TimelineExportMeta {
  connectionId: string;
  profileName?: string;
  exportedAt: number;
  dropped?: number;
}

export function timelineToJson(events: readonly TimelineEvent[], meta: TimelineExportMeta): string {
  return JSON.stringify(
    {
      format: 'fieldscope-token-timeline',
      version: 1,
      ...meta,
      exportedAtIso: new Date(meta.exportedAt).toISOString(),
      events: events.map((e) => ({ ...e, atIso: new Date(e.at).toISOString() })),
    },
    null,
    2,
  );
}

export const TIMELINE_CSV_COLUMNS = ['seq', 'at_iso', 'at_ms', 'kind', 'type', 'token', 'code', 'latency_ms', 'expires_at_iso', 'words'] as const;

/** RFC 4180 field: quoted when it holds a comma, quote, CR or LF; formula-leading text is defused for spreadsheets. */
export function csvField(v: string | number | undefined): string {
  if (v === undefined) return '';
  let s = String(v);
  if (typeof v === 'string' && /^[=+\-@\t\r]/.test(s)) s = `'${s}`;
  return /[",\r\n]/.test(s) ? `"${s.replaceAll('"', '""')}"` : s;
}

export function timelineToCsv(events: readonly TimelineEvent[]): string {
  const rows = [TIMELINE_CSV_COLUMNS.join(',')];
  for (const e of events) {
    rows.push(
      [
        e.seq,
        new Date(e.at).toISOString(),
        e.at,
        e.kind,
        e.type,
        e.token,
        e.code,
        e.latencyMs,
        e.expiresAt === undefined ? undefined : new Date(e.expiresAt).toISOString(),
        e.words,
      ]
        .map(csvField)
        .join(','),
    );
  }
  return `${rows.join('\r\n')}\r\n`;
}
