/**
 * The known-answer vector files: every `auth-vectors*.json` in ../shared/vectors beside the repo (the
 * team's read-only source), or, where that folder is absent (a checkout on its own), the copies in
 * test/fixtures — said on stderr so nobody mistakes the copies for the source.
 */
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';

export interface AuthVector {
  kind: string;
  input: Record<string, any>;
  expect: Record<string, any>;
  note?: string;
}

const root = path.resolve(import.meta.dirname, '..', '..');
const SHARED = path.resolve(root, '..', 'shared', 'vectors');
const FIXTURES = path.join(root, 'test', 'fixtures');

export function authVectorFiles(): Array<{ file: string; vectors: AuthVector[] }> {
  let dir = SHARED;
  if (!existsSync(SHARED)) {
    console.warn(`auth vectors: ${SHARED} is missing; using the copies in ${FIXTURES}`);
    dir = FIXTURES;
  }
  const files = readdirSync(dir)
    .filter((f) => /^auth-vectors.*\.json$/.test(f))
    .sort();
  if (files.length === 0) throw new Error(`no auth-vectors*.json in ${dir}`);
  return files.map((f) => ({ file: f, vectors: JSON.parse(readFileSync(path.join(dir, f), 'utf8')) as AuthVector[] }));
}

/** Every vector of every file, labelled `<file>#<index>`. */
export function allAuthVectors(): Array<{ label: string; vector: AuthVector }> {
  return authVectorFiles().flatMap(({ file, vectors }) => vectors.map((vector, i) => ({ label: `${file}#${i}`, vector })));
}
