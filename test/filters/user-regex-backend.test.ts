import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { runTsInChild } from '../support/run-ts-child';

/**
 * Payload filters and the replay topic rewrite run user regexes over device-controlled bytes on the backend
 * thread. `(a+)+$` over 40 `a`s and a `b` takes a backtracking engine longer than the age of the universe; the
 * calls run in a child process killed after a generous limit, so a regression fails here instead of hanging.
 */
const CHILD = path.join(import.meta.dirname, 'hostile-regex.child.ts');
const LIMIT_MS = 60_000;
const HOSTILE = `${'a'.repeat(40)}b`;
const INVALID = ['(a', '(?<=a)b', '(?!x)a', '(a)\\1'];

type Answer = { ok: boolean; error?: { code: string; message: string; hint?: string } };

function expectRe2Refusals(answers: Answer[]) {
  expect(answers).toHaveLength(INVALID.length);
  for (const a of answers) {
    expect(a.ok).toBe(false);
    expect(a.error?.code).toBe('invalid-filter');
    expect(`${a.error?.message} ${a.error?.hint}`).toMatch(/RE2 syntax/);
  }
}

describe('user regexes over hostile input, through the backend API', () => {
  it(
    'messages.page with (a+)+$ over a stored 41-byte hostile payload answers, and bad patterns are structured invalid-filter errors',
    async () => {
      const { result } = await runTsInChild(CHILD, { mode: 'messages', hostile: HOSTILE, pattern: '(a+)+$', invalid: INVALID }, LIMIT_MS);
      const r = result as { page: { ok: boolean; topics: string[] }; invalid: Answer[] };
      // Only the payload that ends in a run of a's matches; the hostile one (ends in b) does not.
      expect(r.page).toEqual({ ok: true, topics: ['dev/2'] });
      expectRe2Refusals(r.invalid);
    },
    LIMIT_MS + 30_000,
  );

  it(
    'captures.replay with a (a+)+$ topic rewrite over a hostile topic finishes, and bad patterns are structured invalid-filter errors',
    async () => {
      const { result } = await runTsInChild(CHILD, { mode: 'replay', hostile: HOSTILE, pattern: '(a+)+$', invalid: INVALID }, LIMIT_MS);
      const r = result as { replay: { state: string; sent: number; errors: number }; topics: string[]; invalid: Answer[] };
      expect(r.replay).toEqual({ state: 'done', sent: 2, errors: 0 });
      expect(r.topics).toEqual([HOSTILE, 'dev/x']);
      expectRe2Refusals(r.invalid);
    },
    LIMIT_MS + 30_000,
  );
});
