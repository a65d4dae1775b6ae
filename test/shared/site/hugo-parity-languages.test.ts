import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { DeriveCache } from '../../../electron/services/derive-cache.ts';
import { Exporter } from '../../../electron/services/export.ts';
import { SitePlanner } from '../../../electron/services/site-plan.ts';
import { todayAsOf } from '../../../electron/services/today.ts';
import { Workspace } from '../../../electron/services/workspace.ts';
import { listingPage, parseListingSpec } from '../../../shared/site/listing.ts';
import { contentPath, contentRoots } from '../../../shared/site/urls.ts';
import { addPaginatingLayouts } from '../../helpers/corpus-site.ts';
import { walk } from '../../helpers/html.ts';
import {
  JSON_LISTING_CONFIG,
  addJsonListingLayouts,
  hugoBuild,
  hugoVersion,
} from '../../helpers/hugo.ts';
import type { HugoEntry } from '../../helpers/hugo.ts';
import { tempDir } from '../../helpers/site.ts';

const hugo = hugoVersion();
if (!hugo.version) console.log(`SKIPPED hugo multilingual parity: ${hugo.why}`);

const TAGS = ['Go', 'Rust', 'Web Dev', 'ops'];

/** Every list as HTML (paginated) and RSS, home and terms also as JSON listings. */
const OUTPUTS = `[outputs]
home = ["HTML", "RSS", "QJSON"]
term = ["HTML", "RSS", "QJSON"]
taxonomy = ["HTML", "RSS"]
section = ["HTML", "RSS"]
`;

/**
 * A bilingual site (en, fr): the same posts in both languages (fr has fewer), in sections
 * posts and notes, top-level pages, tags, a draft, a slug, a relative `url`, aliases.
 * `dirs`: each language has its content folder (fr's outside content/); `suffix`: one
 * folder, French files named `a.fr.md` (and one English file `about.en.md`).
 */
function writeBilingualSite(site: string, layout: 'dirs' | 'suffix', subdir: boolean): void {
  const langs =
    layout === 'dirs'
      ? `[languages.en]\nweight = 1\ntitle = "EN site"\ncontentDir = "content/en"\n[languages.fr]\nweight = 2\ntitle = "Site FR"\ncontentDir = "content-fr/"\n`
      : // French first in order: unsuffixed files are still the default language's.
        `[languages.en]\nweight = 2\ntitle = "EN site"\n[languages.fr]\nweight = 1\ntitle = "Site FR"\n`;
  writeFileSync(
    path.join(site, 'hugo.toml'),
    `baseURL = "https://example.org/"\ntitle = "Site"\npaginate = 3\ndefaultContentLanguage = "en"\ndefaultContentLanguageInSubdir = ${subdir}\n[params]\nmainSections = ["posts"]\n${langs}${JSON_LISTING_CONFIG.replace(/\[outputs\][^]*$/, OUTPUTS)}`,
  );
  const file = (lang: 'en' | 'fr', rel: string) => {
    if (layout === 'dirs') return path.join(site, lang === 'en' ? 'content/en' : 'content-fr', rel);
    return path.join(site, 'content', lang === 'fr' ? rel.replace(/\.md$/, '.fr.md') : rel);
  };
  const put = (abs: string, fm: string, body = 'Some text here.') => {
    mkdirSync(path.dirname(abs), { recursive: true });
    writeFileSync(abs, `---\n${fm}---\n${body}\n`);
  };
  for (const lang of ['en', 'fr'] as const) {
    const count = lang === 'en' ? 14 : 9;
    for (let i = 0; i < count; i++) {
      const section = i % 4 === 3 ? 'notes' : 'posts';
      const tags = TAGS.filter((_, t) => (i + t) % 3 === 0 || (lang === 'fr' && t === 1));
      const extra =
        i === 2
          ? 'slug: my-slug\n'
          : i === 5
            ? 'url: rel-page/\n'
            : i === 6
              ? `aliases: [old-${lang}]\n`
              : i === 7
                ? 'draft: true\n'
                : '';
      put(
        file(lang, `${section}/p${i}.md`),
        `title: "${lang} post ${i}"\ndate: 2022-0${1 + (i % 9)}-${10 + (i % 3)}\ntags: [${tags.map((t) => `"${t}"`).join(', ')}]\n${extra}`,
      );
    }
  }
  // Each language's section page, and a bundle whose one resource is in French's folder.
  put(file('en', 'posts/_index.md'), 'title: English posts\n');
  put(file('fr', 'posts/_index.md'), 'title: Billets\n');
  put(file('en', 'posts/trip/index.md'), 'title: Trip\ndate: 2022-02-02\n');
  put(file('fr', 'posts/trip/index.md'), 'title: Voyage\ndate: 2022-02-02\n');
  const photo = file('fr', 'posts/trip/index.md').replace(/index(\.fr)?\.md$/, 'photo.txt');
  writeFileSync(photo, 'a photo\n');
  put(file('en', 'contact.md'), 'title: Contact\ndate: 2021-01-01\n');
  put(file('fr', 'contact.md'), 'title: Contact FR\ndate: 2021-01-01\n');
  if (layout === 'suffix')
    put(path.join(site, 'content', 'about.en.md'), 'title: About\ndate: 2021-01-02\n');
  else put(file('en', 'about.md'), 'title: About\ndate: 2021-01-02\n');
}

