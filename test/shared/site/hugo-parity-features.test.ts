import { readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { formatDate } from '../../../shared/content/dates.ts';
import { readerText } from '../../../shared/markdown/hugo-text.ts';
import { renderTitleText } from '../../../shared/markdown/title.ts';
import { DeriveCache } from '../../../electron/services/derive-cache.ts';
import { Workspace } from '../../../electron/services/workspace.ts';
import {
  FEATURE_CONFIG,
  writeFeatureCorpus,
  writeGoldmarkCorpus,
} from '../../helpers/corpus-features.ts';
import {
  addJsonListingLayouts,
  ENTRY,
  hugoBuild,
  hugoVersion,
  JSON_LISTING_CONFIG,
} from '../../helpers/hugo.ts';
import { tempDir } from '../../helpers/site.ts';

const hugo = hugoVersion();
if (!hugo.version) console.log(`SKIPPED hugo feature parity: ${hugo.why}`);

const fold = (s: string) => s.replace(/[^\S\u00a0]+/gu, ' ').trim();

/** Builds `site` with Hugo and compares every post's entry and body text with Quire's. */
async function compareWithHugo(site: string): Promise<{ compared: number; differences: string[] }> {
  addJsonListingLayouts(site);
  writeFileSync(
    path.join(site, 'layouts/index.qjson.json'),
    `[{{ range $i, $e := site.RegularPages }}{{ if $i }},{{ end }}\n${ENTRY}{{ end }}]\n`,
  );
  writeFileSync(path.join(site, 'layouts/_default/single.html'), '{{ .Content }}');
  const out = path.join(site, 'public');
  hugoBuild(site, out);
  const theirs = JSON.parse(readFileSync(path.join(out, 'index.json'), 'utf8')) as {
    title: string;
    summary: string;
    truncated: boolean;
    date: string;
    readingTime: number;
    wordCount: number;
    file: string;
  }[];
  const ws = await Workspace.open(site, { cacheDir: null });
  ws.config.summaryMode = 'sentence';
  const cache = new DeriveCache(
    (rel) => ws.pathOf(rel),
    () => ws.config,
    () => ws.posts(),
  );
  const differences: string[] = [];
  let compared = 0;
  for (const h of theirs) {
    const post = ws.post(h.file);
    if (!post) {
      differences.push(`${h.file}: Hugo has it, Quire does not`);
      continue;
    }
    const d = cache.derive(post, 'sentence');
    const ours = {
      title: renderTitleText(post.meta.title),
      summary: d.summary,
      truncated: d.truncated,
      // No date: Hugo's zero time.
      date: post.meta.date ? formatDate(post.meta.date) : 'January 1, 0001',
      readingTime: d.readingTime,
      wordCount: d.wordCount,
    };
    const want = { ...h, summary: fold(h.summary) };
    delete (want as { file?: string }).file;
    compared++;
    if (JSON.stringify(ours) !== JSON.stringify(want))
      differences.push(
        `${h.file} entry:\n  ours ${JSON.stringify(ours)}\n  hugo ${JSON.stringify(want)}`,
      );
    const slug = path
      .basename(h.file)
      .replace(/\.md$/, '')
      .replace(/^index$/, path.basename(path.dirname(h.file)));
    const page = readFileSync(path.join(out, 'posts', slug.toLowerCase(), 'index.html'), 'utf8');
    const ids = (html: string) =>
      [...html.matchAll(/<h[1-6][^>]*?\sid="([^"]*)"/g)].map((m) => m[1]);
    if (JSON.stringify(ids(d.html)) !== JSON.stringify(ids(page)))
      differences.push(
        `${h.file} heading ids:\n  ours ${ids(d.html).join(' ')}\n  hugo ${ids(page).join(' ')}`,
      );
    const a = readerText(d.html);
    const b = readerText(page);
    if (a !== b) {
      let k = 0;
      while (k < a.length && a[k] === b[k]) k++;
      differences.push(
        `${h.file} body at ${k}:\n  ours …${a.slice(Math.max(0, k - 40), k + 60)}\n  hugo …${b.slice(Math.max(0, k - 40), k + 60)}`,
      );
    }
  }
  return { compared, differences };
}

describe.skipIf(!hugo.version)(
  `real Hugo content renders like Hugo (${hugo.version ?? 'no hugo'})`,
  () => {
    it('shortcodes: every built-in, the site own, comments, nesting: entries and bodies equal Hugo', async () => {
      const site = tempDir('quire-features-');
      writeFileSync(
        path.join(site, 'hugo.toml'),
        `baseURL = "https://example.org/"\ntitle = "Features"\n${FEATURE_CONFIG}${JSON_LISTING_CONFIG}`,
      );
      writeFeatureCorpus(site, 60);
      const { compared, differences } = await compareWithHugo(site);
      console.log(
        `hugo feature parity (shortcodes): compared ${compared} posts, ${differences.length} differences`,
      );
      expect(compared).toBe(60);
      expect(differences.slice(0, 6).join('\n')).toBe('');
    });

    for (const idType of ['github', 'github-ascii', 'blackfriday'] as const)
      it(`goldmark: heading attributes and ids (${idType}), definition lists, footnotes, typographer, linkify`, async () => {
        const site = tempDir('quire-goldmark-');
        writeFileSync(
          path.join(site, 'hugo.toml'),
          `baseURL = "https://example.org/"\ntitle = "Goldmark"\n[markup.goldmark.parser]\nautoHeadingIDType = "${idType}"\n${FEATURE_CONFIG}${JSON_LISTING_CONFIG}`,
        );
        writeGoldmarkCorpus(site, 40);
        const { compared, differences } = await compareWithHugo(site);
        console.log(
          `hugo feature parity (goldmark, ${idType}): compared ${compared} posts, ${differences.length} differences`,
        );
        expect(compared).toBe(40);
        expect(differences.slice(0, 6).join('\n')).toBe('');
      });
  },
);
