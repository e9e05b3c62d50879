import { describe, expect, it } from 'vitest';
import { emptyListText } from './empty-list-text';

describe('emptyListText', () => {
  it('says how many held messages the filters hide', () => {
    expect(emptyListText(0, 1234)).toEqual({ kind: 'hidden', count: 1234 });
  });
  it('says "none yet" only when nothing is held', () => {
    expect(emptyListText(0, 0)).toEqual({ kind: 'none' });
    expect(emptyListText(0, null)).toEqual({ kind: 'none' });
  });
  it('says nothing when rows are shown', () => {
    expect(emptyListText(3, 10)).toBeNull();
  });
});
