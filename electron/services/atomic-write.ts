import { QuireError } from '../../shared/errors.ts';
import { createHash, randomBytes } from 'node:crypto';
import { closeSync, constants, fstatSync, openSync, readSync } from 'node:fs';
import { link, mkdir, open, readdir, rename, stat, unlink } from 'node:fs/promises';
import path from 'node:path';

/** A file's version: the hash of its bytes, so any change on disk is seen. */
export function versionOf(bytes: Uint8Array | string): string {
  return createHash('sha256').update(bytes).digest('hex').slice(0, 32);
}

/** Refused save: the file changed on disk since the caller read it. */
export class ConflictError extends QuireError {
  declare readonly file: string;
  constructor(file: string) {
    super(
      'conflict',
      'changed on disk since it was opened; nothing was written (reload it or keep your version explicitly)',
      { file },
    );
    this.name = 'ConflictError';
  }
}

/** A file Quire will not read or replace (not a regular file, too big, read-only). */
export class UnsafeFileError extends QuireError {
  declare readonly file: string;
  constructor(file: string, why: string) {
    super('unsafe-file', why, { file });
    this.name = 'UnsafeFileError';
  }
}

/** The largest text file (post, config) Quire reads: bigger ones are refused, not loaded. */
export const MAX_TEXT_FILE = 10 * 1024 * 1024;

function checkReadable(
  st: { isFile(): boolean; isDirectory(): boolean; size: number },
  display: string,
  max: number,
) {
  if (st.isDirectory()) throw new UnsafeFileError(display, 'is a folder, not a file');
  if (!st.isFile())
    throw new UnsafeFileError(
      display,
      'is not a regular file (a pipe, device or socket); Quire skips it',
    );
  if (st.size > max)
    throw new UnsafeFileError(
      display,
      `is ${(st.size / 1024 / 1024).toFixed(1)} MB; Quire opens files up to ${max / 1024 / 1024} MB`,
    );
}

/**
 * Reads a regular file of at most `max` bytes. FIFOs, devices and sockets are refused
 * without blocking (opened non-blocking, checked on the open descriptor), as is anything
 * bigger than `max`. ENOENT passes through.
 */
export async function readRegularFile(
  abs: string,
  display: string,
  max = MAX_TEXT_FILE,
): Promise<Buffer> {
  const fh = await open(abs, constants.O_RDONLY | (constants.O_NONBLOCK ?? 0));
  try {
    const st = await fh.stat();
    checkReadable(st, display, max);
    const buf = Buffer.alloc(st.size);
    let n = 0;
    while (n < st.size) {
      const { bytesRead } = await fh.read(buf, n, st.size - n, n);
      if (bytesRead === 0) break;
      n += bytesRead;
    }
    return n === st.size ? buf : buf.subarray(0, n);
  } finally {
    await fh.close();
  }
}

/** readRegularFile for the indexer's synchronous slices: same rules, no blocking. */
export function readRegularFileSync(abs: string, display: string, max = MAX_TEXT_FILE): Buffer {
  const fd = openSync(abs, constants.O_RDONLY | (constants.O_NONBLOCK ?? 0));
  try {
    const st = fstatSync(fd);
    checkReadable(st, display, max);
    const buf = Buffer.alloc(st.size);
    let n = 0;
    while (n < st.size) {
      const r = readSync(fd, buf, n, st.size - n, n);
      if (r === 0) break;
      n += r;
    }
    return n === st.size ? buf : buf.subarray(0, n);
  } finally {
    closeSync(fd);
  }
}

/** Reads a file's bytes and version; null version when it does not exist. */
export async function readVersion(
  abs: string,
  display = path.basename(abs),
): Promise<{ bytes: Buffer | null; version: string | null }> {
  try {
    const bytes = await readRegularFile(abs, display);
    return { bytes, version: versionOf(bytes) };
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'ENOENT') return { bytes: null, version: null };
    throw err;
  }
}

/**
 * Temp files are `.<start of name>.quire-tmp-<hex>`, hidden, next to their target. The
 * name is cut short so a target whose name is near the 255-byte limit can still be saved.
 */
const TEMP_RE = /^\..{0,32}\.quire-tmp-[0-9a-f]{12}$/su;

function tempNameFor(abs: string): string {
  const start = [...path.basename(abs)].slice(0, 32).join('');
  return path.join(path.dirname(abs), `.${start}.quire-tmp-${randomBytes(6).toString('hex')}`);
}

/** Moves a finished temp file to a path that must not exist yet (EEXIST if it does). */
async function placeNew(tmp: string, abs: string): Promise<void> {
  try {
    await link(tmp, abs);
  } catch (err) {
    const code = (err as NodeJS.ErrnoException).code;
    // File systems without hard links (FAT, some shares): check, then rename.
    if (code !== 'EPERM' && code !== 'ENOTSUP' && code !== 'ENOSYS' && code !== 'EXDEV') throw err;
    const exists = await stat(abs).then(
      () => true,
      () => false,
    );
    if (exists)
      throw Object.assign(new Error(`EEXIST: file already exists, '${abs}'`), { code: 'EEXIST' });
    await rename(tmp, abs);
    return;
  }
  await unlink(tmp);
}

