import { createHash } from 'node:crypto';
import { mkdirSync, readdirSync, readFileSync, renameSync, rmSync } from 'node:fs';
import path from 'node:path';
import writeFileAtomic from 'write-file-atomic';

/** One post's unsaved text, kept so a crash or kill loses nothing. */
export interface JournalEntry {
  root: string;
  path: string;
  text: string;
  baseVersion: string | null;
  savedAt: number;
}

/**
 * The crash-recovery journal: unsaved text per post in the app's data folder, written
 * atomically as the user types, cleared when the post is saved or the edits discarded.
 */
export class Journal {
  constructor(private readonly dir: string) {}

  // When each entry was last written or cleared by the page (its own clock): requests can
  // arrive out of order, and an older text must never replace a newer one.
  private readonly latest = new Map<string, number>();

  private fresh(file: string, writtenAt: number | undefined): boolean {
    if (writtenAt === undefined) return true;
    if ((this.latest.get(file) ?? -Infinity) > writtenAt) return false;
    this.latest.set(file, writtenAt);
    return true;
  }

  private file(root: string, rel: string): string {
    return path.join(
      this.dir,
      `${createHash('sha256').update(`${root}\0${rel}`).digest('hex').slice(0, 32)}.json`,
    );
  }

  /** Records unsaved text; false when a newer write or clear (by `writtenAt`) came first. */
  write(entry: JournalEntry, writtenAt?: number): boolean {
    const file = this.file(entry.root, entry.path);
    if (!this.fresh(file, writtenAt)) return false;
    mkdirSync(this.dir, { recursive: true });
    writeFileAtomic.sync(file, JSON.stringify(entry));
    // A write cut short by a crash before this one is older than it: gone.
    for (const o of this.interrupted(path.basename(file))) rmSync(o.file, { force: true });
    return true;
  }

  /**
   * Writes a kill cut short between writing the temporary file and renaming it (the
   * text is complete there, the entry not yet in place): complete ones only, with their
   * entry. write-file-atomic names them `<entry file>.<number>`.
   */
  private interrupted(name?: string): { file: string; target: string; entry: JournalEntry }[] {
    let names: string[];
    try {
      names = readdirSync(this.dir);
    } catch {
      return [];
    }
    const out = [];
    for (const n of names) {
      const m = /^([0-9a-f]{32}\.json)\.[0-9a-z]+$/.exec(n);
      if (!m || (name !== undefined && m[1] !== name)) continue;
      const entry = readEntry(path.join(this.dir, n));
      // A temporary file still being written (or cut mid-write) does not parse: left alone.
      if (entry)
        out.push({ file: path.join(this.dir, n), target: path.join(this.dir, m[1]!), entry });
    }
    return out;
  }

  /**
   * Finishes the writes a crash interrupted: a complete temporary entry newer than the
   * entry in place (or with none) becomes the entry; an older one is removed.
   */
  private recover(): void {
    for (const o of this.interrupted()) {
      const current = readEntry(o.target);
      try {
        if (!current || o.entry.savedAt >= current.savedAt) renameSync(o.file, o.target);
        else rmSync(o.file, { force: true });
      } catch {
        // Another process finished or removed it first.
      }
    }
  }

  /** Forgets a post's unsaved text (unless a newer write, by `writtenAt`, came first). */
  clear(root: string, rel: string, writtenAt?: number): boolean {
    const f = this.file(root, rel);
    if (!this.fresh(f, writtenAt)) return false;
    // An interrupted write of this entry must not bring the text back later.
    for (const o of this.interrupted(path.basename(f))) rmSync(o.file, { force: true });
    try {
      rmSync(f);
      return true;
    } catch {
      return false;
    }
  }

  /** A post moved (rename, bundle conversion): its unsaved text follows it. */
  move(root: string, from: string, to: string): void {
    if (from === to) return;
    this.recover();
    const entry = readEntry(this.file(root, from));
    if (!entry) return;
    this.write({ ...entry, path: to });
    this.clear(root, from);
  }

  /** Everything unsaved for a site, newest first. */
  list(root: string): JournalEntry[] {
    this.recover();
    let names: string[];
    try {
      names = readdirSync(this.dir).filter((n) => n.endsWith('.json'));
    } catch {
      return [];
    }
    const out: JournalEntry[] = [];
    for (const n of names) {
      // A damaged entry is skipped, not fatal.
      const e = readEntry(path.join(this.dir, n));
      if (e?.root === root) out.push(e);
    }
    return out.sort((a, b) => b.savedAt - a.savedAt);
  }
}

function readEntry(file: string): JournalEntry | null {
  try {
    const e = JSON.parse(readFileSync(file, 'utf8')) as JournalEntry;
    return typeof e.text === 'string' && typeof e.path === 'string' && typeof e.savedAt === 'number'
      ? e
      : null;
  } catch {
    return null;
  }
}
