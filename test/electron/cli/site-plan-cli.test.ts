import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { quire, quireInProcess } from '../../helpers/cli.ts';
import { copySeedBlog, tempDir } from '../../helpers/site.ts';

/** The seed blog plus a post whose slug takes an existing post's URL. */
function siteWithCollision(): string {
  const site = copySeedBlog();
  writeFileSync(
    path.join(site, 'content/posts/dup-slug.md'),
    '---\ntitle: Dup\ndate: 2024-01-02\nslug: saying-no\n---\n\nBody.\n',
  );
  return site;
}

describe('a URL collision is never a silent drop', () => {
  it('quire export exits 1 naming both files and writes nothing', () => {
    const site = siteWithCollision();
    const out = path.join(tempDir(), 'out');
    const r = quire(['export', site, '--out', out, '--as-of', '2024-04-30']);
    expect(r.code).toBe(1);
    expect(r.stderr).toMatch(
      /^quire: URL collision: content\/posts\/dup-slug\.md and content\/posts\/saying-no\.md are all at \/posts\/saying-no\/\./,
    );
    expect(r.stderr).toContain('--allow-collisions');
    expect(r.stderr).not.toMatch(/\n\s+at /);
    expect(existsSync(out)).toBe(false);
  });

  it('--allow-collisions exports, says which file won, and exits 0', async () => {
    const site = siteWithCollision();
    const out = path.join(tempDir(), 'out');
    const r = await quireInProcess([
      'export',
      site,
      '--out',
      out,
      '--as-of',
      '2024-04-30',
      '--allow-collisions',
    ]);
    expect(r.code).toBe(0);
    expect(r.stderr).toContain(
      'warning: content/posts/dup-slug.md and content/posts/saying-no.md are all at /posts/saying-no/; only content/posts/dup-slug.md is written',
    );
    expect(readFileSync(path.join(out, 'posts/saying-no/index.html'), 'utf8')).toContain('Dup');
  });

  it('quire check reports it on both files', async () => {
    const r = await quireInProcess(['check', siteWithCollision()]);
    expect(r.code).toBe(1);
    expect(r.stdout).toMatch(
      /content\/posts\/dup-slug\.md: has the same URL \/posts\/saying-no\/ as content\/posts\/saying-no\.md/,
    );
    expect(r.stdout).toMatch(
      /content\/posts\/saying-no\.md: has the same URL \/posts\/saying-no\/ as content\/posts\/dup-slug\.md/,
    );
  });
});

describe('quire listing reads the site plan', () => {
  const cases: [string, string[], RegExp][] = [
    [
      'an unknown page',
      ['--page', 'nope'],
      /^quire: "nope" is not a listing on this site as of 2024-04-30; there are: home, archive, posts, tags, tags\/builds/,
    ],
    [
      'an unknown tag',
      ['--page', 'tags/nope'],
      /^quire: "tags\/nope" is not a listing on this site/,
    ],
    [
      'a page past the end',
      ['--page', 'home', '--page-number', '9'],
      /^quire: page 9 does not exist: home has 3 pages/,
    ],
  ];
  it.each(cases)('%s exits 1 with a message', async (_name, args, want) => {
    const site = copySeedBlog();
    const r = await quireInProcess(['listing', site, '--as-of', '2024-04-30', ...args]);
    expect(r.code).toBe(1);
    expect(r.stdout).toBe('');
    expect(r.stderr).toMatch(want);
  });

  it('lists a nested section and a custom taxonomy term', async () => {
    const site = copySeedBlog();
    writeFileSync(
      path.join(site, 'hugo.toml'),
      readFileSync(path.join(site, 'hugo.toml'), 'utf8') +
        '\n[taxonomies]\ntag = "tags"\nseries = "series"\n',
    );
    mkdirSync(path.join(site, 'content/posts/2022'));
    writeFileSync(path.join(site, 'content/posts/2022/_index.md'), '---\ntitle: 2022\n---\n');
    writeFileSync(
      path.join(site, 'content/posts/2022/faq.md'),
      '---\ntitle: FAQ\ndate: 2022-01-01\nseries: [Deep Dive]\n---\n\nAnswers.\n',
    );
    const nested = await quireInProcess([
      'listing',
      site,
      '--as-of',
      '2024-04-30',
      '--page',
      'posts/2022',
      '--json',
    ]);
    expect(nested.code).toBe(0);
    expect(JSON.parse(nested.stdout).entries.map((e: { file: string }) => e.file)).toEqual([
      'content/posts/2022/faq.md',
    ]);
    const term = await quireInProcess([
      'listing',
      site,
      '--as-of',
      '2024-04-30',
      '--page',
      'series/Deep Dive',
      '--json',
    ]);
    expect(JSON.parse(term.stdout)).toMatchObject({ page: 'series/deep-dive', totalPages: 1 });
  });
});
