/**
 * MQ for IoT token vocabulary shared by main and the renderer (no I/O, no node:* imports: the renderer
 * bundles this). Rules from the spec §1 token mode [seed 004].
 */

export type TokenType = 'R' | 'W' | 'RW';
export const TOKEN_TYPES: readonly TokenType[] = ['R', 'W', 'RW'];
export type TokenAction = 'R' | 'W';
export type TokenSource = 'applied' | 'pasted';
export type RenewalPolicy = 'auto' | 'ask' | 'off';

/** The cloud pushes `$SYS/tokenExpireNotice` about 5 minutes ahead; the app renews at the same mark. */
export const EXPIRING_WINDOW_MS = 5 * 60_000;

/** The keychain slot each token type lives in. */
export const TOKEN_SLOT = { R: 'tokenR', W: 'tokenW', RW: 'tokenRW' } as const satisfies Record<TokenType, string>;
export type TokenSlot = (typeof TOKEN_SLOT)[TokenType];

export const UPLOAD_TOKEN_TOPIC = '$SYS/uploadToken';
export const TOKEN_EXPIRE_NOTICE_TOPIC = '$SYS/tokenExpireNotice';
export const TOKEN_INVALID_NOTICE_TOPIC = '$SYS/tokenInvalidNotice';

/** The token type a set of actions needs: R → R, W → W, R and W → RW. */
export function tokenTypeForActions(actions: readonly string[]): TokenType | undefined {
  const set = new Set(actions.map((a) => a.trim().toUpperCase()).filter(Boolean));
  if (set.size === 0 || [...set].some((a) => a !== 'R' && a !== 'W')) return undefined;
  if (set.has('R') && set.has('W')) return 'RW';
  return set.has('R') ? 'R' : 'W';
}

export function actionsForTokenType(type: TokenType): TokenAction[] {
  return type === 'RW' ? ['R', 'W'] : [type];
}

/** What the app knows about one token. The token text itself stays in the keychain (main only). */
export interface TokenFacts {
  profileId: string;
  type: TokenType;
  /** Masked prefix for display; never the whole token. */
  masked: string;
  length: number;
  /** Short one-way digest (main only, never sent to the renderer) to notice a token replaced outside the app. */
  fingerprint?: string;
  source: TokenSource;
  resources: string[];
  actions: TokenAction[];
  issuedAt?: number;
  expiresAt?: number;
  lastUpload?: TokenUpload;
  /** When `$SYS/tokenExpireNotice` arrived for this token. */
  expireNoticeAt?: number;
  /** `$SYS/tokenInvalidNotice` (or a token service answer) that condemned this token. */
  invalid?: { code: number; at: number };
  /** Revoked through the token service by this app. */
  revokedAt?: number;
}

export interface TokenUpload {
  at: number;
  ackAt?: number;
  latencyMs?: number;
  ok: boolean;
  error?: string;
}

/**
 * The masked form shown for a token: a short prefix and, for long tokens, the last 4 characters (tokens
 * from one service often share their first characters) — enough to tell two apart, never enough to use.
 */
export function maskToken(token: string): string {
  if (token.length >= 24) return `${token.slice(0, 6)}…${token.slice(-4)}`;
  return `${token.slice(0, Math.min(4, Math.floor(token.length / 4)))}…`;
}

/** `$SYS/uploadToken` body. */
export function uploadTokenBody(token: string, type: TokenType): string {
  return JSON.stringify({ token, type });
}

export interface ExpireNotice {
  expireTime: number;
  type?: TokenType;
}
export interface InvalidNotice {
  code: number;
  type?: TokenType;
}

function parseJsonObject(payload: string): Record<string, unknown> | undefined {
  try {
    const v: unknown = JSON.parse(payload);
    return v && typeof v === 'object' && !Array.isArray(v) ? (v as Record<string, unknown>) : undefined;
  } catch {
    return undefined;
  }
}

function asType(v: unknown): TokenType | undefined {
  return typeof v === 'string' && (TOKEN_TYPES as readonly string[]).includes(v) ? (v as TokenType) : undefined;
}

function asNumber(v: unknown): number | undefined {
  const n = typeof v === 'number' ? v : typeof v === 'string' && v.trim() !== '' ? Number(v) : NaN;
  return Number.isFinite(n) ? n : undefined;
}

/** `{"expireTime": <ms>, "type": ...}`; undefined when the body is not that shape. */
export function parseExpireNotice(payload: string): ExpireNotice | undefined {
  const o = parseJsonObject(payload);
  const expireTime = asNumber(o?.expireTime);
  if (!o || expireTime === undefined) return undefined;
  const type = asType(o.type);
  return type ? { expireTime, type } : { expireTime };
}

/** `{"code": N, "type": ...}`; undefined when the body is not that shape. */
export function parseInvalidNotice(payload: string): InvalidNotice | undefined {
  const o = parseJsonObject(payload);
  const code = asNumber(o?.code);
  if (!o || code === undefined) return undefined;
  const type = asType(o.type);
  return type ? { code, type } : { code };
}
