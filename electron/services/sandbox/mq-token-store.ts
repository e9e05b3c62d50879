import { createHmac, randomBytes, timingSafeEqual } from 'node:crypto';

/**
 * Tokens issued by the sandbox token service. A token is self-describing (payload + the sandbox's own MAC),
 * so every documented failure is reachable: unparseable (1), expired (2), revoked (3), bad MAC (8).
 */
export type TokenAction = 'R' | 'W';

export interface TokenInfo {
  token: string;
  id: string;
  accessKey: string;
  actions: TokenAction[];
  resources: string[];
  expireTime: number;
  issuedAt: number;
}

export type TokenCheck = { ok: true; info: TokenInfo } | { ok: false; code: 1 | 2 | 3 | 8; reason: string; info?: TokenInfo };

interface Payload {
  i: string;
  k: string;
  a: TokenAction[];
  r: string[];
  e: number;
  t: number;
}

export class MqTokenStore {
  private readonly macKey = randomBytes(32);
  private readonly revoked = new Set<string>();
  /** Expiry overrides set by the "expire now" fault. */
  private readonly expiredAt = new Map<string, number>();
  private readonly issued = new Map<string, TokenInfo>();

  issue(accessKey: string, actions: TokenAction[], resources: string[], expireTime: number, now: number): TokenInfo {
    const p: Payload = { i: randomBytes(8).toString('hex'), k: accessKey, a: actions, r: resources, e: expireTime, t: now };
    const body = Buffer.from(JSON.stringify(p)).toString('base64url');
    const token = `${body}.${this.mac(body)}`;
    const info = toInfo(token, p);
    this.issued.set(p.i, info);
    return info;
  }

  /** Parses and checks a token against the sandbox clock. */
  check(token: string, now: number): TokenCheck {
    const dot = token.lastIndexOf('.');
    if (dot <= 0) return { ok: false, code: 1, reason: 'token is not in the issued format' };
    const body = token.slice(0, dot);
    let p: Payload;
    try {
      p = JSON.parse(Buffer.from(body, 'base64url').toString('utf8')) as Payload;
      if (typeof p.i !== 'string' || typeof p.k !== 'string' || !Array.isArray(p.a) || !Array.isArray(p.r) || typeof p.e !== 'number') throw new Error('shape');
    } catch {
      return { ok: false, code: 1, reason: 'token cannot be parsed' };
    }
    const info = toInfo(token, p);
    const given = Buffer.from(token.slice(dot + 1));
    const want = Buffer.from(this.mac(body));
    if (given.length !== want.length || !timingSafeEqual(given, want)) return { ok: false, code: 8, reason: 'token signature is not valid', info };
    if (this.revoked.has(p.i)) return { ok: false, code: 3, reason: 'token was revoked', info };
    const expireTime = this.expiredAt.get(p.i) ?? p.e;
    info.expireTime = expireTime;
    if (now >= expireTime) return { ok: false, code: 2, reason: 'token expired', info };
    return { ok: true, info };
  }

  revoke(id: string): void {
    this.revoked.add(id);
  }

  isRevoked(id: string): boolean {
    return this.revoked.has(id);
  }

  expireNow(id: string, now: number): void {
    this.expiredAt.set(id, now);
  }

  /** Current expiry of an issued token (after any "expire now"). */
  expiryOf(id: string, fallback: number): number {
    return this.expiredAt.get(id) ?? fallback;
  }

  list(): TokenInfo[] {
    return [...this.issued.values()].map((i) => ({ ...i, expireTime: this.expiryOf(i.id, i.expireTime) }));
  }

  clear(): void {
    this.revoked.clear();
    this.expiredAt.clear();
    this.issued.clear();
  }

  private mac(body: string): string {
    return createHmac('sha256', this.macKey).update(body).digest('base64url').slice(0, 32);
  }
}

function toInfo(token: string, p: Payload): TokenInfo {
  return { token, id: p.i, accessKey: p.k, actions: [...p.a], resources: [...p.r], expireTime: p.e, issuedAt: p.t };
}

/**
 * Does a token resource cover this topic or filter? A resource covers itself, its sub-levels (`a` covers
 * `a/b`) and, when it holds MQTT wildcards, what it matches.
 */
export function resourceCovers(resource: string, topic: string): boolean {
  if (resource === topic || topic.startsWith(`${resource}/`)) return true;
  if (!resource.includes('+') && !resource.includes('#')) return false;
  const r = resource.split('/');
  const t = topic.split('/');
  for (let i = 0; i < r.length; i++) {
    if (r[i] === '#') return true;
    if (i >= t.length) return false;
    if (r[i] !== '+' && r[i] !== t[i]) return false;
  }
  return r.length === t.length;
}
