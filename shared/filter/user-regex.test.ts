import { describe, expect, it } from 'vitest';
import { compileUserRegex } from './user-regex';

describe('compileUserRegex', () => {
  it('matches and replaces like a JavaScript pattern for ordinary expressions', () => {
    const c = compileUserRegex('dev-(\\d+)');
    if (!c.ok) throw new Error(c.message);
    expect(c.regex.test('a/dev-42/b')).toBe(true);
    expect(c.regex.test('a/dev-x')).toBe(false);
    expect(c.regex.replaceAll('dev-1/dev-2', 'd$1')).toBe('d1/d2');
  });

  it('honours ignoreCase', () => {
    const c = compileUserRegex('ONLINE', { ignoreCase: true });
    expect(c.ok && c.regex.test('status: online')).toBe(true);
  });

  it('answers a catastrophic-backtracking pattern over a hostile payload (a backtracking engine never returns here)', () => {
    const c = compileUserRegex('(a+)+$');
    if (!c.ok) throw new Error(c.message);
    // 2^64 paths for a backtracking engine; RE2 walks the input once.
    expect(c.regex.test('a'.repeat(64) + 'b')).toBe(false);
    expect(c.regex.test('a'.repeat(64))).toBe(true);
  });

  it('refuses a syntax error and unsupported lookaround with a message, not an exception', () => {
    const bad = compileUserRegex('(a');
    expect(bad.ok).toBe(false);
    if (!bad.ok) expect(bad.message).toMatch(/missing closing \)/);
    expect(compileUserRegex('(?<=a)b').ok).toBe(false);
  });
});
