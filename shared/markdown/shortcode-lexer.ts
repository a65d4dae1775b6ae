// Hugo's shortcode lexer (parser/pageparser/pagelexer_shortcode.go, Hugo 0.111), ported so
// a post's shortcodes are found exactly where Hugo finds them: everywhere in the body,
// code blocks included, before any Markdown is parsed.

/** A shortcode parameter value: quoted values are strings, bare ones typed as Hugo types them. */
export type ShortcodeValue = string | number | boolean;

/** One `{{< … >}}` or `{{% … %}}` tag as written. */
export interface ShortcodeTag {
  kind: 'tag';
  /** Offsets of the whole tag in the source. */
  start: number;
  end: number;
  /** `<`: the output is HTML; `%`: the output is Markdown. */
  markup: '<' | '%';
  name: string;
  /** A closing tag `{{< /name >}}`. */
  closing: boolean;
  /** A self-closing tag `{{< name />}}`. */
  selfClosing: boolean;
  positional: ShortcodeValue[];
  named: Record<string, ShortcodeValue> | null;
}

/** Text between tags; `value` differs from the source only for shortcode comments. */
export interface ShortcodeText {
  kind: 'text';
  start: number;
  end: number;
  value: string;
}

/** A malformed tag: Hugo fails the build, Quire keeps it as text and `quire check` reports it. */
export interface ShortcodeError {
  kind: 'error';
  start: number;
  end: number;
  message: string;
}

export type LexItem = ShortcodeTag | ShortcodeText | ShortcodeError;

const isAlnum = (c: string) => /[\p{L}\p{Nd}_]/u.test(c);
const isAlnumOrHyphen = (c: string) => c === '-' || isAlnum(c);
const isSpace = (c: string) => c === ' ' || c === '\t';
const isEol = (c: string) => c === '\n' || c === '\r';

/** True when the text may hold a shortcode (a cheap test before lexing). */
export function mayHaveShortcodes(src: string): boolean {
  return src.includes('{{<') || src.includes('{{%');
}

/** Cuts a body into text and shortcode tags as Hugo's page lexer does. */
export function lexShortcodes(src: string): LexItem[] {
  const items: LexItem[] = [];
  let textStart = 0;
  // Where the next right delimiter of each kind is, found once per stretch of text, so a
  // body full of unclosed `{{<` is still read in linear time.
  const found: Record<string, number> = {};
  const nextRight = (right: string, from: number): number => {
    const known = found[right];
    if (known !== undefined && (known === -1 || known >= from)) return known;
    return (found[right] = src.indexOf(right, from));
  };
  let i = 0;
  const pushText = (end: number, value = src.slice(textStart, end)) => {
    if (end > textStart || value) items.push({ kind: 'text', start: textStart, end, value });
  };
  while (i < src.length) {
    const at = nextLeftDelim(src, i);
    if (at === -1) break;
    const markup = src[at + 2] as '<' | '%';
    const right = markup === '<' ? '>}}' : '%}}';
    if (src.startsWith('/*', at + 3)) {
      // A comment, `{{<` `/*` x `*/` `>}}`: the text `{{< x >}}`, shown literally.
      const close = src.indexOf(`*/${right}`, at + 5);
      if (close === -1) {
        i = at + 3;
        continue;
      }
      pushText(at);
      const end = close + 2 + right.length;
      items.push({
        kind: 'text',
        start: at,
        end,
        value: `{{${markup}${src.slice(at + 5, close)}${right}`,
      });
      textStart = i = end;
      continue;
    }
    const tag = lexTag(src, at, markup, right, nextRight);
    if ('message' in tag) {
      pushText(at);
      items.push(tag);
      textStart = i = tag.end;
      continue;
    }
    pushText(at);
    items.push(tag);
    textStart = i = tag.end;
  }
  if (textStart < src.length) pushText(src.length);
  return items;
}

function nextLeftDelim(src: string, from: number): number {
  let i = src.indexOf('{{', from);
  while (i !== -1) {
    const c = src[i + 2];
    if (c === '<' || c === '%') return i;
    i = src.indexOf('{{', i + 1);
  }
  return -1;
}

