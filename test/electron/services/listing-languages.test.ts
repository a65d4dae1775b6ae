import { cpSync, mkdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import type { CallResponse } from '../../../shared/ipc/contract.ts';
import { testBackend } from '../../helpers/app.ts';
import { tempDir } from '../../helpers/site.ts';

describe('listing calls on a multilingual site', () => {
  it('name the languages, list one language at a time (the default first), and place a post in its own', async () => {
    const site = tempDir('quire-lang-backend-');
    writeFileSync(
      path.join(site, 'hugo.toml'),
      `baseURL = "https://example.org/"\ntitle = "Site"\ndefaultContentLanguage = "fr"\n[languages.en]\nweight = 1\ntitle = "EN site"\n[languages.fr]\nweight = 2\ntitle = "FR site"\n`,
    );
    const put = (rel: string, title: string, date: string) => {
      mkdirSync(path.dirname(path.join(site, rel)), { recursive: true });
      writeFileSync(
        path.join(site, rel),
        `---\ntitle: ${title}\ndate: ${date}\ntags: [x]\n---\nText.\n`,
      );
    };
    put('content/posts/a.md', 'FR a', '2024-01-01');
    put('content/posts/b.md', 'FR b', '2024-01-02');
    put('content/posts/a.en.md', 'EN a', '2024-01-03');
    const backend = testBackend(() => {});
    await backend.call('openSite', { path: site });
    const asOf = '2024-06-01';
    const pages = (await backend.call('listingPages', { asOf })) as CallResponse<'listingPages'>;
    expect(pages.languages).toEqual(['en', 'fr']);
    expect(pages.defaultLanguage).toBe('fr');
    expect(pages.pages).toContain('tags/x');

    const fr = (await backend.call('listingPreview', {
      page: 'home',
      pageNumber: 1,
      asOf,
    })) as CallResponse<'listingPreview'>;
    expect(fr.files).toEqual(['content/posts/b.md', 'content/posts/a.md']);
    expect(fr.html).toContain('FR site');
    const en = (await backend.call('listingPreview', {
      page: 'tags/x',
      pageNumber: 1,
      asOf,
      lang: 'en',
    })) as CallResponse<'listingPreview'>;
    expect(en.files).toEqual(['content/posts/a.en.md']);
    expect(en.html).toContain('EN site');
    const listing = (await backend.call('listing', {
      page: 'home',
      pageNumber: 1,
      asOf,
      lang: 'en',
    })) as CallResponse<'listing'>;
    expect(listing.url).toBe('/en/');

    const where = (await backend.call('whereIs', {
      path: 'content/posts/a.en.md',
      asOf,
    })) as CallResponse<'whereIs'>;
    expect(where.url).toBe('/en/posts/a/');
    expect(where.home).toBe(1);

    await expect(backend.call('listingPages', { asOf, lang: 'de' })).rejects.toThrow(
      '"de" is not a language of this site (languages: en, fr)',
    );
  });

  it('list each post with its language and its translations (the bilingual fixture, as Hugo links them)', async () => {
    const site = path.join(tempDir('quire-lang-posts-'), 'site');
    cpSync(path.resolve(__dirname, '../../fixtures/bilingual-blog'), site, { recursive: true });
    const backend = testBackend(() => {});
    await backend.call('openSite', { path: site });
    const { posts } = (await backend.call('listPosts', {
      asOf: '2025-01-01',
    })) as CallResponse<'listPosts'>;
    const of = (rel: string) => posts.find((p) => p.path === rel)!;
    expect(of('content/posts/my-trip/index.fr.md')).toMatchObject({
      lang: 'fr',
      url: '/fr/posts/my-trip/',
      translations: [
        { lang: 'en', path: 'content/posts/my-trip/index.md', url: '/posts/my-trip/' },
      ],
    });
    expect(of('content/posts/cheese.md')).toMatchObject({
      lang: 'en',
      translations: [
        { lang: 'fr', path: 'content/posts/fromage.fr.md', url: '/fr/posts/fromage/' },
      ],
    });
    expect(of('content/posts/english-only.md')).toMatchObject({ lang: 'en', translations: [] });
    // A bundle's translation is a post of its own, not a resource of the other.
    expect(posts.filter((p) => p.path.startsWith('content/posts/my-trip/')).length).toBe(2);
  });
});
