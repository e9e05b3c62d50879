import fs from 'node:fs';
import { StringDecoder } from 'node:string_decoder';
import zlib from 'node:zlib';
import type { CaptureRecord } from '../../../shared/capture/capture-format';
import { captureLimits, formatBytes, RATIO_CHECK_AFTER_BYTES, type CaptureLimits } from '../../../shared/capture/capture-limits';
import { CaptureFormatError, CaptureParser, type CaptureReadSummary } from '../../../shared/capture/capture-parser';

export interface ReadProgress {
  /** File bytes consumed (compressed bytes for gzip). */
  bytesRead: number;
  totalBytes: number;
  records: number;
}

export interface ReadOptions {
  onRecord: (record: CaptureRecord, line: number) => void;
  onProgress?: (p: ReadProgress) => void;
  progressIntervalMs?: number;
  signal?: AbortSignal;
  /** Bounds for files from outside (defaults: DEFAULT_CAPTURE_LIMITS). */
  limits?: Partial<CaptureLimits>;
}

const CHUNK = 1 << 20;

function isGzip(file: string): boolean {
  const fd = fs.openSync(file, 'r');
  try {
    const b = Buffer.alloc(2);
    return fs.readSync(fd, b, 0, 2, 0) === 2 && b[0] === 0x1f && b[1] === 0x8b;
  } finally {
    fs.closeSync(fd);
  }
}

/** gzip's trailer holds the uncompressed size mod 2^32; a file cut short (crash) ends without it. */
function gzipTrailerSize(file: string, size: number): number | null {
  if (size < 18) return null;
  const fd = fs.openSync(file, 'r');
  try {
    const b = Buffer.alloc(4);
    fs.readSync(fd, b, 0, 4, size - 4);
    return b.readUInt32LE(0);
  } finally {
    fs.closeSync(fd);
  }
}

interface TextReadState {
  gz: boolean;
  /** File bytes consumed (compressed bytes for gzip). */
  bytesRead: number;
  /** Text bytes produced (after decompression). */
  inflated: number;
  gunzipError: Error | null;
}

/**
 * The file's text in chunks, decompressed when it is gzip, refused (CaptureFormatError 'too-large') as soon as it
 * produces more than the limit: a gzip bomb costs at most the limit's worth of inflating, never its full size.
 * A damaged gzip stream ends the text early (state.gunzipError) instead of failing: what inflated is read.
 */
async function* captureText(
  file: string,
  size: number,
  chunkSize: number,
  limits: CaptureLimits,
  state: TextReadState,
  lineNow: () => number,
): AsyncGenerator<string> {
  const input = fs.createReadStream(file, { highWaterMark: chunkSize });
  input.on('data', (b) => {
    state.bytesRead += b.length;
  });
  const gunzip = state.gz
    ? // SYNC_FLUSH at the end: a truncated stream yields everything that inflates instead of an error.
      zlib.createGunzip({ finishFlush: zlib.constants.Z_SYNC_FLUSH, chunkSize }).on('error', (e) => {
        state.gunzipError = e;
      })
    : null;
  const source: AsyncIterable<Buffer> = gunzip ? input.pipe(gunzip) : input;
  const decoder = new StringDecoder('utf8');
  try {
    try {
      for await (const chunk of source) {
        state.inflated += chunk.length;
        if (state.inflated > limits.maxDecompressedBytes) {
          throw new CaptureFormatError(
            'too-large',
            `Refused: the file holds more than ${formatBytes(limits.maxDecompressedBytes)} of capture text${state.gz ? ` once decompressed (reached after ${formatBytes(state.bytesRead)} of its ${formatBytes(size)})` : ''}, at line ${lineNow()}; that is more than Fieldscope reads from one file. If it is a genuine capture, ask for a support bundle of the time range you need.`,
            lineNow(),
          );
        }
        if (state.gz && state.inflated > RATIO_CHECK_AFTER_BYTES && state.inflated > limits.maxCompressionRatio * state.bytesRead) {
          throw new CaptureFormatError(
            'too-compressed',
            `Refused: ${formatBytes(state.bytesRead)} of compressed file already inflated to ${formatBytes(state.inflated)} (more than ${limits.maxCompressionRatio} times), at line ${lineNow()}. Captures compress far less than that: this is a decompression bomb or a damaged file.`,
            lineNow(),
          );
        }
        yield decoder.write(chunk);
      }
    } catch (err) {
      if (!state.gz || err instanceof CaptureFormatError) throw err;
      state.gunzipError = err as Error;
    }
    yield decoder.end();
  } finally {
    gunzip?.destroy();
    input.destroy();
  }
}

