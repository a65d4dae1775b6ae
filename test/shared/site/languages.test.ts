import { describe, expect, it } from 'vitest';
import { fileLanguage, normalizeSiteConfig, siteTitle } from '../../../shared/site/config.ts';
import { buildSite } from '../../../shared/site/build.ts';
import { listingNames, planSite } from '../../../shared/site/plan.ts';
import { day, fakeDerive, sitePost, siteConfig } from '../../helpers/posts.ts';

const asOf = day('2024-06-01');

describe('config: Hugo languages', () => {
  it('reads languages in Hugo order (weight, none last, then key) with their settings', () => {
    const c = normalizeSiteConfig({
      title: 'Site',
      DefaultContentLanguage: 'JA',
      defaultContentLanguageInSubdir: true,
      languages: {
        fr: { contentDir: 'other/fr/' },
        en: { weight: 2, title: 'EN', contentDir: 'content/en/', languageName: 'English' },
        JA: { weight: 1, languageCode: 'ja-JP' },
        de: {},
      },
    });
    expect(c.defaultContentLanguage).toBe('ja');
    expect(c.defaultContentLanguageInSubdir).toBe(true);
    expect(c.languages).toEqual([
      {
        lang: 'ja',
        weight: 1,
        title: 'Site',
        contentDir: 'content',
        languageName: '',
        languageCode: 'ja-JP',
      },
      {
        lang: 'en',
        weight: 2,
        title: 'EN',
        contentDir: 'content/en',
        languageName: 'English',
        languageCode: 'en',
      },
      {
        lang: 'de',
        weight: 0,
        title: 'Site',
        contentDir: 'content',
        languageName: '',
        languageCode: 'de',
      },
      {
        lang: 'fr',
        weight: 0,
        title: 'Site',
        contentDir: 'other/fr',
        languageName: '',
        languageCode: 'fr',
      },
    ]);
  });

  it('a site without languages has none of the language settings (one language, as before)', () => {
    const c = normalizeSiteConfig({ title: 'Site', defaultContentLanguage: 'fr' });
    expect(c.languages).toBeUndefined();
    expect(c.defaultContentLanguage).toBeUndefined();
    expect(c.languagePrefix).toBeUndefined();
    expect(c.languageCode).toBe('fr');
  });

  it("the site's name is its title, else its default language's (a real blog sets only those)", () => {
    const langs = {
      defaultContentLanguage: 'ja',
      languages: { en: { title: 'Lab' }, ja: { title: '研究所' } },
    };
    expect(siteTitle(normalizeSiteConfig(langs))).toBe('研究所');
    expect(siteTitle(normalizeSiteConfig({ ...langs, title: 'Top' }))).toBe('Top');
    expect(siteTitle(normalizeSiteConfig({}))).toBe('');
  });

  it("defaultContentLanguage is Hugo's en when not set", () => {
    expect(normalizeSiteConfig({ languages: { en: {}, fr: {} } }).defaultContentLanguage).toBe(
      'en',
    );
  });
});

describe("a file's language", () => {
  const byDir = siteConfig({
    defaultContentLanguage: 'ja',
    languages: { ja: { contentDir: 'content/ja' }, en: { contentDir: 'content/en' } },
  });
  const bySuffix = siteConfig({ defaultContentLanguage: 'en', languages: { en: {}, fr: {} } });
  it.each([
    [byDir, 'content/ja/posts/a.md', 'ja'],
    [byDir, 'content/en/posts/a.md', 'en'],
    // Hugo 0.111: a configured language's suffix wins over the folder.
    [byDir, 'content/en/posts/c.ja.md', 'ja'],
    [byDir, 'content/other/a.md', 'ja'],
    [bySuffix, 'content/posts/a.fr.md', 'fr'],
    [bySuffix, 'content/posts/a.md', 'en'],
    // Not a configured language: part of the name.
    [bySuffix, 'content/posts/a.de.md', 'en'],
    // A folder both languages share is the default language's, whatever the order.
    [
      siteConfig({
        defaultContentLanguage: 'fr',
        languages: { en: { weight: 1 }, fr: { weight: 2 } },
      }),
      'content/posts/a.md',
      'fr',
    ],
  ])('%#: %s is %s', (config, path, lang) => {
    expect(fileLanguage(path as string, config)).toBe(lang);
  });
});

