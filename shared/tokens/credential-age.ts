/**
 * Time-bound credentials other than MQ tokens (spec §2, §3): the AMQP signature's timestamp and the STS
 * token's expiry; Huawei's signed timestamp against the server's ±5 minute window.
 */
import { EXPIRING_WINDOW_MS } from './token-model';

/** Both the IoT Platform AMQP and Huawei IoTDA refuse a signed timestamp more than 5 minutes off their clock. */
export const SIGNED_TIMESTAMP_WINDOW_MS = 5 * 60_000;
/** Within this much of the window's edge the clock is called at risk. */
export const WINDOW_WARN_MARGIN_MS = 60_000;

export interface SignatureAge {
  signedAt: number;
  ageMs: number;
  words: string;
}

/**
 * The age of the timestamp signed into the current connection. The server checks it once, at connect: a
 * live connection is not affected by its age, and every reconnect signs a fresh one.
 */
export function signatureAge(signedAt: number, now: number): SignatureAge {
  const ageMs = Math.max(0, now - signedAt);
  return { signedAt, ageMs, words: 'Checked by the server at connect only; each reconnect signs a fresh timestamp.' };
}

export type CountdownState = 'valid' | 'expiring' | 'expired' | 'unknown';

export interface StsCountdown {
  state: CountdownState;
  msLeft?: number;
  words: string;
  action: string;
}

export function stsCountdown(expiresAt: number | undefined, now: number): StsCountdown {
  if (expiresAt === undefined)
    return { state: 'unknown', words: 'STS token expiry not known', action: "Enter the STS token's expiry in the profile to get a countdown." };
  const msLeft = expiresAt - now;
  if (msLeft <= 0)
    return {
      state: 'expired',
      msLeft,
      words: 'STS token has expired',
      action: 'Get a new STS token (AssumeRole) and its secret; reconnects will be refused until then.',
    };
  if (msLeft < EXPIRING_WINDOW_MS)
    return { state: 'expiring', msLeft, words: 'STS token expires in under 5 minutes', action: 'Get a new STS token before the next reconnect.' };
  return { state: 'valid', msLeft, words: 'STS token valid', action: '' };
}

export type WindowState = 'inside' | 'at-risk' | 'outside' | 'unmeasured';

export interface TimestampWindow {
  state: WindowState;
  /** Local clock minus server clock, when measured. */
  offsetMs?: number;
  /** How much further the clock may drift before a reconnect is refused (negative: already outside). */
  marginMs?: number;
  windowMs: number;
  words: string;
  action: string;
}

/**
 * Whether a timestamp signed with the local clock falls inside the server's ±5 minute window, from a
 * measured offset (local minus server). Unmeasured offsets are said so, never assumed to be zero.
 */
export function timestampWindow(offsetMs: number | undefined, windowMs = SIGNED_TIMESTAMP_WINDOW_MS): TimestampWindow {
  if (offsetMs === undefined) {
    return {
      state: 'unmeasured',
      windowMs,
      words: 'Clock offset not measured against this endpoint',
      action: 'Measure the clock offset (vendors check) to see the margin.',
    };
  }
  const marginMs = windowMs - Math.abs(offsetMs);
  const dir = offsetMs >= 0 ? 'ahead of' : 'behind';
  const off = `${Math.round(Math.abs(offsetMs) / 1000)} s ${dir} the server`;
  if (marginMs <= 0)
    return {
      state: 'outside',
      offsetMs,
      marginMs,
      windowMs,
      words: `Local clock is ${off}: outside the ±5 min window`,
      action: 'Fix the local clock (enable time sync); every connect will be refused until then.',
    };
  if (marginMs < WINDOW_WARN_MARGIN_MS)
    return {
      state: 'at-risk',
      offsetMs,
      marginMs,
      windowMs,
      words: `Local clock is ${off}: close to the ±5 min window`,
      action: 'Fix the local clock before it drifts further.',
    };
  return { state: 'inside', offsetMs, marginMs, windowMs, words: `Local clock is ${off}: inside the ±5 min window`, action: '' };
}

/** Pulls the signed timestamp out of a vendor username (`...timestamp=<13 digits>...`). */
export function signedTimestampFromUsername(username: string): number | undefined {
  const m = /(?:^|[|,&])timestamp=(\d{13})(?:[|,&]|$)/.exec(username);
  return m ? Number(m[1]) : undefined;
}
