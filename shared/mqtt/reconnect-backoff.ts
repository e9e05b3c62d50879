/** Reconnect policy as profiles store it. */
export interface ReconnectPolicyLike {
  enabled: boolean;
  initialDelayMs: number;
  maxDelayMs: number;
  /** 0 = unlimited */
  maxAttempts: number;
}

/**
 * Delay before reconnect attempt `attempt` (1-based): doubles from initialDelayMs up to maxDelayMs, with up
 * to ±20 % jitter (`random` in [0,1)) so many clients kicked at once do not return in lockstep.
 * Returns null when the policy says to stop.
 */
export function reconnectDelay(policy: ReconnectPolicyLike, attempt: number, random: number = Math.random()): number | null {
  if (!policy.enabled) return null;
  if (policy.maxAttempts > 0 && attempt > policy.maxAttempts) return null;
  const base = Math.min(policy.maxDelayMs, policy.initialDelayMs * 2 ** Math.min(30, Math.max(0, attempt - 1)));
  const jitter = 1 + (Math.min(Math.max(random, 0), 1) - 0.5) * 0.4;
  return Math.max(0, Math.round(Math.min(policy.maxDelayMs, base * jitter)));
}

/** What a profile gets when it says nothing, and what the CLI uses without reconnect flags. */
export const DEFAULT_RECONNECT_POLICY: Readonly<ReconnectPolicyLike> = { enabled: true, initialDelayMs: 1000, maxDelayMs: 30_000, maxAttempts: 0 };

/** CONNACK codes worth retrying (server unavailable / busy / quota); anything else is a refusal to fix. */
const RETRYABLE_CONNACK = new Set([3, 0x88, 0x89, 0x97, 0x9f]);

export function isRetryableConnack(code: number): boolean {
  return RETRYABLE_CONNACK.has(code);
}
