import crypto from 'node:crypto';

/** Constant-time equality of two strings (length leaks, content does not). */
export function sameSecret(a: string | undefined, b: string): boolean {
  if (!a) return false;
  const x = Buffer.from(a);
  const y = Buffer.from(b);
  return x.length === y.length && crypto.timingSafeEqual(x, y);
}

/**
 * Single-use start codes: what the browser's command line, stdout and the browser's History get instead of
 * the session token. A code buys the token once; afterwards it is dead, so reading it from `ps` or the
 * History file authorizes nothing.
 */
export class StartCodes {
  private readonly live = new Set<string>();

  issue(): string {
    const code = crypto.randomBytes(24).toString('base64url');
    this.live.add(code);
    return code;
  }

  /** True exactly once per issued code. */
  redeem(candidate: unknown): boolean {
    if (typeof candidate !== 'string') return false;
    for (const code of this.live) {
      if (sameSecret(candidate, code)) {
        this.live.delete(code);
        return true;
      }
    }
    return false;
  }
}

/**
 * The session token: FIELDSCOPE_HOST_TOKEN when a script or test sets it (the environment is readable by
 * its owner only), else a fresh random one.
 */
export function sessionTokenFrom(env: string | undefined): string {
  if (env === undefined || env === '') return crypto.randomBytes(24).toString('base64url');
  if (env.length < 16 || !/^[\x21-\x7e]+$/.test(env)) {
    throw new Error('FIELDSCOPE_HOST_TOKEN must be at least 16 printable ASCII characters without spaces');
  }
  return env;
}
