import { describe, expect, it } from 'vitest';
import { isValidTopicFilter, topicMatches } from './topic-match';

describe('topic filters', () => {
  it('matches + and # as MQTT does', () => {
    expect(topicMatches('a/+/c', 'a/b/c')).toBe(true);
    expect(topicMatches('a/+/c', 'a/b/d')).toBe(false);
    expect(topicMatches('a/#', 'a')).toBe(true);
    expect(topicMatches('a/#', 'a/b/c')).toBe(true);
    expect(topicMatches('#', 'x/y')).toBe(true);
    expect(topicMatches('a/b', 'a/b/c')).toBe(false);
    expect(topicMatches('+', 'a/b')).toBe(false);
    expect(topicMatches('+/+', '/b')).toBe(true);
  });
  it('keeps $ topics out of leading wildcards', () => {
    expect(topicMatches('#', '$SYS/broker')).toBe(false);
    expect(topicMatches('$SYS/#', '$SYS/broker')).toBe(true);
  });
  it('validates filters', () => {
    expect(isValidTopicFilter('a/#')).toBe(true);
    expect(isValidTopicFilter('a/#/b')).toBe(false);
    expect(isValidTopicFilter('a/b#')).toBe(false);
    expect(isValidTopicFilter('a+/b')).toBe(false);
    expect(isValidTopicFilter('')).toBe(false);
  });
});