function openState(file: string, st: fs.Stats): TextReadState {
  return { gz: st.size >= 2 && isGzip(file), bytesRead: 0, inflated: 0, gunzipError: null };
}

/** Adds the warning for a gzip stream that was cut short or damaged. */
function checkGzipEnd(file: string, size: number, state: TextReadState, parser: CaptureParser) {
  if (!state.gz) return;
  const trailer = gzipTrailerSize(file, size);
  const err = state.gunzipError;
  if (err || trailer !== state.inflated % 2 ** 32) {
    parser.addWarning({
      code: 'compressed-data-truncated',
      message: err
        ? `The compressed data is damaged after ${state.inflated.toLocaleString('en')} bytes (${err.message}); everything before the damage was read.`
        : 'The compressed file ends without its gzip trailer: the recorder probably stopped abruptly. Everything that could be decompressed was read.',
    });
  }
}

/**
 * Streams a capture file (plain or gzip, detected by magic bytes) through the tolerant parser: never holds the
 * file or a giant string in memory, reports progress, and reads a damaged file up to the damage. Throws
 * CaptureFormatError when the file is not a capture at all or goes over a limit (CaptureLimits).
 */
export async function readCaptureFile(file: string, opts: ReadOptions): Promise<CaptureReadSummary> {
  let st: fs.Stats;
  try {
    st = fs.statSync(file);
  } catch (err) {
    throw new Error(`Cannot open ${file}: ${(err as NodeJS.ErrnoException).code === 'ENOENT' ? 'no such file' : (err as Error).message}`, { cause: err });
  }
  if (!st.isFile()) throw new Error(`${file} is not a file.`);
  const limits = captureLimits(opts.limits);
  const state = openState(file, st);
  let records = 0;
  const parser = new CaptureParser((r, line) => {
    records++;
    opts.onRecord(r, line);
  }, limits);
  let lastProgress = 0;
  const interval = opts.progressIntervalMs ?? 100;
  const progress = (force = false) => {
    const now = Date.now();
    if (!opts.onProgress || (!force && now - lastProgress < interval)) return;
    lastProgress = now;
    opts.onProgress({ bytesRead: state.bytesRead, totalBytes: st.size, records });
  };
  for await (const text of captureText(file, st.size, CHUNK, limits, state, () => parser.currentLine)) {
    if (opts.signal?.aborted) throw new Error('Opening the capture was cancelled.');
    parser.push(text);
    progress();
  }
  checkGzipEnd(file, st.size, state, parser);
  const summary = parser.end();
  progress(true);
  return summary;
}

/**
 * Async iteration over a capture's records (for replay and bundles), with backpressure: the file is read
 * as the consumer asks. `summary` resolves when the iteration finishes.
 */
export function captureRecords(
  file: string,
  limitOverrides?: Partial<CaptureLimits>,
): { records: AsyncIterable<CaptureRecord>; summary: Promise<CaptureReadSummary> } {
  let resolveSummary!: (s: CaptureReadSummary) => void;
  let rejectSummary!: (e: unknown) => void;
  const summary = new Promise<CaptureReadSummary>((res, rej) => {
    resolveSummary = res;
    rejectSummary = rej;
  });
  summary.catch(() => undefined);
  async function* gen(): AsyncGenerator<CaptureRecord> {
    try {
      const st = fs.statSync(file);
      const limits = captureLimits(limitOverrides);
      const state = openState(file, st);
      const queue: CaptureRecord[] = [];
      const parser = new CaptureParser((r) => queue.push(r), limits);
      for await (const text of captureText(file, st.size, 256 * 1024, limits, state, () => parser.currentLine)) {
        parser.push(text);
        for (let i = 0; i < queue.length; i++) yield queue[i]!;
        queue.length = 0;
      }
      checkGzipEnd(file, st.size, state, parser);
      const s = parser.end();
      for (let i = 0; i < queue.length; i++) yield queue[i]!;
      queue.length = 0;
      resolveSummary(s);
    } catch (err) {
      rejectSummary(err);
      throw err;
    }
  }
  return { records: gen(), summary };
}
