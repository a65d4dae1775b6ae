import { parse as parseToml } from 'smol-toml';
import { parse as parseYaml } from 'yaml';
import { lowerKeys } from '../content/post.ts';

/** How automatic summaries are cut: Hugo >= 0.134 (paragraph) or older (sentence). */
export type SummaryMode = 'paragraph' | 'sentence';

/** The site settings Quire reads from a Hugo config, with Hugo's defaults filled in. */
export interface SiteConfig {
  title: string;
  baseURL: string;
  languageCode: string;
  contentDir: string;
  pagerSize: number;
  summaryLength: number;
  summaryMode: SummaryMode;
  mainSections: string[] | null;
  /** singular -> plural, e.g. { tag: 'tags', category: 'categories' } */
  taxonomies: Record<string, string>;
  unsafeHtml: boolean;
  typographer: boolean;
  /** markup.goldmark.parser.autoHeadingIDType (absent: github). */
  headingIdType?: 'github' | 'github-ascii' | 'blackfriday';
  /**
   * Line numbers on code blocks (markup.highlight.lineNos with lineNumbersInTable, or
   * the older pygmentsOptions "linenos=…"); absent: none. Readers see them, and Hugo
   * counts them as words.
   */
  lineNos?: 'table' | 'inline';
  /** markup.highlight.lineNoStart (absent: 1). */
  lineNoStart?: number;
  /**
   * markup.highlight.guessSyntax (or pygmentsCodefencesGuessSyntax): a fence with no
   * language is highlighted too, so it gets line numbers as well.
   */
  guessSyntax?: boolean;
  /** Hugo's `privacy` settings by service, keys lowercased (youtube, vimeo, twitter...). */
  privacy?: Record<string, Record<string, unknown>>;
  hasCJKLanguage: boolean;
  /**
   * False when fenced code is not highlighted (`markup.highlight.codeFences`, or the older
   * `pygmentsCodefences`): goldmark writes it, with no line numbers.
   */
  codeFences?: boolean;
  /** `enableEmoji`: `:smile:` in a body is 😄. */
  enableEmoji?: boolean;
  dateFormat: string;
  showReadingTime: boolean;
  author: string;
  description: string;
  rssLimit: number;
  /** Section (or `/` for top-level pages) -> permalink pattern for its pages. */
  permalinks: Record<string, string>;
  /** Hugo's `uglyURLs`: `/posts/a.html` instead of `/posts/a/`. */
  uglyURLs: boolean;
  /** Hugo's `disablePathToLower`. */
  disablePathToLower: boolean;
  /** Kinds Hugo does not render, lowercased: page, home, section, taxonomy, term, rss, sitemap, robotstxt, 404. */
  disableKinds: string[];
  params: Record<string, unknown>;
  /**
   * Hugo's `languages`, ordered as Hugo orders them (weight, a weight of 0 last, then key);
   * absent when the config has none: the site is one language, as before.
   */
  languages?: SiteLanguage[];
  /** `defaultContentLanguage`, lowercased (Hugo's default: en); set with `languages`. */
  defaultContentLanguage?: string;
  /** `defaultContentLanguageInSubdir`: the default language under `/<lang>/` too. */
  defaultContentLanguageInSubdir?: boolean;
  /**
   * Set only on one language's own config (see languageConfig): the URL prefix of its
   * pages and lists, `/en` ('' for the default language at the root).
   */
  languagePrefix?: string;
  /** Set only on one language's own config: its key (`en`). */
  language?: string;
}

/** One of Hugo's `languages`. */
export interface SiteLanguage {
  /** The key, lowercased: `en`, `ja`, `pt-br`. */
  lang: string;
  weight: number;
  /** Its `title`, else the site's. */
  title: string;
  /** Its `contentDir` without trailing slashes, else the site's. */
  contentDir: string;
  languageName: string;
  /** Its `languageCode`, else the key. */
  languageCode: string;
  /** Its own `params` (keys lowercased), over the site's for its pages (Hugo's `site.Params`). */
  params?: Record<string, unknown>;
}

