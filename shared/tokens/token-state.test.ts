import { describe, expect, it } from 'vitest';
import { deriveTokenState, formatCountdown } from './token-state';
import { maskToken, parseExpireNotice, parseInvalidNotice, tokenTypeForActions, uploadTokenBody } from './token-model';

const NOW = 1_700_000_000_000;
const MIN = 60_000;

describe('deriveTokenState', () => {
  it('valid with the time left', () => {
    expect(deriveTokenState({ expiresAt: NOW + 60 * MIN }, NOW)).toMatchObject({ state: 'valid', msLeft: 60 * MIN, action: '' });
  });
  it('expiring under 5 minutes, or once the notice arrived', () => {
    expect(deriveTokenState({ expiresAt: NOW + 4 * MIN }, NOW).state).toBe('expiring');
    expect(deriveTokenState({ expiresAt: NOW + 5 * MIN }, NOW).state).toBe('valid');
    const s = deriveTokenState({ expiresAt: NOW + 30 * MIN, expireNoticeAt: NOW - 1000 }, NOW);
    expect(s.state).toBe('expiring');
    expect(s.words).toContain('tokenExpireNotice');
  });
  it('expired at and after the expiry', () => {
    expect(deriveTokenState({ expiresAt: NOW }, NOW)).toMatchObject({ state: 'expired', msLeft: 0 });
    expect(deriveTokenState({ expiresAt: NOW - 5 }, NOW).msLeft).toBe(-5);
  });
  it('revoked by this app', () => {
    expect(deriveTokenState({ expiresAt: NOW + 60 * MIN, revokedAt: NOW }, NOW).state).toBe('revoked');
  });
  it.each([
    [1, 'invalid', /forged/],
    [2, 'expired', /expired/],
    [3, 'revoked', /revoked/],
    [4, 'invalid', /Resource/],
    [5, 'invalid', /Permission type/],
    [8, 'invalid', /signature/],
    [-1, 'invalid', /Account permission/],
  ] as const)('invalid notice code %i → %s, decoded', (code, state, words) => {
    const s = deriveTokenState({ expiresAt: NOW + 60 * MIN, invalid: { code, at: NOW } }, NOW);
    expect(s.state).toBe(state);
    expect(s.code).toBe(code);
    expect(s.words).toMatch(words);
    expect(s.words).toContain(`code ${code}`);
    expect(s.action.length).toBeGreaterThan(0);
  });
  it('a pasted token without expiry says so', () => {
    const s = deriveTokenState({}, NOW);
    expect(s.state).toBe('valid');
    expect(s.msLeft).toBeUndefined();
    expect(s.words).toMatch(/expiry not known/);
  });
});

describe('token model helpers', () => {
  it('formats countdowns', () => {
    expect(formatCountdown(12_400)).toBe('12s');
    expect(formatCountdown(4 * MIN + 5000)).toBe('4m 05s');
    expect(formatCountdown(62 * MIN)).toBe('1h 02m');
    expect(formatCountdown(-3000)).toBe('3s ago');
  });
  it('types from actions', () => {
    expect(tokenTypeForActions(['R'])).toBe('R');
    expect(tokenTypeForActions(['W'])).toBe('W');
    expect(tokenTypeForActions(['W', 'R'])).toBe('RW');
    expect(tokenTypeForActions(['X'])).toBeUndefined();
    expect(tokenTypeForActions([])).toBeUndefined();
  });
  it('masks: a prefix only', () => {
    const token = 'LzMT+XLFl5s/YWJ/MlDz4t/Lq5HC1iGU1P28HAMaxYxn8aQbALNtml7QZKl9L9kPe6LqUb95tB6kYwWIRa2sR9mA==';
    const m = maskToken(token);
    expect(m).toBe('LzMT+X…mA==');
    expect(m.length).toBeLessThan(12);
    expect(maskToken('0123456789abcdefghij')).toBe('0123…');
    expect(maskToken('abc')).toBe('…');
  });
  it('upload body and notices', () => {
    expect(JSON.parse(uploadTokenBody('t', 'RW'))).toEqual({ token: 't', type: 'RW' });
    expect(parseExpireNotice('{"expireTime": 1700000300000, "type": "R"}')).toEqual({ expireTime: 1700000300000, type: 'R' });
    expect(parseExpireNotice('{"expireTime": "1700000300000"}')).toEqual({ expireTime: 1700000300000 });
    expect(parseExpireNotice('nope')).toBeUndefined();
    expect(parseInvalidNotice('{"code": -1, "type": "W"}')).toEqual({ code: -1, type: 'W' });
    expect(parseInvalidNotice('{"code": 3, "type": "Q"}')).toEqual({ code: 3 });
    expect(parseInvalidNotice('{"type": "R"}')).toBeUndefined();
  });
});
