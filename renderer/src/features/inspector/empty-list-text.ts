// What an empty message list says: "no messages yet" only when the store really holds none; when filters hide
// what is held, how many (so nobody waits for traffic that is already there).
export type EmptyListText = { kind: 'none' } | { kind: 'hidden'; count: number };

/** `shown`: rows matching the filters; `held`: messages in the store (null before the first stats arrive). */
export function emptyListText(shown: number, held: number | null): EmptyListText | null {
  if (shown > 0) return null;
  if (held && held > 0) return { kind: 'hidden', count: held };
  return { kind: 'none' };
}
