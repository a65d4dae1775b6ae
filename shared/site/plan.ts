import { dateInstant } from '../content/dates.ts';
import { QuireError } from '../errors.ts';
import { taxonomyTerms } from '../content/post.ts';
import { makePath, urlizeTerm } from '../content/slug.ts';
import { fileLanguage, languageConfig, languageSuffix, siteLanguages } from './config.ts';
import type { SiteConfig } from './config.ts';
import type { ListingSpec, SitePost } from './listing.ts';
import { sortDefault } from './order.ts';
import { pageCount, paginate } from './paginate.ts';
import type { Pager } from './paginate.ts';
import { isListed } from './publish.ts';
import type { AsOf, PublishOptions } from './publish.ts';
import {
  contentFolder,
  contentPath,
  contentRoots,
  listUrl,
  outputFile,
  pagerUrl,
  postUrl,
  topSection,
} from './urls.ts';

/** What the plan is for: the published site as of a date, optionally with hidden posts. */
export interface PlanOptions extends PublishOptions {
  asOf: AsOf;
}

/** What the plan needs from the content folder besides the posts (all optional). */
export interface ContentTree {
  /** Content-relative folders that hold an `_index` file: sections below the first level. */
  sectionDirs?: readonly string[];
  /** Site-relative paths of the files under the content folder that are not Markdown. */
  contentFiles?: readonly string[];
  /**
   * What the sections' `_index` files say: heading and aliases, by section folder; `path`
   * (site-relative) is the file's, whose language suffix (`_index.fr.md`) says whose it is.
   */
  sectionPages?: readonly {
    dir: string;
    title: string;
    aliases: readonly string[];
    path?: string;
  }[];
  /**
   * Site-relative paths of every `_index` file: on a multilingual site a nested section is
   * a section of the languages that have an `_index` file there (Hugo 0.111).
   */
  indexFiles?: readonly string[];
  /**
   * A multilingual site's bundle resources for one language (planLanguages fills it):
   * `from` is copied as a resource named `name` of the bundle whose index is in `dir`
   * (site-relative, ending in `/`). Its files are not in `contentFiles`.
   */
  resources?: readonly { from: string; dir: string; name: string }[];
}

/** A published page's translation: the same page in another language (Hugo's `.Translations`). */
export interface PlannedTranslation {
  lang: string;
  path: string;
  url: string;
}

/** A list page: the home page, a section, a taxonomy term, or the archive. */
export interface PlannedList {
  /** The name it is asked for by: `home`, `archive`, `posts`, `posts/2022`, `tags/go`. */
  name: string;
  kind: 'home' | 'section' | 'term' | 'archive';
  /** The heading readers see ('' on the home page). */
  title: string;
  /** Its folder URL (`/tags/go/`); its pages are `dir`, `dir` + `page/2/`… */
  dir: string;
  /** Page 1's URL. */
  url: string;
  /** Every post it lists, in order. */
  posts: SitePost[];
  /** False for the archive: one page holds every post. */
  paginated: boolean;
  taxonomy?: string;
  /** The term as first written, e.g. `Go Lang` (its URL segment is `go-lang`). */
  term?: string;
}

/** A taxonomy's index page (`/tags/`) and its terms, ordered by their URL segment. */
export interface PlannedTaxonomy {
  plural: string;
  label: string;
  url: string;
  /** False when `disableKinds` has `taxonomy`: its index page is not written. */
  rendered: boolean;
  terms: { name: string; slug: string; count: number; list: PlannedList }[];
}

/** A published post: where it lives. */
export interface PlannedPage {
  post: SitePost;
  url: string;
  /** Its output file, `posts/a/index.html`. */
  file: string;
  /** Its section (`posts/nested` when that folder has an `_index` file). */
  sectionPath: string;
  /** False when another file took its URL (see `collisions`) or pages are disabled. */
  rendered: boolean;
}

/** A redirect page Hugo writes for an alias (or for page 1 of a paginated list). */
export interface PlannedAlias {
  url: string;
  file: string;
  /** The URL it redirects to. */
  target: string;
  /** The post that asked for it, or the list's name. */
  from: string;
}

/** Two or more sources that want the same output file: an error unless allowed. */
export interface Collision {
  file: string;
  url: string;
  /** The first one wins when the user lets the export continue. */
  sources: string[];
}

/** THE site plan: what is published, where every page lives, and what every list holds. */
export interface SitePlan {
  config: SiteConfig;
  options: PlanOptions;
  /** What the URLs depend on besides the posts (config and section folders). */
  fingerprint: string;
  ugly: boolean;
  /** Kinds Hugo would not render (config `disableKinds`), lowercased. */
  disabled: ReadonlySet<string>;
  /** The published posts in Hugo's default order. */
  published: SitePost[];
  /** The published posts newest first (by date, then path): the order of every feed. */
  newest: SitePost[];
  /** Every published post by path. */
  pages: Map<string, PlannedPage>;
  home: PlannedList | null;
  /** Sections by name (`posts`, `posts/2022`), sorted. */
  sections: PlannedList[];
  taxonomies: PlannedTaxonomy[];
  archive: PlannedList | null;
  /** Every post list by name: home, archive, sections, terms (`tags/go`). */
  lists: Map<string, PlannedList>;
  aliases: PlannedAlias[];
  /** Files copied as they are (bundle resources, other content files): site path -> output. */
  copies: { from: string; to: string }[];
  collisions: Collision[];
  /**
   * Every file the export writes for this plan (pages, lists, redirects, copies, feeds),
   * without static/ files: what a link checker resolves links against.
   */
  outputs: Set<string>;
  /** Things a user may want to know that are not errors. */
  warnings: string[];
  /** A copy of the posts it was planned from (what the next plan compares against). */
  inputs: readonly SitePost[];
  /** Options and content tree it was planned with (with `fingerprint`: all but the posts). */
  inputKey: string;
  /**
   * A multilingual site (config `languages`): each language's own plan, in Hugo's
   * language order. Then `pages`, `published`, `aliases`, `copies`, `collisions`,
   * `outputs` and `warnings` are every language's; `home`, `sections`, `taxonomies`,
   * `archive` and `lists` are the default language's.
   */
  languages?: { lang: string; plan: SitePlan }[];
  /**
   * A multilingual site: each published page's translations by path (the same
   * `translationKey`, else the same path in its language's content folder with the
   * language suffix dropped), in the site's language order. Pages without any are absent.
   */
  translations?: Map<string, PlannedTranslation[]>;
}

