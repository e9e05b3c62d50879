// How one `messages.batch` event changes the inspector's window of rows. Pure, so it is unit-tested.
import type { MessageFilter, MessageRow, StoreStats } from '../../../shared/contract/messages.contract';
import { topicMatchesIfValid } from '../../../shared/mqtt/topic-filter';
import { appendTail, evictHead, patchRows, windowAtTail, type RowWindow } from './row-window';

/**
 * Filters the renderer can apply to a row exactly. Text/regex search the whole payload and generateTime
 * ordering inserts rows mid-list: those need main to answer (a resync of the visible page).
 */
export function filterIsLocal(f: MessageFilter): boolean {
  return !f.text && f.orderBy !== 'generateTime';
}

export function rowMatchesLocal(f: MessageFilter, row: MessageRow): boolean {
  if (f.connectionIds && f.connectionIds.length && !f.connectionIds.includes(row.connectionId)) return false;
  if (f.topicFilter && !topicMatchesIfValid(f.topicFilter, row.topic)) return false;
  if (f.hideDuplicates && row.duplicateOf) return false;
  return true;
}

export function filterIsEmpty(f: MessageFilter): boolean {
  return !(f.connectionIds && f.connectionIds.length) && !f.topicFilter && !f.text && !f.hideDuplicates;
}

export interface BatchInput {
  stats: StoreStats;
  rows: MessageRow[];
  truncated: number;
}

export interface BatchOutcome {
  window: RowWindow<MessageRow>;
  /** The window may be wrong or incomplete: fetch the visible page again from main. */
  resync: boolean;
}

/** Merges one batch: eviction first (oldest rows left main), then the rows that arrived at the tail. */
export function applyBatch(w: RowWindow<MessageRow>, filter: MessageFilter, prev: StoreStats | null, batch: BatchInput, cap: number): BatchOutcome {
  const evicted = prev ? Math.max(0, batch.stats.dropped - prev.dropped) : 0;
  const cleared = prev !== null && batch.stats.size < prev.size - evicted;
  const unfiltered = filterIsEmpty(filter);
  // Rows main left out of a batch can only be skipped over when nothing filters (then they all count).
  if (cleared || (batch.truncated > 0 && !unfiltered) || !filterIsLocal(filter)) return { window: w, resync: true };
  let next = w;
  if (evicted) {
    // Filtered lists lose an unknown number of rows when main evicts: only main knows.
    if (!unfiltered) return { window: w, resync: true };
    next = evictHead(next, evicted);
  }
  // A batch also carries rows that changed since they were sent (settlement, duplicate marks): those have
  // seqs main already reported and are patched in place; only higher seqs are new arrivals.
  const known = prev ? prev.latestSeq : next.rows.length ? next.rows[next.rows.length - 1]!.seq : -1;
  const updates = new Map<number, MessageRow>();
  const fresh: MessageRow[] = [];
  for (const r of batch.rows) {
    if (r.seq <= known) updates.set(r.seq, r);
    else fresh.push(r);
  }
  if (updates.size) next = patchRows(next, (r) => updates.has(r.seq), (r) => updates.get(r.seq)!);
  const arrived = unfiltered ? fresh : fresh.filter((r) => rowMatchesLocal(filter, r));
  if (batch.truncated > 0) {
    // A flood: the batch holds only the newest rows, after a gap of `truncated`. A window at the tail jumps
    // to them (the gap pages in if the user scrolls there); one elsewhere only learns the new total.
    const total = next.total + batch.truncated + arrived.length;
    const newest = arrived.slice(-cap);
    next = windowAtTail(next) ? { start: total - newest.length, rows: newest, total } : { ...next, total };
  } else {
    next = appendTail(next, arrived, cap);
  }
  // Unfiltered, the list is the whole store: any disagreement means we missed something.
  const resync = unfiltered && next.total !== batch.stats.size;
  return { window: next, resync };
}
