import MarkdownItCtor from 'markdown-it';
import type { StateInline } from 'markdown-it';
import { describe, expect, it } from 'vitest';
import { goldmarkQuotesPlugin } from '../../../shared/markdown/typographer.ts';
import { rng } from '../../helpers/random.ts';

// The inline text rule finds a run of plain text with one sticky regex. Reference: the
// character loop it replaced (markdown-it's terminators plus the two quotes).
const TERMINATORS = new Set([...'\n!"#$%&\'*+-:<=>@[\\]^_`{}~'].map((c) => c.charCodeAt(0)));
type Rule = (state: StateInline, silent: boolean) => boolean;

const referenceRule: Rule = (state, silent) => {
  let pos = state.pos;
  while (pos < state.posMax && !TERMINATORS.has(state.src.charCodeAt(pos))) pos++;
  if (pos === state.pos) return false;
  if (!silent) state.pending += state.src.slice(state.pos, pos);
  state.pos = pos;
  return true;
};

function build(reference: boolean) {
  const md = new MarkdownItCtor('default', { html: true, linkify: true, typographer: true });
  md.use(goldmarkQuotesPlugin);
  if (reference) md.inline.ruler.at('text', referenceRule);
  return md;
}

const pieces = [
  ...'ab Z9?.,;/|()\n\'"!#$%&*+-:<=>@[]\\^_`{}~\u00a0',
  '\u{1f600}',
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

describe('the inline text rule', () => {
  it('renders every document as the character loop did', () => {
    const fast = build(false);
    const slow = build(true);
    const r = rng(11);
    const seen = new Set<string>();
    for (let i = 0; i < 3000; i++) {
      const src = Array.from({ length: 1 + r.int(30) }, () => r.pick(pieces)).join('');
      seen.add(src);
      expect(fast.render(src), JSON.stringify(src)).toBe(slow.render(src));
    }
    expect(seen.size).toBeGreaterThan(2900);
  });

  it('stops where the loop stopped, at a terminator or at posMax', () => {
    const md = build(false);
    const rule = (
      md.inline.ruler as unknown as { __rules__: { name: string; fn: Rule }[] }
    ).__rules__.find((x) => x.name === 'text')!.fn;
    const r = rng(5);
    for (let i = 0; i < 20000; i++) {
      const src = Array.from({ length: 1 + r.int(12) }, () => r.pick(pieces)).join('');
      const pos = r.int(src.length);
      const posMax = pos + r.int(src.length - pos + 1);
      const run = (fn: Rule) => {
        const state = new md.inline.State(src, md, {}, []);
        state.pos = pos;
        state.posMax = posMax;
        const ok = fn(state, false);
        return { ok, pos: state.pos, pending: state.pending };
      };
      expect(run(rule), JSON.stringify([src, pos, posMax])).toEqual(run(referenceRule));
    }
  });
});
