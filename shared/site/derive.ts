import type { PostMeta } from '../content/post.ts';
import { isHtmlContent } from '../content/content-files.ts';
import { emojify } from '../markdown/emoji.ts';
import { renderHtmlContent, renderMarkdown } from '../markdown/render.ts';
import type { MarkdownOptions, RenderEnv } from '../markdown/render.ts';
import type { SiteConfig, SummaryMode } from './config.ts';
import {
  cjkWordCount,
  goTrimSpace,
  hasCjk,
  paragraphSummaryEnd,
  readerText,
  stripHtml,
  totalWords,
  trimEndSpace,
  truncateWordsByRune,
  truncateWordsToWholeSentence,
} from '../markdown/hugo-text.ts';

/** Where a summary came from, as Hugo's `.Summary.Type` names it. */
export type SummaryType = 'frontmatter' | 'manual' | 'auto';

/** What a listing shows of a post beyond its front matter, computed as Hugo does. */
export interface DerivedPost {
  /** The rendered body without the summary divider. */
  html: string;
  /** Plain text (Hugo's `.Plain`). */
  plain: string;
  wordCount: number;
  /** Minutes, Hugo's `.ReadingTime`. */
  readingTime: number;
  summaryHtml: string;
  /** The summary as a reader sees it: plain text, white space folded. */
  summary: string;
  summaryType: SummaryType;
  truncated: boolean;
}

/** The Markdown options a site's config asks for. */
export function markdownOptions(
  config: Pick<SiteConfig, 'typographer' | 'unsafeHtml' | 'headingIdType'> &
    Partial<Pick<SiteConfig, 'lineNos' | 'lineNoStart' | 'guessSyntax' | 'codeFences'>>,
): MarkdownOptions {
  return {
    typographer: config.typographer,
    unsafe: config.unsafeHtml,
    ...(config.headingIdType && config.headingIdType !== 'github'
      ? { headingIds: config.headingIdType }
      : {}),
    ...(config.lineNos ? { lineNos: config.lineNos } : {}),
    ...(config.lineNoStart !== undefined ? { lineNoStart: config.lineNoStart } : {}),
    ...(config.guessSyntax ? { guessSyntax: true } : {}),
    ...(config.codeFences === false ? { codeFences: false } : {}),
  };
}

const DIVIDER = '<!--more-->';
const MARKER = 'HUGOMORE42';

/**
 * Renders a post body and derives its plain text, word count, reading time and summary
 * (front matter `summary`, else `<!--more-->`, else automatic in `mode`; in sentence
 * mode, as in Hugo before 0.134, a divider wins over the front matter).
 */
