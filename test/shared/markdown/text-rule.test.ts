import MarkdownItCtor from 'markdown-it';
import { describe, expect, it } from 'vitest';
import { goldmarkQuotesPlugin } from '../../../shared/markdown/typographer.ts';

// The inline text rule finds a run of plain text with one sticky regex. Reference: the
// character loop it replaced (markdown-it's terminators plus the two quotes).
const TERMINATORS = new Set([..."\n!\"#$%&'*+-:<=>@[\\]^_`{}~"].map((c) => c.charCodeAt(0)));

function build(reference: boolean) {
  const md = new MarkdownItCtor('default', { html: true, linkify: true, typographer: true });
  md.use(goldmarkQuotesPlugin);
  if (reference)
    md.inline.ruler.at('text', (state, silent) => {
      let pos = state.pos;
      while (pos < state.posMax && !TERMINATORS.has(state.src.charCodeAt(pos))) pos++;
      if (pos === state.pos) return false;
      if (!silent) state.pending += state.src.slice(state.pos, pos);
      state.pos = pos;
      return true;
    });
  return md;
}

describe('the inline text rule', () => {
  it('renders every document as the character loop did', () => {
    const fast = build(false);
    const slow = build(true);
    const pieces = [
      ...'ab Z9?.,;/|()\n\'"!#$%&*+-:<=>@[]\\^_`{}~',
      'word ',
      '[link](http://x.y/a?b) ',
      '**bold** ',
      '`co de` ',
      "don't ",
      '"quoted" ',
      '<b>x</b> ',
      '<<g>> ',
      'www.example.com ',
      '\n\n',
      '> ',
      '- ',
      '~~s~~ ',
    ];
    let seed = 11;
    const rand = (n: number) => (seed = (seed * 1103515245 + 12345) % 2 ** 31) % n;
    for (let i = 0; i < 3000; i++) {
      const src = Array.from({ length: 1 + rand(30) }, () => pieces[rand(pieces.length)]).join('');
      expect(fast.render(src), JSON.stringify(src)).toBe(slow.render(src));
    }
  });
});
