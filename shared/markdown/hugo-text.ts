// Ports of Hugo's text helpers, so word counts, reading times and summaries come out as
// the published site shows them. Each function names the Hugo function it follows.

/** Go's unicode.IsSpace, by UTF-16 code unit (no space is outside the BMP). */
function isSpaceCode(c: number): boolean {
  return (
    c === 32 ||
    (c >= 9 && c <= 13) ||
    (c > 127 &&
      (c === 0x85 ||
        c === 0xa0 ||
        c === 0x1680 ||
        (c >= 0x2000 && c <= 0x200a) ||
        c === 0x2028 ||
        c === 0x2029 ||
        c === 0x202f ||
        c === 0x205f ||
        c === 0x3000))
  );
}

function isSpace(ch: string): boolean {
  return ch.length === 1 && isSpaceCode(ch.charCodeAt(0));
}

/** A run of two or more Go white-space characters; group 1 is the first. */
const SPACE_RUN =
  /([\t\n\v\f\r \u0085\u00a0\u1680\u2000-\u200a\u2028\u2029\u202f\u205f\u3000])[\t\n\v\f\r \u0085\u00a0\u1680\u2000-\u200a\u2028\u2029\u202f\u205f\u3000]+/g;

const NEWLINE_PLACEHOLDER = '___hugonl_';

/**
 * Hugo's tpl.StripHTML (plainify, `.Plain`): line breaks become spaces, `</p>` and `<br>`
 * become line breaks, tags and comments go (Go's html/template stripTags), and each run
 * of white space is folded to its first character.
 */
export function stripHtml(s: string): string {
  if (!/[<>]/.test(s)) return s;
  const pre = s.replace(/\n|<\/p>|<br>|<br \/>/g, (m) => (m === '\n' ? ' ' : NEWLINE_PLACEHOLDER));
  let text = stripTags(pre);
  if (pre !== s) text = text.split(NEWLINE_PLACEHOLDER).join('\n');
  const out = text.replace(SPACE_RUN, '$1');
  return out.length > 0 ? out : text;
}

/**
 * Go's html/template stripTags: the text content of an HTML snippet, by the escaper's own
 * context transitions (html/template's transition.go). Tags (quoted attribute values may
 * hold `>`), comments and script/style content are dropped; textarea and title content is
 * text; a `<` that starts no tag is text. HTML the escaper cannot read (an attribute name
 * that starts with `=` or holds a quote or `<`, an unclosed tag, quote or comment) ends the
 * text there: Go drops everything after it, and so Hugo's word count stops there.
 */
export function stripTags(html: string): string {
  let out = '';
  let i = 0;
  let allText = true;
  const n = html.length;
  const ws = (c: string | undefined) =>
    c === ' ' || c === '\t' || c === '\n' || c === '\f' || c === '\r';
  const alpha = (c: string | undefined) => c !== undefined && /[A-Za-z]/.test(c);
  const alnum = (c: string | undefined) => c !== undefined && /[A-Za-z0-9]/.test(c);
  while (i < n) {
    const lt = html.indexOf('<', i);
    if (lt === -1 || lt + 1 === n) {
      out += html.slice(i);
      break;
    }
    if (html.startsWith('<!--', lt)) {
      out += html.slice(i, lt);
      allText = false;
      const end = html.indexOf('-->', lt + 4);
      if (end === -1) return out;
      i = end + 3;
      continue;
    }
    // eatTagName: only a letter (or `/` and a letter) starts a tag, as in Go's tText:
    // `<!DOCTYPE`, `<?php ?>`, `<![CDATA[` and a stray `<! !>` are text, and readers' words.
    let j = lt + 1;
    const end = html[j] === '/';
    if (end) {
      if (j + 1 === n) {
        out += html.slice(i);
        break;
      }
      j++;
    }
    if (!alpha(html[j])) {
      out += html.slice(i, j);
      i = j;
      continue;
    }
    const nameStart = j;
    j++;
    while (j < n) {
      if (alnum(html[j])) j++;
      else if ((html[j] === ':' || html[j] === '-') && alnum(html[j + 1])) j += 2;
      else break;
    }
    const name = end ? '' : html.slice(nameStart, j).toLowerCase();
    out += html.slice(i, lt);
    allText = false;
    // The tag's attributes (tTag, tAttrName, tAfterName, tBeforeValue): -1 is an error.
    let at = j;
    for (;;) {
      while (at < n && ws(html[at])) at++;
      if (at >= n) return out;
      if (html[at] === '>') {
        at++;
        break;
      }
      const attr = at;
      while (at < n && !ws(html[at]) && html[at] !== '=' && html[at] !== '>') {
        if (html[at] === '"' || html[at] === "'" || html[at] === '<') return out;
        at++;
      }
      if (at === attr) return out; // an attribute name that starts with `=`
      while (at < n && ws(html[at])) at++;
      if (at >= n) return out;
      if (html[at] !== '=') continue;
      at++;
      while (at < n && ws(html[at])) at++;
      if (at >= n) return out;
      const q = html[at];
      if (q === '"' || q === "'") {
        const close = html.indexOf(q, at + 1);
        if (close === -1) return out;
        at = close + 1;
      } else {
        while (at < n && !ws(html[at]) && html[at] !== '>') at++;
        if (at >= n) return out;
      }
    }
    i = at;
    if (name === 'script' || name === 'style' || name === 'textarea' || name === 'title') {
      // Raw text up to its end tag (`</script` and a separator): dropped for script and
      // style, text for textarea and title (RCDATA).
      const close = specialTagEnd(html, i, name);
      const rcdata = name === 'textarea' || name === 'title';
      if (close === -1) return rcdata ? out + html.slice(i) : out;
      if (rcdata) {
        // Go emits the text up to the last `<` before the end tag.
        const text = html.slice(i, close);
        const last = text.lastIndexOf('<');
        out += last === -1 ? text : text.slice(0, last);
      }
      i = close;
    }
  }
  return allText ? html : out;
}

