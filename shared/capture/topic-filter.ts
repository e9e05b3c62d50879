/** MQTT topic filter matching (+ one level, # the rest), as a broker applies it. */
export function topicMatches(filter: string, topic: string): boolean {
  if (filter === '#') return !topic.startsWith('$');
  const f = filter.split('/');
  const t = topic.split('/');
  if ((f[0] === '+' || f[0] === '#') && topic.startsWith('$')) return false;
  for (let i = 0; i < f.length; i++) {
    const part = f[i]!;
    if (part === '#') return i === f.length - 1;
    if (i >= t.length) return false;
    if (part !== '+' && part !== t[i]) return false;
  }
  return f.length === t.length;
}

export function matchesAny(filters: readonly string[] | undefined, topic: string): boolean {
  if (!filters || filters.length === 0) return true;
  for (const f of filters) if (topicMatches(f, topic)) return true;
  return false;
}
