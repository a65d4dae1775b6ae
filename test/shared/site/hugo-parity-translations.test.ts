import { cpSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { Exporter } from '../../../electron/services/export.ts';
import { SitePlanner } from '../../../electron/services/site-plan.ts';
import { Workspace } from '../../../electron/services/workspace.ts';
import { parseAsOf } from '../../../shared/site/publish.ts';
import { walk } from '../../helpers/html.ts';
import { hugoBuild, hugoVersion } from '../../helpers/hugo.ts';
import { tempDir } from '../../helpers/site.ts';

const hugo = hugoVersion();
if (!hugo.version) console.log(`SKIPPED hugo translations parity: ${hugo.why}`);

const FIXTURE = path.resolve(__dirname, '../../fixtures/bilingual-blog');

/** What Hugo's templates below write for each page and list, one JSON object each. */
interface HugoPage {
  kind: string;
  lang: string;
  url: string;
  title: string;
  siteTitle: string;
  description: string;
  pages: string[];
  translations: { lang: string; url: string }[];
  resources: string[];
}

const FIELDS = `"kind" .Kind "lang" .Lang "url" .RelPermalink "title" .Title "siteTitle" site.Title "description" (site.Params.description | default "")`;
const TRANSLATIONS = `{{ $t := slice }}{{ range .Translations }}{{ $t = $t | append (dict "lang" .Lang "url" .RelPermalink) }}{{ end }}`;
const SINGLE = `${TRANSLATIONS}{{ $r := slice }}{{ range .Resources }}{{ $r = $r | append .RelPermalink }}{{ end }}QJSON{{ dict ${FIELDS} "pages" slice "translations" $t "resources" $r | jsonify }}`;
const LIST = `${TRANSLATIONS}{{ $p := slice }}{{ range .RegularPages }}{{ $p = $p | append .RelPermalink }}{{ end }}QJSON{{ dict ${FIELDS} "pages" $p "translations" $t "resources" slice | jsonify }}`;

/** The fixture with layouts that write what each page knows (kept out of the fixture). */
function hugoSite(): { site: string; theirs: string; pages: HugoPage[] } {
  const site = path.join(tempDir('quire-translations-'), 'site');
  cpSync(FIXTURE, site, { recursive: true });
  mkdirSync(path.join(site, 'layouts/_default'), { recursive: true });
  writeFileSync(path.join(site, 'layouts/_default/single.html'), SINGLE);
  writeFileSync(path.join(site, 'layouts/_default/list.html'), LIST);
  const theirs = path.join(site, 'public-hugo');
  hugoBuild(site, theirs);
  const pages: HugoPage[] = [];
  for (const f of walk(theirs).filter((x) => x.endsWith('.html'))) {
    const text = readFileSync(path.join(theirs, f), 'utf8');
    const at = text.indexOf('QJSON');
    if (at !== -1) pages.push(JSON.parse(text.slice(at + 5)) as HugoPage);
  }
  return { site, theirs, pages };
}

const asOf = parseAsOf('2025-01-01');

describe.skipIf(!hugo.version)(`translations as Hugo (${hugo.version ?? 'no hugo'})`, () => {
  it('page bundles per language, _index.<lang>.md sections, translations and per-language titles and params equal Hugo', async () => {
    const { site, theirs, pages } = hugoSite();
    const ws = await Workspace.open(site, { cacheDir: null });
    const plan = await new SitePlanner(ws).plan({ asOf });
    const ours = path.join(path.dirname(site), 'quire');
    await new Exporter(ws).export({ out: ours, asOf });

    // 1. Every file Hugo writes is in Quire's export, resources byte for byte, and Quire
    // writes no post page Hugo does not.
    const hugoFiles = walk(theirs);
    const ourFiles = new Set(walk(ours));
    expect(hugoFiles.filter((f) => !ourFiles.has(f))).toEqual([]);
    const resources = hugoFiles.filter((f) => !/\.(html|xml)$/.test(f));
    // sea.png is both translations', notes.fr.txt is fr's notes.txt, map.fr.txt (only in
    // French) is shared under its name, and a French-only bundle's photo is only fr's.
    expect(resources.sort()).toEqual([
      'fr/posts/my-trip/map.fr.txt',
      'fr/posts/my-trip/notes.fr.txt',
      'fr/posts/my-trip/sea.png',
      'fr/posts/solo/photo.png',
      'posts/my-trip/map.fr.txt',
      'posts/my-trip/notes.txt',
      'posts/my-trip/sea.png',
    ]);
    for (const f of resources)
      expect(readFileSync(path.join(ours, f)), f).toEqual(readFileSync(path.join(theirs, f)));
    const hugoSet = new Set(hugoFiles);
    expect([...plan.pages.values()].filter((p) => !hugoSet.has(p.file)).map((p) => p.file)).toEqual(
      [],
    );

    // 2. Each page: at Hugo's URL in Hugo's language, with Hugo's translations (`.Translations`).
    const singles = pages.filter((p) => p.kind === 'page');
    expect(singles.length).toBe(10);
    const byUrl = new Map([...plan.pages.values()].map((p) => [p.url, p]));
    let withTranslations = 0;
    for (const h of singles) {
      const page = byUrl.get(h.url);
      expect(page, h.url).toBeDefined();
      const lang = plan.languages!.find((l) => l.plan.pages.get(page!.post.path) === page)?.lang;
      expect(lang, h.url).toBe(h.lang);
      const got = (plan.translations!.get(page!.post.path) ?? []).map((t) => ({
        lang: t.lang,
        url: t.url,
      }));
      expect(got, h.url).toEqual(h.translations);
      if (got.length) withTranslations++;
    }
    expect(withTranslations).toBe(8);

    // 3. Each language's sections: the `_index.<lang>.md` title and the same pages in order.
    const sections = pages.filter((p) => p.kind === 'section');
    expect(sections.map((s) => `${s.url} ${s.title}`).sort()).toEqual([
      '/fr/posts/ Articles en français',
      '/fr/posts/notes/ Carnets',
      '/posts/ Articles in English',
      '/posts/notes/ Notes',
    ]);
    for (const h of sections) {
      const own = plan.languages!.find((l) => l.lang === h.lang)!.plan;
      const list = own.sections.find((s) => s.dir === h.url);
      expect(list, h.url).toBeDefined();
      expect(list!.title).toBe(h.title);
      expect(list!.posts.map((p) => own.pages.get(p.path)!.url)).toEqual(h.pages);
    }

    // 4. Each language's home page in the export: its title and its params' description.
    for (const h of pages.filter((p) => p.kind === 'home')) {
      const html = readFileSync(path.join(ours, h.url.slice(1), 'index.html'), 'utf8');
      expect(html).toContain(`<title>${h.siteTitle}</title>`);
      expect(html).toContain(`<meta name="description" content="${h.description}">`);
    }
    expect(pages.filter((p) => p.kind === 'home').map((p) => p.siteTitle)).toEqual([
      'Blog bilingue',
      'Bilingual Blog',
    ]);
  });

  it('a content folder per language: one bundle at the same path in both, its resources merged as Hugo merges them', async () => {
    const site = path.join(tempDir('quire-translations-dirs-'), 'site');
    cpSync(path.resolve(__dirname, '../../fixtures/bilingual-dirs-blog'), site, {
      recursive: true,
    });
    mkdirSync(path.join(site, 'layouts/_default'), { recursive: true });
    writeFileSync(path.join(site, 'layouts/_default/single.html'), SINGLE);
    writeFileSync(path.join(site, 'layouts/_default/list.html'), LIST);
    const theirs = path.join(site, 'public-hugo');
    hugoBuild(site, theirs);
    const ws = await Workspace.open(site, { cacheDir: null });
    const plan = await new SitePlanner(ws).plan({ asOf });
    const ours = path.join(path.dirname(site), 'quire');
    await new Exporter(ws).export({ out: ours, asOf });
    const hugoFiles = walk(theirs);
    const ourFiles = new Set(walk(ours));
    expect(hugoFiles.filter((f) => !ourFiles.has(f))).toEqual([]);
    // Each language: its own file of a name first (same.txt, n.fr.txt), else the other's.
    const resources = hugoFiles.filter((f) => f.endsWith('.txt')).sort();
    expect(resources).toEqual([
      'fr/posts/x/img.txt',
      'fr/posts/x/n.fr.txt',
      'fr/posts/x/only-fr.txt',
      'fr/posts/x/same.txt',
      'fr/posts/y/y.txt',
      'posts/x/img.txt',
      'posts/x/n.txt',
      'posts/x/only-fr.txt',
      'posts/x/same.txt',
    ]);
    for (const f of resources)
      expect(readFileSync(path.join(ours, f), 'utf8'), f).toBe(
        readFileSync(path.join(theirs, f), 'utf8'),
      );
    expect(plan.translations!.get('content/fr/posts/x/index.md')).toEqual([
      { lang: 'en', path: 'content/en/posts/x/index.md', url: '/posts/x/' },
    ]);
    expect(plan.translations!.has('content/fr/posts/y/index.md')).toBe(false);
  });
});
