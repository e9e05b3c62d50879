import { AppError } from '../../../shared/contract/define';
import type { MessageFilter, MessageRow, ViewportRange } from '../../../shared/contract/messages.contract';
import { compileTopicFilter } from '../../../shared/mqtt/topic-filter';
import { compileUserRegex } from '../../../shared/filter/user-regex';
import type { MessageStore } from './message-store';
import { asciiLower } from './payload-arena';
import { mergeOrder } from './merge-order';
import { radixOrder } from './radix-order';

type SortColumn = Exclude<MessageFilter['orderBy'], 'arrival' | undefined>;

function numericKey(store: MessageStore, by: 'generateTime' | 'size' | 'qos'): (seq: number) => number {
  if (by === 'generateTime')
    return (s) => {
      const g = store.generateTimeOf(s);
      return Number.isNaN(g) ? store.arrivedAtOf(s) : g;
    };
  return by === 'size' ? (s) => store.sizeOf(s) : (s) => store.qosOf(s);
}

/** The column's order, equal keys by seq (the order sortSteps produces without comparing). */
function compareBy(store: MessageStore, by: SortColumn): (a: number, b: number) => number {
  const key: (s: number) => number | string =
    by === 'topic' ? (s) => store.topicOf(s) : by === 'connection' ? (s) => store.connectionOf(s) : numericKey(store, by);
  return (a, b) => {
    const ka = key(a);
    const kb = key(b);
    return ka < kb ? -1 : ka > kb ? 1 : a - b;
  };
}

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
  /** Seqs as doubles (they outgrow 32 bits in a long session); a typed array is copied and built far faster than a million-element Array. */
  private sorted: { base: string; upTo: number; first: number; list: Float64Array } | null = null;
  /** A sort of a new list under way (sortSteps), resumed by prepare(). */
  private sorting: { base: string; upTo: number; first: number; steps: Generator<void, Float64Array> } | null = null;

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
    if ((filter.orderBy ?? 'arrival') === 'arrival') return { seqs: m.list, start: m.head, end: m.list.length, reversed };
    const list = this.sortedList(filter, m, Infinity)!;
    return { seqs: list, start: 0, end: list.length, reversed };
  }

  /**
   * The matches sorted by the filter's column, or null when the sort of a new list needs more turns
   * (`maxSeqs` elements of work per call; Infinity: at once).
   */
  private sortedList(filter: MessageFilter, m: { list: number[]; head: number }, maxSeqs: number): Float64Array | null {
    const by = filter.orderBy as Exclude<MessageFilter['orderBy'], 'arrival' | undefined>;
    const store = this.store;
    const base = `${this.cache!.key}|${by}|${store.generation}`;
    const newest = m.list.length > m.head ? m.list[m.list.length - 1]! : -1;
    if (this.sorted?.base !== base) {
      // A new list: sorted a slice at a time (see sortSteps); what arrives meanwhile is merged in below.
      let job = this.sorting;
      if (job?.base !== base) {
        job = { base, upTo: newest, first: store.first, steps: this.sortSteps(by, m.list, m.head, m.list.length, Math.min(maxSeqs, 1 << 30)) };
        this.sorting = job;
      }
      let step = job.steps.next();
      while (!step.done && maxSeqs === Infinity) step = job.steps.next();
      if (!step.done) return null;
      this.sorting = null;
      this.sorted = { base, upTo: job.upTo, first: job.first, list: step.value };
    }
    const prev = this.sorted!;
    if (newest > prev.upTo || prev.first < store.first) {
      const cmp = compareBy(store, by);
      // Matches ascend by seq: what arrived since is the suffix above the last seq already sorted.
      let from = m.list.length;
      while (from > m.head && m.list[from - 1]! > prev.upTo) from--;
      const fresh = m.list.slice(from).sort(cmp);
      const first = store.first;
      // Evicted seqs go first: their slots may hold newer messages now, so their keys are not theirs.
      let old = prev.list;
      if (prev.first < first) {
        let kept = 0;
        old = new Float64Array(prev.list.length);
        for (const x of prev.list) if (x >= first) old[kept++] = x;
        old = old.subarray(0, kept);
      }
      // Few arrive between pushes: each finds its place by binary search and the runs between are block
      // copies (not a comparison per stored row, as a linear merge would make). Ties keep the old row first.
      const merged = new Float64Array(old.length + fresh.length);
      let i = 0;
      let out = 0;
      for (const f of fresh) {
        let lo = i;
        let hi = old.length;
        while (lo < hi) {
          const mid = (lo + hi) >>> 1;
          if (cmp(old[mid]!, f) <= 0) lo = mid + 1;
          else hi = mid;
        }
        merged.set(old.subarray(i, lo), out);
        out += lo - i;
        i = lo;
        merged[out++] = f;
      }
      merged.set(old.subarray(i), out);
      this.sorted = { base, upTo: Math.max(prev.upTo, newest), first, list: merged };
    }
    return this.sorted!.list;
  }

  /**
   * Sorts list[from..to) by one column over many turns: the keys are read a slice at a time (text keys become
   * the rank of each distinct text), then ordered by a radix sort that yields as it goes (radixOrder).
   * Equal keys keep seq order. A seq evicted meanwhile gets a meaningless key; the caller drops it.
   */
  private *sortSteps(by: SortColumn, list: number[], from: number, to: number, slice: number): Generator<void, Float64Array> {
    const store = this.store;
    const n = to - from;
    const keys = new Float64Array(n);
    if (by === 'topic' || by === 'connection') {
      const ids = new Map<string, number>();
      const texts: string[] = [];
      for (let a = 0; a < n; a += slice) {
        const b = Math.min(n, a + slice);
        for (let i = a; i < b; i++) {
          const seq = list[from + i]!;
          if (!store.has(seq)) continue;
          const t = by === 'topic' ? store.topicOf(seq) : store.connectionOf(seq);
          let id = ids.get(t);
          if (id === undefined) {
            id = texts.length;
            texts.push(t);
            ids.set(t, id);
          }
          keys[i] = id;
        }
        yield;
      }
      // The distinct texts are usually few (topics, connections), but a topic per device can make a million.
      const byText = yield* mergeOrder(texts.length, (x, y) => (texts[x]! < texts[y]! ? -1 : texts[x]! > texts[y]! ? 1 : 0), slice);
      const rank = new Float64Array(texts.length);
      for (let r = 0; r < byText.length; r++) rank[byText[r]!] = r;
      for (let a = 0; a < n; a += slice) {
        yield;
        const b = Math.min(n, a + slice);
        for (let i = a; i < b; i++) keys[i] = rank[keys[i]!]!;
      }
    } else {
      const key = numericKey(store, by);
      for (let a = 0; a < n; a += slice) {
        const b = Math.min(n, a + slice);
        for (let i = a; i < b; i++) {
          const seq = list[from + i]!;
          if (store.has(seq)) keys[i] = key(seq);
        }
        yield;
      }
    }
    const order = yield* radixOrder(keys, slice);
    const out = new Float64Array(n);
    for (let a = 0; a < n; a += slice) {
      yield;
      const b = Math.min(n, a + slice);
      for (let i = a; i < b; i++) out[i] = list[from + order[i]!]!;
    }
    return out;
  }

  /**
   * Brings the filter's matches up to date by at most `maxSeqs` more stored messages; true once they cover the
   * whole store. A view scans a new filter over a full store this way, a slice at a time, so the backend
   * thread is never held for long.
   */
  scan(filter: MessageFilter, maxSeqs: number): boolean {
    return this.matching(filter, maxSeqs).done;
  }

  /**
   * Like scan(), then (for a sorted column) the sort of the matches, a slice at a time: true once page() and
   * window() answer from what is ready (only what arrived since is merged in).
   */
  prepare(filter: MessageFilter, maxSeqs: number): boolean {
    const m = this.matching(filter, maxSeqs);
    if (!m.done) return false;
    if ((filter.orderBy ?? 'arrival') === 'arrival') return true;
    return this.sortedList(filter, m, maxSeqs) !== null;
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
