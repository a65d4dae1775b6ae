import { existsSync, mkdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { Exporter } from '../../../electron/services/export.ts';
import { SitePlanner } from '../../../electron/services/site-plan.ts';
import { todayAsOf } from '../../../electron/services/today.ts';
import { Workspace } from '../../../electron/services/workspace.ts';
import { addPaginatingLayouts, writeGeneratedSite } from '../../helpers/corpus-site.ts';
import { walk } from '../../helpers/html.ts';
import { hugoBuild, hugoVersion } from '../../helpers/hugo.ts';
import { tempDir } from '../../helpers/site.ts';

const hugo = hugoVersion();
if (!hugo.version) console.log(`SKIPPED hugo URL parity: ${hugo.why}`);

const REFRESH = /<meta http-equiv="refresh" content="0; url=https:\/\/example\.org(\/[^"]*)">/;

describe.skipIf(!hugo.version)(`URLs equal Hugo's (${hugo.version ?? 'no hugo'})`, () => {
  for (const [name, seed, uglyURLs] of [
    ['pretty URLs', 1, false],
    ['pretty URLs, another site', 2, false],
    ['uglyURLs', 3, true],
  ] as const) {
    it(`${name}: every file Hugo writes is in the export at the same path, and every redirect lands`, async () => {
      // Sections with permalinks using every token Hugo 0.111 knows, nested sections and
      // folders, bundles with resources, slugs, urls, aliases, equal dates, drafts.
      const site = path.join(tempDir('quire-urls-'), 'site');
      mkdirSync(site, { recursive: true });
      const made = writeGeneratedSite(site, seed, { hugo: true, count: 80, uglyURLs });
      addPaginatingLayouts(site);
      const theirs = path.join(site, 'public-hugo');
      hugoBuild(site, theirs);
      const ours = path.join(path.dirname(site), 'quire');
      const ws = await Workspace.open(site, { cacheDir: null });
      // Hugo publishes as of its clock: so does this export.
      const asOf = todayAsOf();
      await new Exporter(ws).export({ out: ours, asOf });

      const hugoFiles = walk(theirs);
      const ourFiles = new Set(walk(ours));
      const missing = hugoFiles.filter((f) => !ourFiles.has(f));

      const plan = await new SitePlanner(ws).plan({ asOf });
      const hugoSet = new Set(hugoFiles);
      const onlyOurs = [...plan.pages.values()]
        .filter((p) => p.rendered && !hugoSet.has(p.file))
        .map((p) => `${p.post.path} -> ${p.file}`);

      const redirects = [...ourFiles].filter(
        (f) => f.endsWith('.html') && REFRESH.test(readFileSync(path.join(ours, f), 'utf8')),
      );
      const dangling = redirects.filter((f) => {
        const target = REFRESH.exec(readFileSync(path.join(ours, f), 'utf8'))![1]!;
        const file = target.endsWith('/') ? `${target.slice(1)}index.html` : target.slice(1);
        return !existsSync(path.join(ours, file)) || !hugoSet.has(f);
      });

      console.log(
        `hugo URL parity (${name}): ${made.posts} posts (${made.drafts} drafts, ${made.bundles} bundles, ${made.aliases} aliases); Hugo wrote ${hugoFiles.length} files, ${missing.length} missing from Quire's export; ${plan.pages.size} post pages, ${onlyOurs.length} only in Quire's; ${redirects.length} redirects, ${dangling.length} not resolving`,
      );
      expect(hugoFiles.length).toBeGreaterThan(150);
      expect(missing).toEqual([]);
      expect(onlyOurs).toEqual([]);
      expect(redirects.length).toBeGreaterThan(made.aliases);
      expect(dangling).toEqual([]);
    });
  }
});
