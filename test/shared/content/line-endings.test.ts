import { describe, expect, it } from 'vitest';
import { toDiskText, toEditorText } from '../../../shared/content/line-endings.ts';
import { rng } from '../../helpers/random.ts';

describe('line endings and BOM survive editing', () => {
  it.each([
    ['LF', '---\ntitle: A\n---\nBody\n'],
    ['CRLF', '---\r\ntitle: A\r\n---\r\nBody\r\n'],
    ['mixed', '---\r\ntitle: A\n---\rBody\r\nend'],
    ['BOM + CRLF', '\uFEFF---\r\ntitle: A\r\n---\r\n'],
    ['lone CR only', 'a\rb\rc'],
  ])('%s: unchanged text is written back byte for byte', (_name, disk) => {
    const shown = toEditorText(disk);
    expect(shown).not.toMatch(/\r|\uFEFF/);
    expect(toDiskText(shown, disk)).toBe(disk);
  });

  it('a CRLF file stays CRLF when lines are typed, and keeps its BOM', () => {
    const disk = '\uFEFF---\r\ntitle: A\r\n---\r\nBody\r\n';
    const edited = toEditorText(disk).replace('Body\n', 'Body\nNew line\nAnother\n');
    expect(toDiskText(edited, disk)).toBe(
      '\uFEFF---\r\ntitle: A\r\n---\r\nBody\r\nNew line\r\nAnother\r\n',
    );
  });

  it('in a mixed file, only the edited line changes; a lone CR elsewhere stays', () => {
    const disk = 'one\r\ntwo\rthree\nfour\r\n';
    const edited = toEditorText(disk).replace('three', 'THREE');
    expect(toDiskText(edited, disk)).toBe('one\r\ntwo\rTHREE\nfour\r\n');
    const added = toEditorText(disk).replace('two\n', 'two\ninserted\n');
    // The new line takes the file's most common break (CRLF here).
    expect(toDiskText(added, disk)).toBe('one\r\ntwo\rinserted\r\nthree\nfour\r\n');
  });

  it('random edits: the editor text round-trips and untouched lines keep their breaks (2,000 cases)', () => {
    const r = rng(7).next;
    const breaks = ['\n', '\r\n', '\r'];
    let checked = 0;
    for (let c = 0; c < 2000; c++) {
      const n = 1 + Math.floor(r() * 12);
      const lines = Array.from({ length: n }, (_, i) => `l${i}${r() < 0.2 ? '' : ' text'}`);
      const ends = lines.map((_, i) =>
        i === n - 1 && r() < 0.5 ? '' : breaks[Math.floor(r() * (c % 3 === 0 ? 1 : 3))]!,
      );
      const disk = (r() < 0.2 ? '\uFEFF' : '') + lines.map((l, i) => l + ends[i]).join('');
      const shown = toEditorText(disk).split('\n');
      // Edit: replace, insert or delete a few lines.
      const edits = Math.floor(r() * 3);
      const touched = new Set<number>();
      for (let e = 0; e < edits; e++) {
        const at = Math.floor(r() * shown.length);
        const op = r();
        if (op < 0.4) shown[at] = `edited ${c}`;
        else if (op < 0.7) shown.splice(at, 0, `new ${c}`);
        else if (shown.length > 1) shown.splice(at, 1);
        touched.add(at);
      }
      const edited = shown.join('\n');
      const out = toDiskText(edited, disk);
      expect(toEditorText(out)).toBe(edited);
      expect(out.startsWith('\uFEFF')).toBe(disk.startsWith('\uFEFF'));
      if (edits === 0) expect(out).toBe(disk);
      // Lines before the first edit are byte-identical, breaks included.
      const first = Math.min(...touched, shown.length);
      const prefix = lines
        .slice(0, Math.max(0, first - 1))
        .map((l, i) => l + ends[i])
        .join('');
      expect(out.replace(/^\uFEFF/, '').startsWith(prefix)).toBe(true);
      checked++;
    }
    expect(checked).toBe(2000);
  });
});
