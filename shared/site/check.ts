import { duplicateKeys } from '../content/front-matter.ts';
import { markdownFor } from '../markdown/render.ts';
import { isShortcodePlaceholder } from '../markdown/shortcodes.ts';
import type { SiteConfig } from './config.ts';
import { frontMatterKeyLine, linkAndImageFindings, shortcodeFindings } from './check-content.ts';
import type { DerivedPost } from './derive.ts';
import { markdownOptions } from './derive.ts';
import type { SitePost } from './listing.ts';
import { mainSections, planUrl, postConfig } from './plan.ts';
import { contentRoots, topSection } from './urls.ts';
import type { SitePlan } from './plan.ts';

/** One problem `quire check` reports: errors fail the check, warnings do not. */
export interface CheckIssue {
  severity: 'error' | 'warning';
  file: string;
  message: string;
}

/** What the checks need besides the posts. */
export interface CheckInput {
  posts: readonly SitePost[];
  config: SiteConfig;
  /** Files that could not be read at all (front matter errors), each naming the file. */
  unreadable: readonly { path: string; message: string }[];
  body(post: SitePost): string;
  derive(post: SitePost): DerivedPost;
  /** Every output path of a build with drafts and scheduled posts (pages and copies). */
  outputFiles: ReadonlySet<string>;
  /** The plan of that build (as of the check date, drafts and scheduled posts included). */
  plan: SitePlan;
  /** The whole file of a post (for front-matter line numbers); absent: no line given. */
  source?(post: SitePost): string;
  /** The site's own shortcode names (layouts/shortcodes and the theme's); absent: not checked. */
  shortcodes?: ReadonlySet<string>;
  /** Themes the config names that are not in the folder (`themes/even`, a Hugo module). */
  absentThemes?: readonly string[];
}

/** Posts longer than this many words should say what they are about in a summary. */
export const LONG_POST_WORDS = 1500;

/**
 * The pre-publish check: missing titles and dates, dates that do not parse, two posts at
 * one URL, broken internal links and images, long posts without a summary, descriptions
 * over 160 characters. Sorted by file, deterministic.
 */
export function checkSite(input: CheckInput): CheckIssue[] {
  const issues: CheckIssue[] = [];
  const add = (severity: CheckIssue['severity'], file: string, message: string) =>
    issues.push({ severity, file, message });
  for (const u of input.unreadable)
    add(
      'error',
      u.path,
      u.message
        .replace(`${u.path}:`, '')
        .replace(/^\d+:\d+: /, (m) => `line ${m.split(':')[0]}: `)
        .trim(),
    );

  const unknownShortcodes = new Map<string, { file: string; line: number; count: number }>();
  // Blog posts (the home page's sections) need a title and a date; a page elsewhere (an
  // about page, a section of quotes) is fine undated, and untitled only shows in its list.
  const isPost = blogPosts(input);
  for (const p of input.posts) {
    const url = planUrl(input.plan, p);
    const post = isPost(p);
    if (!p.meta.title.trim())
      add(
        post ? 'error' : 'warning',
        p.path,
        post ? 'has no title' : 'has no title (its section list shows it without one)',
      );
    const dateProblems = p.meta.warnings.filter((w) => /not a date/.test(w));
    for (const w of dateProblems) {
      const key = /^"([^"]+)"/.exec(w)?.[1];
      const line = key && input.source ? frontMatterKeyLine(input.source(p), key) : null;
      add('error', p.path, line ? `line ${line}: ${w}; Hugo reads no date from it` : w);
    }
    if (post && !p.meta.date && dateProblems.length === 0) add('error', p.path, 'has no date');
    if (input.source)
      for (const d of duplicateKeys(input.source(p)))
        add(
          'warning',
          p.path,
          `line ${d.line}: "${d.key}" is given again (first on line ${d.firstLine}); Hugo uses this last value and ignores the other`,
        );
    if (p.meta.description.length > 160)
      add(
        'warning',
        p.path,
        `description is ${p.meta.description.length} characters; search engines show about 160`,
      );
    const d = input.derive(p);
    if (d.wordCount > LONG_POST_WORDS && d.summaryType === 'auto')
      add(
        'warning',
        p.path,
        `${d.wordCount} words and no summary: add a summary field or a <!--more--> line so listings say what it is about`,
      );
    // Line numbers count from the top of the file, front matter included.
    const bodyLine = (p as { bodyLine?: number }).bodyLine ?? 1;
    const body = input.body(p);
    for (const f of linkAndImageFindings(body, bodyLine, d.html, markdownOptions(input.config)))
      add(f.severity, p.path, `line ${f.line}: ${f.message}`);
    const sc = shortcodeFindings(body, bodyLine, input.shortcodes);
    for (const f of sc.findings) add(f.severity, p.path, `line ${f.line}: ${f.message}`);
    for (const [name, line] of sc.unknown) {
      const seen = unknownShortcodes.get(name);
      if (seen) seen.count++;
      else unknownShortcodes.set(name, { file: p.path, line, count: 1 });
    }
    for (const link of internalLinks(body, input.config, bodyLine)) {
      const target = resolveTarget(url, link.url);
      if (
        target !== null &&
        !input.outputFiles.has(target) &&
        !input.outputFiles.has(`${target}/index.html`.replace(/^\//, ''))
      ) {
        add('error', p.path, `line ${link.line}: broken ${link.kind} ${link.url}`);
      }
    }
  }
  // A shortcode Quire cannot know: said once for the whole site, where it is first used.
  // With the theme not in the folder (a submodule not checked out, a Hugo module), it may
  // be the theme's: said as a warning that names what is missing.
  const absent = input.absentThemes ?? [];
  for (const [name, u] of unknownShortcodes) {
    const used = u.count > 1 ? `; ${u.count} posts use it` : '';
    if (absent.length > 0)
      add(
        'warning',
        u.file,
        `line ${u.line}: shortcode "${name}" is neither a Hugo built-in nor in layouts/shortcodes${used}, and the site's theme is not in this folder (${absent.join(', ')}${absent.some((a) => a.startsWith('themes/')) ? ': a git submodule not checked out?' : ''}): Hugo stops the build unless the theme has it; Quire shows it as a labelled block`,
      );
    else
      add(
        'error',
        u.file,
        `line ${u.line}: shortcode "${name}" is neither a Hugo built-in nor in layouts/shortcodes (site or theme)${used}: Hugo stops the build, Quire shows it as a labelled block`,
      );
  }
  // Two sources at one URL: the export fails on it, so it is an error here too.
  for (const c of input.plan.collisions) {
    for (const source of c.sources) {
      const file = source.replace(/ \(alias .*\)$/, '');
      if (file.startsWith('the ')) continue;
      const others = c.sources.filter((x) => x !== source);
      add(
        'error',
        file,
        `${source === file ? 'has' : `has an alias with`} the same URL ${c.url} as ${others.join(' and ')} (duplicate slug, url or alias; the export stops on it)`,
      );
    }
  }
  return issues.sort((a, b) =>
    a.file < b.file ? -1 : a.file > b.file ? 1 : a.message < b.message ? -1 : 1,
  );
}

