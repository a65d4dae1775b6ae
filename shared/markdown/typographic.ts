// Goldmark's typographer writes its substitutions as HTML entities (`&ldquo;`, `&ndash;`…),
// and Hugo's plain text, word counts and summaries are taken from that HTML: in CJK mode
// `&ldquo;OK&rdquo;` is 16 runes, not 4. Our typographer puts a marker (a Unicode
// noncharacter, never found in text) where it substitutes, and the renderer writes the
// entity, so a curly quote the writer typed stays a character as in Hugo.

const NAMES = ['ldquo', 'rdquo', 'lsquo', 'rsquo', 'ndash', 'mdash', 'hellip', 'laquo', 'raquo'];
const CHARS = [
  '\u201c',
  '\u201d',
  '\u2018',
  '\u2019',
  '\u2013',
  '\u2014',
  '\u2026',
  '\u00ab',
  '\u00bb',
];
const FIRST = 0xfdd0;
const MARKS = /[\ufdd0-\ufdd8]/g;

/** The marker for a typographer substitution given as its character (“ – … «). */
export function typographicMark(char: string): string {
  const i = CHARS.indexOf(char);
  return i === -1 ? char : String.fromCharCode(FIRST + i);
}

/** Rendered HTML with each marker written as goldmark writes it (an entity). */
export function markedToEntities(html: string): string {
  return html.includes('\ufdd0') || MARKS.test(html)
    ? html.replace(MARKS, (m) => `&${NAMES[m.charCodeAt(0) - FIRST]};`)
    : html;
}

/** Text with each marker as the character a reader sees. */
export function markedToText(s: string): string {
  return s.replace(MARKS, (m) => CHARS[m.charCodeAt(0) - FIRST]!);
}
