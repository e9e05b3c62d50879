import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { decimalKey, formatJsonLossless, MAX_INDENT_LEVELS, precisionLoss } from './json-lossless-format';

/** The text with whitespace outside strings removed: what the formatter may change and nothing else. */
function tokensOnly(s: string): string {
  let out = '';
  let inString = false;
  for (let i = 0; i < s.length; i++) {
    const c = s[i]!;
    if (inString) {
      out += c;
      if (c === '\\') out += s[++i] ?? '';
      else if (c === '"') inString = false;
    } else if (c === '"') {
      out += c;
      inString = true;
    } else if (!' \t\n\r'.includes(c)) out += c;
  }
  return out;
}

function parses(s: string): boolean {
  try {
    JSON.parse(s);
    return true;
  } catch {
    return false;
  }
}

/** JSON text with spellings JSON.stringify never writes: big integers, trailing zeros, exponents, escapes, duplicate keys, odd spacing. */
const ws = fc.constantFrom('', ' ', '\n', '\t', '\r\n  ');
const numberText = fc
  .tuple(
    fc.boolean(),
    fc.oneof(fc.constant('0'), fc.bigInt({ min: 1n, max: 10n ** 30n }).map(String)),
    fc.option(fc.stringMatching(/^[0-9]{1,20}$/)),
    fc.option(fc.tuple(fc.constantFrom('e', 'E'), fc.constantFrom('', '+', '-'), fc.integer({ min: 0, max: 400 }))),
  )
  .map(([neg, int, frac, exp]) => `${neg ? '-' : ''}${int}${frac !== null ? '.' + frac : ''}${exp ? exp[0] + exp[1] + exp[2] : ''}`);
const stringText = fc.oneof(
  fc.string().map((s) => JSON.stringify(s)),
  fc.constantFrom('"\\u4e2d\\u6587"', '"a\\/b"', '"\\ud83d\\ude00"', '"设备"', '"tab\\there"'),
);
const { json } = fc.letrec<{ json: string; value: string }>((tie) => ({
  value: fc.oneof(
    { depthSize: 'small' },
    numberText,
    stringText,
    fc.constantFrom('true', 'false', 'null'),
    fc.array(tie('json'), { maxLength: 4 }).map((xs) => `[${xs.join(',')}]`),
    fc.array(fc.tuple(fc.oneof(stringText, fc.constant('"k"')), tie('json')), { maxLength: 4 }).map((kvs) => `{${kvs.map(([k, v]) => `${k}:${v}`).join(',')}}`),
  ),
  json: fc.tuple(ws, tie('value'), ws).map(([a, v, b]) => a + v + b),
}));

