import { createHash } from 'node:crypto';
import { mkdirSync, readdirSync, readFileSync, rmSync } from 'node:fs';
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
    return true;
  }

  /** Forgets a post's unsaved text (unless a newer write, by `writtenAt`, came first). */
  clear(root: string, rel: string, writtenAt?: number): boolean {
    const f = this.file(root, rel);
    if (!this.fresh(f, writtenAt)) return false;
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
    const f = this.file(root, from);
    let entry: JournalEntry;
    try {
      entry = JSON.parse(readFileSync(f, 'utf8')) as JournalEntry;
    } catch {
      return;
    }
    this.write({ ...entry, path: to });
    this.clear(root, from);
  }

  /** Everything unsaved for a site, newest first. */
  list(root: string): JournalEntry[] {
    let names: string[];
    try {
      names = readdirSync(this.dir).filter((n) => n.endsWith('.json'));
    } catch {
      return [];
    }
    const out: JournalEntry[] = [];
    for (const n of names) {
      try {
        const e = JSON.parse(readFileSync(path.join(this.dir, n), 'utf8')) as JournalEntry;
        if (e.root === root && typeof e.text === 'string') out.push(e);
      } catch {
        // A damaged entry is skipped, not fatal.
      }
    }
    return out.sort((a, b) => b.savedAt - a.savedAt);
  }
}
