import path from 'node:path';

export type TargetResult = { ok: true; pathname: string } | { ok: false; reason: string };

/**
 * The path of a request line's target, whatever a client put there: origin-form (`/a%20b`) or absolute-form
 * (`http://host/a`). Anything that does not parse is a reason for a 400, never an exception.
 */
export function parseRequestTarget(raw: string | undefined): TargetResult {
  const target = raw ?? '/';
  let url: URL;
  try {
    url = new URL(target, 'http://127.0.0.1');
  } catch {
    return { ok: false, reason: 'the request target is not a valid URL' };
  }
  return { ok: true, pathname: url.pathname };
}

/**
 * Maps a URL path to a file under `root`, or says why not: percent-escapes that do not decode, a NUL byte
 * (which fs refuses with an exception), and anything that resolves outside the folder.
 */
export function staticFileFor(root: string, pathname: string): { ok: true; file: string; rel: string } | { ok: false; status: 400 | 403; reason: string } {
  let rel: string;
  try {
    rel = decodeURIComponent(pathname);
  } catch {
    return { ok: false, status: 400, reason: 'the path has a malformed percent-escape' };
  }
  if (rel.includes('\0')) return { ok: false, status: 400, reason: 'the path contains a NUL byte' };
  if (rel === '/' || rel === '') rel = '/index.html';
  const base = path.resolve(root);
  const file = path.resolve(base, `.${rel}`);
  if (!file.startsWith(base + path.sep)) return { ok: false, status: 403, reason: 'forbidden' };
  return { ok: true, file, rel };
}

/** `Authorization: Bearer <token>` and nothing else: a bare token or another scheme is no token. */
export function bearerToken(header: string | undefined): string | undefined {
  if (!header || !header.startsWith('Bearer ')) return undefined;
  return header.slice('Bearer '.length);
}
