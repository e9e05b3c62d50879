import { describe, expect, it } from 'vitest';
import { canRenew, decideBeforeReconnect, decideRenewal, renewalDueAt, renewalLifetimeMs, renewalReason } from './renewal-policy';
import type { TokenFacts } from './token-model';

const NOW = 1_700_000_000_000;
const MIN = 60_000;
type T = Parameters<typeof decideRenewal>[1];
const tok = (over: Partial<TokenFacts> = {}): T => ({ type: 'RW', resources: ['fieldscope/a'], actions: ['R', 'W'], expiresAt: NOW + 60 * MIN, ...over });

describe('renewal timing', () => {
  it('renews on the expire notice or at T-5 min, whichever first', () => {
    expect(renewalReason(tok(), NOW)).toBeUndefined();
    expect(renewalReason(tok({ expireNoticeAt: NOW }), NOW)).toBe('expire-notice');
    expect(renewalReason(tok({ expiresAt: NOW + 5 * MIN }), NOW)).toBe('t-minus-5');
    expect(renewalReason(tok({ expiresAt: NOW + 5 * MIN + 1 }), NOW)).toBeUndefined();
    expect(renewalReason(tok({ expiresAt: NOW - 1 }), NOW)).toBe('expired');
    expect(renewalDueAt(tok(), NOW)).toBe(NOW + 55 * MIN);
    expect(renewalDueAt(tok({ expiresAt: NOW + MIN }), NOW)).toBeUndefined();
  });
  it('a revoked or condemned token is not "renewed" silently; an expired-code one is', () => {
    expect(renewalReason(tok({ invalid: { code: 3, at: NOW } }), NOW)).toBeUndefined();
    expect(renewalReason(tok({ revokedAt: NOW }), NOW)).toBeUndefined();
    expect(renewalReason(tok({ invalid: { code: 2, at: NOW } }), NOW)).toBe('invalid-expired');
  });
  it('follows the policy', () => {
    const due = tok({ expireNoticeAt: NOW });
    expect(decideRenewal('auto', due, NOW)).toEqual({ do: 'renew', reason: 'expire-notice' });
    expect(decideRenewal('ask', due, NOW)).toEqual({ do: 'ask', reason: 'expire-notice' });
    expect(decideRenewal('off', due, NOW).do).toBe('nothing');
    expect(decideRenewal('auto', tok(), NOW).do).toBe('nothing');
    expect(decideRenewal('auto', tok({ expireNoticeAt: NOW, resources: [] }), NOW).do).toBe('nothing');
    expect(canRenew({ resources: ['a'], actions: [] })).toBe(false);
  });
  it('short-lived tokens renew at half their lifetime, not at once', () => {
    const short = tok({ issuedAt: NOW, expiresAt: NOW + 2 * MIN });
    expect(renewalReason(short, NOW)).toBeUndefined();
    expect(renewalReason(short, NOW + MIN - 1)).toBeUndefined();
    expect(renewalReason(short, NOW + MIN)).toBe('t-minus-5');
    expect(renewalDueAt(short, NOW)).toBe(NOW + MIN);
    expect(renewalReason(tok({ issuedAt: NOW, expiresAt: NOW + 20 * MIN }), NOW + 15 * MIN)).toBe('t-minus-5');
  });
  it('renews for the same lifetime, at least 60 s', () => {
    expect(renewalLifetimeMs({ issuedAt: NOW, expiresAt: NOW + 10 * MIN })).toBe(10 * MIN);
    expect(renewalLifetimeMs({ issuedAt: NOW, expiresAt: NOW + 5000 })).toBe(60_000);
    expect(renewalLifetimeMs({})).toBe(3_600_000);
  });
});

describe('before a reconnect', () => {
  it('reconnects with valid tokens', () => {
    expect(decideBeforeReconnect('auto', [tok(), tok({ type: 'R', actions: ['R'] })], NOW)).toEqual({ do: 'reconnect' });
  });
  it('renews first when expired or about to be and policy is auto', () => {
    expect(decideBeforeReconnect('auto', [tok({ expiresAt: NOW - 1 })], NOW)).toEqual({ do: 'renew-first', types: ['RW'] });
    expect(decideBeforeReconnect('auto', [tok({ expiresAt: NOW + MIN })], NOW)).toEqual({ do: 'renew-first', types: ['RW'] });
    expect(decideBeforeReconnect('auto', [tok({ invalid: { code: 2, at: NOW } })], NOW)).toEqual({ do: 'renew-first', types: ['RW'] });
  });
  it('stops instead of looping with a token known to be bad', () => {
    for (const code of [1, 3, 4, 5, 8, -1]) {
      const d = decideBeforeReconnect('auto', [tok({ invalid: { code, at: NOW } })], NOW);
      expect(d.do).toBe('stop');
      if (d.do === 'stop') {
        expect(d.code).toBe(code);
        expect(d.reason).toContain(`code ${code}`);
      }
    }
    expect(decideBeforeReconnect('auto', [tok({ revokedAt: NOW })], NOW).do).toBe('stop');
  });
  it('stops on an expired token it may not renew, but reconnects while one is merely expiring', () => {
    const d = decideBeforeReconnect('ask', [tok({ expiresAt: NOW - 1 })], NOW);
    expect(d).toMatchObject({ do: 'stop', code: 2 });
    expect(decideBeforeReconnect('off', [tok({ expiresAt: NOW + MIN })], NOW)).toEqual({ do: 'reconnect' });
    expect(decideBeforeReconnect('auto', [tok({ expiresAt: NOW - 1, resources: [] })], NOW).do).toBe('stop');
  });
  it('stops with no token at all', () => {
    expect(decideBeforeReconnect('auto', [], NOW)).toMatchObject({ do: 'stop', reason: 'no token' });
  });
});