/** A disabled kind name in Hugo's older spelling. */
const KIND_ALIASES: Record<string, string> = { taxonomyterm: 'taxonomy' };

/**
 * Plans the site, pure and deterministic: the published set as of the date, every page's
 * URL by Hugo's rules, every list in order, aliases, files to copy and URL collisions.
 * Listings, where-a-post-lands, `quire check` and the export all read this plan.
 */
export function planSite(
  posts: readonly SitePost[],
  config: SiteConfig,
  options: PlanOptions,
  tree: ContentTree = {},
  previous?: SitePlan,
): SitePlan {
  return siteLanguages(config)
    ? planLanguages(posts, config, options, tree, previous)
    : planOne(posts, config, options, tree, previous);
}

/**
 * A multilingual site: each language planned on its own (its posts, its content folder,
 * its URL prefix), then put together. The default language's plan also holds the
 * redirect Hugo writes between the root and the default language's folder.
 */
function planLanguages(
  posts: readonly SitePost[],
  config: SiteConfig,
  options: PlanOptions,
  tree: ContentTree,
  previous?: SitePlan,
): SitePlan {
  const langs = siteLanguages(config)!;
  const def = config.defaultContentLanguage ?? 'en';
  const byLang = new Map<string, SitePost[]>(langs.map((l) => [l.lang, []]));
  for (const p of posts) byLang.get(fileLanguage(p.path, config))?.push(p);
  // The tree's folders are relative to the site's content folder: re-rooted per language.
  const site = `${config.contentDir}/`;
  const under = (dir: string, lang: string): string | null => {
    const own = `${langs.find((l) => l.lang === lang)!.contentDir}/`;
    const full = site + dir + '/';
    return full.startsWith(own) ? full.slice(own.length, -1) : null;
  };
  // A site path's folder inside a language's content folder (null: not in it).
  const langDir = (sitePath: string, lang: string): string | null => {
    const own = `${langs.find((l) => l.lang === lang)!.contentDir}/`;
    return sitePath.startsWith(own) ? sitePath.slice(own.length).replace(/\/?[^/]+$/, '') : null;
  };
  // A nested section is a section of the languages with an `_index` file there.
  const indexDirs = tree.indexFiles
    ? new Map(
        langs.map((l) => [
          l.lang,
          tree.indexFiles!.flatMap((f) => {
            if (fileLanguage(f, config) !== l.lang) return [];
            const dir = langDir(f, l.lang);
            return dir ? [dir] : [];
          }),
        ]),
      )
    : null;
  const { resources, inBundles } = bundleResources(posts, tree.contentFiles ?? [], config);
  const subs = langs.map((l) => {
    const lc = languageConfig(config, l);
    const t: ContentTree = {
      sectionDirs:
        indexDirs?.get(l.lang) ??
        (tree.sectionDirs ?? []).flatMap((d) => {
          const r = under(d, l.lang);
          return r ? [r] : [];
        }),
      contentFiles: (tree.contentFiles ?? []).filter(
        (f) =>
          !inBundles.has(f) &&
          fileLanguage(f, config) === l.lang &&
          f.startsWith(`${l.contentDir}/`),
      ),
      resources: resources.get(l.lang) ?? [],
      sectionPages: (tree.sectionPages ?? []).flatMap((s) => {
        if (s.path && fileLanguage(s.path, config) !== l.lang) return [];
        const r = s.path ? langDir(s.path, l.lang) : under(s.dir, l.lang);
        return r ? [{ ...s, dir: r }] : [];
      }),
    };
    const before = previous?.languages?.find((x) => x.lang === l.lang)?.plan;
    const plan = planOne(byLang.get(l.lang)!, lc, options, t, before);
    return { lang: l.lang, plan };
  });
  const main = subs.find((x) => x.lang === def) ?? subs[0]!;
  // Hugo's redirect between the root and the default language's folder.
  const rootRedirect: PlannedAlias = config.defaultContentLanguageInSubdir
    ? { url: '/', file: 'index.html', target: `/${def}/`, from: def }
    : { url: `/${def}/`, file: `${def}/index.html`, target: '/', from: def };
  const pages = new Map<string, PlannedPage>();
  const owners = new Map<string, string[]>();
  const outputs = new Set<string>();
  for (const { lang, plan } of subs) {
    for (const [k, v] of plan.pages) pages.set(k, v);
    for (const f of plan.outputs) {
      const o = owners.get(f);
      if (o) o.push(lang);
      else owners.set(f, [lang]);
      outputs.add(f);
    }
  }
  const collisions = subs.flatMap((x) => x.plan.collisions);
  for (const [file, langsThere] of owners)
    if (langsThere.length > 1)
      collisions.push({
        file,
        url: `/${file.replace(/(^|\/)index\.html$/, '$1')}`,
        sources: langsThere.map((l) => `the ${l} site`),
      });
  collisions.sort((a, b) => (a.file < b.file ? -1 : 1));
  const disabled = main.plan.disabled;
  const aliases = subs.flatMap((x) => x.plan.aliases);
  if (!outputs.has(rootRedirect.file)) {
    aliases.push(rootRedirect);
    outputs.add(rootRedirect.file);
  }
  if (!disabled.has('sitemap')) outputs.add('sitemap.xml');
  if (!disabled.has('robotstxt')) outputs.add('robots.txt');
  outputs.add('assets/quire.css');
  const published = subs.flatMap((x) => x.plan.published);
  const instants = new Map(published.map((p) => [p, p.meta.date ? dateInstant(p.meta.date) : 0]));
  return {
    ...main.plan,
    config,
    fingerprint: JSON.stringify([config, tree.sectionDirs ?? []]),
    inputKey: JSON.stringify([options, tree.contentFiles ?? [], tree.sectionPages ?? []]),
    published,
    newest: [...published].sort(
      (a, b) => instants.get(b)! - instants.get(a)! || (a.path < b.path ? -1 : 1),
    ),
    pages,
    aliases,
    copies: subs.flatMap((x) => x.plan.copies),
    collisions,
    outputs,
    warnings: subs.flatMap((x) => x.plan.warnings),
    inputs: [...posts],
    languages: subs,
    translations: translationsOf(subs),
  };
}

