import { describe, expect, it } from 'vitest';
import {
  parseFrontMatter,
  serializeFrontMatter,
  setField,
} from '../../../shared/content/front-matter.ts';
import { quireInProcess } from '../../helpers/cli.ts';
import { tempDir } from '../../helpers/site.ts';
import { readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';

// The forms Hugo 0.111's page lexer accepts (parser/pageparser/pagelexer_intro.go), with
// the body Hugo renders after them (checked against Hugo itself in hugo-parity-features).
const FORMS: [string, string, string][] = [
  ['blank lines before', '\n\n---\ntitle: A\n---\nbody\n', 'body\n'],
  ['spaces and a tab before', '  \n\t  ---\ntitle: A\n---\nbody\n', 'body\n'],
  ['six dashes', '------\ntitle: A\n------\nbody\n', '---\nbody\n'],
  ['six dashes open only', '------\ntitle: A\n---\nbody\n', 'body\n'],
  ['text after the closing dashes', '---\ntitle: A\n--- trailing\nbody\n', ' trailing\nbody\n'],
  ['five closing dashes', '---\ntitle: A\n-----\nbody\n', '--\nbody\n'],
  ['TOML after blank lines', '\n\n+++\ntitle = "A"\n+++\nbody\n', 'body\n'],
  ['JSON after a blank line', '\n{\n "title": "A"\n}\nbody\n', 'body\n'],
  ['CRLF', '\r\n---\r\ntitle: A\r\n---\r\nbody\r\n', 'body\r\n'],
  ['BOM then blank line', '\ufeff\n---\ntitle: A\n---\nbody\n', 'body\n'],
];

describe('front matter where Hugo finds it', () => {
  for (const [name, text, body] of FORMS) {
    it(`${name}: read, the body Hugo renders, byte-exact round trip, one block after an edit`, () => {
      const f = parseFrontMatter(text, 'a.md');
      expect(f.data).toEqual({ title: 'A' });
      expect(f.split.body).toBe(body);
      expect(serializeFrontMatter(f)).toBe(text);
      const edited = setField(f, 'title', 'B');
      const again = parseFrontMatter(edited, 'a.md');
      expect(again.data).toEqual({ title: 'B' });
      expect(again.split.body).toBe(body);
      expect(edited.match(/title/g)).toHaveLength(1);
      // Only the title line changed.
      expect(edited.replace(/B/, 'A').replace(/"A"/, '"A"')).toBe(text);
    });
  }

  it('`quire meta f title=…` edits the block after blank lines instead of adding one', async () => {
    const dir = tempDir();
    const file = path.join(dir, 'post.md');
    writeFileSync(file, '\n\n---\ntitle: Old\ndate: 2024-01-02\n---\n\nBody.\n');
    const r = await quireInProcess(['meta', file, 'title=New']);
    expect(r.code).toBe(0);
    expect(readFileSync(file, 'utf8')).toBe(
      '\n\n---\ntitle: New\ndate: 2024-01-02\n---\n\nBody.\n',
    );
  });
});
