import { CAPTURE_FORMAT, CAPTURE_VERSION, KNOWN_RECORD_TYPES, type CaptureHeader, type CaptureRecord, type MessageRecord } from './capture-format';
import { captureLimits, formatBytes, type CaptureLimits } from './capture-limits';
import { fromTaggedJson, type TaggedJsonOptions } from './tagged-json';

export type CaptureWarningCode =
  'garbage-lines' | 'invalid-records' | 'truncated-last-line' | 'newer-version' | 'unknown-record-types' | 'compressed-data-truncated' | 'no-end-record';

export interface CaptureWarning {
  code: CaptureWarningCode;
  /** Words for the user: what was skipped and what was still read. */
  message: string;
  count?: number;
  /** 1-based line numbers (first ones only). */
  lines?: number[];
}

export type CaptureRefusal = 'empty' | 'not-a-capture' | 'bad-version' | 'line-too-long' | 'too-large' | 'too-compressed';

/**
 * The file is refused as a whole: it is not a capture (no header, foreign header) or it goes over a limit
 * (CaptureLimits). `line` is the 1-based line where that was found. The message never quotes the file.
 */
export class CaptureFormatError extends Error {
  constructor(
    readonly code: CaptureRefusal,
    message: string,
    readonly line?: number,
  ) {
    super(message);
    this.name = 'CaptureFormatError';
  }
}

export interface CaptureReadSummary {
  header: CaptureHeader;
  lines: number;
  messages: number;
  records: Record<string, number>;
  garbage: { count: number; lines: number[] };
  invalid: { count: number; lines: number[] };
  unknownTypes: Record<string, number>;
  truncatedLastLine: { line: number; bytes: number } | null;
  hasEnd: boolean;
  firstAt: number | null;
  lastAt: number | null;
  warnings: CaptureWarning[];
}

const MAX_LINE_NUMBERS = 20;
/** Longest first line looked at before deciding the file is not a capture. */
const MAX_HEADER_CHARS = 1024 * 1024;
const BASE64 = /^[A-Za-z0-9+/]*={0,2}$/;

function listLines(lines: number[], count: number): string {
  const shown = lines.join(', ');
  return count > lines.length ? `${shown}, … (${count - lines.length} more)` : shown;
}

/**
 * Streaming, tolerant reader of capture text. Feed it decoded text in any chunk sizes; it calls back once per
 * record and reads up to the damage: garbage lines are skipped (counted, with line numbers), a cut-off last
 * line is reported, a newer format version is read as far as it is understood. Only a missing or foreign
 * header is fatal (CaptureFormatError), because then nothing in the file can be trusted to mean what we think.
 */
export class CaptureParser {
  header: CaptureHeader | null = null;
  /** The line not ended yet, as the chunks it came in: joined once, when its newline arrives (never rest + chunk). */
  private pending: string[] = [];
  private pendingChars = 0;
  private readonly maxLineChars: number;
  private lineNo = 0;
  private messages = 0;
  private records: Record<string, number> = {};
  private garbage = { count: 0, lines: [] as number[] };
  private invalid = { count: 0, lines: [] as number[] };
  private unknownTypes: Record<string, number> = {};
  private truncated: { line: number; bytes: number } | null = null;
  private hasEnd = false;
  private firstAt: number | null = null;
  private lastAt: number | null = null;
  private extraWarnings: CaptureWarning[] = [];

  constructor(
    private readonly onRecord: (record: CaptureRecord, line: number) => void,
    limits?: Partial<Pick<CaptureLimits, 'maxLineChars'>>,
  ) {
    this.maxLineChars = captureLimits(limits).maxLineChars;
  }

  /** The 1-based number of the line being read (for refusals found outside the parser). */
  get currentLine(): number {
    return this.lineNo + 1;
  }

  push(chunk: string): void {
    let start = 0;
    let nl = chunk.indexOf('\n');
    if (nl >= 0 && this.pending.length) {
      this.checkLength(this.pendingChars + nl);
      const text = this.pending.join('') + chunk.slice(0, nl);
      this.pending = [];
      this.pendingChars = 0;
      this.line(text, 0, text.length, false);
      start = nl + 1;
      nl = chunk.indexOf('\n', start);
    }
    while (nl >= 0) {
      this.checkLength(nl - start);
      this.line(chunk, start, nl, false);
      start = nl + 1;
      nl = chunk.indexOf('\n', start);
    }
    if (start < chunk.length) {
      this.checkLength(this.pendingChars + chunk.length - start);
      this.pending.push(start === 0 ? chunk : chunk.slice(start));
      this.pendingChars += chunk.length - start;
    }
  }

