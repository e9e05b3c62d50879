import { describe, expect, it } from 'vitest';
import { checkSpeed, dueOffsetMs, inSlice, publishableTopic, topicRewriter } from './replay-plan';
import { topicMatches } from '../mqtt/topic-filter';
import { matchesAny } from './topic-filter';

describe('replay plan', () => {
  it('matches MQTT filters like a broker', () => {
    expect(topicMatches('a/+/c', 'a/b/c')).toBe(true);
    expect(topicMatches('a/#', 'a')).toBe(true);
    expect(topicMatches('a/#', 'a/b/c')).toBe(true);
    expect(topicMatches('a/+', 'a/b/c')).toBe(false);
    expect(topicMatches('#', '$SYS/x')).toBe(false);
    expect(topicMatches('+/x', '$oc/x')).toBe(false);
  });

  it('keeps a topic when any slice filter matches; an invalid filter matches nothing', () => {
    expect(matchesAny(undefined, 'a')).toBe(true);
    expect(matchesAny([], 'a')).toBe(true);
    expect(matchesAny(['x/#', 'a/+'], 'a/b')).toBe(true);
    expect(matchesAny(['x/#'], 'a/b')).toBe(false);
    expect(matchesAny(['a/#/b'], 'a/x/b')).toBe(false);
  });

  it('slices by topic and time', () => {
    const f = { topics: ['s/#'], from: 10, to: 20 };
    expect(inSlice({ topic: 's/1', at: 15 }, f)).toBe(true);
    expect(inSlice({ topic: 's/1', at: 21 }, f)).toBe(false);
    expect(inSlice({ topic: 'x/1', at: 15 }, f)).toBe(false);
  });

  it('rewrites topics by prefix and regex, and rejects a bad regex clearly', () => {
    expect(topicRewriter({ prefix: 'lab/' })('a/b')).toBe('lab/a/b');
    expect(topicRewriter({ regex: '^/(\\w+)/', replacement: 'pk-$1/' })('/abc/dev')).toBe('pk-abc/dev');
    expect(() => topicRewriter({ regex: '(' })).toThrow(/not a valid regular expression/);
    expect(publishableTopic('a/+')).toMatch(/wildcard/);
  });

  it('schedules against the first message, scaled by speed', () => {
    expect(dueOffsetMs(1000, 3000, 1)).toBe(2000);
    expect(dueOffsetMs(1000, 3000, 10)).toBe(200);
    expect(dueOffsetMs(1000, 3000, 0.5)).toBe(4000);
    expect(dueOffsetMs(1000, 3000, 0)).toBe(0);
    expect(() => checkSpeed(200)).toThrow(/between 0.1x and 100x/);
    expect(checkSpeed(0)).toBe(0);
  });
});
