import { AppError } from '../../../shared/contract/define';
import type { MessageFilter, MessageRow } from '../../../shared/contract/messages.contract';
import { realClock, type FrameClock } from './frame-clock';
import { MessageQuery } from './message-query';
import type { MessageStore } from './message-store';
import { SCAN_SLICE } from './viewport-session';

/** The real clock, but a request under way keeps the process alive (its caller is waiting), unlike a view's push timer. */
const requestClock: FrameClock = { ...realClock, setTimeout: (fn, ms) => setTimeout(fn, ms) };

/**
 * Filters whose query (matches, sort) is kept for the next page request; each holds up to a seq per message
 * (8 MB a million). A request keeps its own query while it runs, so more filters at once never restart each other.
 */
const KEPT_QUERIES = 2;

/**
 * `messages.page` requests: answered like a view's first push, after MessageQuery.prepare() has scanned and
 * sorted a slice per turn of the event loop, so a request over a full store never holds the backend thread.
 * Each filter keeps its own query (a few, least recently used dropped): requests for different filters
 * answered at the same time do not restart each other's scans; the same filter's requests share one.
 */
export class MessagePages {
  private readonly queries = new Map<string, MessageQuery>();
  private disposed = false;

  constructor(
    private readonly store: MessageStore,
    private readonly clock: FrameClock = requestClock,
    private readonly slice = SCAN_SLICE,
  ) {}

  async page(filter: MessageFilter, offset: number, limit: number): Promise<{ rows: MessageRow[]; total: number }> {
    const key = JSON.stringify(filter);
    let query = this.queries.get(key);
    if (query) this.queries.delete(key);
    else query = new MessageQuery(this.store);
    // Re-inserted: the Map's order is least recently used first.
    this.queries.set(key, query);
    while (this.queries.size > KEPT_QUERIES) this.queries.delete(this.queries.keys().next().value!);
    // An invalid filter throws here, at the first slice: the request is answered with what to fix.
    while (!query.prepare(filter, this.slice)) {
      await new Promise<void>((resolve) => this.clock.setTimeout(resolve, 0));
      if (this.disposed) throw new AppError('closed', 'The message store was closed while this page was being read.');
    }
    return query.page(filter, offset, limit);
  }

  dispose(): void {
    this.disposed = true;
    this.queries.clear();
  }
}