  private checkLength(chars: number): void {
    if (!this.header && chars > MAX_HEADER_CHARS) {
      // A header is a few hundred characters: a first line this long is some other file, not a huge capture.
      const head = this.pending[0] ?? '';
      this.pending = [];
      this.pendingChars = 0;
      this.lineNo++;
      throw this.notACapture(head);
    }
    if (chars <= this.maxLineChars) return;
    const line = this.lineNo + 1;
    this.pending = [];
    this.pendingChars = 0;
    throw new CaptureFormatError(
      'line-too-long',
      `Refused: line ${line} is longer than ${this.maxLineChars.toLocaleString('en')} characters, the most one capture record may hold (a message of about ${formatBytes(Math.floor((this.maxLineChars * 3) / 4))}). Fieldscope never writes such a line: the file is damaged or was made to stall the reader. Nothing from it was kept.`,
      line,
    );
  }

  /** Adds a warning found outside the text (e.g. the gzip stream was cut off). */
  addWarning(w: CaptureWarning): void {
    this.extraWarnings.push(w);
  }

  /** Call after the last chunk. Throws CaptureFormatError when the file never had a valid header. */
  end(): CaptureReadSummary {
    if (this.pending.length) {
      const last = this.pending.join('');
      this.pending = [];
      this.pendingChars = 0;
      this.line(last, 0, last.length, true);
    }
    if (!this.header) throw new CaptureFormatError('empty', 'The file is empty: it has no capture header line.');
    return this.summary();
  }

  summary(): CaptureReadSummary {
    const warnings: CaptureWarning[] = [];
    const h = this.header!;
    if (h.version > CAPTURE_VERSION) {
      warnings.push({
        code: 'newer-version',
        message: `This capture was written in format version ${h.version} by Fieldscope ${h.appVersion}; this Fieldscope reads version ${CAPTURE_VERSION}. Everything it understands was read; update Fieldscope to see the rest.`,
      });
    }
    if (this.garbage.count) {
      warnings.push({
        code: 'garbage-lines',
        count: this.garbage.count,
        lines: this.garbage.lines,
        message: `Skipped ${this.garbage.count} damaged line(s) that are not capture records (line ${listLines(this.garbage.lines, this.garbage.count)}). Everything else was read.`,
      });
    }
    if (this.invalid.count) {
      warnings.push({
        code: 'invalid-records',
        count: this.invalid.count,
        lines: this.invalid.lines,
        message: `Skipped ${this.invalid.count} record(s) with missing or wrong fields (line ${listLines(this.invalid.lines, this.invalid.count)}).`,
      });
    }
    const unknown = Object.entries(this.unknownTypes);
    if (unknown.length) {
      const n = unknown.reduce((a, [, c]) => a + c, 0);
      warnings.push({
        code: 'unknown-record-types',
        count: n,
        message: `Skipped ${n} record(s) of types this version does not know (${unknown.map(([t, c]) => `${t}: ${c}`).join(', ')}).`,
      });
    }
    if (this.truncated) {
      warnings.push({
        code: 'truncated-last-line',
        count: 1,
        lines: [this.truncated.line],
        message: `The file ends in the middle of a record (line ${this.truncated.line}, ${this.truncated.bytes} characters): the recorder probably stopped abruptly. That partial record was skipped; everything before it was read.`,
      });
    }
    if (!this.hasEnd && !this.truncated) {
      warnings.push({
        code: 'no-end-record',
        message: 'The recording was not stopped cleanly (no end marker): it may have been cut short by a crash or a kill. Everything written was read.',
      });
    }
    warnings.push(...this.extraWarnings);
    return {
      header: h,
      lines: this.lineNo,
      messages: this.messages,
      records: { ...this.records },
      garbage: { count: this.garbage.count, lines: [...this.garbage.lines] },
      invalid: { count: this.invalid.count, lines: [...this.invalid.lines] },
      unknownTypes: { ...this.unknownTypes },
      truncatedLastLine: this.truncated,
      hasEnd: this.hasEnd,
      firstAt: this.firstAt,
      lastAt: this.lastAt,
      warnings,
    };
  }

  private line(text: string, start: number, end: number, isLastWithoutNewline: boolean): void {
    this.lineNo++;
    if (end > start && text.charCodeAt(end - 1) === 13) end--; // CRLF from an editor
    if (this.lineNo === 1 && text.charCodeAt(start) === 0xfeff) start++; // BOM
    if (end <= start) return;
    const raw = start === 0 && end === text.length ? text : text.slice(start, end);
    let value: unknown;
    try {
      value = JSON.parse(raw);
    } catch {
      if (!this.header) throw this.notACapture(raw);
      if (isLastWithoutNewline) this.truncated = { line: this.lineNo, bytes: raw.length };
      else this.skip(this.garbage);
      return;
    }
    if (!this.header) {
      this.header = this.readHeader(value, raw);
      return;
    }
    if (!value || typeof value !== 'object' || Array.isArray(value) || typeof (value as { type?: unknown }).type !== 'string') {
      this.skip(this.garbage);
      return;
    }
    const rec = value as CaptureRecord;
    if (!KNOWN_RECORD_TYPES.has(rec.type)) {
      this.unknownTypes[rec.type] = (this.unknownTypes[rec.type] ?? 0) + 1;
      return;
    }
    if (!this.valid(rec)) {
      this.skip(this.invalid);
      return;
    }
    this.records[rec.type] = (this.records[rec.type] ?? 0) + 1;
    if (rec.type === 'msg') this.messages++;
    if (rec.type === 'end') this.hasEnd = true;
    if (this.firstAt === null || rec.at < this.firstAt) this.firstAt = rec.at;
    if (this.lastAt === null || rec.at > this.lastAt) this.lastAt = rec.at;
    this.onRecord(rec, this.lineNo);
  }

