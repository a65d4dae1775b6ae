import { mkdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { quireInProcess } from '../../helpers/cli.ts';
import { tempDir } from '../../helpers/site.ts';

/** A bilingual site (ja by default at the root, en under /en/), each language in its folder. */
function bilingualSite(): string {
  const site = tempDir('quire-lang-cli-');
  writeFileSync(
    path.join(site, 'config.yaml'),
    `baseURL: https://example.org/
title: Site
defaultContentLanguage: ja
languages:
  ja: { contentDir: content/ja/, title: JA site, weight: 1 }
  en: { contentDir: content/en/, title: EN site, weight: 2 }
`,
  );
  const put = (rel: string, fm: string, body: string) => {
    mkdirSync(path.dirname(path.join(site, rel)), { recursive: true });
    writeFileSync(path.join(site, rel), `---\n${fm}\n---\n${body}\n`);
  };
  put(
    'content/ja/entry/a.md',
    'title: JA one\ndate: 2024-01-02\ntags: [go]',
    'See [two](/entry/b/).',
  );
  put('content/ja/entry/b.md', 'title: JA two\ndate: 2024-01-03', 'Text.');
  put(
    'content/en/entry/c.md',
    'title: EN one\ndate: 2024-01-04\ntags: [go]',
    'See [about](/en/about/) and [the Japanese post](/entry/a/).',
  );
  put('content/en/about.en.md', 'title: About\ndate: 2024-01-01', 'Me.');
  return site;
}

const titles = (out: string) =>
  (JSON.parse(out) as { entries: { title: string }[] }).entries.map((e) => e.title);

describe('quire listing --lang on a multilingual site', () => {
  const site = bilingualSite();
  const listing = (...extra: string[]) =>
    quireInProcess(['listing', site, '--as-of', '2024-06-01', '--json', ...extra]);

  it('lists the default language without --lang, and only it', async () => {
    const r = await listing();
    expect(r.stderr).toBe('');
    expect(titles(r.stdout)).toEqual(['JA two', 'JA one']);
  });

  it('lists the language asked for, its terms too', async () => {
    expect(titles((await listing('--lang', 'en')).stdout)).toEqual(['EN one']);
    expect(titles((await listing('--lang', 'EN', '--page', 'tags/go')).stdout)).toEqual(['EN one']);
    const text = await quireInProcess(['listing', site, '--as-of', '2024-06-01', '--lang', 'en']);
    expect(text.stdout).toMatch(/^EN site: home, page 1 of 1 \(\/en\/,/);
  });

  it("quire check: a blog post is one in its language's home sections", async () => {
    const s = bilingualSite();
    writeFileSync(path.join(s, 'content/en/page.md'), '---\ndate: 2024-01-01\n---\nNo title.\n');
    writeFileSync(path.join(s, 'content/en/entry/d.md'), '---\ndate: 2024-01-01\n---\nNo title.\n');
    const r = await quireInProcess(['check', s]);
    expect(r.stdout + r.stderr).toMatch(
      /warning +content\/en\/page\.md: has no title \(its section/,
    );
    expect(r.stdout + r.stderr).toMatch(/error +content\/en\/entry\/d\.md: has no title$/m);
  });

  it('an unknown language is an error naming the languages (exit 1)', async () => {
    const r = await listing('--lang', 'fr');
    expect(r.code).toBe(1);
    expect(r.stderr).toContain('"fr" is not a language of this site (languages: ja, en)');
  });

  it("quire check resolves links to each language's URLs (no broken link)", async () => {
    const r = await quireInProcess(['check', site]);
    expect(r.stdout + r.stderr).toContain('4 posts checked: 0 errors');
    expect(r.code).toBe(0);
    // The check does find a link to where no language has a page.
    const broken = bilingualSite();
    writeFileSync(
      path.join(broken, 'content/en/entry/c.md'),
      '---\ntitle: EN one\ndate: 2024-01-04\n---\nSee [it](/en/entry/a/).\n',
    );
    const b = await quireInProcess(['check', broken]);
    expect(b.stdout + b.stderr).toContain('broken link /en/entry/a/');
  });
});
