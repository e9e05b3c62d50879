// The inspector's columns: which show, in what order, how wide, and which one sorts the list. Pure, so the
// rules (every column exactly once, never zero visible, widths clamped, AMQP/RocketMQ ones only with such a source in view)
// are unit-tested; the choice itself is kept in main (messages.columnsSet) and survives a restart.
import { ColumnId as ColumnIdSchema, type ColumnId, type ColumnSettings, type MessageFilter } from '../../../../shared/contract/messages.contract';
import type { MessageKey } from '../../i18n';

export interface ColumnSpec {
  label: MessageKey;
  /** Default width in px. */
  width: number;
  min: number;
  /** Shown only while a source of one of these protocols is in view (absent: always). */
  sources?: readonly SourceKind[];
  /** The list order this column sorts by (main sorts the whole filtered list); absent: not sortable. */
  order?: NonNullable<MessageFilter['orderBy']>;
}

/** The protocols whose own columns come and go with what is in view. */
export type SourceKind = 'amqp' | 'rocketmq';
export type SourcesInView = Readonly<Record<SourceKind, boolean>>;
export const NO_SOURCES: SourcesInView = { amqp: false, rocketmq: false };

export const COLUMNS: Record<ColumnId, ColumnSpec> = {
  // Wide enough for the full table stamp (2026-12-06 08:31:43.865).
  time: { label: 'core.col.time', width: 168, min: 60, order: 'arrival' },
  connection: { label: 'core.col.connection', width: 110, min: 40, order: 'connection' },
  topic: { label: 'core.col.topic', width: 280, min: 80, order: 'topic' },
  qos: { label: 'core.col.qos', width: 36, min: 28, order: 'qos' },
  flags: { label: 'core.col.flags', width: 44, min: 28 },
  size: { label: 'core.col.size', width: 64, min: 40, order: 'size' },
  // AMQP's application messageId, RocketMQ's msgId.
  messageId: { label: 'core.col.messageId', width: 150, min: 60, sources: ['amqp', 'rocketmq'] },
  tags: { label: 'rocketmqViews.col.tags', width: 150, min: 40, sources: ['rocketmq'] },
  keys: { label: 'rocketmqViews.col.keys', width: 150, min: 40, sources: ['rocketmq'] },
  // brokerName/queueId@queueOffset
  queue: { label: 'rocketmqViews.col.queue', width: 120, min: 40, sources: ['rocketmq'] },
  // A full timestamp plus the "out of order" badge.
  generateTime: { label: 'core.col.generateTime', width: 252, min: 80, sources: ['amqp'], order: 'generateTime' },
  // RocketMQ hold mode settles too.
  settlement: { label: 'core.col.settlement', width: 76, min: 50, sources: ['amqp', 'rocketmq'] },
  preview: { label: 'core.col.preview', width: 320, min: 80 },
};

// The contract lists the columns in their default order.
export const DEFAULT_ORDER: ColumnId[] = [...ColumnIdSchema.options];
export const MAX_WIDTH = 2000;

export function defaultColumns(): ColumnSettings {
  return { order: [...DEFAULT_ORDER], hidden: [], widths: {}, sort: null };
}

/** Repairs settings from an older version or a hand-edited file: every column exactly once, known ids only. */
export function normalizeColumns(s: ColumnSettings | null | undefined): ColumnSettings {
  if (!s) return defaultColumns();
  const seen = new Set<ColumnId>();
  const order: ColumnId[] = [];
  for (const id of s.order) {
    if (!(id in COLUMNS) || seen.has(id)) continue;
    seen.add(id);
    order.push(id);
  }
  // A column added since the settings were saved goes right after its default predecessor (else at the end).
  for (const [i, id] of DEFAULT_ORDER.entries()) {
    if (seen.has(id)) continue;
    const before = DEFAULT_ORDER.slice(0, i)
      .reverse()
      .find((x) => seen.has(x));
    order.splice(before ? order.indexOf(before) + 1 : order.length, 0, id);
    seen.add(id);
  }
  const hidden = [...new Set(s.hidden.filter((id) => id in COLUMNS))];
  const widths: ColumnSettings['widths'] = {};
  for (const [id, w] of Object.entries(s.widths) as Array<[ColumnId, number]>) if (id in COLUMNS && typeof w === 'number') widths[id] = clampWidth(id, w);
  const sort = s.sort && COLUMNS[s.sort.column]?.order ? s.sort : null;
  return { order, hidden: hidden.length >= order.length ? [] : hidden, widths, sort };
}