/** The Hugo config file names Quire looks for, in Hugo's order. */
export const CONFIG_FILES = [
  'hugo.toml',
  'hugo.yaml',
  'hugo.yml',
  'hugo.json',
  'config.toml',
  'config.yaml',
  'config.yml',
  'config.json',
] as const;

/** Parses a config file's text by its name's extension. Throws with the reason. */
export function parseConfigText(name: string, text: string): Record<string, unknown> {
  const src = text.charCodeAt(0) === 0xfeff ? text.slice(1) : text;
  if (name.endsWith('.toml')) return parseToml(src) as Record<string, unknown>;
  if (name.endsWith('.json')) return JSON.parse(src) as Record<string, unknown>;
  const v = parseYaml(src, { maxAliasCount: 1000 }) as unknown;
  return v && typeof v === 'object' && !Array.isArray(v) ? (v as Record<string, unknown>) : {};
}

function obj(v: unknown): Record<string, unknown> {
  return v && typeof v === 'object' && !Array.isArray(v)
    ? lowerKeys(v as Record<string, unknown>)
    : {};
}

function num(v: unknown, fallback: number): number {
  const n = Number(v);
  return v !== undefined && v !== null && v !== '' && Number.isFinite(n) && n > 0
    ? Math.trunc(n)
    : fallback;
}

/** Fills a raw Hugo config (keys any case) into a SiteConfig with Hugo's defaults. */
export function normalizeSiteConfig(raw: Record<string, unknown>): SiteConfig {
  const c = lowerKeys(raw);
  const params = obj(c.params);
  const quire = obj(params.quire);
  const markup = obj(c.markup);
  const goldmark = obj(markup.goldmark);
  const renderer = obj(goldmark.renderer);
  const extensions = obj(goldmark.extensions);
  const pagination = obj(c.pagination);
  const services = obj(c.services);
  const rss = obj(services.rss);
  let taxonomies: Record<string, string> = { tag: 'tags', category: 'categories' };
  if (c.taxonomies && typeof c.taxonomies === 'object') {
    taxonomies = {};
    for (const [k, v] of Object.entries(c.taxonomies as Record<string, unknown>)) {
      if (typeof v === 'string' && v) taxonomies[k.toLowerCase()] = v.toLowerCase();
    }
  }
  const mainSections = Array.isArray(params.mainsections)
    ? params.mainsections.map(String)
    : typeof params.mainsections === 'string'
      ? [params.mainsections]
      : null;
  const mode = String(quire.summarymode ?? '').toLowerCase();
  const author = c.author ?? params.author;
  return {
    title: typeof c.title === 'string' ? c.title : '',
    baseURL: typeof c.baseurl === 'string' ? c.baseurl : '',
    languageCode:
      typeof c.languagecode === 'string'
        ? c.languagecode
        : typeof c.defaultcontentlanguage === 'string'
          ? c.defaultcontentlanguage
          : 'en',
    contentDir:
      typeof c.contentdir === 'string' && c.contentdir
        ? c.contentdir.replace(/\/+$/, '')
        : 'content',
    pagerSize: num(pagination.pagersize, num(c.paginate, 10)),
    summaryLength: num(c.summarylength, 70),
    summaryMode: mode === 'sentence' ? 'sentence' : 'paragraph',
    mainSections,
    taxonomies,
    unsafeHtml: renderer.unsafe === true,
    typographer: extensions.typographer !== false,
    headingIdType: headingIdType(obj(goldmark.parser).autoheadingidtype),
    ...lineNumbers(obj(markup.highlight), c.pygmentsoptions, c.pygmentscodefencesguesssyntax),
    privacy: Object.fromEntries(Object.entries(obj(c.privacy)).map(([k, v]) => [k, obj(v)])),
    hasCJKLanguage: c.hascjklanguage === true,
    enableEmoji: c.enableemoji === true,
    ...(codeFences(obj(markup.highlight), c.pygmentscodefences) ? {} : { codeFences: false }),
    dateFormat:
      typeof params.dateformat === 'string' && params.dateformat
        ? params.dateformat
        : 'January 2, 2006',
    showReadingTime: params.showreadingtime !== false,
    author:
      typeof author === 'string'
        ? author
        : author &&
            typeof author === 'object' &&
            typeof (author as Record<string, unknown>).name === 'string'
          ? String((author as Record<string, unknown>).name)
          : '',
    description: typeof params.description === 'string' ? params.description : '',
    rssLimit: num(rss.limit, num(c.rsslimit, 20)),
    permalinks: pagePermalinks(obj(c.permalinks)),
    uglyURLs: c.uglyurls === true,
    disablePathToLower: c.disablepathtolower === true,
    disableKinds: Array.isArray(c.disablekinds)
      ? c.disablekinds.map((k) => String(k).toLowerCase())
      : [],
    params,
    ...languageSettings(c),
  };
}

