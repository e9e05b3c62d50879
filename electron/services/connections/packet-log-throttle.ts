/**
 * Keeps the protocol log readable and cheap under load: the PUBLISH family (PUBLISH, PUBACK, PUBREC,
 * PUBREL, PUBCOMP) is logged one line per packet up to `perSecond` lines a second per connection; the rest
 * of that second is counted and written as one summary line, so nothing disappears without a trace.
 * Every other packet (CONNECT, SUBACK, PING, DISCONNECT...) is always logged.
 */
export class PacketLogThrottle {
  private windowStart = 0;
  private logged = 0;
  private skipped = new Map<string, number>();
  private timer: NodeJS.Timeout | null = null;

  constructor(
    private readonly writeSummary: (text: string) => void,
    private readonly now: () => number = Date.now,
    private readonly perSecond = 40,
  ) {}

  /** True when this packet should get its own line. `key` is e.g. 'in PUBLISH'. */
  allow(key: string): boolean {
    const t = this.now();
    if (t - this.windowStart >= 1000) {
      this.flush();
      this.windowStart = t;
      this.logged = 0;
    }
    if (this.logged < this.perSecond) {
      this.logged++;
      return true;
    }
    this.skipped.set(key, (this.skipped.get(key) ?? 0) + 1);
    if (!this.timer) {
      this.timer = setTimeout(() => this.flush(), Math.max(1, this.windowStart + 1000 - t));
      this.timer.unref?.();
    }
    return false;
  }

  flush(): void {
    if (this.timer) clearTimeout(this.timer);
    this.timer = null;
    if (!this.skipped.size) return;
    const parts = [...this.skipped].map(([k, n]) => {
      const [dir, type] = k.split(' ');
      return `${n.toLocaleString('en')} ${type} ${dir === 'in' ? 'received' : 'sent'}`;
    });
    this.skipped.clear();
    this.writeSummary(`${parts.join(', ')} in this second beyond the per-packet log limit (counted, not listed one by one; received messages are in the message list)`);
  }

  dispose(): void {
    if (this.timer) clearTimeout(this.timer);
    this.timer = null;
  }
}