function clampWidth(id: ColumnId, w: number): number {
  return Math.round(Math.max(COLUMNS[id].min, Math.min(MAX_WIDTH, w)));
}

/** Whether a column's protocol is in view (columns of every protocol always are). */
export function columnInView(id: ColumnId, inView: SourcesInView): boolean {
  const sources = COLUMNS[id].sources;
  return !sources || sources.some((k) => inView[k]);
}

/** The columns to draw, in order. */
export function visibleColumns(s: ColumnSettings, inView: SourcesInView): ColumnId[] {
  const out = s.order.filter((id) => !s.hidden.includes(id) && columnInView(id, inView));
  // Hiding everything is not a state the list can be used in: fall back to the topic.
  return out.length ? out : ['topic'];
}

export function columnWidth(s: ColumnSettings, id: ColumnId): number {
  return s.widths[id] ?? COLUMNS[id].width;
}

/** CSS grid columns: fixed widths, the last column also takes what is left of the row. */
export function gridTemplate(s: ColumnSettings, cols: ColumnId[]): string {
  return cols.map((id, i) => (i === cols.length - 1 ? `minmax(${columnWidth(s, id)}px, 1fr)` : `${columnWidth(s, id)}px`)).join(' ');
}

export function resizeColumn(s: ColumnSettings, id: ColumnId, width: number): ColumnSettings {
  return { ...s, widths: { ...s.widths, [id]: clampWidth(id, width) } };
}

/** Shows or hides a column; the last visible one cannot be hidden. */
export function toggleColumn(s: ColumnSettings, id: ColumnId, inView: SourcesInView): ColumnSettings {
  if (s.hidden.includes(id)) return { ...s, hidden: s.hidden.filter((x) => x !== id) };
  const visible = visibleColumns(s, inView);
  if (visible.length <= 1 && visible[0] === id) return s;
  return { ...s, hidden: [...s.hidden, id] };
}

/** Moves a column one place (or to another column's place, when dragged onto it). */
export function moveColumn(s: ColumnSettings, id: ColumnId, to: number | ColumnId): ColumnSettings {
  const order = s.order.filter((x) => x !== id);
  const from = s.order.indexOf(id);
  let at = typeof to === 'number' ? to : s.order.indexOf(to);
  if (at < 0) return s;
  at = Math.max(0, Math.min(order.length, at));
  if (at === from) return s;
  order.splice(at, 0, id);
  return { ...s, order };
}

/** Header click: ascending, then descending, then back to arrival order. */
export function cycleSort(s: ColumnSettings, id: ColumnId): ColumnSettings {
  if (!COLUMNS[id].order) return s;
  const cur = s.sort;
  if (!cur || cur.column !== id) return { ...s, sort: { column: id, dir: 'asc' } };
  if (cur.dir === 'asc') return { ...s, sort: { column: id, dir: 'desc' } };
  return { ...s, sort: null };
}

/** The list order the sort asks main for (undefined: arrival, ascending). */
export function sortFilter(sort: ColumnSettings['sort']): Pick<MessageFilter, 'orderBy' | 'descending'> {
  if (!sort) return { orderBy: undefined, descending: undefined };
  const orderBy = COLUMNS[sort.column].order!;
  return { orderBy: orderBy === 'arrival' ? undefined : orderBy, descending: sort.dir === 'desc' ? true : undefined };
}
