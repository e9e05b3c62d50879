// Pretty-prints JSON from its own text, never through JSON.parse + JSON.stringify: every token (number
// spelling, string escapes, key order, duplicate keys) is copied as the device sent it; only whitespace
// between tokens changes. A diagnostic tool must show the bytes, not what JavaScript makes of them.
//
// Iterative (explicit stack), so a payload nested 100,000 deep cannot overflow the call stack.

export type JsonSyntaxCode = 'unexpected-char' | 'unexpected-end' | 'bad-escape' | 'bad-number' | 'control-char' | 'trailing';

export interface TextPosition {
  /** UTF-16 offset into the text. */
  offset: number;
  /** 1-based. */
  line: number;
  /** 1-based, in UTF-16 code units (what editors count). */
  column: number;
}

export interface JsonSyntaxError extends TextPosition {
  code: JsonSyntaxCode;
  /** The character found there ('' at the end of the text). */
  found: string;
}

/** Why JavaScript's number would not be the number that was sent. */
export type PrecisionLoss = 'rounded' | 'overflow' | 'underflow';

export interface LossyNumber extends TextPosition {
  /** The number exactly as sent. */
  text: string;
  /** What JSON.parse would make of it (String(Number(text))). */
  js: string;
  loss: PrecisionLoss;
}

export interface DuplicateKey extends TextPosition {
  /** The key token as sent, quotes and escapes included. */
  key: string;
}

export type LosslessJson = { ok: true; text: string; lossy: LossyNumber[]; duplicates: DuplicateKey[] } | { ok: false; error: JsonSyntaxError };

export interface FormatOptions {
  /** Spaces per level (default 2). */
  indent?: number;
}

export const MAX_INDENT_LEVELS = 32;
const NUMBER = /-?(?:0|[1-9][0-9]*)(?:\.[0-9]+)?(?:[eE][+-]?[0-9]+)?/y;
const NUMBER_START = /[-0-9]/;

function isWs(c: number): boolean {
  return c === 0x20 || c === 0x0a || c === 0x0d || c === 0x09;
}

/** Line and column of an offset (1-based). */
export function positionOf(text: string, offset: number): TextPosition {
  let line = 1;
  let lineStart = 0;
  for (let i = 0; i < offset && i < text.length; i++) {
    if (text.charCodeAt(i) === 0x0a) {
      line++;
      lineStart = i + 1;
    }
  }
  return { offset, line, column: offset - lineStart + 1 };
}

/**
 * A decimal number reduced to sign, significant digits and exponent, so '1.50', '1.5' and '15e-1' compare
 * equal and '0.0', '-0' and '0e5' are all zero.
 */
export function decimalKey(num: string): string {
  const m = /^(-?)([0-9]*)(?:\.([0-9]*))?(?:[eE]([+-]?[0-9]+))?$/.exec(num);
  if (!m) return `?${num}`;
  const intPart = m[2] ?? '';
  const frac = m[3] ?? '';
  let digits = intPart + frac;
  let exp = (m[4] ? Number(m[4]) : 0) - frac.length;
  const lead = /^0*/.exec(digits)![0].length;
  digits = digits.slice(lead);
  if (!digits) return '0';
  const trail = /0*$/.exec(digits)![0].length;
  if (trail) {
    digits = digits.slice(0, digits.length - trail);
    exp += trail;
  }
  return `${m[1]}${digits}e${exp}`;
}

/** How JavaScript would change a JSON number, or null when Number(text) is exactly the decimal sent. */
export function precisionLoss(num: string): { js: string; loss: PrecisionLoss } | null {
  const n = Number(num);
  const js = String(n);
  if (!Number.isFinite(n)) return { js, loss: 'overflow' };
  const sent = decimalKey(num);
  if (n === 0) return sent === '0' ? null : { js, loss: 'underflow' };
  return decimalKey(js) === sent ? null : { js, loss: 'rounded' };
}

interface Frame {
  kind: 'object' | 'array';
  /** Members written so far. */
  count: number;
  /** Keys seen in this object (token text), for duplicate detection. */
  keys?: Set<string>;
}

/**
 * Formats `text` when it is JSON (exactly what JSON.parse accepts, RFC 8259), keeping every token as sent.
 * Otherwise says where and why it is not.
 */
