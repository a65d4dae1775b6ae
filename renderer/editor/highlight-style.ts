import { HighlightStyle, syntaxHighlighting } from '@codemirror/language';
import type { Extension } from '@codemirror/state';
import { tags as t } from '@lezer/highlight';

/**
 * Markdown as a writer reads it: headings bold (never underlined), emphasis and strong as
 * they render, links and code marked quietly, markup characters muted. Colours come from
 * the app's CSS variables, so light and dark themes both read well.
 */
const writerStyle = HighlightStyle.define([
  { tag: t.heading1, fontWeight: '700', fontSize: '1.25em' },
  { tag: t.heading2, fontWeight: '700', fontSize: '1.12em' },
  { tag: [t.heading3, t.heading4, t.heading5, t.heading6], fontWeight: '700' },
  { tag: t.emphasis, fontStyle: 'italic' },
  { tag: t.strong, fontWeight: '700' },
  { tag: t.strikethrough, textDecoration: 'line-through' },
  { tag: [t.link, t.url], color: 'var(--accent)' },
  { tag: [t.processingInstruction, t.meta, t.contentSeparator], color: 'var(--muted)' },
  { tag: t.monospace, color: 'var(--code, inherit)' },
  { tag: t.quote, color: 'var(--muted)', fontStyle: 'italic' },
  { tag: [t.keyword, t.controlKeyword, t.definitionKeyword], color: 'var(--syntax-keyword)' },
  { tag: [t.string, t.special(t.string)], color: 'var(--syntax-string)' },
  { tag: [t.number, t.bool, t.atom], color: 'var(--syntax-number)' },
  { tag: [t.comment, t.lineComment, t.blockComment], color: 'var(--muted)', fontStyle: 'italic' },
  { tag: [t.typeName, t.className], color: 'var(--syntax-type)' },
  { tag: t.invalid, color: 'var(--danger)' },
]);

/** The editor's syntax colours. */
export function writerHighlighting(): Extension {
  return syntaxHighlighting(writerStyle);
}