/** Hugo's `languages`, `defaultContentLanguage` and `defaultContentLanguageInSubdir`. */
function languageSettings(
  c: Record<string, unknown>,
): Pick<SiteConfig, 'languages' | 'defaultContentLanguage' | 'defaultContentLanguageInSubdir'> {
  const raw = obj(c.languages);
  if (Object.keys(raw).length === 0) return {};
  const siteTitle = typeof c.title === 'string' ? c.title : '';
  const siteDir =
    typeof c.contentdir === 'string' && c.contentdir ? c.contentdir.replace(/\/+$/, '') : 'content';
  const languages: SiteLanguage[] = [];
  for (const [key, v] of Object.entries(raw)) {
    const l = obj(v);
    const dir = typeof l.contentdir === 'string' && l.contentdir ? l.contentdir : siteDir;
    languages.push({
      lang: key.toLowerCase(),
      weight: Number.isInteger(Number(l.weight)) ? Number(l.weight) : 0,
      title: typeof l.title === 'string' ? l.title : siteTitle,
      contentDir: dir.replace(/^\.\//, '').replace(/\/+$/, ''),
      languageName: typeof l.languagename === 'string' ? l.languagename : '',
      languageCode: typeof l.languagecode === 'string' ? l.languagecode : key.toLowerCase(),
      ...(Object.keys(obj(l.params)).length ? { params: obj(l.params) } : {}),
    });
  }
  // Hugo's order: by weight, where 0 (none) comes last, then by key.
  languages.sort((a, b) =>
    a.weight === b.weight
      ? a.lang < b.lang
        ? -1
        : a.lang > b.lang
          ? 1
          : 0
      : b.weight === 0
        ? -1
        : a.weight === 0
          ? 1
          : a.weight - b.weight,
  );
  return {
    languages,
    defaultContentLanguage:
      typeof c.defaultcontentlanguage === 'string' && c.defaultcontentlanguage
        ? c.defaultcontentlanguage.toLowerCase()
        : 'en',
    defaultContentLanguageInSubdir: c.defaultcontentlanguageinsubdir === true,
  };
}

/** The site's languages when it has `languages`; null for a one-language site. */
export function siteLanguages(config: Pick<SiteConfig, 'languages'>): SiteLanguage[] | null {
  return config.languages && config.languages.length > 0 ? config.languages : null;
}

/** The URL prefix of a language's pages: `/en`, or '' for the default one at the root. */
export function languagePrefix(
  config: Pick<SiteConfig, 'defaultContentLanguage' | 'defaultContentLanguageInSubdir'>,
  lang: string,
): string {
  return lang === config.defaultContentLanguage && !config.defaultContentLanguageInSubdir
    ? ''
    : `/${lang}`;
}

/**
 * One language's config: its title, content folder and URL prefix (`languagePrefix`),
 * the rest the site's. What the plan plans that language's pages and lists with.
 */
export function languageConfig(config: SiteConfig, language: SiteLanguage): SiteConfig {
  // Its params over the site's, and what Quire's templates read from them.
  const params = language.params ? { ...config.params, ...language.params } : config.params;
  const own = language.params ?? {};
  return {
    ...config,
    params,
    ...(typeof own.description === 'string' ? { description: own.description } : {}),
    ...(typeof own.dateformat === 'string' && own.dateformat ? { dateFormat: own.dateformat } : {}),
    ...(typeof own.showreadingtime === 'boolean' ? { showReadingTime: own.showreadingtime } : {}),
    title: language.title,
    contentDir: language.contentDir,
    languageCode: language.languageCode,
    languagePrefix: languagePrefix(config, language.lang),
    language: language.lang,
  };
}

/**
 * The language of a content file (site-relative path) on a multilingual site, as Hugo
 * 0.111 decides: a configured language's suffix in the file name (`about.en.md`,
 * `index.fr.md`) first, else the language whose contentDir holds it (the deepest), else
 * the default language.
 */
export function fileLanguage(
  path: string,
  config: Pick<SiteConfig, 'languages' | 'defaultContentLanguage'>,
): string {
  const langs = config.languages ?? [];
  const suffix = languageSuffix(path.split('/').pop() ?? '', config);
  if (suffix) return suffix;
  let best = '';
  const def = config.defaultContentLanguage ?? 'en';
  let lang = def;
  for (const l of langs) {
    if (!path.startsWith(`${l.contentDir}/`)) continue;
    // A folder several languages share (the default: content/) is the default language's.
    if (l.contentDir.length > best.length || (l.contentDir === best && l.lang === def)) {
      best = l.contentDir;
      lang = l.lang;
    }
  }
  return lang;
}

/** The configured language named by a file name's suffix (`a.en.md` -> en), or ''. */
export function languageSuffix(name: string, config: Pick<SiteConfig, 'languages'>): string {
  const m = /\.([a-zA-Z][\w-]*)\.[^.]+$/.exec(name);
  if (!m) return '';
  const lang = m[1]!.toLowerCase();
  return (config.languages ?? []).some((l) => l.lang === lang) ? lang : '';
}

/** Page permalinks: Hugo's `[permalinks] posts = "…"` and the newer `[permalinks.page]` table. */
function pagePermalinks(raw: Record<string, unknown>): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [k, v] of Object.entries(raw)) if (typeof v === 'string') out[k] = v;
  for (const [k, v] of Object.entries(obj(raw.page))) if (typeof v === 'string') out[k] = v;
  return out;
}

