import { goldmarkTablesPlugin } from './goldmark-tables.ts';
import MarkdownItCtor from 'markdown-it';
import type { Env, MarkdownIt, MarkdownItOptions, RendererRule, Token } from 'markdown-it';
import footnote from 'markdown-it-footnote';
import { escapeHtml, highlightBlock, highlightCode } from './highlight.ts';
import { markedToEntities } from './typographic.ts';
import { definitionTermsPlugin } from './definition-terms.ts';
import { goldmarkDelimitersPlugin } from './goldmark-delimiters.ts';
import { headingAttributesPlugin } from './heading-attributes.ts';
import { headingIdsPlugin } from './heading-ids.ts';
import type { HeadingIdType } from './heading-ids.ts';
import deflist from 'markdown-it-deflist';
import { isShortcodePlaceholder, shortcodesInHtml, shortcodesPlugin } from './shortcodes.ts';
import type { ShortcodeEnv } from './shortcodes.ts';
import { taskListsPlugin } from './task-lists.ts';
import { goldmarkQuotesPlugin, hugoTypographerPlugin } from './typographer.ts';

/** The site settings that change how Markdown renders (Hugo's goldmark config). */
export interface MarkdownOptions {
  /** markup.goldmark.extensions.typographer (Hugo default: true). */
  typographer: boolean;
  /** markup.goldmark.renderer.unsafe (Hugo default: false: raw HTML is omitted). */
  unsafe: boolean;
  /** markup.goldmark.parser.autoHeadingIDType (Hugo default: github). */
  headingIds?: HeadingIdType;
  /** Line numbers on every code block (markup.highlight.lineNos); a fence's `{linenos=…}` wins. */
  lineNos?: 'table' | 'inline';
  /** markup.highlight.lineNoStart (default 1). */
  lineNoStart?: number;
  /** markup.highlight.guessSyntax: fences with no language are highlighted (numbered) too. */
  guessSyntax?: boolean;
  /** False: fenced code is not highlighted (markup.highlight.codeFences): goldmark writes it. */
  codeFences?: boolean;
}

/** Per-render context: how relative link and image URLs resolve (page bundles). */
export interface RenderEnv {
  /** Maps a URL written in the post to the one to emit; absent: left as written. */
  resolveUrl?: (url: string, kind: 'link' | 'image') => string;
  /** What shortcodes read (page and site params, ref resolution, preview embeds). */
  shortcodes?: ShortcodeEnv;
}

/** What goldmark writes in place of raw HTML when `unsafe` is off. */
export const RAW_HTML_OMITTED = '<!-- raw HTML omitted -->';

const cache = new Map<string, MarkdownIt>();

/**
 * The one Markdown pipeline (preview and export): CommonMark + GFM tables,
 * strikethrough, task lists, autolinks, footnotes, Hugo heading ids, highlighted code.
 */
export function markdownFor(options: MarkdownOptions): MarkdownIt {
  const key = `${options.typographer ? 1 : 0}${options.unsafe ? 1 : 0}${options.headingIds ?? ''}:${options.lineNos ?? ''}:${options.lineNoStart ?? ''}:${options.guessSyntax ? 1 : 0}${options.codeFences === false ? 0 : 1}`;
  let md = cache.get(key);
  if (!md) {
    md = build(options);
    cache.set(key, md);
  }
  return md;
}

/** Renders a post body (or any Markdown) to HTML. */
export function renderMarkdown(
  source: string,
  options: MarkdownOptions,
  env: RenderEnv = {},
): string {
  return markdownFor(options).render(source, { ...env } as Env);
}

/** An HTML page body (`.html` content): as written, with its shortcodes rendered. */
export function renderHtmlContent(
  source: string,
  options: MarkdownOptions,
  env: RenderEnv = {},
): string {
  return shortcodesInHtml(markdownFor(options), source, { ...env } as Env);
}

/** Renders one line of inline Markdown (a title) to HTML. */
export function renderInline(source: string, options: MarkdownOptions): string {
  return markdownFor(options).renderInline(source, {});
}

