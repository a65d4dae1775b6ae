import type { ShortcodeEnv } from '../../shared/markdown/shortcodes.ts';
import type { Segment } from './render-segments.ts';
import type { OutlineHeading } from '../../shared/markdown/outline.ts';
import type { WrittenDate } from '../../shared/content/dates.ts';

/** What the editor sends the preview worker. */
export interface PreviewRequest {
  id: number;
  body: string;
  /** Line of the body's first line in the file (after the front matter). */
  bodyLine: number;
  postPath: string;
  wantSegments: boolean;
  /** The heading outline is shown (otherwise the worker does not build it: one parse less). */
  wantOutline: boolean;
  meta: {
    summary: string | null;
    params: Record<string, unknown>;
    /** The title and date the post's page header shows (with `dateFormat`, `showReadingTime`). */
    title: string;
    date: WrittenDate | null;
  };
  config: {
    typographer: boolean;
    unsafeHtml: boolean;
    summaryLength: number;
    hasCJKLanguage: boolean;
    dateFormat: string;
    showReadingTime: boolean;
    /** markup.goldmark.parser.autoHeadingIDType (absent: github). */
    headingIdType?: 'github' | 'github-ascii' | 'blackfriday';
    /** Line numbers on code blocks (markup.highlight). */
    lineNos?: 'table' | 'inline';
    lineNoStart?: number;
    guessSyntax?: boolean;
  };
  summaryMode: 'paragraph' | 'sentence';
  /**
   * What shortcodes read besides the front matter: the site's params, base URL and
   * privacy settings (absent: `param` falls back to nothing, ref/relref do not resolve).
   */
  shortcodes?: Pick<ShortcodeEnv, 'site' | 'baseURL' | 'privacy'>;
  /** Every post's path and URL, so ref/relref resolve as in the export (sent when it changes; the worker keeps the last). */
  refs?: { path: string; url: string }[];
  contentDir?: string;
  /** Image URLs: prefix + site path + suffix (the host's asset route). */
  assetPrefix: string;
  assetSuffix: string;
}

/** What the worker answers. */
export interface PreviewResponse {
  id: number;
  /** Rendered blocks, not yet sanitized. */
  segments: Segment[];
  derived: {
    wordCount: number;
    readingTime: number;
    summary: string;
    summaryType: 'frontmatter' | 'manual' | 'auto';
    truncated: boolean;
    /** The post's headings (lines are the file's, 0-based) with the ids the page has. */
    outline: OutlineHeading[];
    /** The post page's header (title, `date · N min`), as the export writes it; not sanitized. */
    header: string;
    /** The post these numbers are of (an answer can arrive after a switch). */
    path: string;
  } | null;
  renderMs: number;
  deriveMs: number;
  /** A later answer carrying only the word count and summary (segments unchanged). */
  derivedOnly?: boolean;
}
