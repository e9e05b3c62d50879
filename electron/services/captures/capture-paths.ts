import fs from 'node:fs';
import path from 'node:path';
import { AppError } from '../../../shared/contract/define';

/**
 * Where a capture or bundle path given to the API points. A full path is the user's own choice (a file picker,
 * a typed path) and is taken as is; a relative name is inside the captures folder and must stay there:
 * `..` is refused in any path, and a relative name that still resolves outside (a symlink in the folder) too.
 */
export function resolveCapturePath(folder: string, file: string): string {
  if (file.includes('\0')) throw new AppError('capture-path', 'A capture path cannot contain a NUL character.', 'Give the file name again.');
  if (file.split(/[\\/]/).includes('..')) {
    throw new AppError(
      'capture-path',
      'A capture path cannot contain "..".',
      `Give a file name inside the captures folder (${folder}), or the file's full path.`,
    );
  }
  if (path.isAbsolute(file)) return path.normalize(file);
  const full = path.resolve(folder, file);
  if (!inside(folder, full)) throw outside(folder);
  // A symlink inside the folder must not lead a relative name out of it.
  let real: string | null = null;
  try {
    real = fs.realpathSync(full);
  } catch {
    // not there (yet): nothing to follow
  }
  if (real !== null && !inside(safeRealpath(folder), real)) throw outside(folder);
  return full;
}

function inside(folder: string, full: string): boolean {
  const rel = path.relative(folder, full);
  return rel !== '' && !rel.startsWith('..') && !path.isAbsolute(rel);
}

function safeRealpath(p: string): string {
  try {
    return fs.realpathSync(p);
  } catch {
    return p;
  }
}

function outside(folder: string): AppError {
  return new AppError(
    'capture-path',
    'That name leads outside the captures folder.',
    `Give a file name inside the captures folder (${folder}), or the file's full path.`,
  );
}
