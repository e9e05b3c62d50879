import { describe, expect, it } from 'vitest';
import { numberAt, parseValuePath, ValuePathError } from './value-path';

describe('value paths', () => {
  it('parses dotted, indexed and quoted paths', () => {
    expect(parseValuePath('')).toEqual([]);
    expect(parseValuePath('temp')).toEqual(['temp']);
    expect(parseValuePath('$.params.values[0]')).toEqual(['params', 'values', 0]);
    expect(parseValuePath('services[0].properties["a.b"]')).toEqual(['services', 0, 'properties', 'a.b']);
  });

  it('says what is wrong with a bad path', () => {
    expect(() => parseValuePath('a..b')).toThrow(ValuePathError);
    expect(() => parseValuePath('a.')).toThrow(/ends with/);
    expect(() => parseValuePath('a[x]')).toThrow(/position/);
  });

  it('reads numbers, numeric strings and booleans; anything else is no point', () => {
    const p = '{"params":{"values":[21.5,"22.5",true]},"s":"x"}';
    expect(numberAt(p, parseValuePath('params.values[0]'))).toBe(21.5);
    expect(numberAt(p, parseValuePath('params.values[1]'))).toBe(22.5);
    expect(numberAt(p, parseValuePath('params.values[2]'))).toBe(1);
    expect(numberAt(p, parseValuePath('s'))).toBeNull();
    expect(numberAt(p, parseValuePath('missing.deep'))).toBeNull();
    expect(numberAt('42', [])).toBe(42);
    expect(numberAt('not json', [])).toBeNull();
  });
});
