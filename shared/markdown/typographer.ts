import type { MarkdownIt } from 'markdown-it';

// Goldmark's typographer (Hugo's default) replaces only these; markdown-it's own
// "replacements" rule also turns (c) into ©, +- into ± and more, which Hugo does not.
const PATTERN = /---|--|\.\.\.|<<|>>/g;
const TO: Record<string, string> = {
  '---': '\u2014',
  '--': '\u2013',
  '...': '\u2026',
  '<<': '\u00ab',
  '>>': '\u00bb',
};
const MAYBE = /--|\.\.\.|<<|>>/;

/** Dashes, ellipsis and angle quotes as goldmark's typographer makes them. */
export function hugoTypographerPlugin(md: MarkdownIt): void {
  md.core.ruler.disable('replacements');
  md.core.ruler.after('inline', 'quire_typographer', (state) => {
    if (!state.md.options.typographer) return;
    for (const block of state.tokens) {
      if (block.type !== 'inline' || !block.children) continue;
      let insideLink = 0;
      for (const t of block.children) {
        if (t.type === 'link_open') insideLink++;
        else if (t.type === 'link_close') insideLink--;
        else if (t.type === 'text' && !(insideLink && t.info === 'auto')) {
          if (MAYBE.test(t.content)) t.content = t.content.replace(PATTERN, (m) => TO[m]!);
        }
      }
    }
  });
}
