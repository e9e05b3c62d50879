/**
 * When to renew a token, and whether a lost connection may reconnect (spec §1: renew on
 * `$SYS/tokenExpireNotice` or at T-5 min, whichever first; on connection loss check the expiry first and
 * renew before reconnecting; never loop reconnecting with a token known to be bad).
 */
import { explainTokenInvalidCode } from '../vendors/aliyun-mq-codes';
import { EXPIRING_WINDOW_MS, type RenewalPolicy, type TokenFacts, type TokenType } from './token-model';

type RenewalFacts = Pick<TokenFacts, 'type' | 'expiresAt' | 'expireNoticeAt' | 'invalid' | 'revokedAt' | 'resources' | 'actions'> & { issuedAt?: number };

/**
 * How long before expiry to renew: 5 minutes, or half the lifetime for tokens that live less than
 * 10 minutes (a 2-minute token would otherwise be "due" the moment it is issued and renew in a loop).
 */
export function renewalWindowMs(t: { issuedAt?: number; expiresAt?: number }): number {
  if (t.issuedAt !== undefined && t.expiresAt !== undefined && t.expiresAt > t.issuedAt) return Math.min(EXPIRING_WINDOW_MS, (t.expiresAt - t.issuedAt) / 2);
  return EXPIRING_WINDOW_MS;
}

export type RenewalReason = 'expire-notice' | 't-minus-5' | 'expired' | 'invalid-expired';

/** Why this token needs renewing now, if it does. */
export function renewalReason(t: RenewalFacts, now: number): RenewalReason | undefined {
  if (t.invalid) return t.invalid.code === 2 ? 'invalid-expired' : undefined;
  if (t.revokedAt !== undefined) return undefined;
  if (t.expiresAt !== undefined && now >= t.expiresAt) return 'expired';
  if (t.expireNoticeAt !== undefined) return 'expire-notice';
  if (t.expiresAt !== undefined && t.expiresAt - now <= renewalWindowMs(t)) return 't-minus-5';
  return undefined;
}

/** When the T-5 min mark falls (for a timer); undefined when it is past or the expiry is unknown. */
export function renewalDueAt(t: Pick<TokenFacts, 'expiresAt' | 'issuedAt'>, now: number): number | undefined {
  if (t.expiresAt === undefined) return undefined;
  const at = t.expiresAt - renewalWindowMs(t);
  return at > now ? at : undefined;
}

/** A token can be renewed by this app when it knows what to apply for (resources and actions). */
export function canRenew(t: Pick<TokenFacts, 'resources' | 'actions'>): boolean {
  return t.resources.length > 0 && t.actions.length > 0;
}

/**
 * The lifetime a renewal asks for: the old token's own lifetime (at least 60 s, the token service's
 * minimum), or an hour when that is unknown.
 */
export function renewalLifetimeMs(t: Pick<TokenFacts, 'issuedAt' | 'expiresAt'>): number {
  if (t.issuedAt !== undefined && t.expiresAt !== undefined && t.expiresAt > t.issuedAt) return Math.max(60_000, t.expiresAt - t.issuedAt);
  return 3_600_000;
}

export type RenewalDecision = { do: 'renew'; reason: RenewalReason } | { do: 'ask'; reason: RenewalReason } | { do: 'nothing'; why: string };

export function decideRenewal(policy: RenewalPolicy, t: RenewalFacts, now: number): RenewalDecision {
  const reason = renewalReason(t, now);
  if (!reason) return { do: 'nothing', why: 'not due' };
  if (!canRenew(t)) return { do: 'nothing', why: 'resources and actions unknown (pasted token): apply a new one by hand' };
  if (policy === 'off') return { do: 'nothing', why: 'renewal policy is off' };
  return policy === 'auto' ? { do: 'renew', reason } : { do: 'ask', reason };
}

export type ReconnectDecision =
  { do: 'reconnect' } | { do: 'renew-first'; types: TokenType[] } | { do: 'stop'; reason: string; explanation: string; code?: number };

/**
 * Before a reconnect attempt in token mode: tokens the server condemned for a reason renewal cannot fix stop
 * the loop; expired (or about to be) tokens are renewed first when policy and knowledge allow, else stop.
 */
export function decideBeforeReconnect(policy: RenewalPolicy, tokens: readonly RenewalFacts[], now: number): ReconnectDecision {
  if (tokens.length === 0) {
    return {
      do: 'stop',
      reason: 'no token',
      explanation: 'Token mode needs at least one token to upload after CONNECT: apply for one or paste one, then connect.',
    };
  }
  for (const t of tokens) {
    if (t.invalid && t.invalid.code !== 2) {
      const e = explainTokenInvalidCode(t.invalid.code);
      return {
        do: 'stop',
        code: t.invalid.code,
        reason: `${t.type} token: ${e.words} (code ${t.invalid.code})`,
        explanation: `Not reconnecting with a token the server refused. ${e.action}`,
      };
    }
    if (t.revokedAt !== undefined) {
      return {
        do: 'stop',
        code: 3,
        reason: `${t.type} token was revoked`,
        explanation: 'Not reconnecting with a revoked token. Apply for a new token, then connect.',
      };
    }
  }
  const due = tokens.filter((t) => renewalReason(t, now) !== undefined);
  if (due.length === 0) return { do: 'reconnect' };
  const blocked = due.find((t) => policy !== 'auto' || !canRenew(t));
  if (blocked) {
    const expired = (blocked.expiresAt !== undefined && now >= blocked.expiresAt) || blocked.invalid?.code === 2;
    if (!expired) return { do: 'reconnect' }; // still valid for now: reconnecting is safe, renewal waits for the user
    const why = policy !== 'auto' ? `renewal policy is ${policy}` : 'its resources and actions are unknown';
    return {
      do: 'stop',
      code: 2,
      reason: `${blocked.type} token has expired`,
      explanation: `Not reconnecting with an expired token (${why}). Apply for a new token, then connect.`,
    };
  }
  return { do: 'renew-first', types: due.map((t) => t.type) };
}