/**
 * Hugo 0.111's translation key of a page: `translationKey` from its front matter, else
 * its folder in its language's content folder and its name without the language suffix
 * (`posts/hello.fr.md` and `posts/hello.md`; a bundle's `index.fr.md` and `index.md`).
 */
export function translationKey(post: SitePost, config: SiteConfig): string {
  const own = post.meta.params.translationkey;
  if (typeof own === 'string' && own) return `key:${own}`;
  if (typeof own === 'number') return `key:${own}`;
  const rel = contentPath(post, contentRoots(config));
  const dir = rel.replace(/[^/]*$/, '');
  const name = rel.slice(dir.length).replace(/\.[^.]*$/, '');
  const suffix = languageSuffix(`${name}.md`, config);
  return `path:${dir}${suffix ? name.slice(0, -suffix.length - 1) : name}`;
}

/** Every published page's translations, by path, in language order. */
function translationsOf(
  subs: readonly { lang: string; plan: SitePlan }[],
): Map<string, PlannedTranslation[]> {
  const byKey = new Map<string, PlannedTranslation[]>();
  for (const { lang, plan } of subs)
    for (const page of plan.pages.values()) {
      const key = translationKey(page.post, plan.config);
      const t = { lang, path: page.post.path, url: page.url };
      const group = byKey.get(key);
      if (group) group.push(t);
      else byKey.set(key, [t]);
    }
  const out = new Map<string, PlannedTranslation[]>();
  for (const group of byKey.values()) {
    if (group.length < 2) continue;
    for (const t of group) {
      const others = group.filter((o) => o.lang !== t.lang);
      if (others.length) out.set(t.path, others);
    }
  }
  return out;
}

/**
 * Each language's bundle resources, as Hugo 0.111 publishes them. A bundle is one page
 * in several languages (its `index.md`, `index.fr.md`, or one `index.md` in each
 * language's content folder at the same path), and its files are every translation's:
 * a language's own file comes first (`notes.fr.txt` is fr's `notes.txt`; a file in its
 * own content folder), then an unsuffixed one, then one named for another language
 * (`map.fr.txt`, shared under that name). `inBundles`: every file inside some bundle.
 */