describe('planSite: a multilingual site', () => {
  const posts = [
    sitePost('content/en/about.en.md', { title: 'About' }),
    sitePost('content/en/posts/b.md', { date: '2024-02-01', tags: ['Go'], url: '' }),
    sitePost('content/en/posts/rel.md', { date: '2024-02-02', url: 'rel-e/' }),
    sitePost('content/en/posts/abs.md', { date: '2024-02-03', url: '/abs/' }),
    sitePost('content/ja/posts/a.md', { date: '2024-03-01', tags: ['Go'] }),
    sitePost('content/en/posts/c.ja.md', { date: '2024-03-02' }),
  ];
  const config = (subdir: boolean) =>
    siteConfig({
      defaultContentLanguage: 'ja',
      defaultContentLanguageInSubdir: subdir,
      languages: {
        ja: { contentDir: 'content/ja', weight: 1 },
        en: { contentDir: 'content/en', weight: 2, title: 'EN' },
      },
    });

  it('URLs: the default language at the root, others under /<lang>/, no suffix in the name', () => {
    const plan = planSite(posts, config(false), { asOf });
    const urls = Object.fromEntries([...plan.pages].map(([p, page]) => [p, page.url]));
    expect(urls).toEqual({
      'content/en/about.en.md': '/en/about/',
      'content/en/posts/b.md': '/en/posts/b/',
      'content/en/posts/rel.md': '/en/rel-e/',
      'content/en/posts/abs.md': '/abs/',
      'content/ja/posts/a.md': '/posts/a/',
      'content/en/posts/c.ja.md': '/posts/c/',
    });
    expect(plan.aliases).toContainEqual({
      url: '/ja/',
      file: 'ja/index.html',
      target: '/',
      from: 'ja',
    });
  });

  it('with defaultContentLanguageInSubdir the default language is under /<lang>/ and / redirects', () => {
    const plan = planSite(posts, config(true), { asOf });
    expect(plan.pages.get('content/ja/posts/a.md')!.url).toBe('/ja/posts/a/');
    expect(plan.aliases).toContainEqual({
      url: '/',
      file: 'index.html',
      target: '/ja/',
      from: 'ja',
    });
  });

  it('each language lists only its pages, under its prefix', () => {
    const plan = planSite(posts, config(false), { asOf });
    const [ja, en] = plan.languages!;
    expect(ja!.lang).toBe('ja');
    expect(ja!.plan.home!.dir).toBe('/');
    expect(ja!.plan.home!.posts.map((p) => p.path)).toEqual([
      'content/en/posts/c.ja.md',
      'content/ja/posts/a.md',
    ]);
    expect(en!.plan.home!.dir).toBe('/en/');
    expect(en!.plan.home!.posts.map((p) => p.path)).toEqual([
      'content/en/posts/abs.md',
      'content/en/posts/rel.md',
      'content/en/posts/b.md',
    ]);
    expect(en!.plan.lists.get('tags/go')!.dir).toBe('/en/tags/go/');
    expect(en!.plan.lists.get('tags/go')!.posts.map((p) => p.path)).toEqual([
      'content/en/posts/b.md',
    ]);
    expect(en!.plan.config.title).toBe('EN');
    // The site's plan: every language's pages, the default language's lists.
    expect(plan.pages.size).toBe(6);
    expect(plan.home).toBe(ja!.plan.home);
    expect(listingNames(plan)).toContain('tags/go');
    for (const f of ['index.xml', 'en/index.xml', 'en/tags/go/index.html', 'en/posts/index.html'])
      expect(plan.outputs).toContain(f);
    for (const f of ['sitemap.xml', 'ja/sitemap.xml', 'en/sitemap.xml'])
      expect(plan.outputs).toContain(f);
    expect(plan.collisions).toEqual([]);
  });

  it('by file-name suffix in one content folder', () => {
    const c = siteConfig({ defaultContentLanguage: 'en', languages: { en: {}, fr: {} } });
    const plan = planSite([sitePost('content/posts/a.md'), sitePost('content/posts/a.fr.md')], c, {
      asOf,
    });
    expect(plan.pages.get('content/posts/a.md')!.url).toBe('/posts/a/');
    expect(plan.pages.get('content/posts/a.fr.md')!.url).toBe('/fr/posts/a/');
  });

  it('the build writes each language and the root files, with no page twice', () => {
    const built = buildSite(posts, config(false), { asOf }, fakeDerive);
    const files = [...built.files.keys()];
    for (const f of [
      'index.html',
      'posts/a/index.html',
      'en/index.html',
      'en/posts/b/index.html',
      'en/tags/go/index.html',
      'tags/go/index.html',
      'ja/index.html',
      'sitemap.xml',
      'ja/sitemap.xml',
      'en/sitemap.xml',
      'robots.txt',
    ])
      expect(files).toContain(f);
    expect(built.files.get('sitemap.xml')).toContain('<sitemapindex');
    expect(built.files.get('ja/index.html')).toContain('url=https://example.org/"');
    expect(files).not.toContain('ja/posts/a/index.html');
    expect(files).not.toContain('en/robots.txt');
  });
});
