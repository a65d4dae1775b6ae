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
