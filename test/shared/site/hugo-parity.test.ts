import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { urlizeTerm } from '../../../shared/content/slug.ts';
import { listingPage, parseListingSpec } from '../../../shared/site/listing.ts';
import { parseAsOf } from '../../../shared/site/publish.ts';
import { DeriveCache } from '../../../electron/services/derive-cache.ts';
import { SitePlanner } from '../../../electron/services/site-plan.ts';
import { Workspace } from '../../../electron/services/workspace.ts';
import { writeVariedCorpus } from '../../helpers/corpus-hugo.ts';
import {
  addJsonListingLayouts,
  hugoBuild,
  hugoVersion,
  JSON_LISTING_CONFIG,
} from '../../helpers/hugo.ts';
import type { HugoEntry } from '../../helpers/hugo.ts';
import { tempDir } from '../../helpers/site.ts';

const hugo = hugoVersion();
if (!hugo.version) console.log(`SKIPPED hugo parity: ${hugo.why}`);

const fold = (s: string) => s.replace(/[^\S\u00a0]+/gu, ' ').trim();

describe.skipIf(!hugo.version)(
  `listings equal Hugo's (${hugo.version ?? 'no hugo'}, sentence summaries)`,
  () => {
    for (const [name, typographer] of [
      ['typographer off', false],
      ['Hugo defaults (typographer on)', true],
    ] as const) {
      it(`${name}: every entry of every home and tag page`, async () => {
        const site = tempDir('quire-parity-');
        writeFileSync(
          path.join(site, 'hugo.toml'),
          `baseURL = "https://example.org/"\ntitle = "Parity"\npaginate = 10\n[params]\nmainSections = ["posts"]\n${typographer ? '' : '[markup.goldmark.extensions]\ntypographer = false\n'}${JSON_LISTING_CONFIG}`,
        );
        const tags = writeVariedCorpus(site, 240, typographer ? 11 : 7);
        addJsonListingLayouts(site);
        const out = path.join(site, 'public');
        hugoBuild(site, out);

        const ws = await Workspace.open(site, { cacheDir: null });
        ws.config.summaryMode = 'sentence';
        const derive = new DeriveCache(
          (rel) => ws.pathOf(rel),
          () => ws.config,
        ).derive;
        const asOf = parseAsOf('2026-01-01');
        const plan = await new SitePlanner(ws).plan({ asOf });
        const differences: string[] = [];
        let compared = 0;
        for (const page of ['home', ...tags.map((t) => `tags/${t}`)]) {
          const spec = parseListingSpec(page, ws.config);
          const base = spec.kind === 'term' ? path.join(out, 'tags', urlizeTerm(spec.term)) : out;
          for (let n = 1; ; n++) {
            const file =
              n === 1
                ? path.join(base, 'index.json')
                : path.join(base, 'page', String(n), 'index.json');
            if (!existsSync(file)) {
              expect(n, `${page}: Hugo wrote page 1`).toBeGreaterThan(1);
              break;
            }
            const theirs = JSON.parse(readFileSync(file, 'utf8')) as {
              totalPages: number;
              entries: HugoEntry[];
            };
            const ours = listingPage(plan, { spec, pageNumber: n, mode: 'sentence' }, derive);
            if (ours.totalPages !== theirs.totalPages)
              differences.push(
                `${page} page count: ours ${ours.totalPages}, Hugo ${theirs.totalPages}`,
              );
            theirs.entries.forEach((h, i) => {
              const q = ours.entries[i];
              const want = {
                title: h.title,
                summary: fold(h.summary),
                truncated: h.truncated,
                date: h.date,
                readingTime: h.readingTime,
                wordCount: h.wordCount,
                file: h.file,
              };
              const post = ws.post(h.file);
              const words = post ? derive(post, 'sentence').wordCount : -1;
              const got = q && {
                title: q.title,
                summary: q.summary,
                truncated: q.truncated,
                date: q.date,
                readingTime: q.readingTime,
                wordCount: words,
                file: q.file,
              };
              compared++;
              if (JSON.stringify(got) !== JSON.stringify(want))
                differences.push(
                  `${page} p${n} #${i + 1}:\n  ours ${JSON.stringify(got)}\n  hugo ${JSON.stringify(want)}`,
                );
            });
            if (ours.entries.length !== theirs.entries.length)
              differences.push(
                `${page} p${n}: ours ${ours.entries.length} entries, Hugo ${theirs.entries.length}`,
              );
          }
        }
        console.log(
          `hugo parity (${name}): compared ${compared} entries, ${differences.length} differences`,
        );
        expect(compared).toBeGreaterThan(400);
        expect(differences.slice(0, 8).join('\n')).toBe('');
      });
    }
  },
);