export function formatJsonLossless(text: string, opts: FormatOptions = {}): LosslessJson {
  const unit = ' '.repeat(opts.indent ?? 2);
  const out: string[] = [];
  // Output position, tracked so lossy numbers and duplicate keys can be pointed at in the formatted text.
  let outLine = 1;
  let outCol = 1;
  let outOffset = 0;
  const emit = (s: string) => {
    out.push(s);
    outOffset += s.length;
    const nl = s.lastIndexOf('\n');
    if (nl < 0) outCol += s.length;
    else {
      for (let i = 0; i < s.length; i++) if (s.charCodeAt(i) === 0x0a) outLine++;
      outCol = s.length - nl;
    }
  };
  const here = (): TextPosition => ({ offset: outOffset, line: outLine, column: outCol });
  // Indentation stops growing at MAX_INDENT_LEVELS: a payload nested 100,000 deep would otherwise format
  // to gigabytes of spaces (quadratic). Tokens are all still there; only deeper lines stop shifting right.
  const indents: string[] = [];
  const newline = (depth: number) => {
    const d = Math.min(depth, MAX_INDENT_LEVELS);
    emit((indents[d] ??= '\n' + unit.repeat(d)));
  };

  const lossy: LossyNumber[] = [];
  const duplicates: DuplicateKey[] = [];
  const stack: Frame[] = [];
  const n = text.length;
  let i = 0;

  const fail = (code: JsonSyntaxCode, at: number): LosslessJson => ({
    ok: false,
    error: { ...positionOf(text, at), code, found: at < n ? String.fromCodePoint(text.codePointAt(at)!) : '' },
  });
  const skipWs = () => {
    while (i < n && isWs(text.charCodeAt(i))) i++;
  };
  /** Reads a string token at i; returns its text or a failure. */
  const readString = (): string | LosslessJson => {
    const start = i;
    i++; // opening quote
    for (;;) {
      if (i >= n) return fail('unexpected-end', n);
      const c = text.charCodeAt(i);
      if (c === 0x22) {
        i++;
        return text.slice(start, i);
      }
      if (c < 0x20) return fail('control-char', i);
      if (c === 0x5c) {
        const e = text.charCodeAt(i + 1);
        if (i + 1 >= n) return fail('unexpected-end', n);
        if (e === 0x75) {
          for (let k = 2; k < 6; k++) {
            if (i + k >= n) return fail('unexpected-end', n);
            if (!/[0-9a-fA-F]/.test(text[i + k]!)) return fail('bad-escape', i + k);
          }
          i += 6;
          continue;
        }
        if ('"\\/bfnrt'.indexOf(text[i + 1]!) < 0) return fail('bad-escape', i + 1);
        i += 2;
        continue;
      }
      i++;
    }
  };

  /** Reads one scalar or opens a container at i (whitespace already skipped). */
  const readValue = (): LosslessJson | null => {
    if (i >= n) return fail('unexpected-end', n);
    const ch = text[i]!;
    if (ch === '{' || ch === '[') {
      const close = ch === '{' ? '}' : ']';
      const start = i;
      i++;
      skipWs();
      if (text[i] === close) {
        // Empty containers stay on one line, as JSON.stringify writes them.
        i++;
        emit(text[start]! + close);
        return null;
      }
      emit(ch);
      stack.push({ kind: ch === '{' ? 'object' : 'array', count: 0, keys: ch === '{' ? new Set() : undefined });
      return null;
    }
    if (ch === '"') {
      const s = readString();
      if (typeof s !== 'string') return s;
      emit(s);
      return null;
    }
    if (NUMBER_START.test(ch)) {
      NUMBER.lastIndex = i;
      const m = NUMBER.exec(text);
      if (!m) return fail('bad-number', ch === '-' ? i + 1 : i);
      const num = m[0];
      const after = i + num.length;
      // '01', '1.', '1e' and '-' are not JSON numbers: point at the character that breaks it.
      if (after < n && /[0-9.eE+-]/.test(text[after]!)) return fail('bad-number', after);
      const loss = precisionLoss(num);
      if (loss) lossy.push({ ...here(), text: num, ...loss });
      emit(num);
      i = after;
      return null;
    }
    for (const word of ['true', 'false', 'null']) {
      if (text.startsWith(word, i)) {
        emit(word);
        i += word.length;
        return null;
      }
    }
    // Partial literal ('tru'): point past what matched.
    for (const word of ['true', 'false', 'null']) {
      if (word[0] === ch) {
        let k = 1;
        while (k < word.length && text[i + k] === word[k]) k++;
        return fail(i + k >= n ? 'unexpected-end' : 'unexpected-char', Math.min(i + k, n));
      }
    }
    return fail('unexpected-char', i);
  };

  skipWs();
  const first = readValue();
  if (first) return first;
  while (stack.length) {
    const top = stack[stack.length - 1]!;
    const depth = stack.length;
    skipWs();
    if (top.count > 0) {
      const close = top.kind === 'object' ? '}' : ']';
      if (i >= n) return fail('unexpected-end', n);
      if (text[i] === close) {
        i++;
        stack.pop();
        newline(depth - 1);
        emit(close);
        continue;
      }
      if (text[i] !== ',') return fail('unexpected-char', i);
      i++;
      emit(',');
      skipWs();
    }
    newline(depth);
    if (top.kind === 'object') {
      if (i >= n) return fail('unexpected-end', n);
      if (text[i] !== '"') return fail('unexpected-char', i);
      const keyAt = here();
      const key = readString();
      if (typeof key !== 'string') return key;
      // Compared decoded: "a" and "\u0061" are the same key to every parser.
      const name = JSON.parse(key) as string;
      if (top.keys!.has(name)) duplicates.push({ ...keyAt, key });
      else top.keys!.add(name);
      emit(key);
      skipWs();
      if (i >= n) return fail('unexpected-end', n);
      if (text[i] !== ':') return fail('unexpected-char', i);
      i++;
      emit(': ');
      skipWs();
    }
    top.count++;
    const r = readValue();
    if (r) return r;
  }
  skipWs();
  if (i < n) return fail('trailing', i);
  return { ok: true, text: out.join(''), lossy, duplicates };
}

/** Whether text is meant as JSON (so a parse failure is worth explaining rather than just showing text). */
export function looksLikeJson(text: string): boolean {
  return /^[\s]*[[{]/.test(text);
}
