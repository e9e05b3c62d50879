/**
 * MQTT topic names and filters (MQTT 3.1.1 §4.7 / MQTT 5 §4.7): `+` matches one level, `#` the rest
 * (including the parent level itself), and a filter starting with a wildcard never matches a `$` topic.
 */

/** Why a subscription filter is invalid, or null when it is fine. */
export function topicFilterError(filter: string): string | null {
  if (filter.length === 0) return 'A topic filter cannot be empty.';
  if (filter.includes('\u0000')) return 'A topic filter cannot contain the NUL character.';
  if (utf8Length(filter) > 65535) return 'A topic filter is at most 65,535 bytes.';
  const levels = filter.split('/');
  for (let i = 0; i < levels.length; i++) {
    const level = levels[i]!;
    if (level.includes('#')) {
      if (level !== '#') return `'#' must be a whole level by itself (found '${level}'); write e.g. 'a/#'.`;
      if (i !== levels.length - 1) return "'#' must be the last level of a filter; nothing may follow it.";
    }
    if (level.includes('+') && level !== '+') return `'+' must be a whole level by itself (found '${level}'); write e.g. 'a/+/c'.`;
  }
  return null;
}

/** True when the filter is well formed (topicFilterError has nothing to say). */
export function isValidTopicFilter(filter: string): boolean {
  return topicFilterError(filter) === null;
}

/** Why a topic name (for PUBLISH) is invalid, or null. */
export function topicNameError(topic: string): string | null {
  if (topic.length === 0) return 'A topic name cannot be empty.';
  if (topic.includes('+') || topic.includes('#')) return "A topic to publish to cannot contain the wildcards '+' or '#'.";
  if (topic.includes('\u0000')) return 'A topic name cannot contain the NUL character.';
  if (utf8Length(topic) > 65535) return 'A topic name is at most 65,535 bytes.';
  return null;
}

export type TopicMatcher = (topic: string) => boolean;

/**
 * Compiles a filter once for matching many topics (the message-store filter runs it per row).
 * Throws on an invalid filter with the reason from topicFilterError.
 */
export function compileTopicFilter(filter: string): TopicMatcher {
  const err = topicFilterError(filter);
  if (err) throw new Error(err);
  return compileValidFilter(filter);
}

function compileValidFilter(filter: string): TopicMatcher {
  if (filter === '#') return (t) => t.charCodeAt(0) !== 36; // '$'
  const levels = filter.split('/');
  const wildFirst = levels[0] === '+' || levels[0] === '#';
  if (!filter.includes('+') && !filter.includes('#')) return (t) => t === filter;
  const endsWithHash = levels[levels.length - 1] === '#';
  const fixed = endsWithHash ? levels.slice(0, -1) : levels;
  return (topic: string) => {
    if (wildFirst && topic.charCodeAt(0) === 36) return false;
    const parts = topic.split('/');
    if (endsWithHash) {
      // 'a/#' matches 'a' as well as 'a/b/c'.
      if (parts.length < fixed.length) return false;
    } else if (parts.length !== fixed.length) return false;
    for (let i = 0; i < fixed.length; i++) {
      const f = fixed[i]!;
      if (f !== '+' && f !== parts[i]) return false;
    }
    return true;
  };
}

export function topicMatches(filter: string, topic: string): boolean {
  return compileTopicFilter(filter)(topic);
}

/**
 * topicMatches for filters nobody has validated (a profile's subscriptions, a replay slice, a filter being
 * typed): an invalid filter matches nothing instead of throwing — no topic name can contain a misplaced wildcard.
 */
export function topicMatchesIfValid(filter: string, topic: string): boolean {
  return compileTopicFilterIfValid(filter)(topic);
}

const matchesNothing: TopicMatcher = () => false;

/** compileTopicFilter for a filter nobody has validated: an invalid one matches nothing instead of throwing. */
export function compileTopicFilterIfValid(filter: string): TopicMatcher {
  return topicFilterError(filter) === null ? compileValidFilter(filter) : matchesNothing;
}

function utf8Length(s: string): number {
  let n = 0;
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i);
    if (c < 0x80) n += 1;
    else if (c < 0x800) n += 2;
    else if (c >= 0xd800 && c <= 0xdbff) {
      n += 4;
      i++;
    } else n += 3;
  }
  return n;
}
