import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import {
  compileTopicFilter,
  compileTopicFilterIfValid,
  isValidTopicFilter,
  topicFilterError,
  topicMatches,
  topicMatchesIfValid,
  topicNameError,
} from './topic-filter';

describe('topic filter matching (MQTT §4.7)', () => {
  const cases: Array<[string, string, boolean]> = [
    ['a/b/c', 'a/b/c', true],
    ['a/b/c', 'a/b', false],
    ['a/+/c', 'a/x/c', true],
    ['a/+/c', 'a/x/y/c', false],
    ['a/+/c', 'a/b/d', false],
    ['a/+', 'a/', true], // empty level is a level
    ['+', 'a', true],
    ['+', 'a/b', false],
    ['+/+', '/x', true],
    ['a/#', 'a', true], // # includes the parent
    ['a/#', 'a/b/c', true],
    ['a/#', 'ab', false],
    ['#', 'anything/at/all', true],
    ['#', '$SYS/broker', false], // wildcards at the start never match $ topics
    ['+/broker', '$SYS/broker', false],
    ['$SYS/#', '$SYS/broker/load', true],
    ['$SYS/+', '$SYS/x', true],
    ['sport/tennis/+', 'sport/tennis/player1', true],
    ['sport/+/player1', 'sport/tennis/player1', true],
    ['/+', '/finance', true],
    ['+', '/finance', false],
  ];
  for (const [filter, topic, want] of cases) {
    it(`${filter} ${want ? 'matches' : 'does not match'} ${topic}`, () => {
      expect(topicMatches(filter, topic)).toBe(want);
    });
  }

  it('a filter without wildcards matches only the identical topic', () => {
    fc.assert(
      fc.property(fc.stringMatching(/^[a-z/]{1,12}$/), fc.stringMatching(/^[a-z/]{1,12}$/), (f, t) => {
        expect(topicMatches(f, t)).toBe(f === t);
      }),
    );
  });

  it('# matches every topic that does not start with $', () => {
    fc.assert(
      fc.property(fc.stringMatching(/^[a-z$/]{1,12}$/), (t) => {
        expect(topicMatches('#', t)).toBe(!t.startsWith('$'));
      }),
    );
  });

  it('replacing any level by + still matches', () => {
    fc.assert(
      fc.property(fc.array(fc.stringMatching(/^[a-z]{0,4}$/), { minLength: 1, maxLength: 6 }), fc.nat(), (levels, k) => {
        const topic = levels.join('/');
        const f = [...levels];
        f[k % f.length] = '+';
        expect(topicMatches(f.join('/'), topic)).toBe(true);
      }),
    );
  });
});

describe('topic validation', () => {
  it('explains a misplaced #', () => {
    expect(topicFilterError('a/#/b')).toMatch(/last level/);
    expect(topicFilterError('a/b#')).toMatch(/whole level/);
    expect(() => compileTopicFilter('a/b#')).toThrow(/whole level/);
  });
  it('explains a misplaced +', () => {
    expect(topicFilterError('a/b+/c')).toMatch(/\+/);
  });
  it('refuses an empty filter and accepts valid ones', () => {
    expect(topicFilterError('')).toMatch(/empty/);
    expect(topicFilterError('a/+/#')).toBeNull();
    expect(topicFilterError('#')).toBeNull();
  });
  it('says whether a filter is valid', () => {
    expect(isValidTopicFilter('a/#')).toBe(true);
    expect(isValidTopicFilter('a/#/b')).toBe(false);
    expect(isValidTopicFilter('a/b#')).toBe(false);
    expect(isValidTopicFilter('a+/b')).toBe(false);
    expect(isValidTopicFilter('')).toBe(false);
  });
  it('an unvalidated invalid filter matches nothing instead of throwing', () => {
    expect(topicMatchesIfValid('a/b#', 'a/b#')).toBe(false);
    expect(topicMatchesIfValid('a/#/b', 'a/x/b')).toBe(false);
    expect(topicMatchesIfValid('', '')).toBe(false);
    expect(topicMatchesIfValid('a/+/c', 'a/b/c')).toBe(true);
    expect(topicMatchesIfValid('#', '$SYS/x')).toBe(false);
  });
  it('an unvalidated filter compiles once to a matcher, an invalid one to a matcher of nothing', () => {
    const m = compileTopicFilterIfValid('a/+/c');
    expect(['a/b/c', 'a/x/c', 'a/b', 'a/b/c/d'].map(m)).toEqual([true, true, false, false]);
    expect(() => compileTopicFilterIfValid('a/#/b')).not.toThrow();
    expect(['a/#/b', 'a/x/b', ''].map(compileTopicFilterIfValid('a/#/b'))).toEqual([false, false, false]);
  });
  it('topic names cannot carry wildcards', () => {
    expect(topicNameError('a/+')).toMatch(/wildcards/);
    expect(topicNameError('a/b')).toBeNull();
    expect(topicNameError('')).toMatch(/empty/);
  });
});