/** Go's indexTagEnd: where `</name` followed by `>`, space or `/` starts, or -1. */
function specialTagEnd(html: string, from: number, name: string): number {
  const lower = html.toLowerCase();
  for (let k = lower.indexOf('</', from); k !== -1; k = lower.indexOf('</', k + 2)) {
    if (lower.startsWith(name, k + 2) && /^[> \t\n\f/]$/.test(html[k + 2 + name.length] ?? ''))
      return k;
  }
  return -1;
}

/** Go's white space among the ASCII characters: tab to carriage return, and space. */
const ASCII_SPACE = new Uint8Array(128);
for (const c of [9, 10, 11, 12, 13, 32]) ASCII_SPACE[c] = 1;

/** Hugo's helpers.TotalWords: runs of non-space characters. */
export function totalWords(s: string): number {
  let n = 0;
  let inWord = false;
  const len = s.length;
  for (let i = 0; i < len; i++) {
    const c = s.charCodeAt(i);
    if (c < 128 ? ASCII_SPACE[c] === 1 : isSpaceCode(c)) inWord = false;
    else if (!inWord) {
      inWord = true;
      n++;
    }
  }
  return n;
}

/** Go's strings.TrimRight(s, space): the end without trailing white space. */
export function trimEndSpace(s: string): string {
  let b = s.length;
  while (b > 0 && isSpaceCode(s.charCodeAt(b - 1))) b--;
  return s.slice(0, b);
}

// Made on first use: a Unicode script class costs milliseconds to build, and most sites
// never ask.
let cjkRe: RegExp | undefined;
const cjk = () =>
  (cjkRe ??= /[\p{Script=Han}\p{Script=Hangul}\p{Script=Hiragana}\p{Script=Katakana}]/u);

/** No Han, Hangul, Hiragana or Katakana character is below U+1100 (Hangul Jamo). */
const FIRST_CJK = 0x1100;

/** True when text holds Chinese, Japanese or Korean script (Hugo's isCJKLanguage). */
export function hasCjk(s: string): boolean {
  return cjk().test(s);
}

/** Hugo's CJK word count: a word of non-ASCII runes counts each rune. */
export function cjkWordCount(plain: string): number {
  let n = 0;
  for (const word of plain.split(/\s+/u)) {
    if (!word) continue;
    const runes = [...word].length;
    n += new TextEncoderLike().byteLength(word) === runes ? 1 : runes;
  }
  return n;
}

/** UTF-8 byte length without TextEncoder (shared code has no DOM or Node types). */
class TextEncoderLike {
  byteLength(s: string): number {
    let n = 0;
    for (const ch of s) {
      const c = ch.codePointAt(0)!;
      n += c < 0x80 ? 1 : c < 0x800 ? 2 : c < 0x10000 ? 3 : 4;
    }
    return n;
  }
}

function isEndOfSentence(r: string): boolean {
  return r === '.' || r === '?' || r === '!' || r === '"' || r === '\n';
}

/**
 * Hugo's TruncateWordsToWholeSentence (the summary before 0.134): the first `max`
 * words, extended to the next sentence end. Returns the text and whether it was cut.
 */
export function truncateWordsToWholeSentence(
  s: string,
  max: number,
): { text: string; truncated: boolean } {
  let wordCount = 0;
  let lastWordIndex = -1;
  for (let i = 0; i < s.length;) {
    const r = String.fromCodePoint(s.codePointAt(i)!);
    if (isSpace(r)) {
      wordCount++;
      lastWordIndex = i;
      if (wordCount >= max) break;
    }
    i += r.length;
  }
  if (lastWordIndex === -1) return { text: s, truncated: false };
  let endIndex = -1;
  for (let j = lastWordIndex; j < s.length;) {
    const r = String.fromCodePoint(s.codePointAt(j)!);
    if (isEndOfSentence(r)) {
      endIndex = j + r.length;
      break;
    }
    j += r.length;
  }
  if (endIndex === -1) return { text: s, truncated: false };
  return { text: goTrimSpace(s.slice(0, endIndex)), truncated: endIndex < s.length };
}

