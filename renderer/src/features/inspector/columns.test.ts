import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { ColumnId, ColumnSettings } from '../../../../shared/contract/messages.contract';
import {
  COLUMNS,
  cycleSort,
  DEFAULT_ORDER,
  defaultColumns,
  NO_SOURCES,
  type SourcesInView,
  gridTemplate,
  moveColumn,
  normalizeColumns,
  resizeColumn,
  sortFilter,
  toggleColumn,
  visibleColumns,
} from './columns';

const id = fc.constantFrom(...DEFAULT_ORDER);
const op = fc.oneof(
  fc.tuple(fc.constant('toggle' as const), id, fc.record({ amqp: fc.boolean(), rocketmq: fc.boolean() })),
  fc.tuple(fc.constant('move' as const), id, fc.nat({ max: 12 })),
  fc.tuple(fc.constant('resize' as const), id, fc.integer({ min: -100, max: 5000 })),
  fc.tuple(fc.constant('sort' as const), id, fc.boolean()),
);

function apply(s: ColumnSettings, [kind, col, arg]: [string, ColumnId, SourcesInView | number]): ColumnSettings {
  if (kind === 'toggle') return toggleColumn(s, col, arg as SourcesInView);
  if (kind === 'move') return moveColumn(s, col, arg as number);
  if (kind === 'resize') return resizeColumn(s, col, arg as number);
  return cycleSort(s, col);
}

describe('inspector columns', () => {
  it('keeps every column exactly once, at least one visible, widths in bounds, whatever the user does', () => {
    fc.assert(
      fc.property(fc.array(op, { maxLength: 40 }), fc.boolean(), fc.boolean(), (ops, amqp, rocketmq) => {
        let s = defaultColumns();
        for (const o of ops) s = apply(s, o as never);
        expect([...s.order].sort()).toEqual([...DEFAULT_ORDER].sort());
        expect(visibleColumns(s, { amqp, rocketmq }).length).toBeGreaterThan(0);
        for (const [c, w] of Object.entries(s.widths) as Array<[ColumnId, number]>) {
          expect(w).toBeGreaterThanOrEqual(COLUMNS[c].min);
          expect(w).toBeLessThanOrEqual(2000);
        }
        // What is saved reads back the same.
        expect(normalizeColumns(JSON.parse(JSON.stringify(s)))).toEqual(s);
      }),
      { numRuns: 300 },
    );
  });

  it('shows the AMQP columns only when an AMQP source is in view, the RocketMQ ones only with RocketMQ', () => {
    const s = defaultColumns();
    expect(visibleColumns(s, NO_SOURCES)).toEqual(['time', 'connection', 'topic', 'qos', 'flags', 'size', 'preview']);
    expect(visibleColumns(s, { amqp: true, rocketmq: false })).toEqual([
      'time',
      'connection',
      'topic',
      'qos',
      'flags',
      'size',
      'messageId',
      'generateTime',
      'settlement',
      'preview',
    ]);
    expect(visibleColumns(s, { amqp: false, rocketmq: true })).toEqual([
      'time',
      'connection',
      'topic',
      'qos',
      'flags',
      'size',
      'messageId',
      'tags',
      'keys',
      'queue',
      'settlement',
      'preview',
    ]);
    expect(visibleColumns(s, { amqp: true, rocketmq: true })).toEqual(DEFAULT_ORDER);
  });

  it('puts a column added since the settings were saved at its default place, keeping the user order', () => {
    const saved = {
      order: ['preview', 'time', 'connection', 'topic', 'qos', 'flags', 'size', 'messageId', 'generateTime', 'settlement'] as ColumnId[],
      hidden: ['qos'] as ColumnId[],
      widths: {},
      sort: null,
    };
    const s = normalizeColumns(saved);
    expect(s.order).toEqual([
      'preview',
      'time',
      'connection',
      'topic',
      'qos',
      'flags',
      'size',
      'messageId',
      'tags',
      'keys',
      'queue',
      'generateTime',
      'settlement',
    ]);
    expect(s.hidden).toEqual(['qos']);
  });

  it('sorts ascending, descending, then back to arrival order; unsortable columns do nothing', () => {
    let s = cycleSort(defaultColumns(), 'topic');
    expect(sortFilter(s.sort)).toEqual({ orderBy: 'topic', descending: undefined });
    s = cycleSort(s, 'topic');
    expect(sortFilter(s.sort)).toEqual({ orderBy: 'topic', descending: true });
    s = cycleSort(s, 'topic');
    expect(s.sort).toBeNull();
    expect(cycleSort(s, 'flags')).toBe(s);
    expect(sortFilter({ column: 'time', dir: 'desc' })).toEqual({ orderBy: undefined, descending: true });
  });

  it('repairs settings from an older version and lays out a grid whose last column fills the row', () => {
    const s = normalizeColumns({
      order: ['preview', 'topic', 'topic'] as ColumnId[],
      hidden: ['nope' as ColumnId],
      widths: { topic: 5 },
      sort: { column: 'flags', dir: 'asc' },
    });
    expect(s.order.slice(0, 2)).toEqual(['preview', 'topic']);
    expect(s.order).toHaveLength(DEFAULT_ORDER.length);
    expect(s.hidden).toEqual([]);
    expect(s.widths.topic).toBe(COLUMNS.topic.min);
    expect(s.sort).toBeNull();
    expect(gridTemplate(s, ['topic', 'preview'])).toBe(`${COLUMNS.topic.min}px minmax(320px, 1fr)`);
  });

  it('moves a column onto another column', () => {
    const s = moveColumn(defaultColumns(), 'preview', 'time');
    expect(s.order.slice(0, 2)).toEqual(['preview', 'time']);
  });
});
