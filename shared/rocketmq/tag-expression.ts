/**
 * Tag subscription expressions: `*` (or empty) takes every message, `TagA || TagB` the messages whose
 * TAGS property is one of them. SQL92 filters are not part of this (Alibaba 4.x tag filtering only).
 */
export type TagFilter = { all: true } | { all: false; tags: ReadonlySet<string> };

export function parseTagExpression(expr: string | undefined | null): TagFilter {
  const t = (expr ?? '').trim();
  if (t === '' || t === '*') return { all: true };
  const tags = t
    .split('||')
    .map((x) => x.trim())
    .filter(Boolean);
  if (tags.length === 0) throw new Error(`tag expression "${t}" names no tag; use * or TagA || TagB`);
  for (const tag of tags) if (tag.includes('|') || tag === '*') throw new Error(`tag expression "${t}": "${tag}" is not a tag; tags are joined with ||`);
  return { all: false, tags: new Set(tags) };
}

export const tagMatches = (f: TagFilter, tag: string | undefined): boolean => f.all || (tag !== undefined && f.tags.has(tag));
