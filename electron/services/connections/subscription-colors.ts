/** Distinct colours for a connection's subscriptions (readable on light and dark backgrounds). */
export const SUBSCRIPTION_COLORS = [
  '#2f80ed',
  '#27ae60',
  '#eb5757',
  '#f2994a',
  '#9b51e0',
  '#00a3a3',
  '#d4a106',
  '#e056a0',
  '#6d7a8c',
  '#8d6e63',
  '#1abc9c',
  '#5c6bc0',
];

export function nextSubscriptionColor(used: Iterable<string>): string {
  const taken = new Set(used);
  return SUBSCRIPTION_COLORS.find((c) => !taken.has(c)) ?? SUBSCRIPTION_COLORS[[...taken].length % SUBSCRIPTION_COLORS.length]!;
}