/** Writes bytes to a new temp file next to `abs` (fsynced when `sync`). Returns its path. */
async function writeTemp(
  abs: string,
  bytes: Uint8Array,
  mode?: number,
  sync = true,
): Promise<string> {
  const tmp = tempNameFor(abs);
  const fh = await open(tmp, 'wx', mode ?? 0o666);
  try {
    let n = 0;
    while (n < bytes.length) n += (await fh.write(bytes, n, bytes.length - n)).bytesWritten;
    if (mode !== undefined) await fh.chmod(mode);
    if (sync) await fh.sync();
  } catch (err) {
    await fh.close().catch(() => {});
    await unlink(tmp).catch(() => {});
    throw err;
  } finally {
    await fh.close().catch(() => {});
  }
  return tmp;
}

/** fsyncs a folder so a rename in it survives a power cut (where the platform allows). */
async function syncDir(dir: string): Promise<void> {
  try {
    const fh = await open(dir, 'r');
    try {
      await fh.sync();
    } finally {
      await fh.close();
    }
  } catch {
    // Windows cannot open folders; the rename is still atomic.
  }
}

/**
 * Writes `text` to `abs` atomically (temp file in the same folder, fsync, rename), only if
 * the file on disk is still at `baseVersion` (null: it must not exist). The version is
 * checked before writing and again just before the rename, so an external change landing
 * meanwhile is a conflict, not overwritten. A read-only file is refused. Returns the new
 * version. A crash at any point leaves the old file or the new one, never a partial one.
 */
export async function saveIfUnchanged(
  abs: string,
  display: string,
  text: string | Uint8Array,
  baseVersion: string | null,
  hooks: {
    /** Runs once the file is known to be at `baseVersion`, with its bytes (the history). */
    beforeWrite?: (current: Buffer | null) => Promise<void>;
    /** Tests only: runs between writing the temp file and the last check. */
    beforeRename?: () => Promise<void>;
  } = {},
): Promise<string> {
  const current = await readVersion(abs, display);
  if (current.version !== baseVersion) throw new ConflictError(display);
  await hooks.beforeWrite?.(current.bytes);
  const st = current.bytes ? await stat(abs) : null;
  if (st && (st.mode & 0o222) === 0)
    throw new UnsafeFileError(
      display,
      'is read-only; Quire does not replace it (make it writable, then save again)',
    );
  const bytes = typeof text === 'string' ? Buffer.from(text, 'utf8') : Buffer.from(text);
  const tmp = await writeTemp(abs, bytes, st ? st.mode & 0o7777 : undefined);
  try {
    await hooks.beforeRename?.();
    // Re-verify at the last moment: the window left is the rename itself.
    const again = await readVersion(abs, display);
    if (again.version !== baseVersion) throw new ConflictError(display);
    if (baseVersion === null) {
      // A new file: never clobbers one someone created meanwhile.
      await placeNew(tmp, abs);
    } else {
      await rename(tmp, abs);
    }
  } catch (err) {
    await unlink(tmp).catch(() => {});
    throw err;
  }
  await syncDir(path.dirname(abs));
  return versionOf(bytes);
}

/**
 * Replaces (or creates) `abs` with `data` atomically, unconditionally: a temp file next to
 * it, then a rename, so a reader sees the old bytes or the new ones, never a part, and a
 * failed write leaves no temp file. The one helper for files Quire owns (export outputs,
 * manifests, the index cache); `durable` also fsyncs the file and its folder. User files
 * are saved with saveIfUnchanged (conditional on their version) instead.
 */
export async function replaceFile(
  abs: string,
  data: string | Uint8Array,
  options: { durable?: boolean; mkdir?: boolean } = {},
): Promise<void> {
  const durable = options.durable ?? true;
  if (options.mkdir) await mkdir(path.dirname(abs), { recursive: true });
  const bytes = typeof data === 'string' ? Buffer.from(data, 'utf8') : data;
  const tmp = await writeTemp(abs, bytes, undefined, durable);
  try {
    await rename(tmp, abs);
  } catch (err) {
    await unlink(tmp).catch(() => {});
    throw err;
  }
  if (durable) await syncDir(path.dirname(abs));
}

/**
 * Creates `abs` with `bytes` atomically and never over an existing file (EEXIST then):
 * the file appears whole or not at all, even if the process is killed.
 */
export async function createAtomically(abs: string, bytes: Uint8Array): Promise<void> {
  const tmp = await writeTemp(abs, bytes);
  try {
    await placeNew(tmp, abs);
  } finally {
    await unlink(tmp).catch(() => {});
  }
  await syncDir(path.dirname(abs));
}

/**
 * Removes Quire's temp files (left by a crash mid-write) under `dir`, without following
 * links. Returns how many were removed. Only names Quire makes are touched.
 */
export async function removeStaleTemps(dir: string, depth = 12): Promise<number> {
  let items;
  try {
    items = await readdir(dir, { withFileTypes: true });
  } catch {
    return 0;
  }
  let n = 0;
  for (const d of items) {
    const abs = path.join(dir, d.name);
    if (d.isFile() && TEMP_RE.test(d.name)) {
      await unlink(abs).catch(() => {});
      n++;
    } else if (d.isDirectory() && depth > 0 && d.name !== 'node_modules' && d.name !== '.git') {
      n += await removeStaleTemps(abs, depth - 1);
    }
  }
  return n;
}