/** Lexes one tag starting at `at` (`{{<` or `{{%`). */
function lexTag(
  src: string,
  at: number,
  markup: '<' | '%',
  right: string,
  nextRight: (right: string, from: number) => number,
): ShortcodeTag | ShortcodeError {
  let i = at + 3;
  const fail = (message: string): ShortcodeError => {
    // Resume after the tag's right delimiter when there is one on the way.
    const r = nextRight(right, at + 3);
    return { kind: 'error', start: at, end: r === -1 ? at + 3 : r + right.length, message };
  };
  let name = '';
  let closing = false;
  let selfClosing = false;
  const positional: ShortcodeValue[] = [];
  let named: Record<string, ShortcodeValue> | null = null;
  for (;;) {
    if (i >= src.length) return fail('unclosed shortcode action');
    if (src.startsWith(right, i)) {
      if (!name) return fail('shortcode has no name');
      return {
        kind: 'tag',
        start: at,
        end: i + right.length,
        markup,
        name,
        closing: closing && !selfClosing,
        selfClosing,
        positional,
        named,
      };
    }
    const c = src[i]!;
    if (isSpace(c) || isEol(c)) {
      i++;
      continue;
    }
    if (c === '/') {
      if (name) {
        // `{{< name />}}` or `{{< /name >}}` with the slash before the right delimiter.
        let j = i + 1;
        while (j < src.length && (isSpace(src[j]!) || isEol(src[j]!))) j++;
        if (!src.startsWith(right, j)) return fail('unexpected "/" in shortcode');
        selfClosing = true;
        i = j;
        continue;
      }
      closing = true;
      i++;
      continue;
    }
    if (!name) {
      if (!isAlnum(c)) return fail(`unrecognized character in shortcode action: "${c}"`);
      let j = i;
      while (j < src.length && (isAlnumOrHyphen(src[j]!) || src[j] === '/')) j++;
      if (src[j] === '.' && src.startsWith('.inline', j)) j += 7;
      name = src.slice(i, j);
      i = j;
      continue;
    }
    if (closing) return fail('closing shortcode with parameters');
    // A parameter: quoted or raw positional, or name=value.
    if (c === '"' || c === '`') {
      if (named) return fail('cannot mix named and positional parameters');
      const v = c === '"' ? quoted(src, i) : raw(src, i);
      if (!v) return fail('unterminated quoted string in shortcode parameter');
      positional.push(v.value);
      i = v.end;
      continue;
    }
    if (c === '\\' && src[i + 1] === '"') {
      const v = quoted(src, i + 1);
      if (!v) return fail('unterminated quoted string in shortcode parameter');
      positional.push(v.value);
      i = v.end;
      continue;
    }
    if (!isAlnumOrHyphen(c) && c !== '.')
      return fail(
        `unrecognized character in shortcode action: "${c}" (parameters with other characters must be quoted)`,
      );
    let j = i;
    while (j < src.length && (isAlnumOrHyphen(src[j]!) || src[j] === '.')) j++;
    const word = src.slice(i, j);
    if (src[j] === '=') {
      if (positional.length > 0) return fail('cannot mix named and positional parameters');
      j++;
      while (j < src.length && isSpace(src[j]!)) j++;
      let value: ShortcodeValue;
      if (src[j] === '"' || (src[j] === '\\' && src[j + 1] === '"')) {
        const v = quoted(src, src[j] === '\\' ? j + 1 : j);
        if (!v) return fail('unterminated quoted string in shortcode parameter');
        value = v.value;
        j = v.end;
      } else if (src[j] === '`') {
        const v = raw(src, j);
        if (!v) return fail('unterminated raw string in shortcode parameter');
        value = v.value;
        j = v.end;
      } else {
        // Hugo reads a bare value up to the next white space.
        let k = j;
        while (k < src.length && !isSpace(src[k]!) && !isEol(src[k]!)) k++;
        value = typed(src.slice(j, k));
        j = k;
      }
      named ??= {};
      named[word] = value;
      i = j;
      continue;
    }
    if (named) return fail('cannot mix named and positional parameters');
    positional.push(typed(word));
    i = j;
  }
}

/** A `"…"` value (Go-style `\"` escapes; no line break), or null when unterminated. */
function quoted(src: string, at: number): { value: string; end: number } | null {
  let out = '';
  for (let i = at + 1; i < src.length; i++) {
    const c = src[i]!;
    if (c === '\n') return null;
    if (c === '\\' && src[i + 1] === '"') {
      out += '"';
      i++;
      continue;
    }
    if (c === '"') return { value: out, end: i + 1 };
    out += c;
  }
  return null;
}

/** A `` `…` `` raw value (anything, line breaks included). */
function raw(src: string, at: number): { value: string; end: number } | null {
  const close = src.indexOf('`', at + 1);
  return close === -1 ? null : { value: src.slice(at + 1, close), end: close + 1 };
}

/** Hugo's ValTyped: bare `true`/`false` and numbers are typed, everything else a string. */
function typed(s: string): ShortcodeValue {
  if (s === 'true') return true;
  if (s === 'false') return false;
  if (/^-?\d+$/.test(s)) return Number(s);
  if (/^-?\d+\.\d*$|^-?\.\d+$/.test(s)) return Number(s);
  return s;
}
