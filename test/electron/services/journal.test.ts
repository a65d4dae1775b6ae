import { readdirSync, renameSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { Journal } from '../../../electron/services/journal.ts';
import { tempDir } from '../../helpers/site.ts';

const entry = (text: string) => ({
  root: '/site',
  path: 'content/posts/a.md',
  text,
  baseVersion: null,
  savedAt: 0,
});

describe('the recovery journal', () => {
  it('keeps the newest text when writes arrive out of order', () => {
    const j = new Journal(tempDir());
    expect(j.write(entry('newer text'), 2)).toBe(true);
    expect(j.write(entry('older text'), 1)).toBe(false);
    expect(j.list('/site').map((e) => e.text)).toEqual(['newer text']);
  });

  it('a write sent before a clear never brings the text back after it', () => {
    const j = new Journal(tempDir());
    j.write(entry('unsaved'), 1);
    expect(j.clear('/site', 'content/posts/a.md', 3)).toBe(true);
    expect(j.write(entry('late, older'), 2)).toBe(false);
    expect(j.list('/site')).toEqual([]);
    expect(j.write(entry('typed after the save'), 4)).toBe(true);
    expect(j.list('/site').map((e) => e.text)).toEqual(['typed after the save']);
  });

  it('follows a post that moved', () => {
    const j = new Journal(tempDir());
    j.write(entry('moving text'), 1);
    j.move('/site', 'content/posts/a.md', 'content/posts/a/index.md');
    expect(j.list('/site').map((e) => [e.path, e.text])).toEqual([
      ['content/posts/a/index.md', 'moving text'],
    ]);
  });
});

describe('the recovery journal after a kill in the middle of a write', () => {
  // write-file-atomic writes `<entry>.json.<n>` and renames it; a kill between the two
  // leaves the complete text in the temporary file.
  const interrupt = (dir: string, text: string, savedAt: number) => {
    const j = new Journal(dir);
    j.write({ ...entry(text), savedAt });
    const [name] = readdirSync(dir).filter((n) => n.endsWith('.json'));
    renameSync(path.join(dir, name!), path.join(dir, `${name}.1233270773`));
    return name!;
  };

  it('offers the text a kill left in a temporary file, and makes it the entry', () => {
    const dir = tempDir();
    const name = interrupt(dir, 'typed just before the kill', 5);
    const j = new Journal(dir);
    expect(j.list('/site').map((e) => e.text)).toEqual(['typed just before the kill']);
    expect(readdirSync(dir)).toEqual([name]);
    // Discarding it then leaves nothing to come back.
    j.clear('/site', 'content/posts/a.md');
    expect(new Journal(dir).list('/site')).toEqual([]);
  });

  it('prefers the newer of the interrupted write and the entry in place', () => {
    const dir = tempDir();
    const name = interrupt(dir, 'newer, interrupted', 9);
    writeFileSync(
      path.join(dir, name),
      JSON.stringify({ ...entry('older, in place'), savedAt: 3 }),
    );
    expect(new Journal(dir).list('/site').map((e) => e.text)).toEqual(['newer, interrupted']);

    const dir2 = tempDir();
    const name2 = interrupt(dir2, 'older, interrupted', 3);
    writeFileSync(
      path.join(dir2, name2),
      JSON.stringify({ ...entry('newer, in place'), savedAt: 9 }),
    );
    expect(new Journal(dir2).list('/site').map((e) => e.text)).toEqual(['newer, in place']);
    expect(readdirSync(dir2)).toEqual([name2]);
  });

  it('a later write or clear retires an interrupted one, and a torn file is left alone', () => {
    const dir = tempDir();
    const name = interrupt(dir, 'interrupted', 5);
    const j = new Journal(dir);
    j.write({ ...entry('written after the restart'), savedAt: 7 });
    expect(readdirSync(dir)).toEqual([name]);
    writeFileSync(path.join(dir, `${name}.99`), '{"root":"/site","path":"content/po');
    expect(j.list('/site').map((e) => e.text)).toEqual(['written after the restart']);
    expect(readdirSync(dir).sort()).toEqual([name, `${name}.99`]);
    interrupt(dir, 'interrupted again', 8);
    j.clear('/site', 'content/posts/a.md');
    expect(j.list('/site')).toEqual([]);
  });
});
