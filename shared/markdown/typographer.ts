import type { MarkdownIt } from 'markdown-it';
import { isGoldmarkPunct } from './goldmark-delimiters.ts';
import { typographicMark } from './typographic.ts';

// Goldmark's typographer (Hugo's default) replaces only these; markdown-it's own
// "replacements" rule also turns (c) into ©, +- into ± and more, which Hugo does not.
const PATTERN = /---|--|\.\.\.|<<|>>/g;
// Marked, so the renderer writes them as goldmark does (entities: see typographic.ts).
const TO: Record<string, string> = {
  '---': typographicMark('\u2014'),
  '--': typographicMark('\u2013'),
  '...': typographicMark('\u2026'),
  '<<': typographicMark('\u00ab'),
  '>>': typographicMark('\u00bb'),
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

// Goldmark's quote rules (extension/typographer.go, goldmark 1.5.4 as in Hugo 0.111),
// run where goldmark runs them: while inline text is parsed, seeing the raw source line.
const isSpaceRune = (c: string) => /[\t\n\v\f\r \u0085\u00a0\p{Z}]/u.test(c);
const isPunctRune = (c: string) => isGoldmarkPunct(c);
const isUnicodePunct = (c: string) => /\p{P}/u.test(c);
const isLetter = (c: string) => /\p{L}/u.test(c);
const isDigit = (c: string) => /\p{Nd}/u.test(c);
const isAsciiPunct = (c: string | undefined) => c !== undefined && /[!-/:-@[-`{-~]/.test(c);
const isAsciiSpace = (c: string | undefined) => c !== undefined && /[ \t\n\v\f\r]/.test(c);
const isNumeric = (c: string | undefined) => c !== undefined && c >= '0' && c <= '9';

/** CommonMark flanking of the run of quote characters at the start of `line`. */
function scanDelimiter(line: string, before: string): { canOpen: boolean; canClose: boolean } {
  let j = 0;
  while (j < line.length && line[j] === line[0]) j++;
  const after = j < line.length ? String.fromCodePoint(line.codePointAt(j)!) : ' ';
  const bp = isPunctRune(before);
  const bs = isSpaceRune(before);
  const ap = isPunctRune(after);
  const as = isSpaceRune(after);
  return { canOpen: !as && (!ap || bs || bp), canClose: !bs && (!bp || as || ap) };
}

const RSQUO = '\u2019';

/** Goldmark's test for a closing quote: closing only, or both followed by punctuation. */
function closes(
  d: { canOpen: boolean; canClose: boolean },
  line: string,
  ch: (i: number) => string,
): boolean {
  const maybeClose =
    d.canClose &&
    d.canOpen &&
    line.length > 1 &&
    isUnicodePunct(ch(1)) &&
    (line.length === 2 || (line.length > 2 && isAsciiPunct(line[2])) || isAsciiSpace(line[2]));
  return (d.canClose && !d.canOpen) || maybeClose;
}

/**
 * The curly quote goldmark writes for the `'` or `"` at the start of `line` (the rest of
 * the source line), or null to leave it as written. `counter` holds the block's unclosed
 * opening quotes.
 */
export function goldmarkQuote(
  line: string,
  before: string,
  counter: { single: number; double: number },
): string | null {
  const c = line[0];
  const d = scanDelimiter(line, before);
  const ch = (i: number) => (i < line.length ? String.fromCodePoint(line.codePointAt(i)!) : '');
  if (c === "'") {
    // Decades such as '90s.
    if (
      d.canOpen &&
      !d.canClose &&
      line.length > 3 &&
      isNumeric(line[1]) &&
      isNumeric(line[2]) &&
      line[3] === 's'
    ) {
      const after = line.length > 4 ? ch(4) : ' ';
      if (isSpaceRune(after) || isPunctRune(after)) return RSQUO;
    }
    // 'twas, 'em, 'net
    if (
      line.length > 1 &&
      (isUnicodePunct(before) || isSpaceRune(before)) &&
      'tenl'.includes(line[1]!)
    )
      return RSQUO;
    // An apostrophe between a letter or digit and a letter.
    if (line.length > 1 && (isDigit(before) || isLetter(before)) && isLetter(ch(1))) return RSQUO;
    if (d.canOpen && !d.canClose) {
      let right = false;
      // Alice's, I'm, Don't, You'd
      if (
        line.length > 1 &&
        'smtd'.includes(line[1]!) &&
        (line.length < 3 || isAsciiPunct(line[2]) || isAsciiSpace(line[2]))
      )
        right = true;
      // I've, I'll, You're
      const two = line.slice(1, 3);
      if (
        line.length > 2 &&
        (two === 've' || two === 'll' || two === 're') &&
        (line.length < 4 || isAsciiPunct(line[3]) || isAsciiSpace(line[3]))
      )
        right = true;
      if (!right) counter.single++;
      return right ? RSQUO : '\u2018';
    }
    // Goldmark's test for plural possessives (Smiths') holds for almost every quote here.
    if (line.length > 2 && !isDigit(ch(1))) return RSQUO;
    if (counter.single > 0 && closes(d, line, ch)) {
      counter.single--;
      return RSQUO;
    }
    return null;
  }
  if (d.canOpen && !d.canClose) {
    counter.double++;
    return '\u201c';
  }
  if (counter.double > 0 && closes(d, line, ch)) {
    if (line.length > 1 && line[1] === '"' && isDigit(before)) return null; // "Monitor 21""
    counter.double--;
    return '\u201d';
  }
  return null;
}

// markdown-it's text terminators (its `isTerminatorChar`) and the quotes: a run of other
// characters is plain text. Sticky, so one native scan finds the run at `lastIndex`.
const TEXT_RUN = /[^\n!"#$%&'*+\-:<=>@[\\\]^_`{}~]+/y;

/**
 * Goldmark's quotes and angle quotes in place of markdown-it's smartquotes: quotes are
 * decided while parsing, from the raw line, as goldmark does; `<<` and `>>` become
 * guillemets before raw HTML is looked for.
 */
export function goldmarkQuotesPlugin(md: MarkdownIt): void {
  md.core.ruler.disable('smartquotes');
  // markdown-it's text rule, also stopping at quotes so the rule below sees them.
  md.inline.ruler.at('text', (state, silent) => {
    TEXT_RUN.lastIndex = state.pos;
    if (!TEXT_RUN.test(state.src)) return false;
    const pos = Math.min(TEXT_RUN.lastIndex, state.posMax);
    if (pos === state.pos) return false;
    if (!silent) state.pending += state.src.slice(state.pos, pos);
    state.pos = pos;
    return true;
  });
  md.inline.ruler.before('html_inline', 'quire_typographer_quotes', (state, silent) => {
    if (!state.md.options.typographer) return false;
    const c = state.src[state.pos];
    if (c === '<' || c === '>') {
      if (state.src[state.pos + 1] !== c) return false;
      if (!silent) state.pending += typographicMark(c === '<' ? '\u00ab' : '\u00bb');
      state.pos += 2;
      return true;
    }
    if (c !== "'" && c !== '"') return false;
    // Goldmark counts unclosed quotes over the whole document, not per paragraph.
    const env = state.env as { quireQuotes?: { single: number; double: number } };
    env.quireQuotes ??= { single: 0, double: 0 };
    // The end of the current line, found once per line (not once per quote).
    const memo = state as unknown as { quireNl?: number };
    let nl = memo.quireNl;
    if (nl === undefined || (nl !== -1 && nl < state.pos))
      nl = memo.quireNl = state.src.indexOf('\n', state.pos);
    // Goldmark's line keeps its line break, except the block's last line. Only its first
    // characters matter, so a long line is not copied for every quote in it.
    const end = nl === -1 ? state.posMax : nl + 1;
    const line = state.src.slice(state.pos, Math.min(end, state.pos + 256));
    const before = state.pos === 0 ? '\n' : state.src[state.pos - 1]!;
    const q = goldmarkQuote(line, before, env.quireQuotes);
    if (q === null) return false;
    if (!silent) state.pending += typographicMark(q);
    state.pos++;
    return true;
  });
}
