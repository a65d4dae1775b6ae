import { spawnSync } from 'node:child_process';
import { mkdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { plainHtmlDocument } from '../../../shared/content/content-files.ts';
import { hugoVersion } from '../../helpers/hugo.ts';
import { tempDir } from '../../helpers/site.ts';

// Each case: a content file, and what Hugo 0.111 does with it.
const CASES: { name: string; text: string; want: 'copy' | 'refused' | null }[] = [
  { name: 'doc.html', text: '<!DOCTYPE html>\n<html><body>x</body></html>\n', want: 'copy' },
  { name: 'frag.html', text: '<p>fragment</p>\n', want: 'copy' },
  { name: 'blank-first.html', text: '\n\n  <!doctype html>\n<html>y</html>\n', want: 'copy' },
  { name: 'text.html', text: 'hello <b>text</b>\n', want: null },
  { name: 'front.html', text: '---\ntitle: fm\n---\n<!DOCTYPE html>\n<p>x</p>\n', want: null },
  { name: 'bom.html', text: '\ufeff<p>bom</p>\n', want: 'refused' },
  { name: 'comment.html', text: '<!-- c -->\n<!DOCTYPE html><html>z</html>\n', want: 'refused' },
  { name: 'html-first.md', text: '<div>md</div>\n\ntext\n', want: 'refused' },
  { name: 'comment-then-text.md', text: '<!--\nsome note\n-->\nText.\n', want: null },
  { name: 'commented-front.md', text: '<!--\n---\ntitle: x\n---\n-->\nText.\n', want: null },
  { name: 'plain.md', text: 'Just *Markdown*.\n', want: null },
];

describe('plain HTML documents in the content folder', () => {
  it('are told apart as Hugo does: copied as they are, refused, or pages', () => {
    for (const c of CASES)
      expect([c.name, plainHtmlDocument(c.name, c.text)]).toEqual([c.name, c.want]);
  });

  const hugo = hugoVersion();
  if (!hugo.version) console.log(`SKIPPED Hugo check of plain HTML documents: ${hugo.why}`);
  it.skipIf(!hugo.version)(
    `agree with Hugo ${hugo.version ?? '(not installed)'}: a refused file stops its build, a copied one lands at its own path`,
    () => {
      for (const c of CASES) {
        const site = tempDir('quire-plain-html-');
        writeFileSync(path.join(site, 'hugo.toml'), 'baseURL = "https://example.org/"\n');
        mkdirSync(path.join(site, 'content/posts'), { recursive: true });
        writeFileSync(path.join(site, 'content/posts', c.name), c.text);
        const out = path.join(site, 'public');
        const r = spawnSync('hugo', ['--source', site, '--destination', out, '--quiet'], {
          encoding: 'utf8',
        });
        const refused = r.status !== 0 && /plain HTML documents not supported/.test(r.stderr);
        const copied =
          r.status === 0 &&
          spawnSync('cmp', [
            '-s',
            path.join(out, 'posts', c.name),
            path.join(site, 'content/posts', c.name),
          ]).status === 0;
        expect([c.name, refused ? 'refused' : copied ? 'copy' : null]).toEqual([c.name, c.want]);
      }
    },
  );
});
