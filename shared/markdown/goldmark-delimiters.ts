import type { MarkdownIt } from 'markdown-it';

// Goldmark 1.5 (util.IsPunctRune): ASCII punctuation and Unicode punctuation (P), not
// symbols. markdown-it follows CommonMark 0.31, where symbols (an emoji, ©) count too; so
// `📄_File:_` is emphasis in markdown-it and plain text in Hugo.
const ASCII_PUNCT = /[!-/:-@[-`{-~]/;
const UNICODE_PUNCT = /\p{P}/u;
const SPACE = /[\t\n\v\f\r \u0085\u00a0\p{Z}]/u;

/** Goldmark's punctuation test for one character (a code point). */
export function isGoldmarkPunct(ch: string): boolean {
  return ASCII_PUNCT.test(ch) || UNICODE_PUNCT.test(ch);
}

function codePointBefore(src: string, at: number): string {
  if (at <= 0) return ' ';
  const low = src.charCodeAt(at - 1);
  if (low >= 0xdc00 && low <= 0xdfff && at >= 2) return src.slice(at - 2, at);
  return src[at - 1]!;
}

/** Emphasis delimiters (`*`, `_`, `~`) flank as goldmark decides, with its punctuation. */
export function goldmarkDelimitersPlugin(md: MarkdownIt): void {
  type Scan = { can_open: boolean; can_close: boolean; length: number };
  const Base = md.inline.State as unknown as new (...args: unknown[]) => {
    src: string;
    posMax: number;
  };
  class GoldmarkState extends Base {
    scanDelims(start: number, canSplitWord: boolean): Scan {
      const src = this.src;
      const marker = src.charCodeAt(start);
      let pos = start;
      while (pos < this.posMax && src.charCodeAt(pos) === marker) pos++;
      const last = codePointBefore(src, start);
      const next = pos < this.posMax ? String.fromCodePoint(src.codePointAt(pos)!) : ' ';
      const lastPunct = isGoldmarkPunct(last);
      const nextPunct = isGoldmarkPunct(next);
      const lastSpace = SPACE.test(last);
      const nextSpace = SPACE.test(next);
      const left = !nextSpace && (!nextPunct || lastSpace || lastPunct);
      const right = !lastSpace && (!lastPunct || nextSpace || nextPunct);
      return {
        can_open: left && (canSplitWord || !right || lastPunct),
        can_close: right && (canSplitWord || !left || nextPunct),
        length: pos - start,
      };
    }
  }
  (md.inline as unknown as { State: unknown }).State = GoldmarkState;
}
