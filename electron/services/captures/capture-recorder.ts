import fs from 'node:fs';
import path from 'node:path';
import zlib from 'node:zlib';
import { encodeHeader, encodeLine, logRecord, messageRecord, type LogEntryLike } from '../../../shared/capture/capture-encoder';
import type { CaptureHeader, CaptureRecord, Settlement } from '../../../shared/capture/capture-format';
import { every, systemClock, type Clock } from '../core/clock';
import type { IncomingMessage } from '../messages/incoming-message';

export interface RecorderOptions {
  file: string;
  header: CaptureHeader;
  gzip?: boolean;
  /** How often buffered lines are written to the file (default 200 ms). */
  writeIntervalMs?: number;
  /** How often the file is forced to disk (fdatasync) and, for gzip, a sync-flush block is cut (default 1000 ms). */
  syncIntervalMs?: number;
  /** Refuse to overwrite an existing file (default true). */
  exclusive?: boolean;
  /** Told once when writing fails (disk full, file removed); the recorder stops itself. */
  onError?: (err: Error) => void;
  /** Time and timers (tests move a manual clock to assert the write/sync intervals). */
  clock?: Clock;
}

export interface RecorderStats {
  file: string;
  gzip: boolean;
  startedAt: number;
  /** Bytes on disk so far. */
  bytes: number;
  messages: number;
  records: number;
  stoppedAt?: number;
  error?: string;
}

/** Buffered lines larger than this are written at once instead of waiting for the timer (bursts). */
const EAGER_WRITE_BYTES = 1 << 20;

/**
 * Append-only capture writer. Lines are buffered in memory and written every writeIntervalMs with a plain
 * synchronous write (so a killed process loses at most that interval: written bytes live in the OS page cache),
 * and forced to disk every syncIntervalMs (so a power cut loses at most about a second). With gzip, a
 * Z_SYNC_FLUSH block is cut at each sync so every completed second can be inflated from a cut-off file.
 */
export class CaptureRecorder {
  private fd: number;
  private pending: string[] = [];
  private pendingBytes = 0;
  private gz: zlib.Gzip | null = null;
  private writeTimer: { stop(): void };
  private syncTimer: { stop(): void };
  private readonly clock: Clock;
  private dirty = false;
  private stopped = false;
  private readonly s: RecorderStats;

  private constructor(
    private readonly opts: RecorderOptions,
    fd: number,
  ) {
    this.fd = fd;
    this.clock = opts.clock ?? systemClock;
    this.s = { file: opts.file, gzip: !!opts.gzip, startedAt: this.clock.now(), bytes: 0, messages: 0, records: 0 };
    if (opts.gzip) {
      this.gz = zlib.createGzip({ level: 6 });
      this.gz.on('data', (chunk: Buffer) => this.writeRaw(chunk));
      this.gz.on('error', (err) => this.fail(err));
    }
    this.pending.push(encodeHeader(opts.header));
    // A recording alone must not keep a process alive; the connection it records does.
    this.writeTimer = every(this.clock, opts.writeIntervalMs ?? 200, () => this.flushBuffered(), { unref: true });
    this.syncTimer = every(this.clock, opts.syncIntervalMs ?? 1000, () => this.sync(), { unref: true });
    this.flushBuffered();
    this.sync();
  }

  static create(opts: RecorderOptions): CaptureRecorder {
    fs.mkdirSync(path.dirname(opts.file), { recursive: true });
    let fd: number;
    try {
      fd = fs.openSync(opts.file, opts.exclusive === false ? 'w' : 'wx', 0o600);
    } catch (err) {
      const e = err as NodeJS.ErrnoException;
      if (e.code === 'EEXIST') throw new Error(`${opts.file} already exists; choose another file name (captures are never overwritten).`, { cause: err });
      throw new Error(`Cannot create the capture file ${opts.file}: ${e.message}`, { cause: err });
    }
    return new CaptureRecorder(opts, fd);
  }

