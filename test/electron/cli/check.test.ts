import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { quire, quireInProcess } from '../../helpers/cli.ts';
import { copySeedBlog, seedBlog } from '../../helpers/site.ts';

describe('quire check', () => {
  it('passes the seed blog (warnings only)', async () => {
    const r = await quireInProcess(['check', seedBlog]);
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/24 posts checked: 0 errors, \d+ warnings?\n$/);
  });

  it('an undated page outside the blog posts (an about page, a section of quotes) is fine; an untitled one is a warning', async () => {
    const site = copySeedBlog();
    mkdirSync(path.join(site, 'content/quotes'), { recursive: true });
    writeFileSync(path.join(site, 'content/about.md'), '---\ntitle: About\n---\nMe.\n');
    writeFileSync(
      path.join(site, 'content/quotes/steele.md'),
      '+++\nauthor = "Guy Steele"\n+++\nA quote.\n',
    );
    writeFileSync(
      path.join(site, 'content/posts/undated.md'),
      '---\ntitle: Undated\n---\nA post.\n',
    );
    const r = await quireInProcess(['check', site]);
    const lines = r.stdout.split('\n');
    expect(lines.filter((l) => l.includes('content/about.md'))).toEqual([]);
    expect(lines.filter((l) => l.includes('content/quotes/steele.md'))).toEqual([
      'warning  content/quotes/steele.md: has no title (its section list shows it without one)',
    ]);
    // A blog post still needs its date.
    expect(lines).toContain('error    content/posts/undated.md: has no date');
  });

  it('fails on a broken link, a duplicate slug, an invalid date and a missing title, naming every file', () => {
    const site = copySeedBlog();
    const posts = path.join(site, 'content/posts');
    writeFileSync(
      path.join(posts, 'broken-link.md'),
      '---\ntitle: Links\ndate: 2024-01-01\n---\n\nSee [the other post](/posts/does-not-exist/) and [a real one](/posts/saying-no/).\n\n![missing](missing.png)\n',
    );
    writeFileSync(
      path.join(posts, 'dup-slug.md'),
      '---\ntitle: Dup\ndate: 2024-01-02\nslug: saying-no\n---\n\nBody.\n',
    );
    writeFileSync(
      path.join(posts, 'bad-date.md'),
      '---\ntitle: Bad date\ndate: 2024-13-45\n---\n\nBody.\n',
    );
    writeFileSync(path.join(posts, 'no-title.md'), '---\ndate: 2024-01-03\n---\n\nBody.\n');
    mkdirSync(path.join(posts, 'bundle'));
    writeFileSync(
      path.join(posts, 'bundle/index.md'),
      '---\ntitle: Bundle\ndate: 2024-01-04\n---\n\n![ok](pic.png) [up](../saying-no/)\n',
    );
    writeFileSync(path.join(posts, 'bundle/pic.png'), 'png');
    const r = quire(['check', site]);
    expect(r.code).toBe(1);
    const lines = r.stdout.split('\n');
    const errorsFor = (file: string) =>
      lines.filter((l) => l.startsWith('error') && l.includes(`content/posts/${file}:`));
    expect(errorsFor('broken-link.md').join('\n')).toMatch(/broken link \/posts\/does-not-exist\//);
    expect(errorsFor('broken-link.md').join('\n')).toMatch(/broken image missing\.png/);
    expect(errorsFor('broken-link.md')).toHaveLength(2);
    expect(errorsFor('dup-slug.md').join('\n')).toMatch(
      /same URL \/posts\/saying-no\/ as content\/posts\/saying-no\.md/,
    );
    expect(errorsFor('saying-no.md').join('\n')).toMatch(
      /same URL \/posts\/saying-no\/ as content\/posts\/dup-slug\.md/,
    );
    expect(errorsFor('bad-date.md').join('\n')).toMatch(/"date" is not a date/);
    expect(errorsFor('no-title.md').join('\n')).toMatch(/has no title/);
    expect(errorsFor('bundle/index.md')).toEqual([]);
    expect(r.stderr).toMatch(/^quire: 6 problems to fix before publishing/);
  });

  // ouuan/hugo-blog, cloned without its submodules: themes/even is empty, and 20 posts use
  // the theme's admonition. Quire said "Hugo stops the build" as an error; it does only
  // without the theme.
  it('a shortcode Quire cannot find while the theme is not in the folder is a warning naming the theme', async () => {
    const site = copySeedBlog();
    const config = path.join(site, 'hugo.toml');
    writeFileSync(
      config,
      `theme = "even"\n[[module.imports]]\npath = "github.com/x/y"\n${readFileSync(config, 'utf8')}`,
    );
    mkdirSync(path.join(site, 'themes/even'), { recursive: true });
    writeFileSync(
      path.join(site, 'content/posts/admonition.md'),
      '---\ntitle: Note\ndate: 2024-01-01\n---\n\n{{< admonition >}}x{{< /admonition >}}\n',
    );
    const r = await quireInProcess(['check', site]);
    expect(r.code).toBe(0);
    expect(r.stdout.split('\n').filter((l) => l.includes('admonition.md'))).toEqual([
      `warning  content/posts/admonition.md: line 6: shortcode "admonition" is neither a Hugo built-in nor in layouts/shortcodes, and the site's theme is not in this folder (themes/even, the Hugo module github.com/x/y: a git submodule not checked out?): Hugo stops the build unless the theme has it; Quire shows it as a labelled block`,
    ]);
  });

  it('reports shortcodes Hugo refuses or does not know, broken #anchors, empty alt text and bad dates at their file lines', async () => {
    const site = copySeedBlog();
    const posts = path.join(site, 'content/posts');
    mkdirSync(path.join(site, 'layouts/shortcodes'), { recursive: true });
    writeFileSync(path.join(site, 'layouts/shortcodes/note.html'), '{{ .Inner }}');
    // Hugo 0.146's folder for them (hacdias.com keeps its shortcodes there).
    mkdirSync(path.join(site, 'layouts/_shortcodes'), { recursive: true });
    writeFileSync(path.join(site, 'layouts/_shortcodes/places.html'), '{{ .Inner }}');
    // Blank lines before the front matter: every line below is counted in the file.
    writeFileSync(
      path.join(posts, 'content-rules.md'),
      [
        '',
        '---',
        'title: Rules',
        'date: 2024-4-09',
        '---',
        '',
        '## Known heading {#known}',
        '',
        'See [known](#known), [missing](#nowhere) and [a note](#fn:1)[^1].',
        '',
        '{{< figure src="a.png" >}}',
        '',
        '![](b.png) ![image](c.png) ![A chart of build times](d.png)',
        '',
        '{{< note >}}fine{{< /note >}} {{< mystery a="1" >}} {{< figure src="x.png" caption="ok"',
        '',
        '[^1]: The note.',
        '',
      ].join('\n'),
    );
    writeFileSync(
      path.join(posts, 'content-rules-2.md'),
      '---\ntitle: Two\ndate: 2024-01-01\ntitle: Two, again\n---\n\n{{< mystery >}} {{< places >}}\n',
    );
    const r = await quireInProcess(['check', site]);
    const lines = r.stdout.split('\n').filter((l) => l.includes('content/posts/content-rules'));
    const has = (re: RegExp) =>
      expect(
        lines.filter((l) => re.test(l)),
        String(re),
      ).toHaveLength(1);
    has(/^error .*content-rules\.md: line 4: "date" is not a date Hugo can read: "2024-4-09"/);
    has(/^error .*content-rules\.md: line 9: broken link #nowhere/);
    has(/^warning .*content-rules\.md: line 11: figure a\.png has no alt text/);
    has(/^warning .*content-rules\.md: line 13: image b\.png has no alt text/);
    has(/^warning .*content-rules\.md: line 13: image c\.png has placeholder alt text "image"/);
    has(
      /^error .*content-rules\.md: line 15: shortcode \{\{< figure src="x\.png".* is not well-formed/,
    );
    // Said once for the whole site, where it is first used.
    has(
      /^error .*content-rules(-2)?\.md: line \d+: shortcode "mystery" is neither a Hugo built-in nor in layouts\/shortcodes .*2 posts use it/,
    );
    // A key given twice is read as Hugo reads it (the last value), and said.
    has(
      /^warning .*content-rules-2\.md: line 4: "title" is given again \(first on line 2\); Hugo uses this last value/,
    );
    expect(lines.join('\n')).not.toMatch(/#known|#fn:1|d\.png has|"note"|"places"/);
  });
});