/** Hugo's TruncateWordsByRune (the CJK summary before 0.134). */
export function truncateWordsByRune(
  words: string[],
  max: number,
): { text: string; truncated: boolean } {
  let count = 0;
  for (let index = 0; index < words.length; index++) {
    const word = words[index]!;
    if (count >= max) return { text: words.slice(0, index).join(' '), truncated: true };
    const runes = [...word];
    if (new TextEncoderLike().byteLength(word) === runes.length) count++;
    else if (count + runes.length < max) count += runes.length;
    else {
      for (let ri = 0; ri < runes.length; ri++) {
        if (count >= max)
          return {
            text: [...words.slice(0, index), runes.slice(0, ri).join('')].join(' '),
            truncated: true,
          };
        count++;
      }
    }
  }
  return { text: words.join(' '), truncated: false };
}

/** Go's strings.TrimSpace. */
export function goTrimSpace(s: string): string {
  let a = 0;
  let b = s.length;
  while (a < b && isSpace(s[a]!)) a++;
  while (b > a && isSpace(s[b - 1]!)) b--;
  return s.slice(a, b);
}

const HTML_TAG_TOKEN = /^<\/?[A-Za-z]+>?$/;
const HTML_ATTR_TOKEN = /^[A-Za-z]+=["']/;

function countSummaryWord(word: string): number {
  const w = goTrimSpace(word);
  if (w.length === 0 || w === '>' || HTML_TAG_TOKEN.test(w) || HTML_ATTR_TOKEN.test(w)) return 0;
  const plain = stripHtml(w);
  // hstrings.CountWordsCJK: CJK runes count one each, other runs as words.
  let n = 0;
  let inWord = false;
  for (let i = 0; i < plain.length;) {
    const c = plain.codePointAt(i)!;
    const len = c > 0xffff ? 2 : 1;
    if (c >= FIRST_CJK && cjk().test(plain.slice(i, i + len))) {
      n++;
      inWord = false;
    } else if (len === 1 && isSpaceCode(c)) inWord = false;
    else if (!inWord) {
      n++;
      inWord = true;
    }
    i += len;
  }
  return n;
}

/**
 * Hugo's ExtractSummaryFromHTML (0.134+, "paragraph" summaries): whole paragraphs, cut
 * after the `</p>` where the running word count reaches `numWords`. Returns the end
 * offset of the summary in `html` (html.length when the whole text is the summary).
 */
export function paragraphSummaryEnd(html: string, numWords: number): number {
  if (numWords <= 0) return html.length;
  let count = 0;
  for (let j = 0; j < html.length;) {
    const closing = html.indexOf('</p>', j);
    if (closing === -1) break;
    const s = html.slice(j, closing);
    let wi = 0;
    // Go ranges over runes with byte offsets; the words are the same with UTF-16 offsets.
    for (let i = 0; i < s.length;) {
      const c = s.codePointAt(i)!;
      const len = c > 0xffff ? 2 : 1;
      // A rune that is white space, or the last rune: the word before it is counted.
      if ((len === 1 && isSpaceCode(c)) || i + len >= s.length) {
        count += countSummaryWord(s.slice(wi, i));
        wi = i;
        if (count >= numWords) break;
      }
      i += len;
    }
    if (count >= numWords) return closing + 4;
    j = closing + 3;
  }
  return html.length;
}

const ENTITIES: Record<string, string> = {
  amp: '&',
  lt: '<',
  gt: '>',
  quot: '"',
  apos: "'",
  nbsp: '\u00a0',
  ldquo: '\u201c',
  rdquo: '\u201d',
  lsquo: '\u2018',
  rsquo: '\u2019',
  ndash: '\u2013',
  mdash: '\u2014',
  hellip: '\u2026',
  laquo: '\u00ab',
  raquo: '\u00bb',
  copy: '\u00a9',
  reg: '\u00ae',
  trade: '\u2122',
};

/** Decodes HTML character references (named ones Hugo emits, and numeric ones). */
export function decodeEntities(s: string): string {
  return s.replace(/&(#[xX][0-9a-fA-F]+|#\d+|[a-zA-Z]+);/g, (m, ref: string) => {
    if (ref[0] === '#') {
      const code =
        ref[1] === 'x' || ref[1] === 'X' ? parseInt(ref.slice(2), 16) : parseInt(ref.slice(1), 10);
      return Number.isFinite(code) && code > 0 && code <= 0x10ffff ? String.fromCodePoint(code) : m;
    }
    return ENTITIES[ref] ?? m;
  });
}

/**
 * Text as a reader sees it: tags dropped (Hugo's plainify), entities decoded, white
 * space folded to single spaces and trimmed.
 */
export function readerText(html: string): string {
  return decodeEntities(stripHtml(html))
    .replace(/[^\S\u00a0]+/gu, ' ')
    .replace(/^ +| +$/g, '');
}
