import type { CaptureRecord, MessageRecord } from '../../../shared/capture/capture-format';
import { checkSpeed, dueOffsetMs, inSlice, publishableTopic, topicRewriter, type SliceFilter, type TopicRewrite } from '../../../shared/capture/replay-plan';
import { decodeMessageExtras } from '../../../shared/capture/capture-parser';
import { monotonicClock, type Clock, type ClockTimer } from '../core/clock';

/** One message as it goes out again. */
export interface ReplayMessage {
  topic: string;
  payload: Buffer;
  qos: 0 | 1 | 2;
  retain: boolean;
  /** MQTT 5 properties as recorded (runtime values: Buffer for binary). */
  mqttProperties?: Record<string, unknown>;
  /** AMQP sections as recorded, for targets that can push AMQP (the sandbox). */
  amqp?: Record<string, unknown>;
  protocol: 'mqtt' | 'amqp' | 'rocketmq';
  recordedAt: number;
}

export interface ReplayTarget {
  /** Words for the UI: "mosquitto (mqtt://127.0.0.1:1883)", "sandbox". */
  label: string;
  publish(m: ReplayMessage): Promise<void>;
}

export type ReplayState = 'running' | 'paused' | 'stopped' | 'done' | 'failed';

export interface ReplayStatus {
  state: ReplayState;
  sent: number;
  /** Messages of the slice (when known in advance). */
  total: number | null;
  skipped: number;
  errors: number;
  lastError?: string;
  startedAt: number;
  /** Recorded time covered so far (ms since the first replayed message). */
  position: number;
  /** Recorded time span of the slice (when known). */
  span: number | null;
  speed: number;
  /** Snapshot number: a later snapshot of the same replay always has a higher rev. */
  rev: number;
}

export interface ReplayOptions {
  records: AsyncIterable<CaptureRecord>;
  target: ReplayTarget;
  /** 0 = as fast as possible; otherwise 0.1–100 times the recorded pace. */
  speed: number;
  filter?: SliceFilter;
  rewrite?: TopicRewrite;
  /** Keep the recorded retain flag (default false: a replay should not leave retained messages behind). */
  keepRetain?: boolean;
  /** Overrides the recorded QoS. */
  qos?: 0 | 1 | 2;
  total?: number | null;
  span?: number | null;
  onProgress?: (s: ReplayStatus) => void;
  progressIntervalMs?: number;
  /** Monotonic time and timers (default: performance.now); tests drive a manual clock. */
  clock?: Clock;
}

/** In flight at once when publishing as fast as possible (QoS 1/2 acks overlap instead of serialising). */
const WINDOW = 64;
/**
 * The last stretch before a due time is waited out on the event loop: at most this long, and this share of the
 * wait. About one timer tick: measured on a loaded 2-core machine, a 1 ms stretch removed the timer's own
 * lateness (median ~1–2 ms → ~0), while 2–5 ms stretches did worse than none, as a process that spins loses the
 * CPU to the others instead of being woken first.
 */
const SPIN_MAX_MS = 1;
const SPIN_SHARE = 0.1;

/**
 * Replays recorded messages with their recorded timing. Drift-free: message i is sent when
 * now >= start + pausedTime + (at_i − at_0) / speed, each due time computed from the start, so timer lateness
 * on one message is never carried into the next.
 */
export class Replayer {
  private status: ReplayStatus;
  private readonly now: () => number;
  private pausedAt: number | null = null;
  private pausedTotal = 0;
  private resumeWaiters: Array<() => void> = [];
  private wake: (() => void) | null = null;
  private timer: ClockTimer | null = null;
  private readonly clock: Clock;
  private lastProgress = 0;
  private rev = 0;
  readonly done: Promise<ReplayStatus>;

  constructor(private readonly opts: ReplayOptions) {
    this.clock = opts.clock ?? monotonicClock;
    this.now = () => this.clock.now();
    const speed = checkSpeed(opts.speed);
    topicRewriter(opts.rewrite); // validate now: a bad regex is the caller's error, not a failed replay
    this.status = {
      state: 'running',
      sent: 0,
      total: opts.total ?? null,
      skipped: 0,
      errors: 0,
      startedAt: Date.now(),
      position: 0,
      span: opts.span ?? null,
      speed,
      rev: 0,
    };
    this.done = this.run();
  }

  /**
   * A numbered snapshot. A fast replay can end before the answer to the call that started it reaches the UI
   * (events and answers travel separately), so receivers order snapshots by rev, never by arrival.
   */
  get current(): ReplayStatus {
    return { ...this.status, rev: ++this.rev };
  }

  get state(): ReplayState {
    return this.status.state;
  }

  pause(): void {
    if (this.status.state !== 'running') return;
    this.status.state = 'paused';
    this.pausedAt = this.now();
    this.emit(true);
  }

