import { AppError } from '../../../shared/contract/define';
import type { MessageFilter, MessageRow, ViewportRange } from '../../../shared/contract/messages.contract';
import { compileTopicFilter } from '../../../shared/mqtt/topic-filter';
import { compileUserRegex } from '../../../shared/filter/user-regex';
import type { MessageStore } from './message-store';
import { asciiLower } from './payload-arena';

type Predicate = (seq: number) => boolean;
/** Starts one scan: per-scan state (resolved connection ids, topic verdicts, the text scanner) lives in the predicate it returns. */
export type ScanFactory = () => Predicate;

/** True when lowercasing only ASCII letters finds what String.toLowerCase would (no cased non-ASCII letters in the needle). */
function asciiFoldable(needle: string): boolean {
  for (const ch of needle) if (ch.charCodeAt(0) > 0x7f && ch.toLowerCase() !== ch.toUpperCase()) return false;
  return true;
}

/**
 * Builds the filter once (validating it: throws AppError('invalid-filter') with what to fix) and returns a
 * factory for per-scan predicates. Interned topic and connection ids can be freed and reused as messages
 * come and go, so anything keyed by them is only trusted within one synchronous scan.
 */
export function compileFilter(store: MessageStore, filter: MessageFilter): ScanFactory {
  const parts: ScanFactory[] = [];
  if (filter.connectionIds && filter.connectionIds.length) {
    const names = filter.connectionIds;
    parts.push(() => {
      const ids = names.map((n) => store.connIdOf(n)).filter((id) => id >= 0);
      if (ids.length === 0) return () => false;
      if (ids.length === 1) {
        const only = ids[0]!;
        return (seq) => store.connOf(seq) === only;
      }
      return (seq) => ids.includes(store.connOf(seq));
    });
  }
  if (filter.topicFilter && filter.topicFilter.trim()) {
    let match: (t: string) => boolean;
    try {
      match = compileTopicFilter(filter.topicFilter.trim());
    } catch (err) {
      throw new AppError(
        'invalid-filter',
        `Topic filter '${filter.topicFilter}': ${(err as Error).message}`,
        "Use '+' for one level and '#' as the last level, e.g. devices/+/telemetry or devices/#.",
      );
    }
    parts.push(() => {
      // Many messages share few topics: each topic's verdict is computed once per scan.
      const verdict = new Map<number, boolean>();
      return (seq) => {
        const id = store.topicIdAt(seq);
        let v = verdict.get(id);
        if (v === undefined) {
          v = match(store.topicOf(seq));
          verdict.set(id, v);
        }
        return v;
      };
    });
  }
  if (filter.text) {
    const text = filter.text;
    if (filter.regex) {
      const compiled = compileUserRegex(text);
      if (!compiled.ok) {
        throw new AppError(
          'invalid-filter',
          `The payload regular expression is not valid: ${compiled.message}`,
          'Fix the expression (RE2 syntax: no backreferences or lookaround), or turn regex off to search for the plain text.',
        );
      }
      const re = compiled.regex;
      parts.push(() => (seq) => {
        if (re.test(payloadText(store, seq))) return true;
        const a = store.attributeText(seq);
        return a !== undefined && re.test(a);
      });
    } else {
      const needle = text.toLowerCase();
      if (asciiFoldable(text)) {
        // UTF-8 payloads are searched as bytes (one pass over the arena); binary ones as their hex text.
        const bytes = asciiLower(Buffer.from(text, 'utf8'));
        parts.push(() => {
          const scan = store.textScanner(bytes);
          return (seq) => (scan(seq) ?? payloadText(store, seq).includes(needle)) || attributesInclude(store, seq, needle);
        });
      } else parts.push(() => (seq) => payloadText(store, seq).toLowerCase().includes(needle) || attributesInclude(store, seq, needle));
    }
  }
  if (filter.hideDuplicates) parts.push(() => (seq) => !store.isDuplicate(seq));
  if (parts.length === 0) return () => () => true;
  if (parts.length === 1) return parts[0]!;
  return () => {
    const tests = parts.map((p) => p());
    return (seq) => {
      for (const t of tests) if (!t(seq)) return false;
      return true;
    };
  };
}

/** RocketMQ tags and keys match a plain needle too (case-insensitive, as the payload). */
function attributesInclude(store: MessageStore, seq: number, needle: string): boolean {
  const a = store.attributeText(seq);
  return a !== undefined && a.toLowerCase().includes(needle);
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
  scan: ScanFactory;
}

/**
 * Paging over the store with a filter. The last filter's matches are kept and extended incrementally,
 * so a list that follows the tail costs only the new messages per page call, not a full scan.
 */
export class MessageQuery {
  private cache: CacheState | null = null;
  private sorted: { base: string; upTo: number; first: number; list: number[] } | null = null;

  constructor(private readonly store: MessageStore) {}

  page(filter: MessageFilter, offset: number, limit: number): { rows: MessageRow[]; total: number } {
    const { seqs, start, end, reversed } = this.ordered(filter);
    return { rows: this.rowsOf(seqs, start + offset, Math.min(end, start + offset + limit), reversed ? { start, end } : null), total: end - start };
  }