function bundleResources(
  posts: readonly SitePost[],
  files: readonly string[],
  config: SiteConfig,
): {
  resources: Map<string, { from: string; dir: string; name: string }[]>;
  inBundles: Set<string>;
} {
  const langs = siteLanguages(config) ?? [];
  const order = langs.map((l) => l.lang);
  // A file's folder language (the deepest content folder holding it; a folder languages
  // share is the default language's) and its path inside that folder.
  const def = config.defaultContentLanguage ?? 'en';
  const place = (path: string) => {
    let best: { lang: string; dir: string } | null = null;
    for (const l of langs) {
      const dir = `${l.contentDir}/`;
      if (!path.startsWith(dir)) continue;
      if (!best || dir.length > best.dir.length || (dir === best.dir && l.lang === def))
        best = { lang: l.lang, dir };
    }
    return best ? { lang: best.lang, rel: path.slice(best.dir.length) } : { lang: def, rel: path };
  };
  // Bundles by their path inside a content folder: each language's index folder.
  const bundles = new Map<string, Map<string, string>>();
  const bundleDirs = new Map<string, string>();
  for (const p of posts) {
    if (!p.bundle) continue;
    const dir = p.path.replace(/[^/]+$/, '');
    const key = place(dir).rel;
    bundleDirs.set(dir, key);
    const b = bundles.get(key) ?? new Map<string, string>();
    b.set(fileLanguage(p.path, config), dir);
    bundles.set(key, b);
  }
  // Per bundle and name without a language suffix: the candidates.
  const groups = new Map<
    string,
    { bundle: string; name: string; files: { from: string; suffix: string; home: string }[] }
  >();
  const inBundles = new Set<string>();
  for (const f of files) {
    // The deepest bundle folder above the file.
    let dir = '';
    for (let at = f.lastIndexOf('/'); at > 0; at = f.lastIndexOf('/', at - 1))
      if (bundleDirs.has(f.slice(0, at + 1))) {
        dir = f.slice(0, at + 1);
        break;
      }
    if (!dir) continue;
    inBundles.add(f);
    const bundle = bundleDirs.get(dir)!;
    const name = f.slice(dir.length);
    const base = name.split('/').pop()!;
    const suffix = languageSuffix(base, config);
    const stem = suffix ? base.replace(/\.[^.]+(\.[^.]+)$/, '$1') : base;
    const key = `${bundle}\0${name.slice(0, name.length - base.length)}${stem}`;
    const g = groups.get(key) ?? { bundle, name, files: [] };
    g.files.push({ from: f, suffix, home: place(f).lang });
    groups.set(key, g);
  }
  const rank = (lang: string) => {
    const i = order.indexOf(lang);
    return i === -1 ? order.length : i;
  };
  const resources = new Map<string, { from: string; dir: string; name: string }[]>();
  for (const g of groups.values()) {
    for (const [lang, dir] of bundles.get(g.bundle)!) {
      const pick =
        g.files.find((x) => x.suffix === lang) ??
        g.files.find((x) => !x.suffix && x.home === lang) ??
        [...g.files].filter((x) => !x.suffix).sort((a, b) => rank(a.home) - rank(b.home))[0] ??
        [...g.files].sort((a, b) => rank(a.suffix) - rank(b.suffix))[0]!;
      const list = resources.get(lang) ?? [];
      const inside = g.name.slice(0, g.name.length - g.name.split('/').pop()!.length);
      list.push({ from: pick.from, dir, name: inside + pick.from.split('/').pop()! });
      resources.set(lang, list);
    }
  }
  for (const list of resources.values()) list.sort((a, b) => (a.from < b.from ? -1 : 1));
  return { resources, inBundles };
}

