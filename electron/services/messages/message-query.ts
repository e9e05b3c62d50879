import { AppError } from '../../../shared/contract/define';
import type { MessageFilter, MessageRow, ViewportRange } from '../../../shared/contract/messages.contract';
import { compileTopicFilter } from '../../../shared/mqtt/topic-filter';
import { compileUserRegex } from '../../../shared/filter/user-regex';
import type { MessageStore } from './message-store';

type Predicate = (seq: number) => boolean;

/** Builds the per-seq test for a filter; throws AppError('invalid-filter') with what to fix. */
export function compileFilter(store: MessageStore, filter: MessageFilter): Predicate {
  const tests: Predicate[] = [];
  if (filter.connectionIds && filter.connectionIds.length) {
    const names = filter.connectionIds;
    // Interned ids can be freed and reused as messages come and go, so resolve them per call (cheap).
    tests.push((seq) => {
      const c = store.connOf(seq);
      for (const n of names) if (store.connIdOf(n) === c) return true;
      return false;
    });
  }
  if (filter.topicFilter && filter.topicFilter.trim()) {
    let match: (t: string) => boolean;
    try {
      match = compileTopicFilter(filter.topicFilter.trim());
    } catch (err) {
      throw new AppError('invalid-filter', `Topic filter '${filter.topicFilter}': ${(err as Error).message}`, "Use '+' for one level and '#' as the last level, e.g. devices/+/telemetry or devices/#.");
    }
    // Many messages share few topics: remember each topic's verdict for this scan.
    const cache = new Map<number, boolean>();
    tests.push((seq) => {
      const id = store.topicIdAt(seq);
      let v = cache.get(id);
      if (v === undefined) {
        v = match(store.topicOf(seq));
        cache.set(id, v);
      }
      return v;
    });
  }
  if (filter.text) {
    const text = filter.text;
    if (filter.regex) {
      const compiled = compileUserRegex(text);
      if (!compiled.ok) {
        throw new AppError('invalid-filter', `The payload regular expression is not valid: ${compiled.message}`, 'Fix the expression (RE2 syntax: no backreferences or lookaround), or turn regex off to search for the plain text.');
      }
      const re = compiled.regex;
      tests.push((seq) => re.test(payloadText(store, seq)));
    } else {
      const needle = text.toLowerCase();
      tests.push((seq) => payloadText(store, seq).toLowerCase().includes(needle));
    }
  }
  if (filter.hideDuplicates) tests.push((seq) => !store.isDuplicate(seq));
  if (tests.length === 0) return () => true;
  if (tests.length === 1) return tests[0]!;
  return (seq) => {
    for (const t of tests) if (!t(seq)) return false;
    return true;
  };
}

/** What text search sees: the payload text when it is UTF-8, else its hex (so binary can be searched by bytes). */
function payloadText(store: MessageStore, seq: number): string {
  const p = store.payloadOf(seq);
  return store.isText(seq) ? p.toString('utf8') : p.toString('hex').replace(/(..)(?!$)/g, '$1 ');
}

interface CacheState {
  key: string;
  generation: number;
  scannedTo: number;
  matches: number[];
  head: number;
  predicate: Predicate;
}

/**
 * Paging over the store with a filter. The last filter's matches are kept and extended incrementally,
 * so a list that follows the tail costs only the new messages per page call, not a full scan.
 */
export class MessageQuery {
  private cache: CacheState | null = null;
  private sorted: { stamp: string; list: number[] } | null = null;

  constructor(private readonly store: MessageStore) {}

  page(filter: MessageFilter, offset: number, limit: number): { rows: MessageRow[]; total: number } {
    const { seqs, start, end } = this.ordered(filter);
    return { rows: this.rowsOf(seqs, start + offset, Math.min(end, start + offset + limit)), total: end - start };
  }

  /** A viewport: the newest `count` rows (tail) or `count` rows from `offset`, with the ordered list they come from. */
  window(filter: MessageFilter, range: ViewportRange): { offset: number; total: number; rows: MessageRow[]; seqs: ArrayLike<number>; start: number } {
    const { seqs, start, end } = this.ordered(filter);
    const total = end - start;
    const offset = range.mode === 'tail' ? Math.max(0, total - range.count) : Math.min(range.offset, total);
    return { offset, total, rows: this.rowsOf(seqs, start + offset, Math.min(end, start + offset + range.count)), seqs, start };
  }

  private rowsOf(seqs: ArrayLike<number>, from: number, to: number): MessageRow[] {
    const rows: MessageRow[] = [];
    for (let i = from; i < to; i++) {
      const r = this.store.row(seqs[i]!);
      if (r) rows.push(r);
    }
    return rows;
  }

  /** The matching seqs in the filter's order: seqs[start..end). */
  private ordered(filter: MessageFilter): { seqs: ArrayLike<number>; start: number; end: number } {
    const m = this.matching(filter);
    if (filter.orderBy !== 'generateTime') return { seqs: m.list, start: m.head, end: m.list.length };
    // Sorting 200,000 seqs per call would be wasteful: keep the order until the matches change.
    const stamp = `${this.cache!.key}|${this.store.generation}|${m.head}|${m.list.length}`;
    if (this.sorted?.stamp !== stamp) {
      const slice = m.list.slice(m.head);
      const key = (s: number) => {
        const g = this.store.generateTimeOf(s);
        return Number.isNaN(g) ? this.store.arrivedAtOf(s) : g;
      };
      slice.sort((a, b) => key(a) - key(b) || a - b);
      this.sorted = { stamp, list: slice };
    }
    return { seqs: this.sorted.list, start: 0, end: this.sorted.list.length };
  }

  /** Seqs matching the filter, oldest first (list[head..]). */
  matching(filter: MessageFilter): { list: number[]; head: number } {
    const key = JSON.stringify([filter.connectionIds ?? [], filter.topicFilter ?? '', filter.text ?? '', !!filter.regex, !!filter.hideDuplicates]);
    const store = this.store;
    let c = this.cache;
    if (!c || c.key !== key || c.generation !== store.generation) {
      c = { key, generation: store.generation, scannedTo: store.first, matches: [], head: 0, predicate: compileFilter(store, filter) };
      this.cache = c;
    }
    // Drop matches that were evicted since the last call.
    const first = store.first;
    while (c.head < c.matches.length && c.matches[c.head]! < first) c.head++;
    if (c.head > 4096 && c.head * 2 > c.matches.length) {
      c.matches = c.matches.slice(c.head);
      c.head = 0;
    }
    const from = Math.max(c.scannedTo, first);
    const to = store.next;
    const pred = c.predicate;
    for (let seq = from; seq < to; seq++) if (store.has(seq) && pred(seq)) c.matches.push(seq);
    c.scannedTo = to;
    return { list: c.matches, head: c.head };
  }
}