/** Links and images in a post body that point inside the site, with their lines. */
function internalLinks(
  body: string,
  config: Pick<SiteConfig, 'typographer' | 'unsafeHtml'>,
  bodyLine: number,
): { url: string; kind: 'link' | 'image'; line: number }[] {
  const md = markdownFor({ typographer: config.typographer, unsafe: config.unsafeHtml });
  const out: { url: string; kind: 'link' | 'image'; line: number }[] = [];
  for (const block of md.parse(body, {})) {
    for (const t of block.children ?? []) {
      const raw =
        t.type === 'link_open' ? t.attrGet('href') : t.type === 'image' ? t.attrGet('src') : null;
      if (raw === null || t.markup === 'linkify' || t.info === 'auto') continue;
      const url = String(raw);
      if (
        /^[a-z][a-z0-9+.-]*:/i.test(url) ||
        url.startsWith('//') ||
        url.startsWith('#') ||
        url.startsWith('{{') ||
        isShortcodePlaceholder(url)
      )
        continue;
      out.push({
        url,
        kind: t.type === 'image' ? 'image' : 'link',
        line: (block.map?.[0] ?? 0) + bodyLine,
      });
    }
  }
  return out;
}

/** The output file a link from the page at `pageUrl` points to, or null if not checkable. */
function resolveTarget(pageUrl: string, url: string): string | null {
  const clean = url.split(/[?#]/)[0]!;
  if (!clean) return null;
  const baseParts = clean.startsWith('/') ? [] : pageUrl.split('/').filter(Boolean);
  const parts = [...baseParts];
  for (const seg of clean.split('/')) {
    if (seg === '' || seg === '.') continue;
    if (seg === '..') parts.pop();
    else parts.push(decodeURIComponent(seg));
  }
  const path = parts.join('/');
  return clean.endsWith('/') || path === '' ? `${path ? `${path}/` : ''}index.html` : path;
}

/**
 * Whether a post is a blog post: in one of the home page's sections (mainSections). On a
 * multilingual site, of its language's home page, sections read in its language's folder.
 */
function blogPosts(input: CheckInput): (p: SitePost) => boolean {
  const plan = input.plan;
  if (!plan.languages) {
    const home = new Set(mainSections(input.posts, input.config));
    return (p) => home.has(p.section);
  }
  const byLang = new Map<string, SitePost[]>();
  for (const p of input.posts) {
    const config = postConfig(plan, p);
    const own = { ...p, section: topSection(p, contentRoots(config)) };
    const key = config.language ?? '';
    const list = byLang.get(key);
    if (list) list.push(own);
    else byLang.set(key, [own]);
  }
  const posts = new Set<string>();
  for (const list of byLang.values()) {
    const home = new Set(mainSections(list, input.config));
    for (const p of list) if (home.has(p.section)) posts.add(p.path);
  }
  return (p) => posts.has(p.path);
}