function build(options: MarkdownOptions): MarkdownIt {
  const mdOptions: MarkdownItOptions = {
    html: true, // parsed so it can be omitted exactly where goldmark omits it
    linkify: true,
    typographer: options.typographer,
    quotes: '\u201c\u201d\u2018\u2019',
    highlight: (code: string, lang: string) => highlightCode(code, lang),
  };
  const md = new MarkdownItCtor('default', mdOptions);
  md.use(goldmarkLinkify)
    .use(shortcodesPlugin)
    .use(footnote)
    .use(firstFootnoteDefinitionWins)
    .use(deflist)
    .use(definitionTermsPlugin)
    .use(goldmarkTablesPlugin)
    .use(headingAttributesPlugin)
    .use(headingIdsPlugin, options.headingIds ?? 'github')
    .use(taskListsPlugin)
    .use(hugoTypographerPlugin)
    .use(goldmarkQuotesPlugin)
    .use(goldmarkDelimitersPlugin);
  const r = md.renderer.rules;
  // The typographer's substitutions are written as goldmark writes them: entities.
  const renderTokens = md.renderer.render.bind(md.renderer);
  md.renderer.render = (tokens, opts, env) => markedToEntities(renderTokens(tokens, opts, env));

  if (!options.unsafe) {
    r.html_block = () => `${RAW_HTML_OMITTED}\n`;
    r.html_inline = (tokens, idx) =>
      tokens[idx]!.meta?.quireTrusted ? tokens[idx]!.content : RAW_HTML_OMITTED;
  }

  // Goldmark's markup, so text-derived values (word counts, summaries) match Hugo's.
  r.s_open = () => '<del>';
  r.s_close = () => '</del>';
  r.footnote_ref = (tokens, idx) => {
    const meta = tokens[idx]!.meta as { id: number; subId: number };
    const n = meta.id + 1;
    const ref = meta.subId > 0 ? `${meta.subId}:${n}` : `:${n}`;
    return `<sup id="fnref${ref}"><a href="#fn:${n}" class="footnote-ref" role="doc-noteref">${n}</a></sup>`;
  };
  r.footnote_block_open = () => '<div class="footnotes" role="doc-endnotes">\n<hr>\n<ol>\n';
  r.footnote_block_close = () => '</ol>\n</div>\n';
  r.footnote_open = (tokens, idx) =>
    `<li id="fn:${(tokens[idx]!.meta as { id: number }).id + 1}">\n`;
  r.footnote_close = () => '</li>\n';
  r.footnote_anchor = (tokens, idx) => {
    const meta = tokens[idx]!.meta as { id: number; subId: number };
    const ref = meta.subId > 0 ? `${meta.subId}:${meta.id + 1}` : `:${meta.id + 1}`;
    return `&#160;<a href="#fnref${ref}" class="footnote-backref" role="doc-backlink">&#x21a9;&#xfe0e;</a>`;
  };

  const link = r.link_open ?? defaultRender;
  r.link_open = (tokens, idx, opts, env, self) => {
    resolveAttr(tokens[idx]!, 'href', 'link', env);
    return link(tokens, idx, opts, env, self);
  };
  const image = r.image ?? defaultRender;
  r.image = (tokens, idx, opts, env, self) => {
    resolveAttr(tokens[idx]!, 'src', 'image', env);
    return image(tokens, idx, opts, env, self);
  };

  // The info string is the user's: only a safe language name reaches the class attribute.
  r.fence = (tokens, idx) => {
    const t = tokens[idx]!;
    // Hugo chomps a fenced block's trailing line breaks (blank lines before the closing fence
    // are not shown, nor numbered), then ends the code with one line break.
    const chomped = t.content.replace(/[\r\n]+$/, '');
    const content = chomped ? `${chomped}\n` : '';
    const lang = /^[\w+#.-]{1,40}$/.test(t.info.trim().split(/\s+/)[0] ?? '')
      ? t.info.trim().split(/\s+/)[0]!
      : '';
    const cls = lang
      ? ` class="language-${md.utils.escapeHtml(lang)}" data-lang="${md.utils.escapeHtml(lang)}"`
      : '';
    // Not highlighted: goldmark's own code block (its escapes, no line numbers).
    if (options.codeFences === false)
      return `<pre><code${lang ? ` class="language-${md.utils.escapeHtml(lang)}"` : ''}>${escapeHtml(content)}</code></pre>\n`;
    // Line numbers: the fence's attributes (```go {linenos=table}) over the site's setting,
    // on the blocks Hugo highlights (a language, or any when it guesses).
    const attrs = fenceAttributes(t.info);
    const linenos = attrs.get('linenos') ?? options.lineNos;
    if (linenos !== undefined && linenos !== 'false' && (lang || options.guessSyntax)) {
      const start = attrs.get('linenostart') ?? String(options.lineNoStart ?? 1);
      const mode = linenos === 'inline' ? 'inline' : 'table';
      return `${highlightBlock(content, lang, `linenos=${mode},linenostart=${start}`)}\n`;
    }
    const body = highlightCode(content, lang);
    return `<pre><code${cls}>${body}</code></pre>\n`;
  };
  return md;
}

/** The `{key=value, …}` attributes after a fence's language, keys lowercased. */
function fenceAttributes(info: string): Map<string, string> {
  const out = new Map<string, string>();
  const m = /\{([^}]*)\}\s*$/.exec(info);
  if (!m) return out;
  for (const part of m[1]!.split(/[,\s]+/)) {
    const kv = /^([A-Za-z_]+)=(.*)$/.exec(part.trim());
    if (kv) out.set(kv[1]!.toLowerCase(), kv[2]!.replace(/^"|"$/g, '').toLowerCase());
  }
  return out;
}

