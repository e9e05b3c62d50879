import type { ConnectionView } from '../contract/connections.contract';

/**
 * The view to keep when another arrives for the same connection. State events come over the event channel and
 * RPC answers (connections.open, connections.list) over another, so they can land in either order; the one
 * with the lower revision is older, whatever arrived last. Equal revisions: the later one (same state, fresher
 * counts).
 */
export function newerConnectionView(current: ConnectionView | undefined, incoming: ConnectionView): ConnectionView {
  if (!current || current.connectionId !== incoming.connectionId) return incoming;
  return incoming.revision >= current.revision ? incoming : current;
}

/**
 * Every view of a list answer merged into `current` by revision. Main never forgets a connection, so one the list
 * lacks was opened after the list was read: it stays.
 */
export function mergeConnectionViews(current: Record<string, ConnectionView>, incoming: ConnectionView[]): Record<string, ConnectionView> {
  const out: Record<string, ConnectionView> = { ...current };
  for (const v of incoming) out[v.connectionId] = newerConnectionView(current[v.connectionId], v);
  return out;
}
