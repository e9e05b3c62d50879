import { describe, expect, it } from 'vitest';
import type { TopicNode } from '../../../../shared/contract/topics.contract';
import { flattenTree, missingPages, PAGE, ROOT, subtreeFilter, type Level } from './tree-rows';

const node = (path: string, childCount = 0): TopicNode => ({
  name: path.split('/').at(-1)!,
  path,
  count: 1,
  ownCount: 1,
  childCount,
  lastSeen: 0,
  lastSeq: 1,
  retained: false,
  ratePerSec: 0,
  preview: null,
});

describe('tree rows', () => {
  it('flattens expanded nodes under their parent, with placeholders for pages not loaded', () => {
    const levels = new Map<string, Level>([
      [ROOT, { total: 2, pages: new Map([[0, [node('a', 1), node('b', 10_000)]]]) }],
      ['a', { total: 1, pages: new Map([[0, [node('a/x')]]]) }],
      ['b', { total: 10_000, pages: new Map([[1, Array.from({ length: PAGE }, (_, i) => node(`b/${PAGE + i}`))]]) }],
    ]);
    const rows = flattenTree(levels, new Set(['a', 'b']));
    expect(rows).toHaveLength(3 + 10_000);
    expect(rows.slice(0, 3).map((r) => [r.key, r.depth])).toEqual([
      ['a', 0],
      ['a/x', 1],
      ['b', 0],
    ]);
    expect(rows[3]!.node).toBeNull();
    expect(rows[3 + PAGE]!.node!.path).toBe(`b/${PAGE}`);
    // Collapsed: the children are hidden but stay loaded.
    expect(flattenTree(levels, new Set(['a']))).toHaveLength(3);
    // Only the pages in view are asked for.
    expect(missingPages(rows, 0, 50)).toEqual([{ parent: 'b', page: 0 }]);
    expect(missingPages(rows, 3 + PAGE, 3 + 2 * PAGE + 5)).toEqual([{ parent: 'b', page: 2 }]);
  });

  it('filters a subtree with #', () => {
    expect(subtreeFilter('plant/pump-1')).toBe('plant/pump-1/#');
  });
});