  get stats(): RecorderStats {
    return { ...this.s };
  }

  get active(): boolean {
    return !this.stopped;
  }

  recordMessage(m: IncomingMessage, seq?: number): void {
    if (this.stopped) return;
    const rec = messageRecord(m, seq, m.payload.toString('base64'));
    this.s.messages++;
    this.push(encodeLine(rec));
  }

  recordLog(entry: LogEntryLike): void {
    if (this.stopped) return;
    this.push(encodeLine(logRecord(entry)));
  }

  recordEvent(type: 'token' | 'presence', event: { type: string } & Record<string, unknown>, connectionId?: string, at = Date.now()): void {
    if (this.stopped) return;
    const r: CaptureRecord = { type, at, event, ...(connectionId ? { connectionId } : {}) };
    this.push(encodeLine(r));
  }

  recordSettlement(connectionId: string, seq: number, settlement: Settlement, at = Date.now()): void {
    if (this.stopped) return;
    this.push(encodeLine({ type: 'settle', at, connectionId, seq, settlement } satisfies CaptureRecord));
  }

  mark(label: string, at = Date.now()): void {
    if (this.stopped) return;
    this.push(encodeLine({ type: 'mark', at, label } satisfies CaptureRecord));
  }

  /** Writes the end record, flushes everything to disk and closes the file. */
  async stop(): Promise<RecorderStats> {
    if (this.stopped) return this.stats;
    this.push(encodeLine({ type: 'end', at: this.clock.now(), messages: this.s.messages } satisfies CaptureRecord));
    this.stopped = true;
    this.writeTimer.stop();
    this.syncTimer.stop();
    this.flushBuffered();
    if (this.gz) {
      const gz = this.gz;
      await new Promise<void>((resolve) => {
        gz.once('end', () => resolve());
        gz.once('error', () => resolve());
        gz.end();
        gz.resume();
      });
    }
    this.closeFd();
    this.s.stoppedAt = this.clock.now();
    return this.stats;
  }

  private push(line: string) {
    this.pending.push(line);
    this.pendingBytes += line.length;
    this.s.records++;
    if (this.pendingBytes >= EAGER_WRITE_BYTES) this.flushBuffered();
  }

  private flushBuffered() {
    if (!this.pending.length || this.fd < 0) return;
    const data = Buffer.from(this.pending.join(''), 'utf8');
    this.pending = [];
    this.pendingBytes = 0;
    if (this.gz) this.gz.write(data);
    else this.writeRaw(data);
  }

  private writeRaw(buf: Buffer) {
    if (this.fd < 0) return;
    try {
      let off = 0;
      while (off < buf.length) off += fs.writeSync(this.fd, buf, off, buf.length - off);
      this.s.bytes += buf.length;
      this.dirty = true;
    } catch (err) {
      this.fail(err as Error);
    }
  }

  private sync() {
    if (this.fd < 0) return;
    this.flushBuffered();
    if (this.gz) {
      // The flushed block reaches writeRaw through 'data'; fdatasync once it has.
      this.gz.flush(zlib.constants.Z_SYNC_FLUSH, () => this.datasync());
    } else {
      this.datasync();
    }
  }

  private datasync() {
    if (this.fd < 0 || !this.dirty) return;
    try {
      fs.fdatasyncSync(this.fd);
      this.dirty = false;
    } catch (err) {
      this.fail(err as Error);
    }
  }

  private closeFd() {
    if (this.fd < 0) return;
    try {
      if (this.dirty) fs.fdatasyncSync(this.fd);
      fs.closeSync(this.fd);
    } catch {
      // closing after a write error: nothing more to save
    }
    this.fd = -1;
  }

  private fail(err: Error) {
    if (this.s.error) return;
    this.s.error = `Recording to ${this.opts.file} stopped: ${err.message}`;
    this.stopped = true;
    this.writeTimer.stop();
    this.syncTimer.stop();
    this.closeFd();
    this.opts.onError?.(new Error(this.s.error));
  }
}
