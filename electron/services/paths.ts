import { isQuireError, QuireError } from '../../shared/errors.ts';
import { realpathSync } from 'node:fs';
import path from 'node:path';

/** A path that left the open site, or was not a plain relative path. */
export class PathError extends QuireError {
  constructor(p: string, why: string) {
    super('forbidden', why, { file: p });
    this.name = 'PathError';
  }
}

/** Turns an OS path relative to root into the posix form Quire shows and stores. */
export function toRel(root: string, abs: string): string {
  return path.relative(root, abs).split(path.sep).join('/');
}

/**
 * Resolves a site-relative path to an absolute one inside `root`, refusing absolute
 * paths, `..` escapes, NUL bytes and symlinks that lead out of the site (realpath).
 */
export function resolveInside(root: string, rel: string): string {
  if (typeof rel !== 'string' || rel === '' || rel.includes('\0'))
    throw new PathError(String(rel), 'not a valid path');
  if (path.isAbsolute(rel) || /^[a-zA-Z]:/.test(rel) || rel.startsWith('\\'))
    throw new PathError(rel, 'must be relative to the site folder');
  // Site paths are posix. On Windows a backslash is a separator (a way round the checks);
  // elsewhere it is an ordinary character of a file name (`a\\b.md` opens like any post),
  // but never one that would read as `..` or `.` to a tool that splits on it.
  if (
    rel.includes('\\') &&
    (path.sep === '\\' || rel.split(/[\\/]/).some((seg) => seg === '..' || seg === '.'))
  )
    throw new PathError(rel, 'paths use / as the separator');
  const realRoot = realpathSync(root);
  const abs = path.resolve(realRoot, rel);
  if (!isInside(realRoot, abs)) throw new PathError(rel, 'is outside the site folder');
  // The deepest part that exists must also resolve inside (symlinks included).
  let probe = abs;
  for (;;) {
    try {
      const real = realpathSync(probe);
      if (!isInside(realRoot, real))
        throw new PathError(rel, 'leads outside the site folder (through a link)');
      break;
    } catch (err) {
      if (isQuireError(err)) throw err;
      const parent = path.dirname(probe);
      if (parent === probe) break;
      probe = parent;
    }
  }
  return abs;
}

function isInside(root: string, p: string): boolean {
  const r = path.relative(root, p);
  return r === '' || (!r.startsWith('..') && !path.isAbsolute(r));
}
