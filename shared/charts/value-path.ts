// Where in a payload a chart reads its number: "" = the payload itself ("21.5"), otherwise a JSON path such as
// `temp`, `params.values[0]` or `services[0].properties.temperature` (a leading "$." is accepted).

export type PathSegment = string | number;

export class ValuePathError extends Error {}

export function parseValuePath(text: string): PathSegment[] {
  let s = text.trim();
  if (s === '' || s === '$') return [];
  if (s.startsWith('$.')) s = s.slice(2);
  else if (s.startsWith('$[')) s = s.slice(1);
  const out: PathSegment[] = [];
  const re = /([^.[\]]+)|\[(\d+)\]|\["((?:[^"\\]|\\.)*)"\]|(\.)/gy;
  let expectName = true;
  let m: RegExpExecArray | null;
  let pos = 0;
  while (pos < s.length) {
    re.lastIndex = pos;
    m = re.exec(s);
    if (!m) throw new ValuePathError(`unexpected "${s[pos]}" at position ${pos + 1} of the path`);
    if (m[1] !== undefined) {
      if (!expectName) throw new ValuePathError(`a "." is missing before "${m[1]}"`);
      out.push(m[1]);
      expectName = false;
    } else if (m[2] !== undefined) {
      out.push(Number(m[2]));
      expectName = false;
    } else if (m[3] !== undefined) {
      out.push(JSON.parse(`"${m[3]}"`) as string);
      expectName = false;
    } else {
      if (expectName) throw new ValuePathError(`a name is missing at position ${pos + 1} of the path`);
      expectName = true;
    }
    pos = re.lastIndex;
  }
  if (expectName && out.length > 0) throw new ValuePathError('the path ends with "."');
  return out;
}

/** The number at the path in a payload's text, or null (not JSON, no such field, not a number). */
export function numberAt(text: string, path: readonly PathSegment[]): number | null {
  let v: unknown;
  try {
    v = JSON.parse(text);
  } catch {
    return null;
  }
  for (const seg of path) {
    if (v === null || typeof v !== 'object') return null;
    v = (v as Record<string | number, unknown>)[seg];
  }
  if (typeof v === 'number') return Number.isFinite(v) ? v : null;
  if (typeof v === 'boolean') return v ? 1 : 0;
  if (typeof v === 'string' && v.trim() !== '') {
    const n = Number(v);
    return Number.isFinite(n) ? n : null;
  }
  return null;
}
