import type { Token } from 'markdown-it';
import { markdownFor } from './render.ts';
import type { MarkdownOptions } from './render.ts';

/** One heading of a post: its level, its text, Hugo's id for it, its line in the body. */
export interface OutlineHeading {
  level: number;
  text: string;
  id: string;
  /** 0-based line of the heading in the body that was parsed. */
  line: number;
}

function plain(tokens: readonly Token[] | null): string {
  let out = '';
  for (const t of tokens ?? []) {
    if (t.type === 'text' || t.type === 'code_inline') out += t.content;
    else if (t.type === 'softbreak' || t.type === 'hardbreak') out += ' ';
    else if (t.children) out += plain(t.children);
  }
  return out;
}

/**
 * The headings of a post body as the one Markdown pipeline sees them (the outline, and
 * the anchors link completion offers): ids are exactly the ones the preview and the
 * export write, `{#id}` attributes and repeats included.
 */
export function headingOutline(body: string, options: MarkdownOptions): OutlineHeading[] {
  const tokens = markdownFor(options).parse(body, {});
  const out: OutlineHeading[] = [];
  for (let i = 0; i < tokens.length; i++) {
    const t = tokens[i]!;
    if (t.type !== 'heading_open') continue;
    out.push({
      level: Number(t.tag.slice(1)),
      text: plain(tokens[i + 1]?.children ?? null).trim(),
      id: String(t.attrGet('id') ?? ''),
      line: t.map?.[0] ?? 0,
    });
  }
  return out;
}
