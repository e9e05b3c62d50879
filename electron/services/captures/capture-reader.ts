import fs from 'node:fs';
import { StringDecoder } from 'node:string_decoder';
import zlib from 'node:zlib';
import type { CaptureRecord } from '../../../shared/capture/capture-format';
import { CaptureParser, type CaptureReadSummary } from '../../../shared/capture/capture-parser';

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

/**
 * Streams a capture file (plain or gzip, detected by magic bytes) through the tolerant parser: never holds the
 * file or a giant string in memory, reports progress, and reads a damaged file up to the damage. Throws
 * CaptureFormatError only when the file is not a capture at all.
 */
export async function readCaptureFile(file: string, opts: ReadOptions): Promise<CaptureReadSummary> {
  let st: fs.Stats;
  try {
    st = fs.statSync(file);
  } catch (err) {
    throw new Error(`Cannot open ${file}: ${(err as NodeJS.ErrnoException).code === 'ENOENT' ? 'no such file' : (err as Error).message}`);
  }
  if (!st.isFile()) throw new Error(`${file} is not a file.`);
  const gz = st.size >= 2 && isGzip(file);
  let records = 0;
  const parser = new CaptureParser((r, line) => {
    records++;
    opts.onRecord(r, line);
  });
  const decoder = new StringDecoder('utf8');
  const input = fs.createReadStream(file, { highWaterMark: CHUNK });
  let bytesRead = 0;
  let lastProgress = 0;
  const interval = opts.progressIntervalMs ?? 100;
  input.on('data', (b) => {
    bytesRead += b.length;
  });
  const progress = (force = false) => {
    const now = Date.now();
    if (!opts.onProgress || (!force && now - lastProgress < interval)) return;
    lastProgress = now;
    opts.onProgress({ bytesRead, totalBytes: st.size, records });
  };

  let inflated = 0;
  let gunzipError: Error | null = null;
  const source: AsyncIterable<Buffer> = gz
    ? input.pipe(
        // SYNC_FLUSH at the end: a truncated stream yields everything that inflates instead of an error.
        zlib.createGunzip({ finishFlush: zlib.constants.Z_SYNC_FLUSH, chunkSize: CHUNK }).on('error', (e) => {
          gunzipError = e;
        }),
      )
    : input;
  try {
    for await (const chunk of source) {
      if (opts.signal?.aborted) throw new Error('Opening the capture was cancelled.');
      inflated += chunk.length;
      parser.push(decoder.write(chunk));
      progress();
    }
  } catch (err) {
    if (!gz || opts.signal?.aborted) throw err;
    gunzipError = err as Error;
  } finally {
    input.destroy();
  }
  parser.push(decoder.end());
  if (gz) {
    const trailer = gzipTrailerSize(file, st.size);
    const err = gunzipError as Error | null;
    if (err || trailer !== inflated % 2 ** 32) {
      parser.addWarning({
        code: 'compressed-data-truncated',
        message: err
          ? `The compressed data is damaged after ${inflated.toLocaleString('en')} bytes (${err.message}); everything before the damage was read.`
          : 'The compressed file ends without its gzip trailer: the recorder probably stopped abruptly. Everything that could be decompressed was read.',
      });
    }
  }
  const summary = parser.end();
  progress(true);
  return summary;
}

/**
 * Async iteration over a capture's records (for replay and bundles), with backpressure: the file is read
 * as the consumer asks. `summary` resolves when the iteration finishes.
 */
export function captureRecords(file: string): { records: AsyncIterable<CaptureRecord>; summary: Promise<CaptureReadSummary> } {
  let resolveSummary!: (s: CaptureReadSummary) => void;
  let rejectSummary!: (e: unknown) => void;
  const summary = new Promise<CaptureReadSummary>((res, rej) => {
    resolveSummary = res;
    rejectSummary = rej;
  });
  summary.catch(() => undefined);
  async function* gen(): AsyncGenerator<CaptureRecord> {
    const st = fs.statSync(file);
    const gz = st.size >= 2 && isGzip(file);
    const queue: CaptureRecord[] = [];
    const parser = new CaptureParser((r) => queue.push(r));
    const decoder = new StringDecoder('utf8');
    const input = fs.createReadStream(file, { highWaterMark: 256 * 1024 });
    const source: AsyncIterable<Buffer> = gz ? input.pipe(zlib.createGunzip({ finishFlush: zlib.constants.Z_SYNC_FLUSH }).on('error', () => undefined)) : input;
    try {
      try {
        for await (const chunk of source) {
          parser.push(decoder.write(chunk));
          for (let i = 0; i < queue.length; i++) yield queue[i]!;
          queue.length = 0;
        }
      } catch (err) {
        if (!gz) throw err;
      }
      parser.push(decoder.end());
      const s = parser.end();
      for (let i = 0; i < queue.length; i++) yield queue[i]!;
      queue.length = 0;
      resolveSummary(s);
    } catch (err) {
      rejectSummary(err);
      throw err;
    } finally {
      input.destroy();
    }
  }
  return { records: gen(), summary };
}
