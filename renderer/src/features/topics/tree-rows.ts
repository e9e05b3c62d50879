import type { TopicNode } from '../../../../shared/contract/topics.contract';

// The tree as the list shows it: the loaded pages of every expanded node, flattened into rows. Children not
// loaded yet are placeholder rows (node null), so a 10,000-child node scrolls at full height while only the
// pages in view are fetched.

export const PAGE = 200;
/** The parent key of the top level ('' is a real level: the empty name of "/a"). */
export const ROOT = '\u0000';

export interface Level {
  total: number;
  pages: Map<number, TopicNode[]>;
}

export interface TreeRow {
  key: string;
  parent: string;
  index: number;
  depth: number;
  node: TopicNode | null;
}

export function flattenTree(levels: ReadonlyMap<string, Level>, expanded: ReadonlySet<string>): TreeRow[] {
  const rows: TreeRow[] = [];
  const visit = (parent: string, depth: number) => {
    const level = levels.get(parent);
    if (!level) return;
    for (let i = 0; i < level.total; i++) {
      const node = level.pages.get(Math.floor(i / PAGE))?.[i % PAGE] ?? null;
      rows.push({ key: node ? node.path : `${parent}#${i}`, parent, index: i, depth, node });
      if (node && node.childCount > 0 && expanded.has(node.path)) visit(node.path, depth + 1);
    }
  };
  visit(ROOT, 0);
  return rows;
}

/** The pages the rows in [first, last] need, per parent, that are not loaded yet. */
export function missingPages(rows: readonly TreeRow[], first: number, last: number): Array<{ parent: string; page: number }> {
  const seen = new Set<string>();
  const out: Array<{ parent: string; page: number }> = [];
  for (let i = Math.max(0, first); i <= Math.min(rows.length - 1, last); i++) {
    const r = rows[i]!;
    if (r.node) continue;
    const page = Math.floor(r.index / PAGE);
    const k = `${r.parent}\u0001${page}`;
    if (seen.has(k)) continue;
    seen.add(k);
    out.push({ parent: r.parent, page });
  }
  return out;
}

/** Loaded pages that rows in [first, last] show, for the periodic refresh of counts and rates. */
export function visiblePages(rows: readonly TreeRow[], first: number, last: number): Array<{ parent: string; page: number }> {
  const seen = new Set<string>();
  const out: Array<{ parent: string; page: number }> = [];
  for (let i = Math.max(0, first); i <= Math.min(rows.length - 1, last); i++) {
    const r = rows[i]!;
    const page = Math.floor(r.index / PAGE);
    const k = `${r.parent}\u0001${page}`;
    if (!seen.has(k)) {
      seen.add(k);
      out.push({ parent: r.parent, page });
    }
  }
  return out;
}

/** The parent row's path for keyboard "left", or null at the top level. */
export function parentPath(row: TreeRow): string | null {
  return row.parent === ROOT ? null : row.parent;
}

/** The inspector topic filter that shows a node and everything below it. */
export function subtreeFilter(path: string): string {
  return `${path}/#`;
}
