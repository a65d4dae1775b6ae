import { existsSync, mkdirSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import type { CallResponse, QuireEvent } from '../../../shared/ipc/contract.ts';
import { outputFile } from '../../../shared/site/urls.ts';
import { testBackend } from '../../helpers/app.ts';
import { writeGeneratedSite } from '../../helpers/corpus-site.ts';
import { pageEntries, readPage } from '../../helpers/html.ts';
import { tempDir } from '../../helpers/site.ts';

type Entry = { title: string; summary: string; meta: string; url: string };

/** Where a link on the page at `pageUrl` points, as a site path. */
function target(pageUrl: string, href: string): string {
  return decodeURIComponent(new URL(href, `https://site.test${pageUrl}`).pathname);
}

// The property: for generated sites (several sections, nested folders, bundles, custom
// taxonomies, permalinks, slugs, urls, aliases, equal dates), every listing the app shows,
// on every page number, lists exactly the entries of that page in the exported site.
describe('the app listings equal the exported pages', () => {
  for (const [seed, drafts] of [
    [11, false],
    [12, false],
    [13, true],
    [14, false],
  ] as const) {
    it(`site ${seed}${drafts ? ' with drafts' : ''}: every list kind, every page number`, async () => {
      const site = path.join(tempDir('quire-prop-'), 'site');
      mkdirSync(site, { recursive: true });
      writeGeneratedSite(site, seed, { count: 50, pagerSize: 3 });
      const events: QuireEvent[] = [];
      let done: (e: QuireEvent) => void = () => {};
      const finished = new Promise<QuireEvent>((r) => (done = r));
      const backend = testBackend((e) => {
        events.push(e);
        if (e.type === 'exportDone') done(e);
      });
      try {
        await backend.call('openSite', { path: site });
        const asOf = '2022-06-01';
        const out = path.join(path.dirname(site), 'export');
        await backend.call('exportStart', { out, asOf, drafts });
        const result = await finished;
        expect(result.type === 'exportDone' && result.data.error).toBe(null);

        const urls = new Map(
          ((await backend.call('listPosts', { asOf })) as CallResponse<'listPosts'>).posts.map(
            (p) => [p.path, p.url],
          ),
        );
        const { pages } = (await backend.call('listingPages', {
          asOf,
          drafts,
        })) as CallResponse<'listingPages'>;
        const kinds = new Set(pages.map((p) => (p.includes('/') ? p.split('/')[0] : p)));
        expect([...kinds]).toEqual(
          expect.arrayContaining(['home', 'archive', 'posts', 'tags', 'categories', 'series']),
        );
        expect(pages).toContain('notes/sub');

        const differences: string[] = [];
        let compared = 0;
        for (const page of pages) {
          for (let n = 1; ; n++) {
            const listing = (await backend.call('listing', {
              page,
              pageNumber: n,
              asOf,
              drafts,
            })) as CallResponse<'listing'>;
            const file = path.join(out, outputFile(listing.url));
            const app: Entry[] = listing.entries.map((e) => ({
              title: e.title,
              summary: page === 'archive' ? '' : e.summary + (e.truncated ? '...' : ''),
              meta: e.meta,
              url: urls.get(e.file)!,
            }));
            const exported: Entry[] =
              page === 'archive'
                ? readPage(file)
                    .querySelectorAll('.archive-entry')
                    .map((a) => ({
                      title: a.querySelector('a')!.text.trim(),
                      summary: '',
                      meta: a.querySelector('.archive-meta')!.text.trim(),
                      url: target(listing.url, a.querySelector('a')!.getAttribute('href')!),
                    }))
                : pageEntries(file).map((e) => ({
                    title: e.title,
                    summary: e.summary,
                    meta: e.meta,
                    url: target(listing.url, e.href),
                  }));
            compared += app.length;
            if (JSON.stringify(app) !== JSON.stringify(exported))
              differences.push(
                `${page} page ${n}:\n  app    ${JSON.stringify(app)}\n  export ${JSON.stringify(exported)}`,
              );
            if (n >= listing.totalPages) {
              // No page past the last one in the export either.
              const next =
                listing.url === '/'
                  ? 'page'
                  : `${outputFile(listing.url).replace(/(\/index)?\.html$/, '')}/page`;
              if (existsSync(path.join(out, next, String(n + 1))))
                differences.push(`${page}: the export has a page ${n + 1}`);
              break;
            }
          }
        }
        console.log(
          `listing property (site ${seed}): ${pages.length} listings, ${compared} entries compared, ${differences.length} differences`,
        );
        expect(compared).toBeGreaterThan(100);
        expect(differences.slice(0, 5).join('\n')).toBe('');
      } finally {
        await backend.close();
      }
    });
  }
});
