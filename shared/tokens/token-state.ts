/** A token's state at a moment, in words, with what to do (pure: the renderer re-derives it every second). */
import { explainTokenInvalidCode } from '../vendors/aliyun-mq-codes';
import { EXPIRING_WINDOW_MS, type TokenFacts } from './token-model';

export type TokenStateName = 'valid' | 'expiring' | 'expired' | 'revoked' | 'invalid';

export interface TokenState {
  state: TokenStateName;
  /** ms until expiry (negative once past); undefined when the expiry is unknown (a pasted token). */
  msLeft?: number;
  /** The tokenInvalidNotice / token service code behind the state, when there is one. */
  code?: number;
  words: string;
  /** What the user can do; empty when nothing is needed. */
  action: string;
}

type StateInput = Pick<TokenFacts, 'expiresAt' | 'expireNoticeAt' | 'invalid' | 'revokedAt'>;

export function deriveTokenState(t: StateInput, now: number): TokenState {
  const msLeft = t.expiresAt === undefined ? undefined : t.expiresAt - now;
  const withLeft = <T extends object>(s: T) => (msLeft === undefined ? s : { ...s, msLeft });
  if (t.invalid) {
    const e = explainTokenInvalidCode(t.invalid.code);
    // Codes 2 and 3 are expiry and revocation: name the state after them so the list reads plainly.
    const state: TokenStateName = t.invalid.code === 2 ? 'expired' : t.invalid.code === 3 ? 'revoked' : 'invalid';
    return withLeft({ state, code: t.invalid.code, words: `${e.words} (code ${t.invalid.code})`, action: e.action });
  }
  if (t.revokedAt !== undefined) {
    return withLeft({
      state: 'revoked' as const,
      words: 'Revoked through the token service',
      action: 'Apply for a new token; do not reconnect with the revoked one.',
    });
  }
  if (msLeft !== undefined && msLeft <= 0) {
    return withLeft({ state: 'expired' as const, words: 'Expired', action: 'Apply for a new token (or let automatic renewal do it) and upload it.' });
  }
  if (t.expireNoticeAt !== undefined) {
    return withLeft({
      state: 'expiring' as const,
      words: 'Expiring: the server sent $SYS/tokenExpireNotice',
      action: 'Renew now, or let automatic renewal do it.',
    });
  }
  if (msLeft !== undefined && msLeft < EXPIRING_WINDOW_MS) {
    return withLeft({ state: 'expiring' as const, words: 'Expiring in under 5 minutes', action: 'Renew now, or let automatic renewal do it.' });
  }
  if (msLeft === undefined)
    return {
      state: 'valid',
      words: 'Valid as far as known (expiry not known for a pasted token)',
      action: 'Enter its expiry, or query it, to get a countdown and renewal.',
    };
  return { state: 'valid', msLeft, words: 'Valid', action: '' };
}

/** `1h 02m`, `4m 05s`, `12s`, `expired 3s ago`. */
export function formatCountdown(ms: number): string {
  const past = ms < 0;
  const total = Math.floor(Math.abs(ms) / 1000);
  const h = Math.floor(total / 3600);
  const m = Math.floor((total % 3600) / 60);
  const s = total % 60;
  const pad = (n: number) => String(n).padStart(2, '0');
  const body = h > 0 ? `${h}h ${pad(m)}m` : m > 0 ? `${m}m ${pad(s)}s` : `${s}s`;
  return past ? `${body} ago` : body;
}
