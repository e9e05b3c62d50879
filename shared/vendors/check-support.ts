/**
 * What every pre-connect check shares: findings as stable codes with params (rendered in English here, in the
 * user's language by the renderer), the vendors' documented limits, and text helpers.
 */
import type { ExplainPart } from './explain-part';

export type Severity = 'error' | 'warning';

export interface Finding {
  severity: Severity;
  /** Stable machine code, e.g. `client-id-too-long`. */
  code: string;
  /** English text (logs, CLI). */
  message: string;
  fix: string;
  /** The same as explain parts, for the renderer's catalogue. */
  text: { message: ExplainPart; fix: ExplainPart };
}

export interface CheckOptions {
  now: number;
  /** Local clock minus server clock (ms), when measured (e.g. from an endpoint's HTTP Date header). */
  clockOffsetMs?: number;
  /** Topic filters that will be subscribed (defaults to the profile's auto-subscriptions). */
  subscriptions?: ReadonlyArray<{ filter: string; qos?: 0 | 1 | 2 }>;
  /** Topics that will be published to (checked for length). */
  publishTopics?: readonly string[];
  /** Size in bytes of a message about to be published. */
  payloadSize?: number;
  payloadQos?: 0 | 1 | 2;
}

/** Adds a finding: its code, and the message and fix as explain parts (templates in the kind's texts). */
export type Add = (severity: Severity, code: string, message: ExplainPart, fix: ExplainPart) => void;

export const MQ_CLIENT_ID_MAX = 64;
export const MQ_TOPIC_MAX = 64;
export const MQ_MAX_SUBSCRIPTIONS = 30;
export const MQ_MAX_PAYLOAD = 64 * 1024;
export const MQ_KEEPALIVE_MAX = 100;
export const AMQP_IDLE_MIN_SEC = 30;
export const AMQP_IDLE_MAX_SEC = 300;
export const CLOCK_SKEW_MAX_MS = 5 * 60_000;
export const STS_EXPIRY_WARN_MS = 5 * 60_000;

/** Characters a user cannot see: controls, whitespace, zero-width and BOM, line/paragraph separators. */
// eslint-disable-next-line no-control-regex -- control characters are among what this looks for
const INVISIBLE = /[\u0000-\u0020\u007f-\u00a0\u00ad\u1680\u180e\u2000-\u200f\u2028-\u202f\u205f-\u2064\u3000\ufeff]/u;
export const hasInvisibleChars = (s: string): boolean => INVISIBLE.test(s);

/** Group ID: `GID_` then letters and digits only, 7-32 characters in all. */
export const GROUP_ID_PATTERN = /^GID_[A-Za-z0-9]{3,28}$/;

export function visibleEscape(s: string): string {
  return Array.from(s)
    .map((ch) => (INVISIBLE.test(ch) ? `\\u${ch.codePointAt(0)!.toString(16).padStart(4, '0')}` : ch))
    .join('');
}

/** The first 40 characters and an ellipsis, for long values quoted in a message. */
export const head40 = (s: string): string => `${s.slice(0, 40)}…`;