/** One language's plan (the whole site when it has one language). */
function planOne(
  posts: readonly SitePost[],
  config: SiteConfig,
  options: PlanOptions,
  tree: ContentTree = {},
  previous?: SitePlan,
): SitePlan {
  // A language's URL prefix (`/en`), '' for the default language at the root.
  const P = config.languagePrefix ?? '';
  const fingerprint = JSON.stringify([config, tree.sectionDirs ?? []]);
  const inputKey = JSON.stringify([
    options,
    tree.contentFiles ?? [],
    tree.sectionPages ?? [],
    tree.resources ?? [],
  ]);
  // The common edit, a post's text changed and nothing the plan reads: the last plan holds,
  // with the new post records in it. Nothing is recomputed.
  if (previous && previous.fingerprint === fingerprint && previous.inputKey === inputKey) {
    const swapped = withNewRecords(previous, posts, config);
    if (swapped) return swapped;
  }
  const ugly = config.uglyURLs === true;
  const disabled = new Set(config.disableKinds.map((k) => KIND_ALIASES[k] ?? k));
  const warnings: string[] = [];
  const sectionDirs = new Set(tree.sectionDirs ?? []);
  const indexPages = new Map((tree.sectionPages ?? []).map((p) => [p.dir, p]));
  const on = (kind: string) => !disabled.has(kind);

  // Sections as Hugo sees them: a bundle that is itself a top-level folder is in none.
  const inSections = posts.map((p) => {
    const section = topSection(p, contentRoots(config));
    return section === p.section ? p : { ...p, section };
  });
  const listed = disabled.has('page')
    ? []
    : inSections.filter((p) => isListed(p.meta, options.asOf, options));
  // A previous plan of the same site (same config and folders) lends what did not change:
  // the order when no post's order keys changed, and the URL of every post whose
  // version is the same. Passing one never changes the plan, only its cost.
  const reuse = previous && previous.fingerprint === fingerprint ? previous : undefined;
  const published = sameOrder(listed, reuse?.published) ?? sortDefault(listed);
  const instants = new Map(published.map((p) => [p, p.meta.date ? dateInstant(p.meta.date) : 0]));
  const newest = [...published].sort(
    (a, b) => instants.get(b)! - instants.get(a)! || (a.path < b.path ? -1 : 1),
  );
  const claims = new Map<string, { url: string; sources: string[] }>();
  const claim = (url: string, source: string, file = outputFile(url)): boolean => {
    const c = claims.get(file);
    if (c) {
      c.sources.push(source);
      return false;
    }
    claims.set(file, { url, sources: [source] });
    return true;
  };

  // --- pages: URLs by Hugo's rules.
  const pages = new Map<string, PlannedPage>();
  for (const post of published) {
    const before = reuse?.pages.get(post.path);
    if (before && post.version !== undefined && before.post.version === post.version) {
      pages.set(post.path, { ...before, post, rendered: true });
      continue;
    }
    const sectionPath = currentSection(post, config, sectionDirs);
    const url = postUrl(post, config, sectionPath);
    pages.set(post.path, { post, url, file: outputFile(url), sectionPath, rendered: true });
  }

  // --- lists, every one a subset of `published` (already in order).
  const lists = new Map<string, PlannedList>();
  const list = (l: Omit<PlannedList, 'url'>): PlannedList => {
    const full = { ...l, url: listUrl(l.dir, ugly) };
    lists.set(full.name, full);
    return full;
  };
  const homeSections = new Set(mainSections(published, config));
  const homePosts = published.filter((p) => homeSections.has(p.section));
  const home = on('home')
    ? list({
        name: 'home',
        kind: 'home',
        title: '',
        dir: `${P}/`,
        posts: homePosts,
        paginated: true,
      })
    : null;

  const sectionNames = new Set<string>();
  for (const p of published) if (p.section) sectionNames.add(p.section);
  for (const d of sectionDirs) if (d) sectionNames.add(d);
  // content/tags/_index.md is the taxonomy's own page, not a section.
  const plurals = new Set(Object.values(config.taxonomies));
  for (const name of [...sectionNames])
    if (plurals.has(name.split('/')[0]!)) sectionNames.delete(name);
  // An empty archives/ section is a theme's archive page: Quire's archive goes there.
  const archiveDir = `${P}/archives/`;
  const bySection = new Map<string, SitePost[]>();
  for (const page of pages.values()) {
    if (!page.sectionPath) continue;
    const l = bySection.get(page.sectionPath);
    if (l) l.push(page.post);
    else bySection.set(page.sectionPath, [page.post]);
  }
  const sections: PlannedList[] = [];
  if (on('section')) {
    for (const name of [...sectionNames].sort()) {
      const members = bySection.get(name) ?? [];
      if (
        members.length === 0 &&
        `${P}/${makePath(name, !config.disablePathToLower)}/` === archiveDir
      )
        continue;
      const last = name.split('/').pop()!;
      sections.push(
        list({
          name,
          kind: 'section',
          title: indexPages.get(name)?.title || last[0]!.toUpperCase() + last.slice(1),
          dir: `${P}/${makePath(name, !config.disablePathToLower)}/`,
          // Already in order: pages were planned walking `published`.
          posts: members,
          paginated: true,
        }),
      );
    }
  }

  const taxonomies: PlannedTaxonomy[] = [];
  for (const plural of Object.values(config.taxonomies)) {
    const terms = new Map<string, { name: string; posts: SitePost[] }>();
    for (const p of published) {
      const seen = new Set<string>();
      for (const name of taxonomyTerms(p.meta, plural)) {
        const slug = urlizeTerm(name);
        if (!slug || seen.has(slug)) continue;
        seen.add(slug);
        const t = terms.get(slug);
        if (t) t.posts.push(p);
        else terms.set(slug, { name, posts: [p] });
      }
    }
    const label = plural[0]!.toUpperCase() + plural.slice(1);
    const entries = [...terms]
      .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))
      .map(([slug, t]) => {
        const termList: PlannedList = {
          name: `${plural}/${slug}`,
          kind: 'term',
          title: t.name,
          dir: `${P}/${plural}/${slug}/`,
          url: listUrl(`${P}/${plural}/${slug}/`, ugly),
          posts: t.posts,
          paginated: true,
          taxonomy: plural,
          term: t.name,
        };
        if (on('term')) lists.set(termList.name, termList);
        return { name: t.name, slug, count: t.posts.length, list: termList };
      });
    taxonomies.push({
      plural,
      label,
      url: listUrl(`${P}/${plural}/`, ugly),
      rendered: on('taxonomy'),
      terms: entries,
    });
  }

  // --- claims: generated lists first, then posts by path, then aliases and copies.
  const aliases: PlannedAlias[] = [];
  const claimList = (l: PlannedList) => {
    const total = l.paginated ? pageCount(l.posts.length, config.pagerSize) : 1;
    for (let n = 1; n <= total; n++) claim(pagerUrl(l.dir, n, ugly), `the ${l.name} listing`);
    if (l.paginated) {
      // Hugo redirects page 1 of every paginated list to the list itself.
      const one = ugly ? `${l.dir}page/1.html` : `${l.dir}page/1/`;
      if (claim(one, `the ${l.name} listing`))
        aliases.push({ url: one, file: outputFile(one), target: l.url, from: l.name });
    }
  };
  if (home) claimList(home);
  for (const s of sections) claimList(s);
  for (const t of taxonomies) {
    if (t.rendered) claim(t.url, `the ${t.plural} index`);
    if (on('term')) for (const term of t.terms) claimList(term.list);
  }

  // A page laid out as the archive (PaperMod's content/archives.md) hosts it.
  const archiveHost = published.find(
    (p) => String(p.meta.params.layout ?? '').toLowerCase() === 'archives',
  );
  // Path order decides who keeps a contested URL. The index hands posts over in path
  // order, so this is usually a walk, not a sort.
  let byPath = inSections.filter((p) => pages.has(p.path)).map((p) => pages.get(p.path)!);
  if (!byPath.every((p, i) => i === 0 || byPath[i - 1]!.post.path < p.post.path))
    byPath = byPath.sort((a, b) => (a.post.path < b.post.path ? -1 : 1));
  for (const page of byPath) {
    if (page.post === archiveHost) {
      page.rendered = false;
      continue;
    }
    page.rendered = claim(page.url, page.post.path, page.file);
  }
  const archiveUrl = archiveHost ? pages.get(archiveHost.path)!.url : listUrl(archiveDir, ugly);
  let archive: PlannedList | null = null;
  if (on('home')) {
    const instant = new Map(homePosts.map((p) => [p, p.meta.date ? dateInstant(p.meta.date) : 0]));
    const byDate = [...homePosts].sort(
      (a, b) =>
        instant.get(b)! - instant.get(a)! || (a.path < b.path ? -1 : a.path > b.path ? 1 : 0),
    );
    const file = outputFile(archiveUrl);
    if (archiveHost || !claims.has(file)) {
      claims.set(file, { url: archiveUrl, sources: ['the archive'] });
      archive = {
        name: 'archive',
        kind: 'archive',
        title: 'Archives',
        dir: archiveUrl.endsWith('/') ? archiveUrl : archiveDir,
        url: archiveUrl,
        posts: byDate,
        paginated: false,
      };
      lists.set('archive', archive);
    } else {
      warnings.push(
        `${claims.get(file)!.sources[0]} is at ${archiveUrl}, so Quire's archive page is not written`,
      );
    }
  }

  for (const page of byPath) {
    for (const raw of page.post.meta.aliases) {
      const url = aliasUrl(raw, page.url, ugly);
      if (!url) continue;
      const file = outputFile(url);
      // An alias at the page's own URL (`aliases = ["/post/x"]` on /post/x/) is no second
      // file: Hugo 0.111 writes the page there, and so does Quire.
      if (file === page.file) continue;
      if (claim(url, `${page.post.path} (alias ${raw})`, file))
        aliases.push({ url, file, target: page.url, from: page.post.path });
    }
  }

  // A section's `_index` file may ask for aliases too: they redirect to the section.
  for (const section of sections) {
    for (const raw of indexPages.get(section.name)?.aliases ?? []) {
      const url = aliasUrl(raw, section.url, ugly);
      if (!url) continue;
      const from =
        indexPages.get(section.name)?.path ?? `${config.contentDir}/${section.name}/_index.md`;
      if (outputFile(url) === outputFile(section.url)) continue; // its own URL: the list is there
      if (claim(url, `${from} (alias ${raw})`))
        aliases.push({ url, file: outputFile(url), target: section.url, from });
    }
  }

  // --- files copied as they are: bundle resources go where their page goes; other
  // content files keep their path under the content folder.
  const copies: { from: string; to: string }[] = [];
  const bundleDirs = new Map<string, PlannedPage>();
  for (const page of pages.values())
    if (page.post.bundle) bundleDirs.set(page.post.path.replace(/[^/]+$/, ''), page);
  const allBundles = new Set(
    posts.filter((p) => p.bundle).map((p) => p.path.replace(/[^/]+$/, '')),
  );
  const prefix = `${config.contentDir}/`;
  for (const from of [...(tree.contentFiles ?? [])].sort()) {
    let bundle = '';
    for (const dir of allBundles)
      if (from.startsWith(dir) && dir.length > bundle.length) bundle = dir;
    let to: string;
    if (bundle) {
      const page = bundleDirs.get(bundle);
      if (!page || !page.rendered) continue; // the page is not published: neither are its files
      const dir = page.file.endsWith('index.html')
        ? page.file.slice(0, -'index.html'.length)
        : page.file.replace(/\.html$/, '/');
      to = dir + from.slice(bundle.length);
    } else {
      to = from.startsWith(prefix) ? from.slice(prefix.length) : from;
      if (P) to = `${P.slice(1)}/${to}`;
    }
    if (claim(`/${to}`, from, to)) copies.push({ from, to });
  }
  // A multilingual site's bundle resources, which may come from another language's folder.
  for (const r of tree.resources ?? []) {
    const page = bundleDirs.get(r.dir);
    if (!page || !page.rendered) continue;
    const dir = page.file.endsWith('index.html')
      ? page.file.slice(0, -'index.html'.length)
      : page.file.replace(/\.html$/, '/');
    const to = dir + r.name;
    if (claim(`/${to}`, r.from, to)) copies.push({ from: r.from, to });
  }

  const collisions: Collision[] = [];
  for (const [file, c] of claims)
    if (c.sources.length > 1) collisions.push({ file, url: c.url, sources: c.sources });
  collisions.sort((a, b) => (a.file < b.file ? -1 : 1));
  const outputs = new Set(claims.keys());
  if (!disabled.has('rss')) {
    for (const l of lists.values())
      if (l.kind !== 'archive') outputs.add(`${l.dir.slice(1)}index.xml`);
    for (const t of taxonomies)
      if (t.rendered) outputs.add(`${P ? `${P.slice(1)}/` : ''}${t.plural}/index.xml`);
  }
  if (config.language === undefined) {
    for (const [kind, file] of [
      ['sitemap', 'sitemap.xml'],
      ['robotstxt', 'robots.txt'],
      ['404', '404.html'],
    ])
      if (!disabled.has(kind!)) outputs.add(file!);
    outputs.add('assets/quire.css');
  } else {
    // One language of several: its own sitemap (the root one is their index) and 404.
    if (!disabled.has('sitemap')) outputs.add(`${config.language}/sitemap.xml`);
    if (!disabled.has('404')) outputs.add(`${P ? `${P.slice(1)}/` : ''}404.html`);
  }

  return {
    config,
    options,
    fingerprint,
    ugly,
    disabled,
    published,
    newest,
    pages,
    home,
    sections,
    taxonomies,
    archive,
    lists,
    aliases,
    copies,
    collisions,
    outputs,
    warnings,
    inputs: [...posts],
    inputKey,
  };
}