  private skip(bucket: { count: number; lines: number[] }) {
    bucket.count++;
    if (bucket.lines.length < MAX_LINE_NUMBERS) bucket.lines.push(this.lineNo);
  }

  private notACapture(raw: string): CaptureFormatError {
    // Never quote the line: any readable file can be named (captures.open on /etc/passwd), and the error goes back to the caller.
    // eslint-disable-next-line no-control-regex -- control bytes are exactly what marks binary data
    const what = /[\x00-\x08\x0e-\x1f]/.test(raw.slice(0, 512))
      ? 'binary data'
      : raw.trimStart().startsWith('{')
        ? 'JSON without the capture format'
        : 'text that is not JSON';
    return new CaptureFormatError(
      'not-a-capture',
      `This is not a Fieldscope capture: the first line should be a JSON header with "format":"${CAPTURE_FORMAT}", but the file starts with ${what}. Open a .fscap, .fscap.gz or .fsbundle file.`,
      this.lineNo,
    );
  }

  private readHeader(value: unknown, raw: string): CaptureHeader {
    if (!value || typeof value !== 'object' || (value as { format?: unknown }).format !== CAPTURE_FORMAT) throw this.notACapture(raw);
    const v = fromTaggedJson(value) as Partial<CaptureHeader>;
    if (typeof v.version !== 'number' || !Number.isInteger(v.version) || v.version < 1) {
      const got =
        v.version === undefined
          ? 'none'
          : typeof v.version === 'number'
            ? 'a number that is not a whole number ≥ 1'
            : `a ${Array.isArray(v.version) ? 'list' : typeof v.version}`;
      throw new CaptureFormatError(
        'bad-version',
        `The capture header has an invalid format version (${got}); expected a whole number ≥ 1 (this Fieldscope writes ${CAPTURE_VERSION}).`,
        this.lineNo,
      );
    }
    return {
      ...v,
      format: CAPTURE_FORMAT,
      version: v.version,
      appVersion: typeof v.appVersion === 'string' ? v.appVersion : 'unknown',
      os: typeof v.os === 'string' ? v.os : 'unknown',
      createdAt: typeof v.createdAt === 'number' ? v.createdAt : 0,
    };
  }

  private valid(r: CaptureRecord): boolean {
    if (typeof r.at !== 'number' || !Number.isFinite(r.at)) return false;
    switch (r.type) {
      case 'msg':
        if (typeof r.topic !== 'string' || typeof r.payload !== 'string' || !BASE64.test(r.payload)) return false;
        if (typeof r.connectionId !== 'string') r.connectionId = this.header?.connection?.connectionId ?? '';
        if (r.protocol !== 'mqtt' && r.protocol !== 'amqp' && r.protocol !== 'rocketmq') r.protocol = this.header?.connection?.protocol ?? 'mqtt';
        return true;
      case 'settle':
        return typeof r.seq === 'number' && typeof r.settlement === 'string';
      case 'log':
        return typeof r.summary === 'string' && typeof r.logType === 'string';
      case 'token':
      case 'presence':
        return !!r.event && typeof r.event === 'object' && typeof r.event.type === 'string';
      case 'mark':
        return typeof r.label === 'string';
      case 'end':
        return true;
    }
  }
}

/** The message's tagged properties turned back into runtime values (Date, bigint, bytes). */
export function decodeMessageExtras(r: MessageRecord, opts: TaggedJsonOptions = {}) {
  return {
    mqttProperties: r.mqttProperties ? (fromTaggedJson(r.mqttProperties, opts) as Record<string, unknown>) : undefined,
    amqp: r.amqp ? (fromTaggedJson(r.amqp, opts) as Record<string, unknown>) : undefined,
  };
}

/** Convenience for small inputs (tests, bundles in memory): parses a whole text. */
export function parseCaptureText(text: string): { records: CaptureRecord[]; summary: CaptureReadSummary } {
  const records: CaptureRecord[] = [];
  const p = new CaptureParser((r) => records.push(r));
  p.push(text);
  return { records, summary: p.end() };
}
