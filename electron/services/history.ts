import { createHash } from 'node:crypto';
import { mkdir, readdir, readFile, rm, stat, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { QuireError } from '../../shared/errors.ts';
import { replaceFile } from './atomic-write.ts';

/** Where the history lives and how much of it is kept. */
export interface HistoryOptions {
  /** 'data': the app's data folder (default); 'site': `.quire/history/` in the site. */
  location: 'data' | 'site';
  /** The most bytes of old versions kept per site (oldest go first). */
  maxBytes: number;
  /** Versions older than this many days go. */
  maxAgeDays: number;
}

export const DEFAULT_HISTORY: HistoryOptions = {
  location: 'data',
  maxBytes: 50 * 1024 * 1024,
  maxAgeDays: 90,
};

/** One kept version of a post. */
export interface HistoryEntry {
  id: string;
  savedAt: number;
  size: number;
  /** 'saved': the file as it was before a save; 'unsaved': text typed but not saved (restore). */
  kind: 'saved' | 'unsaved';
}

/** An id: `<ms, 13 digits>-<counter>-<hash>-<kind>`; the only file names read back. */
export const HISTORY_ID = /^\d{13}-\d{6}-[0-9a-f]{8}-[su]$/;
const FILE = /^(\d{13}-\d{6}-[0-9a-f]{8}-[su])\.v$/;

/** How many records a process makes before its running tally is checked by a full scan. */
const RESCAN_EVERY = 100;

const hash = (s: string, n: number) => createHash('sha256').update(s).digest('hex').slice(0, n);

/** The folder a site's history is kept in. */
export function historyDir(root: string, dataDir: string, options: HistoryOptions): string {
  return options.location === 'site'
    ? path.join(root, '.quire', 'history')
    : path.join(dataDir, 'history', hash(root, 24));
}

/**
 * Local history: every save keeps the version it replaces, per post, in files Quire owns
 * (never in the site unless the user chose `.quire/` there), bounded by total size and
 * age. Works without git. Each post has a folder named by a hash of its path, holding
 * `path.txt` and one `<id>.v` file per version (the exact bytes).
 */
export class LocalHistory {
  private counter = 0;
  /**
   * What the last full scan left (bytes kept, the oldest version's time), plus what this
   * process added since: a save prunes without listing every post's folder while both
   * bounds hold. Rescanned every RESCAN_EVERY records (another process may add versions).
   */
  private tally: { total: number; oldest: number; records: number } | null = null;

  constructor(
    readonly dir: string,
    private readonly options: HistoryOptions = DEFAULT_HISTORY,
    private readonly now: () => number = Date.now,
  ) {}

  private postDir(rel: string): string {
    return path.join(this.dir, hash(rel, 24));
  }

  /**
   * Keeps `bytes` as a version of `rel` (unless it equals the newest kept one), then prunes
   * (unless `prune` is false: the caller prunes later, off its critical path).
   */
  async record(
    rel: string,
    bytes: Uint8Array,
    kind: 'saved' | 'unsaved' = 'saved',
    prune = true,
  ): Promise<void> {
    const dir = this.postDir(rel);
    const digest = createHash('sha256').update(bytes).digest('hex').slice(0, 8);
    const newest = (await this.list(rel))[0];
    if (newest && newest.id.split('-')[2] === digest) return;
    await mkdir(dir, { recursive: true });
    await writeFile(path.join(dir, 'path.txt'), rel);
    const id = `${String(this.now()).padStart(13, '0')}-${String(this.counter++ % 1e6).padStart(6, '0')}-${digest}-${kind[0]}`;
    await replaceFile(path.join(dir, `${id}.v`), bytes, { durable: false });
    if (this.tally) {
      this.tally.total += bytes.length;
      this.tally.records++;
    }
    if (prune) await this.prune();
  }

  /** A post's kept versions, newest first. */
  async list(rel: string): Promise<HistoryEntry[]> {
    return (await this.entriesIn(this.postDir(rel))).sort((a, b) => (a.id < b.id ? 1 : -1));
  }

  /** The bytes of one kept version. */
  async read(rel: string, id: string): Promise<Buffer> {
    if (!HISTORY_ID.test(id)) throw new QuireError('invalid-request', `not a version id: ${id}`);
    try {
      return await readFile(path.join(this.postDir(rel), `${id}.v`));
    } catch {
      throw new QuireError('not-found', 'that version is no longer in the history', { file: rel });
    }
  }

  /** Bytes kept for the whole site. */
  async totalBytes(): Promise<number> {
    let total = 0;
    for (const d of await this.postDirs()) for (const e of await this.entriesIn(d)) total += e.size;
    return total;
  }

  /** Drops versions older than the age bound, then the oldest until the size bound holds. */
  async prune(): Promise<void> {
    const cutoff = this.now() - this.options.maxAgeDays * 86_400_000;
    const t = this.tally;
    if (t && t.records < RESCAN_EVERY && t.total <= this.options.maxBytes && t.oldest >= cutoff)
      return;
    const all: (HistoryEntry & { file: string })[] = [];
    for (const d of await this.postDirs())
      for (const e of await this.entriesIn(d)) all.push({ ...e, file: path.join(d, `${e.id}.v`) });
    all.sort((a, b) => (a.id < b.id ? -1 : 1));
    let total = all.reduce((n, e) => n + e.size, 0);
    let kept = 0;
    for (const e of all) {
      if (e.savedAt >= cutoff && total <= this.options.maxBytes) break;
      await rm(e.file, { force: true });
      total -= e.size;
      kept++;
    }
    this.tally = { total, oldest: all[kept]?.savedAt ?? Infinity, records: 0 };
  }

  /** A post moved: its history follows it. */
  async move(from: string, to: string): Promise<void> {
    if (from === to) return;
    for (const e of await this.list(from)) {
      const bytes = await this.read(from, e.id);
      const dir = this.postDir(to);
      await mkdir(dir, { recursive: true });
      await writeFile(path.join(dir, 'path.txt'), to);
      await replaceFile(path.join(dir, `${e.id}.v`), bytes, { durable: false });
    }
    await rm(this.postDir(from), { recursive: true, force: true });
  }

  private async postDirs(): Promise<string[]> {
    try {
      return (await readdir(this.dir, { withFileTypes: true }))
        .filter((d) => d.isDirectory() && /^[0-9a-f]{24}$/.test(d.name))
        .map((d) => path.join(this.dir, d.name));
    } catch {
      return [];
    }
  }

  private async entriesIn(dir: string): Promise<HistoryEntry[]> {
    let names: string[];
    try {
      names = await readdir(dir);
    } catch {
      return [];
    }
    const out: HistoryEntry[] = [];
    for (const n of names) {
      const m = FILE.exec(n);
      if (!m) continue;
      const st = await stat(path.join(dir, n)).catch(() => null);
      if (!st?.isFile()) continue;
      const id = m[1]!;
      out.push({
        id,
        savedAt: Number(id.slice(0, 13)),
        size: st.size,
        kind: id.endsWith('-u') ? 'unsaved' : 'saved',
      });
    }
    return out;
  }
}

/** The history options from settings.json (`history`), each value checked, else the default. */
export function historyOptions(
  s: { location?: unknown; maxMB?: unknown; maxAgeDays?: unknown } | undefined,
): HistoryOptions {
  const num = (v: unknown, min: number, max: number) =>
    typeof v === 'number' && Number.isFinite(v) && v >= min && v <= max ? v : null;
  const mb = num(s?.maxMB, 0.001, 100_000);
  const days = num(s?.maxAgeDays, 0.001, 36_500);
  return {
    location: s?.location === 'site' ? 'site' : 'data',
    maxBytes: mb === null ? DEFAULT_HISTORY.maxBytes : Math.round(mb * 1024 * 1024),
    maxAgeDays: days ?? DEFAULT_HISTORY.maxAgeDays,
  };
}