describe.skipIf(!hugo.version)(`multilingual sites as Hugo (${hugo.version ?? 'no hugo'})`, () => {
  for (const layout of ['dirs', 'suffix'] as const)
    for (const subdir of [false, true])
      it(`${layout === 'dirs' ? 'a content folder per language' : 'file-name suffixes'}, default language ${subdir ? 'in /en/' : 'at the root'}: same files, same listings`, async () => {
        const site = path.join(tempDir('quire-langs-'), 'site');
        mkdirSync(site, { recursive: true });
        writeBilingualSite(site, layout, subdir);
        addJsonListingLayouts(site);
        addPaginatingLayouts(site);
        // Each page writes its translations (Hugo's .Translations) as JSON.
        writeFileSync(
          path.join(site, 'layouts/_default/single.html'),
          '{{ $t := slice }}{{ range .Translations }}{{ $t = $t | append (dict "lang" .Lang "url" .RelPermalink) }}{{ end }}{{ $t | jsonify }}',
        );
        const theirs = path.join(site, 'public-hugo');
        hugoBuild(site, theirs);
        const ours = path.join(path.dirname(site), 'quire');
        const ws = await Workspace.open(site, { cacheDir: null });
        ws.config.summaryMode = 'sentence';
        const asOf = todayAsOf();
        await new Exporter(ws).export({ out: ours, asOf });

        // Every file Hugo writes (but its JSON listings, a custom format) is in the export.
        const hugoFiles = walk(theirs).filter((f) => !f.endsWith('.json'));
        const ourFiles = new Set(walk(ours));
        const missing = hugoFiles.filter((f) => !ourFiles.has(f));
        const plan = await new SitePlanner(ws).plan({ asOf });
        const hugoSet = new Set(hugoFiles);
        const onlyOurs = [...plan.pages.values()]
          .filter((p) => p.rendered && !hugoSet.has(p.file))
          .map((p) => `${p.post.path} -> ${p.file}`);

        // Each language's section page has its own title; the bundle's resource is both's.
        for (const { plan: own } of plan.languages!)
          for (const sec of own.sections) {
            const html = path.join(theirs, sec.dir.slice(1), 'index.html');
            expect(`list ${sec.title}`, sec.dir).toBe(readFileSync(html, 'utf8').split('\n')[0]);
          }
        const postsTitle = (lang: string) =>
          plan
            .languages!.find((l) => l.lang === lang)!
            .plan.sections.find((x) => x.name === 'posts')?.title;
        expect([postsTitle('en'), postsTitle('fr')]).toEqual(['English posts', 'Billets']);
        expect(hugoFiles.filter((f) => f.endsWith('photo.txt')).length).toBe(2);

        // Each page has Hugo's translations: same path in each language's folder or suffix.
        let translated = 0;
        for (const page of plan.pages.values()) {
          if (!page.rendered || !hugoSet.has(page.file)) continue;
          const want = JSON.parse(readFileSync(path.join(theirs, page.file), 'utf8')) as unknown;
          const got = (plan.translations?.get(page.post.path) ?? []).map((t) => ({
            lang: t.lang,
            url: t.url,
          }));
          expect(got, page.post.path).toEqual(want);
          if (got.length) translated++;
        }
        expect(translated).toBeGreaterThan(10);

        // Each language's home and term pages list the same posts in the same order.
        const derive = new DeriveCache(
          (rel) => ws.pathOf(rel),
          () => ws.config,
        ).derive;
        const differences: string[] = [];
        let compared = 0;
        for (const { lang, plan: own } of plan.languages!) {
          const names = ['home', ...[...own.lists.keys()].filter((k) => k.startsWith('tags/'))];
          for (const name of names) {
            const list = own.lists.get(name)!;
            const spec = parseListingSpec(name, own.config);
            for (let n = 1; ; n++) {
              const dir = path.join(theirs, list.dir.slice(1));
              const file =
                n === 1
                  ? path.join(dir, 'index.json')
                  : path.join(dir, 'page', String(n), 'index.json');
              if (!existsSync(file)) {
                if (n === 1) differences.push(`${lang} ${name}: Hugo wrote no ${list.dir}`);
                break;
              }
              const hugoPage = JSON.parse(readFileSync(file, 'utf8')) as {
                totalPages: number;
                entries: HugoEntry[];
              };
              const page = listingPage(own, { spec, pageNumber: n, mode: 'sentence' }, derive);
              if (page.totalPages !== hugoPage.totalPages)
                differences.push(
                  `${lang} ${name}: ${page.totalPages} pages, Hugo ${hugoPage.totalPages}`,
                );
              // Hugo's .File.Path is relative to the content folder the file is in.
              const got = page.entries.map(
                (e) => `content/${contentPath({ path: e.file }, contentRoots(own.config))}`,
              );
              const want = hugoPage.entries.map((e) => e.file);
              compared += want.length;
              if (JSON.stringify(got) !== JSON.stringify(want))
                differences.push(
                  `${lang} ${name} p${n}: ours ${got.join(' ')}\n  hugo ${want.join(' ')}`,
                );
            }
          }
        }
        console.log(
          `hugo multilingual parity (${layout}, ${subdir ? 'subdir' : 'root'}): Hugo wrote ${hugoFiles.length} files, ${missing.length} missing from Quire's export; ${plan.pages.size} post pages, ${onlyOurs.length} only in Quire's; ${compared} listing entries compared, ${differences.length} differences`,
        );
        expect(hugoFiles.length).toBeGreaterThan(90);
        expect(missing).toEqual([]);
        expect(onlyOurs).toEqual([]);
        expect(compared).toBeGreaterThan(40);
        expect(differences).toEqual([]);
      });
});
