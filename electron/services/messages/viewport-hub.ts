import type { ViewportPush, ViewportRequest } from '../../../shared/contract/messages.contract';
import { realClock, type FrameClock } from './frame-clock';
import type { MessageStore } from './message-store';
import { SCAN_SLICE, ViewportSession } from './viewport-session';

/** A view that has not acknowledged for this long gives its query's memory back (see releaseIfIdle). */
export const IDLE_VIEW_MS = 60_000;

/**
 * Every open view. Views are few (one per inspector tab); an abandoned one (a closed window that never said
 * so) is dropped when the limit is reached, oldest first.
 */
export class ViewportHub {
  private readonly sessions = new Map<string, ViewportSession>();
  /** The same sessions as an array: changed() runs once per stored message, without an iterator. */
  private list: ViewportSession[] = [];

  constructor(
    private readonly store: MessageStore,
    private readonly emit: (push: ViewportPush) => void,
    private readonly clock: FrameClock = realClock,
    private readonly maxViews = 16,
    private readonly scanSlice = SCAN_SLICE,
  ) {}

  set(req: ViewportRequest): void {
    for (const s of this.sessions.values()) s.releaseIfIdle(IDLE_VIEW_MS);
    let s = this.sessions.get(req.viewId);
    if (s) this.sessions.delete(req.viewId);
    else s = new ViewportSession(req.viewId, this.store, this.emit, this.clock, this.scanSlice);
    // Re-inserted: the Map's order is least recently used first.
    this.sessions.set(req.viewId, s);
    while (this.sessions.size > this.maxViews) {
      const [oldest] = this.sessions.keys();
      this.close(oldest!);
    }
    this.list = [...this.sessions.values()];
    s.set(req);
  }

  ack(viewId: string, version: number): void {
    this.sessions.get(viewId)?.ack(version);
  }

  close(viewId: string): void {
    this.sessions.get(viewId)?.dispose();
    this.sessions.delete(viewId);
    this.list = [...this.sessions.values()];
  }

  changed(): void {
    const list = this.list;
    for (let i = 0; i < list.length; i++) list[i]!.changed();
  }

  dispose(): void {
    for (const s of this.sessions.values()) s.dispose();
    this.sessions.clear();
    this.list = [];
  }
}
