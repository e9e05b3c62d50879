import { describe, expect, it } from 'vitest';
import { shortNames } from './short-names';

describe('short connection names', () => {
  it('drops a shared leading part up to a separator', () => {
    expect(shortNames({ a: 'Local sandbox — MQ for IoT', b: 'Local sandbox — Huawei IoTDA', c: 'Local sandbox — MQ for IoT (token mode)' })).toEqual({
      a: 'MQ for IoT',
      b: 'Huawei IoTDA',
      c: 'MQ for IoT (token mode)',
    });
  });
  it('keeps names that share no whole leading part', () => {
    expect(shortNames({ a: 'Factory A', b: 'Factory B' })).toEqual({ a: 'Factory A', b: 'Factory B' });
    expect(shortNames({ a: 'Only one — here' })).toEqual({ a: 'Only one — here' });
  });
});
