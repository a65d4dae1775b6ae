import MarkdownItCtor from 'markdown-it';
import type { Env, MarkdownIt, MarkdownItOptions, RendererRule, Token } from 'markdown-it';
import footnote from 'markdown-it-footnote';
import { highlightCode } from './highlight.ts';
import { headingIdsPlugin } from './heading-ids.ts';
import { shortcodesPlugin } from './shortcodes.ts';
import type { ShortcodeEnv } from './shortcodes.ts';
import { taskListsPlugin } from './task-lists.ts';
import { hugoTypographerPlugin } from './typographer.ts';

/** The site settings that change how Markdown renders (Hugo's goldmark config). */
export interface MarkdownOptions {
  /** markup.goldmark.extensions.typographer (Hugo default: true). */
  typographer: boolean;
  /** markup.goldmark.renderer.unsafe (Hugo default: false: raw HTML is omitted). */
  unsafe: boolean;
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
  const key = `${options.typographer ? 1 : 0}${options.unsafe ? 1 : 0}`;
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
    .use(headingIdsPlugin)
    .use(taskListsPlugin)
    .use(hugoTypographerPlugin);
  const r = md.renderer.rules;

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
    const lang = /^[\w+#.-]{1,40}$/.test(t.info.trim().split(/\s+/)[0] ?? '')
      ? t.info.trim().split(/\s+/)[0]!
      : '';
    const body = highlightCode(t.content, lang);
    const cls = lang
      ? ` class="language-${md.utils.escapeHtml(lang)}" data-lang="${md.utils.escapeHtml(lang)}"`
      : '';
    return `<pre><code${cls}>${body}</code></pre>\n`;
  };
  return md;
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
  if (value === null || !resolve || /^QSC[PM]\d+X$/.test(String(value))) return;
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

/**
 * Goldmark's linkify: URLs with a scheme, `www.` hosts (linked as https) and e-mail
 * addresses; a bare `example.com` stays text. (linkify-it's fuzzy mode would link it, and
 * costs twice the whole render.)
 */
function goldmarkLinkify(md: MarkdownIt): void {
  md.linkify.set({ fuzzyLink: false, fuzzyEmail: true });
  md.linkify.add('//', null); // goldmark does not link protocol-relative text
  // Every candidate has a scheme colon, an @ or www.: skip linkify-it's costly scan otherwise.
  const test = md.linkify.test.bind(md.linkify);
  md.linkify.test = (text: string) => /[:@]|www\./i.test(text) && test(text);
  md.linkify.add('www.', {
    validate: (text: string, pos: number) => {
      const m =
        /^[a-z0-9](?:[a-z0-9-]*[a-z0-9])?(?:\.[a-z0-9](?:[a-z0-9-]*[a-z0-9])?)+(?:[/?#][^\s<>]*)?/i.exec(
          text.slice(pos, pos + 2048),
        );
      return m ? m[0].replace(/[.,:;!?)"'*_~]+$/, '').length : 0;
    },
    normalize: (match: { url: string }) => {
      match.url = `https://${match.url}`;
    },
  });
}
