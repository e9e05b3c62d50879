import { DEFAULT_RECONNECT_POLICY, type ReconnectPolicyLike } from '../../shared/mqtt/reconnect-backoff';

/** The reconnect options `sub` and `record` share (same policy and defaults as a profile in the app). */
export const RECONNECT_USAGE = `Reconnecting (the app's policy: the delay doubles from --reconnect-delay up to --reconnect-max-delay,
±20 % jitter; each loss and reconnect is reported on stderr):
  --reconnect-delay <s>       first delay after a lost connection (default ${DEFAULT_RECONNECT_POLICY.initialDelayMs / 1000}, min 0.1)
  --reconnect-max-delay <s>   longest delay (default ${DEFAULT_RECONNECT_POLICY.maxDelayMs / 1000})
  --reconnect-attempts <N>    give up (exit 1) after N failed attempts in a row (default 0 = never)
  --no-reconnect              exit 1 at the first lost connection`;

export const RECONNECT_FLAGS = ['reconnect-delay', 'reconnect-max-delay', 'reconnect-attempts', 'no-reconnect'] as const;
export const RECONNECT_BOOLEANS = ['no-reconnect'];

function seconds(v: unknown, name: string, fail: (m: string) => Error): number | undefined {
  if (v === undefined) return undefined;
  const n = Number(v);
  if (typeof v !== 'string' || !Number.isFinite(n) || n < 0.1 || n > 3600) throw fail(`--${name} takes seconds from 0.1 to 3600, got '${String(v)}'`);
  return Math.round(n * 1000);
}

/** Reads the reconnect flags; `fail` makes the command's own usage error. */
export function reconnectPolicyFromFlags(flags: Record<string, unknown>, fail: (message: string) => Error): ReconnectPolicyLike {
  const initialDelayMs = seconds(flags['reconnect-delay'], 'reconnect-delay', fail) ?? DEFAULT_RECONNECT_POLICY.initialDelayMs;
  const maxDelayMs = seconds(flags['reconnect-max-delay'], 'reconnect-max-delay', fail) ?? Math.max(initialDelayMs, DEFAULT_RECONNECT_POLICY.maxDelayMs);
  if (maxDelayMs < initialDelayMs) throw fail(`--reconnect-max-delay (${maxDelayMs / 1000} s) is shorter than --reconnect-delay (${initialDelayMs / 1000} s)`);
  const a = flags['reconnect-attempts'];
  let maxAttempts = DEFAULT_RECONNECT_POLICY.maxAttempts;
  if (a !== undefined) {
    maxAttempts = Number(a);
    if (typeof a !== 'string' || !Number.isInteger(maxAttempts) || maxAttempts < 0)
      throw fail(`--reconnect-attempts takes a whole number (0 = never give up), got '${String(a)}'`);
  }
  return { enabled: flags['no-reconnect'] !== true, initialDelayMs, maxDelayMs, maxAttempts };
}
