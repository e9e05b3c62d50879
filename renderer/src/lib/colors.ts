// Subscription colours: distinct in light and dark themes.
export const SUBSCRIPTION_COLORS = ['#2563eb', '#16a34a', '#d97706', '#dc2626', '#7c3aed', '#0891b2', '#db2777', '#65a30d'];

export function nextColor(used: readonly string[]): string {
  return SUBSCRIPTION_COLORS.find((c) => !used.includes(c)) ?? SUBSCRIPTION_COLORS[used.length % SUBSCRIPTION_COLORS.length]!;
}

/** The colour of the first subscription whose filter matches the topic (the row's stripe in the inspector). */
export function colorForTopic(subs: readonly { filter: string; color: string }[], topic: string, match: (f: string, t: string) => boolean): string | undefined {
  for (const s of subs) if (match(s.filter, topic)) return s.color;
  return undefined;
}