  /** A viewport: the newest `count` rows (tail: the end of the list in its order) or `count` rows from `offset`, with the ordered list they come from. */
  window(filter: MessageFilter, range: ViewportRange): { offset: number; total: number; rows: MessageRow[]; seqs: ArrayLike<number>; start: number } {
    const { seqs, start, end, reversed } = this.ordered(filter);
    const total = end - start;
    const offset = range.mode === 'tail' ? Math.max(0, total - range.count) : Math.min(range.offset, total);
    return {
      offset,
      total,
      rows: this.rowsOf(seqs, start + offset, Math.min(end, start + offset + range.count), reversed ? { start, end } : null),
      seqs,
      start,
    };
  }

  private rowsOf(seqs: ArrayLike<number>, from: number, to: number, reversed: { start: number; end: number } | null = null): MessageRow[] {
    const rows: MessageRow[] = [];
    for (let i = from; i < to; i++) {
      const r = this.store.row(seqs[reversed ? reversed.end - 1 - (i - reversed.start) : i]!);
      if (r) rows.push(r);
    }
    return rows;
  }

  /** The matching seqs in the filter's order: seqs[start..end), read backwards when `reversed`. */
  private ordered(filter: MessageFilter): { seqs: ArrayLike<number>; start: number; end: number; reversed: boolean } {
    const m = this.matching(filter);
    const reversed = !!filter.descending;
    const by = filter.orderBy ?? 'arrival';
    if (by === 'arrival') return { seqs: m.list, start: m.head, end: m.list.length, reversed };
    const store = this.store;
    const key: (s: number) => number | string =
      by === 'generateTime'
        ? (s) => {
            const g = store.generateTimeOf(s);
            return Number.isNaN(g) ? store.arrivedAtOf(s) : g;
          }
        : by === 'topic'
          ? (s) => store.topicOf(s)
          : by === 'connection'
            ? (s) => store.connectionOf(s)
            : by === 'size'
              ? (s) => store.sizeOf(s)
              : (s) => store.qosOf(s);
    const cmp = (a: number, b: number) => {
      const ka = key(a);
      const kb = key(b);
      return ka < kb ? -1 : ka > kb ? 1 : a - b;
    };
    // Sorting a million seqs per push would be wasteful: keep the order; merge in only what arrived since.
    const base = `${this.cache!.key}|${by}|${store.generation}`;
    const newest = m.list.length > m.head ? m.list[m.list.length - 1]! : -1;
    const prev = this.sorted;
    if (prev && prev.base === base) {
      if (newest > prev.upTo || prev.first < store.first) {
        // Matches ascend by seq: what arrived since is the suffix above the last seq already sorted.
        let from = m.list.length;
        while (from > m.head && m.list[from - 1]! > prev.upTo) from--;
        const fresh = m.list.slice(from).sort(cmp);
        const first = store.first;
        const merged: number[] = [];
        let i = 0;
        let j = 0;
        // Evicted seqs go first: their slots may hold newer messages now, so their keys are not theirs.
        const old = prev.first < first ? prev.list.filter((x) => x >= first) : prev.list;
        while (i < old.length || j < fresh.length) {
          const takeOld = j >= fresh.length || (i < old.length && cmp(old[i]!, fresh[j]!) <= 0);
          merged.push(takeOld ? old[i++]! : fresh[j++]!);
        }
        this.sorted = { base, upTo: Math.max(prev.upTo, newest), first, list: merged };
      }
    } else {
      this.sorted = { base, upTo: newest, first: store.first, list: m.list.slice(m.head).sort(cmp) };
    }
    return { seqs: this.sorted!.list, start: 0, end: this.sorted!.list.length, reversed };
  }

  /**
   * Brings the filter's matches up to date by at most `maxSeqs` more stored messages; true once they cover the
   * whole store. A view scans a new filter over a full store this way, a slice at a time, so the backend
   * thread is never held for long.
   */
  scan(filter: MessageFilter, maxSeqs: number): boolean {
    return this.matching(filter, maxSeqs).done;
  }

  /** Seqs matching the filter, oldest first (list[head..]); `done` false when `maxSeqs` stopped the scan before the newest message. */
  matching(filter: MessageFilter, maxSeqs = Infinity): { list: number[]; head: number; done: boolean } {
    const key = JSON.stringify([filter.connectionIds ?? [], filter.topicFilter ?? '', filter.text ?? '', !!filter.regex, !!filter.hideDuplicates]);
    const store = this.store;
    let c = this.cache;
    if (!c || c.key !== key || c.generation !== store.generation) {
      c = { key, generation: store.generation, scannedTo: store.first, matches: [], head: 0, scan: compileFilter(store, filter) };
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
    const to = Math.min(store.next, from + maxSeqs);
    if (from < to) {
      const pred = c.scan();
      for (let seq = from; seq < to; seq++) if (store.has(seq) && pred(seq)) c.matches.push(seq);
    }
    c.scannedTo = Math.max(c.scannedTo, to);
    return { list: c.matches, head: c.head, done: to >= store.next };
  }
}
