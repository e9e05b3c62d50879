import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { TopicTree } from './topic-tree';

describe('TopicTree', () => {
  it('counts messages at every level and lists children sorted, page by page', () => {
    const t = new TopicTree();
    t.add('plant/pump-2/temp', 1, 1000, false, false);
    t.add('plant/pump-1/temp', 2, 1001, false, false);
    t.add('plant/pump-1/temp', 3, 1002, true, false);
    t.add('plant/pump-1', 4, 1003, false, false);
    t.add('other', 5, 1004, false, false);
    expect(t.children(null, 0, 10, 1004)!.nodes.map((n) => [n.name, n.count])).toEqual([
      ['other', 1],
      ['plant', 4],
    ]);
    const plant = t.children('plant', 0, 10, 1004)!;
    expect(plant.total).toBe(2);
    expect(plant.nodes.map((n) => ({ name: n.name, count: n.count, own: n.ownCount, children: n.childCount }))).toEqual([
      { name: 'pump-1', count: 3, own: 1, children: 1 },
      { name: 'pump-2', count: 1, own: 0, children: 1 },
    ]);
    const temp = t.node('plant/pump-1/temp', 1004)!;
    expect(temp).toMatchObject({ path: 'plant/pump-1/temp', count: 2, lastSeq: 3, retained: true, lastSeen: 1002 });
    expect(t.children('plant', 1, 1, 1004)!.nodes.map((n) => n.name)).toEqual(['pump-2']);
    expect(t.children('nope', 0, 10, 1004)).toBeNull();
  });

  it('an empty retained message clears the retained marker', () => {
    const t = new TopicTree();
    t.add('a/b', 1, 0, true, false);
    expect(t.node('a/b', 0)!.retained).toBe(true);
    t.add('a/b', 2, 1, true, true);
    expect(t.node('a/b', 0)!.retained).toBe(false);
  });

  it('keeps empty levels and leading slashes as levels of their own', () => {
    const t = new TopicTree();
    t.add('/a//b', 1, 0, false, false);
    expect(t.children(null, 0, 10, 0)!.nodes.map((n) => n.name)).toEqual(['']);
    expect(t.node('/a//b', 0)!.count).toBe(1);
    expect(t.children('/a/', 0, 10, 0)!.nodes.map((n) => n.path)).toEqual(['/a//b']);
  });

  it('rates from message time, and a quiet topic falls to 0', () => {
    const t = new TopicTree();
    for (let i = 0; i <= 50; i++) t.add('r', i, i * 100, false, false); // 10 a second for 5 s
    expect(t.node('r', 5000)!.ratePerSec).toBe(10);
    expect(t.node('r', 16_000)!.ratePerSec).toBe(0);
  });

  it('stops adding topics past the cap and counts what overflowed', () => {
    const t = new TopicTree({ maxTopics: 2 });
    t.add('a', 1, 0, false, false);
    t.add('b', 2, 0, false, false);
    t.add('c', 3, 0, false, false);
    t.add('a', 4, 0, false, false);
    expect(t.topicCount).toBe(2);
    expect(t.overflow).toBe(1);
    expect(t.node('a', 0)!.count).toBe(2);
  });

  it('searches topics case-insensitively with a limit', () => {
    const t = new TopicTree();
    for (let i = 0; i < 10; i++) t.add(`dev/Pump-${i}/x`, i, 0, false, false);
    expect(t.search('pump-1', 5)).toEqual({ paths: ['dev/Pump-1/x'], truncated: false });
    expect(t.search('PUMP', 3)).toEqual({ paths: ['dev/Pump-0/x', 'dev/Pump-1/x', 'dev/Pump-2/x'], truncated: true });
  });

  it('the root count equals the number of messages and each level sums its children (property)', () => {
    const level = fc.constantFrom('a', 'b', 'c', '');
    const topic = fc.array(level, { minLength: 1, maxLength: 4 }).map((l) => l.join('/'));
    fc.assert(
      fc.property(fc.array(topic, { maxLength: 60 }), (topics) => {
        const t = new TopicTree();
        topics.forEach((tp, i) => t.add(tp, i, i, false, false));
        expect(t.messageCount).toBe(topics.length);
        const check = (path: string | null): number => {
          const page = t.children(path, 0, 1000, 0)!;
          let sum = 0;
          for (const n of page.nodes) {
            const below = check(n.path);
            expect(n.count).toBe(n.ownCount + below);
            sum += n.count;
          }
          return sum;
        };
        expect(check(null)).toBe(topics.length);
      }),
      { numRuns: 200 },
    );
  });
});
