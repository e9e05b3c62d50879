// Reading and writing nested draft fields by dotted path ("tls.caFile"), immutably.
export type Draft = Record<string, unknown>;

export function getPath(d: Draft, path: string): unknown {
  let cur: unknown = d;
  for (const k of path.split('.')) {
    if (cur == null || typeof cur !== 'object') return undefined;
    cur = (cur as Record<string, unknown>)[k];
  }
  return cur;
}

export function setPath(d: Draft, path: string, value: unknown): Draft {
  const [head, ...rest] = path.split('.');
  const key = head!;
  if (rest.length === 0) {
    const out = { ...d };
    if (value === undefined) delete out[key];
    else out[key] = value;
    return out;
  }
  const child = d[key];
  return { ...d, [key]: setPath(child && typeof child === 'object' ? (child as Draft) : {}, rest.join('.'), value) };
}