describe('formatJsonLossless', () => {
  it('keeps every token exactly: big integers, number spellings, escapes, key order and duplicates', () => {
    const input = '{"id":12345678901234567890,"price":1.50,"zero":0.0,"k":1,"k":2,"e":1E+2,"s":"\\u4e2d"}';
    const r = formatJsonLossless(input);
    expect(r.ok).toBe(true);
    if (!r.ok) return;
    expect(r.text).toBe(
      ['{', '  "id": 12345678901234567890,', '  "price": 1.50,', '  "zero": 0.0,', '  "k": 1,', '  "k": 2,', '  "e": 1E+2,', '  "s": "\\u4e2d"', '}'].join(
        '\n',
      ),
    );
    expect(r.lossy.map((x) => [x.text, x.js, x.loss, x.line, x.column])).toEqual([['12345678901234567890', '12345678901234567000', 'rounded', 2, 9]]);
    expect(r.duplicates.map((d) => [d.key, d.line, d.column])).toEqual([['"k"', 6, 3]]);
  });

  it('formats like JSON.stringify(…, 2) when stringify would not change anything', () => {
    fc.assert(
      fc.property(fc.jsonValue(), (v) => {
        const plain = JSON.stringify(v);
        const r = formatJsonLossless(plain);
        expect(r.ok && r.text).toBe(JSON.stringify(JSON.parse(plain), null, 2));
      }),
      { numRuns: 300 },
    );
  });

  it('changes only whitespace outside strings, and parses to what the original parses to', () => {
    fc.assert(
      fc.property(json, (input) => {
        const r = formatJsonLossless(input);
        expect(r.ok).toBe(true);
        if (!r.ok) return;
        expect(tokensOnly(r.text)).toBe(tokensOnly(input));
        expect(JSON.parse(r.text)).toEqual(JSON.parse(input));
        // Formatting is idempotent.
        const again = formatJsonLossless(r.text);
        expect(again.ok && again.text).toBe(r.text);
      }),
      { numRuns: 400 },
    );
  });

  it('accepts exactly what JSON.parse accepts', () => {
    const nearJson = fc.oneof(
      json,
      json.chain((s) =>
        fc
          .tuple(fc.constant(s), fc.nat({ max: Math.max(0, s.length - 1) }), fc.string({ maxLength: 2 }))
          .map(([t, at, ins]) => t.slice(0, at) + ins + t.slice(at + 1)),
      ),
      fc.string(),
      fc.constantFrom('01', '1.', '.5', '-', '1e', '+1', 'tru', 'nul', '[1,]', '{"a":1,}', '"\\x"', '"\\u12"', '"a\nb"', '\ufeff{}', '[] []', '{"a" 1}', ''),
    );
    fc.assert(
      fc.property(nearJson, (input) => {
        const r = formatJsonLossless(input);
        expect(r.ok).toBe(parses(input));
        if (!r.ok) {
          expect(r.error.offset).toBeGreaterThanOrEqual(0);
          expect(r.error.offset).toBeLessThanOrEqual(input.length);
        }
      }),
      { numRuns: 1000 },
    );
  });

  it('says where invalid JSON breaks, with line and column', () => {
    const r = formatJsonLossless('{\n  "a": 1,\n  "b": tru\n}');
    expect(r).toEqual({ ok: false, error: { code: 'unexpected-char', found: '\n', offset: 22, line: 3, column: 11 } });
    const end = formatJsonLossless('{"a": [1, 2');
    expect(end.ok === false && end.error.code).toBe('unexpected-end');
    const num = formatJsonLossless('[01]');
    expect(num.ok === false && [num.error.code, num.error.column]).toEqual(['bad-number', 3]);
    const trailing = formatJsonLossless('{} x');
    expect(trailing.ok === false && [trailing.error.code, trailing.error.found]).toEqual(['trailing', 'x']);
  });

  it('survives nesting far deeper than the call stack', () => {
    const depth = 100_000;
    const input = '['.repeat(depth) + '1' + ']'.repeat(depth);
    const r = formatJsonLossless(input);
    expect(r.ok).toBe(true);
    // Indentation stops at MAX_INDENT_LEVELS, so the output stays linear in the input.
    expect(r.ok && r.text.length).toBeLessThan(input.length * (MAX_INDENT_LEVELS * 2 + 2));
    expect(r.ok && tokensOnly(r.text)).toBe(input);
    const broken = formatJsonLossless('['.repeat(depth));
    expect(broken.ok === false && broken.error.code).toBe('unexpected-end');
  });
});

describe('precision loss', () => {
  it('marks only numbers JavaScript cannot hold as sent', () => {
    expect(precisionLoss('1.50')).toBeNull();
    expect(precisionLoss('0.0')).toBeNull();
    expect(precisionLoss('-0')).toBeNull();
    expect(precisionLoss('0.1')).toBeNull();
    expect(precisionLoss('9007199254740991')).toBeNull();
    expect(precisionLoss('9007199254740993')).toEqual({ js: '9007199254740992', loss: 'rounded' });
    expect(precisionLoss('0.30000000000000000001')).toEqual({ js: '0.3', loss: 'rounded' });
    expect(precisionLoss('1e400')).toEqual({ js: 'Infinity', loss: 'overflow' });
    expect(precisionLoss('1e-400')).toEqual({ js: '0', loss: 'underflow' });
  });

  it('agrees with BigInt on every integer: lossy exactly when JavaScript prints it back differently', () => {
    // Below 1e21 String(number) has no exponent, so BigInt can read what JavaScript would show.
    fc.assert(
      fc.property(fc.bigInt({ min: -(10n ** 20n), max: 10n ** 20n }), (b) => {
        const s = b.toString();
        expect(precisionLoss(s) !== null).toBe(BigInt(String(Number(s))) !== b);
      }),
    );
  });

  it('compares decimals by value, not spelling', () => {
    expect(decimalKey('1.50')).toBe(decimalKey('15e-1'));
    expect(decimalKey('0.0')).toBe('0');
    expect(decimalKey('1200')).toBe(decimalKey('1.2E3'));
  });
});