export function derivePost(
  body: string,
  meta: Pick<PostMeta, 'summary' | 'params'>,
  config: Pick<SiteConfig, 'typographer' | 'unsafeHtml' | 'summaryLength' | 'hasCJKLanguage'> &
    Partial<
      Pick<
        SiteConfig,
        'headingIdType' | 'lineNos' | 'lineNoStart' | 'guessSyntax' | 'enableEmoji' | 'codeFences'
      >
    >,
  mode: SummaryMode,
  env: RenderEnv = {},
): DerivedPost {
  const md = markdownOptions(config);
  // Shortcodes read the page's and the site's params (`param`), and the site's base URL.
  const site = config as Partial<SiteConfig>;
  env = {
    ...env,
    shortcodes: {
      page: meta.params,
      site: site.params,
      baseURL: site.baseURL,
      privacy: site.privacy,
      ...env.shortcodes,
    },
  };
  const cjk =
    meta.params.iscjklanguage === true ||
    (meta.params.iscjklanguage === undefined && config.hasCJKLanguage && hasCjk(body));

  // Hugo's page parser cuts at the first divider, eats the space after it and renders
  // a marker paragraph in its place.
  const at = body.indexOf(DIVIDER);
  // An `.html` page: its body is HTML, rendered as written (shortcodes aside), and its
  // divider is a bare marker (no paragraph of its own).
  const htmlPage = isHtmlContent(env.shortcodes?.postPath ?? '');
  let source = body;
  let dividerTruncates = false;
  if (at !== -1) {
    let after = at + DIVIDER.length;
    while (after < body.length && /\s/.test(body[after]!)) after++;
    dividerTruncates = body.slice(after).trim() !== '';
    source = htmlPage
      ? `${body.slice(0, at)}${MARKER}${body.slice(after)}`
      : `${body.slice(0, at)}\n\n${MARKER}\n\n${body.slice(after)}`;
  }
  // `enableEmoji`: Hugo's page lexer turns `:name:` into its emoji before rendering.
  if (config.enableEmoji) source = emojify(source);
  let html = htmlPage
    ? goTrimSpace(renderHtmlContent(source, md, env))
    : renderMarkdown(source, md, env);

  let summaryHtml: string | null = null;
  let summaryType: SummaryType = 'auto';
  let truncated = false;
  if (at !== -1 && htmlPage) {
    const markerAt = html.indexOf(MARKER);
    if (markerAt !== -1) {
      summaryHtml = goTrimSpace(html.slice(0, markerAt));
      // Hugo 0.111 keeps only what follows the divider as an HTML page's content.
      html = goTrimSpace(html.slice(markerAt + MARKER.length));
      summaryType = 'manual';
      truncated = dividerTruncates;
    }
  } else if (at !== -1) {
    const markerAt = html.indexOf(MARKER);
    if (markerAt !== -1) {
      // Hugo's splitUserDefinedSummaryAndContent.
      const pStart = html.lastIndexOf('<p', markerAt);
      const start = pStart === -1 ? markerAt : pStart;
      const pEnd = html.indexOf('</p', markerAt);
      const end = pEnd === -1 ? markerAt + MARKER.length : pEnd + 4;
      summaryHtml = goTrimSpace(html.slice(0, start));
      html = goTrimSpace(html.slice(0, start) + html.slice(end).replace(/^\n+|\n+$/g, ''));
      summaryType = 'manual';
      truncated = dividerTruncates;
    }
  }
  // Hugo >= 0.134 (paragraph mode) puts a front-matter summary first; older Hugo
  // (sentence mode) lets a divider win over it.
  if (meta.summary !== null && (at === -1 || mode === 'paragraph')) {
    summaryHtml = trimShortHtml(renderMarkdown(meta.summary, md, env));
    summaryType = 'frontmatter';
    truncated = false;
  }

  const plain = stripHtml(html);
  const wordCount = cjk ? cjkWordCount(plain) : totalWords(plain);
  const readingTime = cjk
    ? Math.floor((wordCount + 500) / 501)
    : Math.floor((wordCount + 212) / 213);

  if (summaryHtml === null) {
    if (mode === 'sentence') {
      const cut = cjk
        ? truncateWordsByRune(plain.split(/\s+/u).filter(Boolean), config.summaryLength)
        : truncateWordsToWholeSentence(plain, config.summaryLength);
      summaryHtml = cut.text;
      truncated = cut.truncated;
    } else {
      const trimmed = trimEndSpace(html);
      const end = paragraphSummaryEnd(trimmed, config.summaryLength);
      summaryHtml = goTrimSpace(trimmed.slice(0, end));
      truncated = end < trimmed.length;
    }
  }
  return {
    html,
    plain,
    wordCount,
    readingTime,
    summaryHtml,
    summary: readerText(summaryHtml),
    summaryType,
    truncated,
  };
}

/** Hugo's TrimShortHTML: one paragraph loses its `<p>` wrapper. */
function trimShortHtml(html: string): string {
  const t = html.trim();
  if (t.startsWith('<p>') && t.endsWith('</p>') && t.indexOf('<p>', 1) === -1)
    return t.slice(3, -4).trim();
  return t;
}
