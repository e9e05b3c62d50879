import { topicMatchesIfValid } from '../mqtt/topic-filter';

/** True when the topic matches one of the slice's MQTT filters (no filters: every topic). */
export function matchesAny(filters: readonly string[] | undefined, topic: string): boolean {
  if (!filters || filters.length === 0) return true;
  for (const f of filters) if (topicMatchesIfValid(f, topic)) return true;
  return false;
}