  resume(): void {
    if (this.status.state !== 'paused') return;
    this.pausedTotal += this.now() - (this.pausedAt ?? this.now());
    this.pausedAt = null;
    this.status.state = 'running';
    for (const w of this.resumeWaiters.splice(0)) w();
    this.emit(true);
  }

  stop(): void {
    if (this.status.state === 'done' || this.status.state === 'stopped' || this.status.state === 'failed') return;
    this.status.state = 'stopped';
    for (const w of this.resumeWaiters.splice(0)) w();
    if (this.timer) this.clock.clearTimeout(this.timer);
    this.wake?.();
  }

  private get stopped() {
    return this.status.state === 'stopped';
  }

  private emit(force = false) {
    const t = this.now();
    if (!force && t - this.lastProgress < (this.opts.progressIntervalMs ?? 100)) return;
    this.lastProgress = t;
    this.opts.onProgress?.(this.current);
  }

  /**
   * A timer fires on whole milliseconds and typically ~1 ms late, a noticeable share of a short recorded gap. So
   * the timer wakes the loop slightly early and the rest is waited out in event-loop turns (setImmediate): the
   * process is already running at the due time. The spun stretch is short (SPIN_MAX_MS, a tenth of the wait at
   * most), so its CPU cost stays small at any speed.
   */
  private sleepUntil(due: number): Promise<void> {
    const wait = due - this.now();
    if (wait <= 0) return Promise.resolve();
    return new Promise((resolve) => {
      let settled = false;
      const finish = () => {
        if (settled) return;
        settled = true;
        if (this.timer) this.clock.clearTimeout(this.timer);
        this.timer = null;
        this.wake = null;
        resolve();
      };
      const spin = () => {
        if (settled) return;
        this.timer = null;
        if (this.stopped || this.now() >= due) finish();
        else setImmediate(spin);
      };
      this.wake = finish;
      const timerMs = Math.floor(wait - Math.min(SPIN_MAX_MS, wait * SPIN_SHARE));
      if (timerMs >= 1) this.timer = this.clock.setTimeout(spin, timerMs);
      else setImmediate(spin);
    });
  }

  private async waitWhilePaused() {
    while (this.status.state === 'paused') await new Promise<void>((r) => this.resumeWaiters.push(r));
  }

  private toMessage(r: MessageRecord, topic: string): ReplayMessage {
    const extras = decodeMessageExtras(r, { bytes: (b) => Buffer.from(b, 'base64') });
    const qos = this.opts.qos ?? (r.qos === 1 || r.qos === 2 ? r.qos : 0);
    return {
      topic,
      payload: Buffer.from(r.payload, 'base64'),
      qos,
      retain: !!(this.opts.keepRetain && r.retain),
      mqttProperties: extras.mqttProperties,
      amqp: extras.amqp,
      protocol: r.protocol,
      recordedAt: r.at,
    };
  }

  private async run(): Promise<ReplayStatus> {
    const rewrite = topicRewriter(this.opts.rewrite);
    const speed = this.status.speed;
    const inflight = new Set<Promise<void>>();
    let firstAt: number | null = null;
    let start = 0;
    let sinceYield = 0;
    try {
      for await (const r of this.opts.records) {
        if (this.stopped) break;
        if (r.type !== 'msg' || !inSlice(r, this.opts.filter)) continue;
        const topic = rewrite(r.topic);
        if (publishableTopic(topic)) {
          this.status.skipped++;
          continue;
        }
        if (firstAt === null) {
          firstAt = r.at;
          start = this.now();
        }
        await this.waitWhilePaused();
        if (this.stopped) break;
        if (speed > 0) {
          // Recomputed after every wait: a pause shifts the whole remaining schedule, nothing else does.
          for (;;) {
            const due = start + this.pausedTotal + dueOffsetMs(firstAt, r.at, speed);
            await this.sleepUntil(due);
            if (this.stopped) break;
            if (this.status.state === 'paused') {
              await this.waitWhilePaused();
              continue;
            }
            if (this.now() >= due) break;
          }
          if (this.stopped) break;
        }
        const p = this.opts.target.publish(this.toMessage(r, topic)).then(
          () => {
            this.status.sent++;
          },
          (err: Error) => {
            this.status.errors++;
            this.status.lastError = err.message;
          },
        );
        this.status.position = r.at - firstAt;
        if (speed === 0) {
          inflight.add(p);
          void p.finally(() => inflight.delete(p));
          if (inflight.size >= WINDOW) await Promise.race(inflight);
          if (++sinceYield >= 256) {
            sinceYield = 0;
            await new Promise((res) => setImmediate(res));
          }
        } else {
          inflight.add(p);
          void p.finally(() => inflight.delete(p));
        }
        this.emit();
      }
      await Promise.all(inflight);
      if (!this.stopped) this.status.state = this.status.errors && !this.status.sent ? 'failed' : 'done';
    } catch (err) {
      this.status.state = 'failed';
      this.status.lastError = (err as Error).message;
    }
    this.emit(true);
    return this.current;
  }
}
