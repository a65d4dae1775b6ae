import { createHash } from 'node:crypto';
import { readFile } from 'node:fs/promises';
import writeFileAtomic from 'write-file-atomic';

/** A file's version: the hash of its bytes, so any change on disk is seen. */
export function versionOf(bytes: Uint8Array | string): string {
  return createHash('sha256').update(bytes).digest('hex').slice(0, 32);
}

/** Refused save: the file changed on disk since the caller read it. */
export class ConflictError extends Error {
  readonly file: string;
  constructor(file: string) {
    super(
      `${file}: changed on disk since it was opened; nothing was written (reload it or keep your version explicitly)`,
    );
    this.name = 'ConflictError';
    this.file = file;
  }
}

/** Reads a file's bytes and version; null version when it does not exist. */
export async function readVersion(
  abs: string,
): Promise<{ bytes: Buffer | null; version: string | null }> {
  try {
    const bytes = await readFile(abs);
    return { bytes, version: versionOf(bytes) };
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'ENOENT') return { bytes: null, version: null };
    throw err;
  }
}

/**
 * Writes `text` to `abs` atomically (temp file in the same folder, fsync, rename), only if
 * the file on disk is still at `baseVersion` (null: it must not exist). Returns the new
 * version. A crash at any point leaves the old file or the new one, never a partial one.
 */
export async function saveIfUnchanged(
  abs: string,
  display: string,
  text: string | Uint8Array,
  baseVersion: string | null,
): Promise<string> {
  const current = await readVersion(abs);
  if (current.version !== baseVersion) throw new ConflictError(display);
  const bytes = typeof text === 'string' ? Buffer.from(text, 'utf8') : Buffer.from(text);
  await writeFileAtomic(abs, bytes, { fsync: true });
  return versionOf(bytes);
}