/** Hugo's autoHeadingIDType, case-insensitive; anything else is the default (github). */
/**
 * Hugo's highlight settings for line numbers: markup.highlight, over the older
 * pygmentsOptions string ("linenos=table,linenostart=10").
 */
/** Whether Hugo highlights fenced code (default true). */
function codeFences(highlight: Record<string, unknown>, pygments: unknown): boolean {
  if (typeof highlight.codefences === 'boolean') return highlight.codefences;
  return pygments !== false;
}

function lineNumbers(
  highlight: Record<string, unknown>,
  pygments: unknown,
  pygmentsGuess: unknown,
): Pick<SiteConfig, 'lineNos' | 'lineNoStart' | 'guessSyntax'> {
  let on = false;
  let table = true;
  let start = 1;
  if (typeof pygments === 'string')
    for (const part of pygments.split(',')) {
      const [k, v = ''] = part.split('=').map((x) => x.trim().toLowerCase());
      if (k === 'linenos') {
        on = v === 'table' || v === 'inline' || v === 'true' || v === '';
        if (v === 'inline') table = false;
      } else if (k === 'linenostart' && Number.isInteger(Number(v))) start = Number(v);
    }
  if (typeof highlight.linenos === 'boolean') on = highlight.linenos;
  if (typeof highlight.linenumbersintable === 'boolean') table = highlight.linenumbersintable;
  if (Number.isInteger(highlight.linenostart)) start = highlight.linenostart as number;
  if (!on) return {};
  const guess =
    typeof highlight.guesssyntax === 'boolean' ? highlight.guesssyntax : pygmentsGuess === true;
  return {
    lineNos: table ? 'table' : 'inline',
    ...(start !== 1 ? { lineNoStart: start } : {}),
    ...(guess ? { guessSyntax: true } : {}),
  };
}

function headingIdType(v: unknown): SiteConfig['headingIdType'] {
  const t = String(v ?? '').toLowerCase();
  return t === 'github-ascii' || t === 'blackfriday' ? t : 'github';
}

/** The site's name as readers see it: its title, else its default language's title. */
export function siteTitle(
  config: Pick<SiteConfig, 'title' | 'languages' | 'defaultContentLanguage'>,
): string {
  if (config.title) return config.title;
  const def = config.languages?.find((l) => l.lang === config.defaultContentLanguage);
  return def?.title ?? '';
}
