// MQTT topic filter matching (+ one level, # the rest), used to filter tail rows without a round trip.

/** True when the filter is well formed: # only last and alone in its level, + alone in its level. */
export function isValidTopicFilter(filter: string): boolean {
  if (!filter) return false;
  const levels = filter.split('/');
  for (let i = 0; i < levels.length; i++) {
    const l = levels[i]!;
    if (l.includes('#') && (l !== '#' || i !== levels.length - 1)) return false;
    if (l.includes('+') && l !== '+') return false;
  }
  return true;
}

export function topicMatches(filter: string, topic: string): boolean {
  const f = filter.split('/');
  const t = topic.split('/');
  // Per MQTT, wildcards at the first level do not match topics starting with $ ($SYS...).
  if (topic.startsWith('$') && (f[0] === '+' || f[0] === '#')) return false;
  for (let i = 0; i < f.length; i++) {
    const fl = f[i]!;
    if (fl === '#') return true;
    if (i >= t.length) return false;
    if (fl !== '+' && fl !== t[i]) return false;
  }
  return f.length === t.length;
}
