import { describe, expect, it } from 'vitest';
import { getPath, setPath } from './draft-path';

describe('draft paths', () => {
  it('reads and writes nested fields without touching the original', () => {
    const d = { a: 1, tls: { caFile: 'x' } };
    const e = setPath(d, 'tls.rejectUnauthorized', false);
    expect(getPath(e, 'tls.caFile')).toBe('x');
    expect(getPath(e, 'tls.rejectUnauthorized')).toBe(false);
    expect(getPath(d, 'tls.rejectUnauthorized')).toBeUndefined();
    expect(setPath({ will: { topic: 't' } }, 'will', undefined)).toEqual({});
    expect(getPath(setPath({}, 'reconnect.maxAttempts', 3), 'reconnect')).toEqual({ maxAttempts: 3 });
  });
});