/** True when two records of one post are the same to the plan (all but the text and version). */
function samePlanInput(a: SitePost, b: SitePost): boolean {
  return (
    a.path === b.path &&
    a.section === b.section &&
    a.bundle === b.bundle &&
    a.baseName === b.baseName &&
    (a.meta === b.meta || JSON.stringify(a.meta) === JSON.stringify(b.meta))
  );
}

/** At most this many changed records are swapped into the last plan; more: plan afresh. */
const MAX_SWAPS = 64;

/**
 * The previous plan with new records of the same posts put in, when every post is the
 * same to the plan (same path, folder and front matter: only its text or version
 * changed); null otherwise. Lists holding none of them are shared with the previous plan.
 */
function withNewRecords(
  prev: SitePlan,
  posts: readonly SitePost[],
  config: SiteConfig,
): SitePlan | null {
  if (posts.length !== prev.inputs.length) return null;
  const swap = new Map<SitePost, SitePost>();
  let changed = 0;
  for (let i = 0; i < posts.length; i++) {
    const p = posts[i]!;
    const q = prev.inputs[i]!;
    if (p === q) continue;
    if (++changed > MAX_SWAPS || !samePlanInput(p, q)) return null;
    const page = prev.pages.get(p.path);
    if (!page) continue; // not published: in no list
    const section = topSection(p, contentRoots(config));
    swap.set(page.post, section === p.section ? p : { ...p, section });
  }
  if (swap.size === 0) return { ...prev, config, inputs: [...posts] };
  const sub = (list: SitePost[]) =>
    list.some((p) => swap.has(p)) ? list.map((p) => swap.get(p) ?? p) : list;
  const pages = new Map(prev.pages);
  for (const [before, now] of swap) {
    const page = pages.get(before.path)!;
    pages.set(before.path, { ...page, post: now });
  }
  const swappedLists = new Map<PlannedList, PlannedList>();
  const subList = (l: PlannedList): PlannedList => {
    let next = swappedLists.get(l);
    if (!next) {
      const listed = sub(l.posts);
      next = listed === l.posts ? l : { ...l, posts: listed };
      swappedLists.set(l, next);
    }
    return next;
  };
  const lists = new Map<string, PlannedList>();
  for (const [name, l] of prev.lists) lists.set(name, subList(l));
  return {
    ...prev,
    config,
    published: sub(prev.published),
    newest: sub(prev.newest),
    pages,
    home: prev.home && subList(prev.home),
    sections: prev.sections.map(subList),
    taxonomies: prev.taxonomies.map((t) => {
      let changed = false;
      const terms = t.terms.map((term) => {
        const list = subList(term.list);
        if (list === term.list) return term;
        changed = true;
        return { ...term, list };
      });
      // A taxonomy none of whose terms changed is the same object (its feed is kept).
      return changed ? { ...t, terms } : t;
    }),
    archive: prev.archive && subList(prev.archive),
    lists,
    inputs: [...posts],
  };
}

