// Subscription colours: distinct in light and dark themes.
export const SUBSCRIPTION_COLORS = ['#2563eb', '#16a34a', '#d97706', '#dc2626', '#7c3aed', '#0891b2', '#db2777', '#65a30d'];

export function nextColor(used: readonly string[]): string {
  return SUBSCRIPTION_COLORS.find((c) => !used.includes(c)) ?? SUBSCRIPTION_COLORS[used.length % SUBSCRIPTION_COLORS.length]!;
}

/** The colour of the first subscription whose filter matches the topic (the row's stripe in the inspector). */
export function colorForTopic(subs: readonly { color: string; matches: (topic: string) => boolean }[], topic: string): string | undefined {
  for (const s of subs) if (s.matches(topic)) return s.color;
  return undefined;
}

// Connection colours: a dot in the connection column so four "Local sandbox …" connections tell apart at a glance.
export const CONNECTION_COLORS = ['#0f766e', '#b45309', '#4f46e5', '#be123c', '#15803d', '#0369a1', '#a21caf', '#4d7c0f', '#c2410c', '#475569'];

/** A distinct colour per connection (in the given order; they repeat only past the palette's length). */
export function connectionColors(ids: readonly string[]): Record<string, string> {
  const out: Record<string, string> = {};
  ids.forEach((id, i) => (out[id] = CONNECTION_COLORS[i % CONNECTION_COLORS.length]!));
  return out;
}
