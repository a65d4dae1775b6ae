import { ContentError } from './errors.ts';

/** The front matter formats Hugo reads. */
export type FrontMatterFormat = 'yaml' | 'toml' | 'json';

/**
 * A file cut into exact pieces: `bom + open + raw + close + body` is the file, byte for
 * byte. `format` is null when the file has no front matter (then open/raw/close are '').
 */
export interface SplitFile {
  bom: string;
  format: FrontMatterFormat | null;
  /** The opening delimiter line with its line break ('' for JSON). */
  open: string;
  /** The front matter text between the delimiter lines (for JSON: the whole object). */
  raw: string;
  /** The closing delimiter line with its line break, if any. */
  close: string;
  body: string;
  /** Offset of `raw` in the file without its BOM. */
  rawOffset: number;
}

// Hugo's delimiters may carry a language name; only data languages are accepted. Code
// languages (gray-matter evaluates `---js`) are refused before anything reads the block.
const safeLanguages = new Set(['', 'yaml', 'yml', 'toml', 'json']);

/** Splits a file into BOM, front matter and body exactly as Hugo reads them. */
export function splitFrontMatter(text: string, file = '<text>'): SplitFile {
  const bom = text.charCodeAt(0) === 0xfeff ? '\ufeff' : '';
  const src = bom ? text.slice(1) : text;
  const none: SplitFile = {
    bom,
    format: null,
    open: '',
    raw: '',
    close: '',
    body: src,
    rawOffset: 0,
  };

  // Hugo's page lexer skips blank lines and spaces before the opening delimiter; they
  // belong to `open` so the file still joins back byte for byte.
  let lead = 0;
  while (lead < src.length && /[ \t\r\n]/.test(src[lead]!)) lead++;
  const lexed = src.slice(lead);
  const ws = src.slice(0, lead);
  if (lexed.startsWith('{')) {
    const json = splitJson(lexed, bom, file);
    return json ? { ...json, open: ws, rawOffset: lead } : none;
  }

  const delimiter = lexed.startsWith('---') ? '---' : lexed.startsWith('+++') ? '+++' : null;
  if (!delimiter) return none;
  const firstLineEnd = lexed.indexOf('\n');
  const firstLine = (firstLineEnd === -1 ? lexed : lexed.slice(0, firstLineEnd)).replace(/\r$/, '');
  const openLine = ws.split('\n').length;
  const rest = firstLine.slice(3);
  // `------`: Hugo reads the front matter from just after the first three characters, so
  // the rest of the line is part of it (for YAML a `---` document start).
  const longRun = /^[-+]+[ \t]*$/.test(rest);
  const language = longRun ? '' : rest.trim();
  if (!longRun && /^[-+]/.test(rest)) return none;
  if (!/^[A-Za-z]*$/.test(language)) return none; // `--- some words`: prose, not a delimiter
  if (!safeLanguages.has(language.toLowerCase())) {
    const js = /^(js|javascript|coffee|coffeescript|cson)$/i.test(language);
    throw new ContentError(
      file,
      openLine,
      4,
      js
        ? `front matter in ${language} is code and Quire never runs it; convert it to YAML, TOML or JSON`
        : `front matter language "${language}" is not supported (use YAML, TOML or JSON)`,
    );
  }
  if (firstLineEnd === -1) return none;

  const openEnd = lead + (longRun ? 3 : firstLineEnd + 1);
  // Hugo's block ends at the first line that starts with the delimiter; the lexer takes the
  // three characters and a line break right after them, nothing more.
  let closeStart = -1;
  for (let at = lead + firstLineEnd + 1; at < src.length;) {
    if (src.startsWith(delimiter, at)) {
      closeStart = at;
      break;
    }
    const nl = src.indexOf('\n', at);
    if (nl === -1) break;
    at = nl + 1;
  }
  if (closeStart === -1) {
    // No closing delimiter: a leading thematic break in prose, unless it plainly is
    // meant as front matter.
    if (
      delimiter === '---' &&
      !/^\s*[A-Za-z_][\w-]*\s*:(\s|$)/m.test(src.slice(openEnd, openEnd + 200))
    ) {
      return none;
    }
    throw new ContentError(
      file,
      openLine,
      1,
      `front matter opened with ${delimiter} is never closed`,
    );
  }
  let closeEnd = closeStart + 3;
  if (src[closeEnd] === '\r') closeEnd++;
  if (src[closeEnd] === '\n') closeEnd++;
  return {
    bom,
    format: delimiter === '+++' ? 'toml' : 'yaml',
    open: src.slice(0, openEnd),
    raw: src.slice(openEnd, closeStart),
    close: src.slice(closeStart, closeEnd),
    body: src.slice(closeEnd),
    rawOffset: openEnd,
  };
}

/** Hugo's JSON front matter: a `{...}` object at the very top of the file. */
function splitJson(src: string, bom: string, file: string): SplitFile | null {
  const end = matchingBrace(src);
  if (end === -1) {
    // A body that merely starts with "{" (a shortcode, say) is not front matter.
    if (/^\{\s*"/.test(src)) {
      throw new ContentError(file, 1, 1, 'JSON front matter is never closed (missing "}")');
    }
    return null;
  }
  const nl = src.indexOf('\n', end);
  const closeEnd = nl === -1 ? src.length : nl + 1;
  const trailing = src.slice(end, closeEnd);
  if (trailing.trim() !== '') return null;
  return {
    bom,
    format: 'json',
    open: '',
    raw: src.slice(0, end),
    close: trailing,
    body: src.slice(closeEnd),
    rawOffset: 0,
  };
}

/** Index just past the brace that closes the object opening at 0, or -1. */
function matchingBrace(src: string): number {
  let depth = 0;
  let inString = false;
  for (let i = 0; i < src.length; i++) {
    const c = src.charCodeAt(i);
    if (inString) {
      if (c === 92) i++;
      else if (c === 34) inString = false;
      continue;
    }
    if (c === 34) inString = true;
    else if (c === 123 || c === 91) depth++;
    else if (c === 125 || c === 93) {
      depth--;
      if (depth === 0) return i + 1;
    }
  }
  return -1;
}

/** Reassembles a split file: the inverse of splitFrontMatter. */
export function joinSplit(s: SplitFile): string {
  return s.bom + s.open + s.raw + s.close + s.body;
}
