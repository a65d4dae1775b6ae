import MarkdownItCtor from 'markdown-it';
import { readerText } from './hugo-text.ts';

// Titles: inline Markdown (`code`, *emphasis*) rendered then read as text. No typographer
// and no raw HTML, so "Don't <b>" reads exactly as written, as Hugo's .Title does.
const md = new MarkdownItCtor('default', { html: false, linkify: false, typographer: false });

/** A title as a reader sees it: inline Markdown rendered, then plain text. */
export function renderTitleText(title: string): string {
  let text = titleCache.get(title);
  if (text === undefined) {
    if (titleCache.size > 50_000) titleCache.clear();
    // Letters, digits, spaces and punctuation that inline Markdown leaves as they are (no
    // emphasis, code, links, escapes, entities or HTML): the text is the title itself.
    text = readerText(PLAIN_TITLE.test(title) ? title : md.renderInline(title));
    titleCache.set(title, text);
  }
  return text;
}

const PLAIN_TITLE = /^[\p{L}\p{N} ,.;?'"()/|]*$/u;

// Listings show each title many times (home, tags, archive, neighbours); render it once.
const titleCache = new Map<string, string>();

/** A title as inline HTML (for pages): inline Markdown, HTML escaped, no raw HTML. */
export function renderTitleHtml(title: string): string {
  // A plain title (PLAIN_TITLE) renders to itself, escaped: no parse for most titles.
  return PLAIN_TITLE.test(title) ? md.utils.escapeHtml(title) : md.renderInline(title);
}