/**
 * `posts` in the previous plan's order, when they are the same posts with the same order
 * keys (weight, date, title, link title); otherwise undefined.
 */
function sameOrder(
  posts: readonly SitePost[],
  before: readonly SitePost[] | undefined,
): SitePost[] | undefined {
  if (!before || before.length !== posts.length) return undefined;
  const byPath = new Map(posts.map((p) => [p.path, p]));
  const out: SitePost[] = [];
  for (const b of before) {
    const p = byPath.get(b.path);
    if (
      !p ||
      (p !== b &&
        (p.meta.weight !== b.meta.weight ||
          p.meta.date?.raw !== b.meta.date?.raw ||
          p.meta.title !== b.meta.title ||
          p.meta.params.linktitle !== b.meta.params.linktitle))
    )
      return undefined;
    out.push(p);
  }
  return out;
}

/** The sections the home page lists: params.mainSections, else the largest section. */
export function mainSections(
  posts: readonly SitePost[],
  config: Pick<SiteConfig, 'mainSections'>,
): string[] {
  if (config.mainSections && config.mainSections.length > 0) return config.mainSections;
  const counts = new Map<string, number>();
  for (const p of posts) if (p.section) counts.set(p.section, (counts.get(p.section) ?? 0) + 1);
  let best = '';
  let n = -1;
  for (const [s, c] of [...counts].sort(([a], [b]) => (a < b ? -1 : 1))) {
    if (c > n) {
      best = s;
      n = c;
    }
  }
  return best ? [best] : [];
}

/**
 * A post's current section: the deepest folder above it that is a section (every
 * first-level folder is; deeper ones when they hold an `_index` file).
 */
function currentSection(
  post: SitePost,
  config: Pick<SiteConfig, 'contentDir' | 'languages'>,
  sectionDirs: ReadonlySet<string>,
): string {
  if (!post.section) return '';
  const parts = contentFolder(post, contentRoots(config)).split('/');
  for (let n = parts.length; n > 1; n--) {
    const dir = parts.slice(0, n).join('/');
    if (sectionDirs.has(dir)) return dir;
  }
  return post.section;
}

/**
 * Where an alias lands: `/old/` as written; a relative alias sits beside the page's URL
 * (Hugo: `old` on `/posts/2022/a/` is `/posts/2022/old/`). An alias ending in `.html` is
 * that file; others are folders (`old.html` with ugly URLs).
 */
