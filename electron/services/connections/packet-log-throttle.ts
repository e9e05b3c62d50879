/**
 * Keeps the protocol log readable and cheap under load: the PUBLISH family (PUBLISH, PUBACK, PUBREC,
 * PUBREL, PUBCOMP) is logged one line per packet up to `perSecond` lines a second per connection; the rest
 * of that second is counted and written as one summary line, so nothing disappears without a trace.
 * Every other packet (CONNECT, SUBACK, PING, DISCONNECT...) is always logged.
 */
const TYPES = ['PUBLISH', 'PUBACK', 'PUBREC', 'PUBREL', 'PUBCOMP'];
const CMD_INDEX: Record<string, number> = { publish: 0, puback: 1, pubrec: 2, pubrel: 3, pubcomp: 4 };

export class PacketLogThrottle {
  private windowStart = 0;
  private logged = 0;
  /** Skipped counts: index = type index, +5 for sent. A fixed array: this runs once per message. */
  private skipped = new Float64Array(10);
  private anySkipped = false;
  private timer: NodeJS.Timeout | null = null;

  constructor(
    private readonly writeSummary: (text: string) => void,
    private readonly now: () => number = Date.now,
    private readonly perSecond = 40,
  ) {}

  /** Whether this command is one of the throttled high-rate packets. */
  static throttled(cmd: string): boolean {
    return CMD_INDEX[cmd] !== undefined;
  }

  /** True when this packet should get its own line. */
  allow(dir: 'in' | 'out', cmd: string): boolean {
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
    this.skipped[CMD_INDEX[cmd]! + (dir === 'out' ? 5 : 0)]!++;
    this.anySkipped = true;
    if (!this.timer) {
      this.timer = setTimeout(() => this.flush(), Math.max(1, this.windowStart + 1000 - t));
      this.timer.unref?.();
    }
    return false;
  }

  flush(): void {
    if (this.timer) clearTimeout(this.timer);
    this.timer = null;
    if (!this.anySkipped) return;
    const parts: string[] = [];
    for (let i = 0; i < 10; i++) {
      const n = this.skipped[i]!;
      if (n) parts.push(`${n.toLocaleString('en')} ${TYPES[i % 5]} ${i < 5 ? 'received' : 'sent'}`);
    }
    this.skipped.fill(0);
    this.anySkipped = false;
    this.writeSummary(
      `${parts.join(', ')} in this second beyond the per-packet log limit (counted, not listed one by one; received messages are in the message list)`,
    );
  }

  dispose(): void {
    if (this.timer) clearTimeout(this.timer);
    this.timer = null;
  }
}