const defaultRender: RendererRule = (tokens, idx, opts, _env, self) =>
  self.renderToken(tokens, idx, opts);

function resolveAttr(
  token: Token,
  attr: string,
  kind: 'link' | 'image',
  env: Env | undefined,
): void {
  const resolve = (env as RenderEnv | undefined)?.resolveUrl;
  const value = token.attrGet(attr);
  // A shortcode's placeholder (a ref in a link) is replaced after rendering, as written.
  if (value === null || !resolve || isShortcodePlaceholder(String(value))) return;
  token.attrSet(attr, resolve(String(value), kind));
}

/** Goldmark keeps the first definition of a repeated footnote label; markdown-it the last. */
function firstFootnoteDefinitionWins(md: MarkdownIt): void {
  md.core.ruler.before('footnote_tail', 'quire_footnote_first_wins', (state) => {
    const seen = new Set<string>();
    const out: Token[] = [];
    let skipping = false;
    for (const t of state.tokens) {
      if (t.type === 'footnote_reference_open') {
        const label = String((t.meta as { label: string }).label);
        skipping = seen.has(label);
        seen.add(label);
      }
      if (!skipping) out.push(t);
      if (t.type === 'footnote_reference_close') skipping = false;
    }
    state.tokens = out;
  });
}

// Goldmark 1.5's linkify patterns (extension/linkify.go), after the scheme or "www.".
const URL_TAIL =
  /^\/\/[-a-zA-Z0-9@:%._+~#=]{1,256}\.[a-z]+(?::\d+)?(?:[/#?][-a-zA-Z0-9@:%_+.~#$!?&/=();,'">^{}[\]`]*)?/;
const WWW_TAIL =
  /^[-a-zA-Z0-9@:%._+~#=]{1,256}\.[a-z]+(?:[/#?][-a-zA-Z0-9@:%_+.~#!?&/=();,'">^{}[\]`]*)?/;

/** Goldmark's end of an autolink: a final `.`, unbalanced `)`, an entity, then `?!.,:*_~`. */
function goldmarkLinkEnd(s: string): number {
  let end = s.length;
  const last = s[end - 1];
  if (last === '.') end--;
  else if (last === ')') {
    let closing = 0;
    for (let i = end - 1; i >= 0; i--) {
      if (s[i] === ')') closing++;
      else if (s[i] === '(') closing--;
    }
    if (closing > 0) end -= closing;
  } else if (last === ';') {
    let i = end - 2;
    while (i >= 0 && /[A-Za-z0-9]/.test(s[i]!)) i--;
    if (i !== end - 2 && s[i] === '&') end = i;
  }
  while (end > 1 && /[?!.,:*_~]/.test(s[end - 1]!)) end--;
  return end;
}

/**
 * Goldmark's linkify: http, https and ftp URLs with a dotted host, `www.` hosts (linked as
 * https) and e-mail addresses, each after a space, `*`, `_`, `~` or `(` (or where the text
 * starts); a bare `example.com`, `localhost` or `mailto:` stays text.
 */
function goldmarkLinkify(md: MarkdownIt): void {
  md.linkify.set({ fuzzyLink: false, fuzzyEmail: true });
  md.linkify.add('//', null); // goldmark does not link protocol-relative text
  // Goldmark links no `mailto:` text; linkify-it needs the schema for bare addresses.
  md.linkify.add('mailto:', { validate: () => 0 });
  // Every candidate has a scheme colon, an @ or www.: skip linkify-it's costly scan otherwise.
  const test = md.linkify.test.bind(md.linkify);
  const match = md.linkify.match.bind(md.linkify);
  md.linkify.match = (text: string) => {
    const found = match(text);
    if (!found) return found;
    const kept = found.filter((m) => m.index === 0 || /[\s*_~(]/.test(text[m.index - 1]!));
    return kept.length > 0 ? kept : null;
  };
  // markdown-it calls match() whenever test() says yes: test() must agree with the filter
  // above, or a text whose only candidate is filtered out crashes the render.
  md.linkify.test = (text: string) =>
    /[:@]|www\./i.test(text) && test(text) && md.linkify.match(text) !== null;
  // A `]` ends the URL: markdown-it looks for a link's label end through this rule, and
  // goldmark never links inside a label.
  const schemeTail = (re: RegExp) => (text: string, pos: number) => {
    const m = re.exec(text.slice(pos, pos + 2048));
    return m ? goldmarkLinkEnd(m[0].split(']')[0]!) : 0;
  };
  for (const scheme of ['http:', 'https:', 'ftp:'])
    md.linkify.add(scheme, { validate: schemeTail(URL_TAIL) });
  md.linkify.add('www.', {
    validate: schemeTail(WWW_TAIL),
    normalize: (m: { url: string }) => {
      m.url = `https://${m.url}`;
    },
  });
}