export function aliasUrl(alias: string, pageUrl: string, ugly: boolean): string | null {
  let a = alias.trim();
  if (!a || /^[a-z][a-z0-9+.-]*:/i.test(a) || a.startsWith('//')) return null;
  if (!a.startsWith('/')) {
    const dir = pageUrl.replace(/\/$/, '').replace(/[^/]*$/, '');
    a = dir + a;
  }
  const parts: string[] = [];
  for (const seg of a.split('/')) {
    if (seg === '' || seg === '.') continue;
    if (seg === '..') parts.pop();
    else parts.push(seg);
  }
  if (parts.length === 0) return null;
  const path = `/${parts.join('/')}`;
  if (/\.html?$/i.test(path)) return path;
  return ugly ? `${path}.html` : `${path}/`;
}

/**
 * Hugo's alias page: canonical link, noindex, immediate refresh to `target` (absolute);
 * plus the CSP every exported page carries.
 */
export function aliasHtml(target: string, languageCode: string): string {
  const t = target.replace(/&/g, '&amp;').replace(/"/g, '&quot;').replace(/</g, '&lt;');
  return `<!DOCTYPE html>
<html lang="${languageCode.replace(/[^\w-]/g, '') || 'en'}">
  <head>
    <title>${t}</title>
    <link rel="canonical" href="${t}">
    <meta name="robots" content="noindex">
    <meta charset="utf-8">
    <meta http-equiv="Content-Security-Policy" content="default-src 'none'; script-src 'none'">
    <meta http-equiv="refresh" content="0; url=${t}">
  </head>
</html>
`;
}

/** The list a spec names, or null when the site has no such list. */
export function planList(plan: SitePlan, spec: ListingSpec): PlannedList | null {
  switch (spec.kind) {
    case 'home':
      return plan.home;
    case 'archive':
      return plan.archive;
    case 'section':
      return plan.lists.get(spec.section)?.kind === 'section'
        ? plan.lists.get(spec.section)!
        : null;
    case 'term':
      return plan.lists.get(`${spec.taxonomy}/${urlizeTerm(spec.term)}`) ?? null;
    case 'terms':
      return null;
  }
}

/** Page `n` of a list as the plan lays it out (the archive is one page), or null. */
export function planPage(plan: SitePlan, l: PlannedList, n: number): Pager<SitePost> | null {
  return paginate(
    l.posts,
    l.paginated ? plan.config.pagerSize : Math.max(1, l.posts.length),
    n,
    l.dir,
    plan.ugly,
  );
}

/**
 * The plan of one language of the site: `lang`, or the default language when not given;
 * a one-language site is its own plan (and knows no other language). Throws naming the
 * site's languages when it has no such one.
 */
export function languagePlan(plan: SitePlan, lang?: string): SitePlan {
  const want = lang?.trim().toLowerCase();
  if (!plan.languages) {
    if (!want) return plan;
    throw new QuireError(
      'invalid-request',
      `"${lang}" is not a language of this site: its config has no languages`,
    );
  }
  const def = plan.config.defaultContentLanguage ?? 'en';
  const found = plan.languages.find((l) => l.lang === (want || def)) ?? plan.languages[0]!;
  if (want && found.lang !== want)
    throw new QuireError(
      'invalid-request',
      `"${lang}" is not a language of this site (languages: ${plan.languages.map((l) => l.lang).join(', ')})`,
    );
  return found.plan;
}

/** Every list a post appears on, with its page number there (where-a-post-lands). */
export function whereInPlan(
  plan: SitePlan,
  path: string,
): { name: string; kind: PlannedList['kind']; pageNumber: number }[] {
  // A multilingual site: the lists of the post's language.
  if (plan.languages) {
    const lang = fileLanguage(path, plan.config);
    const own = plan.languages.find((l) => l.lang === lang)?.plan;
    return own ? whereInPlan(own, path) : [];
  }
  const out: { name: string; kind: PlannedList['kind']; pageNumber: number }[] = [];
  for (const l of plan.lists.values()) {
    const i = l.posts.findIndex((p) => p.path === path);
    if (i === -1) continue;
    out.push({
      name: l.name,
      kind: l.kind,
      pageNumber: l.paginated ? Math.floor(i / plan.config.pagerSize) + 1 : 1,
    });
  }
  return out;
}

/**
 * The names a user can ask `quire listing --page` for, in the order the picker shows;
 * `indexes: false` leaves out the taxonomy indexes (`tags`), which list terms, not posts.
 */
export function listingNames(plan: SitePlan, { indexes = true } = {}): string[] {
  const names: string[] = [];
  if (plan.home) names.push('home');
  if (plan.archive) names.push('archive');
  for (const s of plan.sections) names.push(s.name);
  for (const t of plan.taxonomies) {
    if (t.rendered && indexes) names.push(t.plural);
    for (const term of t.terms) if (plan.lists.has(term.list.name)) names.push(term.list.name);
  }
  return names;
}

/**
 * A post's URL on the planned site: the plan's when it is published there, else where it
 * would be (e.g. a draft). For ref/relref (shared/site/refs.ts takes it as `urlOf`).
 */
export function planUrl(plan: SitePlan, post: SitePost): string {
  return plan.pages.get(post.path)?.url ?? postUrl(post, postConfig(plan, post));
}

/** The config a post's URL is made with: its language's on a multilingual site. */
export function postConfig(plan: SitePlan, post: Pick<SitePost, 'path'>): SiteConfig {
  if (!plan.languages) return plan.config;
  const lang = fileLanguage(post.path, plan.config);
  return plan.languages.find((l) => l.lang === lang)?.plan.config ?? plan.config;
}
