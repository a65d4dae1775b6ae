import { isDeepStrictEqual } from './equal.ts';
import { ContentError, detectEol, FieldEditError, lineColumnAt } from './errors.ts';
import { parseJsonBlock } from './json-front-matter.ts';
import type { JsonMember } from './json-front-matter.ts';
import { joinSplit, splitFrontMatter } from './split.ts';
import type { FrontMatterFormat, SplitFile } from './split.ts';
import { parseTomlBlock, tomlFieldText, tomlKey, tomlStatements } from './toml-front-matter.ts';
import {
  findYamlPair,
  parseYamlBlock,
  yamlFieldText,
  yamlKeySource,
  yamlDuplicateKeys,
  yamlPairLines,
} from './yaml-front-matter.ts';
import type { DuplicateKey } from './yaml-front-matter.ts';

export type { DuplicateKey };

/** A file with its front matter read: the exact pieces and the values. */
export interface FrontMatterFile {
  file: string;
  split: SplitFile;
  /** Front matter values, keys as written; {} when the file has none. */
  data: Record<string, unknown>;
}

/** Front matter larger than this is refused with a clear error (parsing stays fast). */
export const MAX_FRONT_MATTER = 1024 * 1024;

/**
 * Reads a file's front matter (YAML `---`, TOML `+++`, JSON `{`). Throws ContentError
 * naming `file`, line and column for bad input. Never evaluates code.
 */
export function parseFrontMatter(text: string, file = '<text>'): FrontMatterFile {
  const split = splitFrontMatter(text, file);
  if (split.format === null) return { file, split, data: {} };
  const lineOffset = countLines(split.open);
  if (split.raw.length > MAX_FRONT_MATTER)
    throw new ContentError(
      file,
      lineOffset + 1,
      1,
      `front matter is ${Math.round(split.raw.length / 1024)} KB; Quire reads at most ${MAX_FRONT_MATTER / 1024} KB of front matter (move long lists into a data file)`,
    );
  if (split.format === 'yaml') {
    const { data } = parseYamlBlock(split.raw, file, lineOffset);
    if (data === null) {
      // Not a mapping: the `---` was a thematic break in prose. All of it is body.
      const src = text.slice(split.bom.length);
      return {
        file,
        split: { ...split, format: null, open: '', raw: '', close: '', body: src, rawOffset: 0 },
        data: {},
      };
    }
    return { file, split, data };
  }
  if (split.format === 'toml')
    return { file, split, data: parseTomlBlock(split.raw, file, lineOffset) };
  return { file, split, data: parseJsonBlock(split.raw, file).data };
}

/**
 * Keys given twice in the front matter (YAML at any depth, JSON at the top), with file
 * lines: Hugo reads the last value without a word, so `quire check` says so.
 */
export function duplicateKeys(text: string): DuplicateKey[] {
  let split: SplitFile;
  try {
    split = splitFrontMatter(text, '<text>');
  } catch {
    return [];
  }
  const offset = countLines(split.open);
  if (split.format === 'yaml')
    return yamlDuplicateKeys(split.raw).map((d) => ({
      ...d,
      line: d.line + offset,
      firstLine: d.firstLine + offset,
    }));
  if (split.format !== 'json') return [];
  let members: JsonMember[];
  try {
    members = parseJsonBlock(split.raw, '<text>').members;
  } catch {
    return [];
  }
  const seen = new Map<string, number>();
  const out: DuplicateKey[] = [];
  for (const m of members) {
    const line = lineColumnAt(split.raw, m.keyStart).line + offset;
    const first = seen.get(m.key);
    if (first !== undefined) out.push({ key: m.key, line, firstLine: first });
    else seen.set(m.key, line);
  }
  return out;
}

/** The file's text again: byte-identical to what was parsed when nothing was edited. */
export function serializeFrontMatter(f: FrontMatterFile): string {
  return joinSplit(f.split);
}

function countLines(s: string): number {
  let n = 0;
  for (let i = 0; i < s.length; i++) if (s.charCodeAt(i) === 10) n++;
  return n;
}

/**
 * The body of a file whose front matter was read before (the index records `bodyLine`, the
 * 1-based line where the body starts), without parsing the front matter again: the file
 * is only split. When the split does not give the line the index saw (the file changed
 * since), it is parsed as parseFrontMatter does, with its errors.
 */
export function bodyAfterFrontMatter(text: string, bodyLine: number, file = '<text>'): string {
  const split = splitFrontMatter(text, file);
  if (split.format === null) return split.body;
  const line = countLines(split.open) + countLines(split.raw) + countLines(split.close) + 1;
  if (line === bodyLine && split.raw.length <= MAX_FRONT_MATTER) return split.body;
  // YAML that is not a mapping: the `---` was a thematic break, all of it is body.
  if (bodyLine === 1 && split.format === 'yaml') return text.slice(split.bom.length);
  return parseFrontMatter(text, file).split.body;
}

/** Finds a key case-insensitively, as Hugo does; returns the key as written. */
export function findKey(data: Record<string, unknown>, key: string): string | undefined {
  if (Object.prototype.hasOwnProperty.call(data, key)) return key;
  const want = key.toLowerCase();
  return Object.keys(data).find((k) => k.toLowerCase() === want);
}

/**
 * Sets one top-level field and returns the new file text. Only that field's line(s)
 * change; a new field is appended; the same value changes nothing; a file without front
 * matter gets a YAML block prepended (or `format`) and keeps every byte after it.
 */
export function setField(
  f: FrontMatterFile,
  key: string,
  value: unknown,
  format: FrontMatterFormat = 'yaml',
): string {
  const existing = findKey(f.data, key);
  if (existing !== undefined && isDeepStrictEqual(f.data[existing], value))
    return serializeFrontMatter(f);
  const s = f.split;
  const eol = detectEol(s.open + s.raw + s.body);
  if (s.format === null) {
    const raw = guarded(f, key, () => blockRaw(key, value, format, eol));
    verifyEdit(f, format, raw, key, value);
    return prependBlock(s, raw, format, eol);
  }
  const raw = guarded(f, key, () => editRaw(s, f, key, value, eol));
  verifyEdit(f, s.format, raw, key, value);
  return joinSplit({ ...s, raw });
}

/** Removes one top-level field (only its lines); unchanged text when it is absent. */
export function removeField(f: FrontMatterFile, key: string): string {
  const existing = findKey(f.data, key);
  if (existing === undefined || f.split.format === null) return serializeFrontMatter(f);
  const raw = guarded(f, key, () => editRaw(f.split, f, key, undefined, detectEol(f.split.raw)));
  verifyEdit(f, f.split.format, raw, key, undefined);
  return joinSplit({ ...f.split, raw });
}

/** Runs an edit; a value the format cannot hold becomes a FieldEditError naming the field. */
function guarded(f: FrontMatterFile, key: string, edit: () => string): string {
  try {
    return edit();
  } catch (err) {
    if (err instanceof TypeError || err instanceof RangeError)
      throw new FieldEditError(f.file, key, err.message);
    throw err;
  }
}

const FORMAT_NAME = { yaml: 'YAML', toml: 'TOML', json: 'JSON' } as const;

/**
 * The edited block must parse, hold `value` under `key` (absent when undefined), and keep
 * every other field as it was; otherwise the edit is refused (FieldEditError) and the
 * caller writes nothing.
 */
function verifyEdit(
  f: FrontMatterFile,
  format: FrontMatterFormat,
  raw: string,
  key: string,
  value: unknown,
): void {
  const refuse = (why: string): never => {
    throw new FieldEditError(f.file, key, why);
  };
  let data: Record<string, unknown> | null;
  try {
    data =
      format === 'yaml'
        ? parseYamlBlock(raw, f.file, 0).data
        : format === 'toml'
          ? parseTomlBlock(raw, f.file, 0)
          : parseJsonBlock(raw, f.file).data;
  } catch (err) {
    const why = err instanceof ContentError ? err.reason : String(err);
    return refuse(`the result would not be valid ${FORMAT_NAME[format]} (${why})`);
  }
  if (!data) return refuse(`the result would not be a ${FORMAT_NAME[format]} mapping`);
  const want = key.toLowerCase();
  const k = findKey(data, key);
  if (value === undefined) {
    if (k !== undefined) refuse('it is still there after removing it');
  } else if (k === undefined || !sameValue(data[k], value)) {
    refuse(
      `${FORMAT_NAME[format]} cannot hold this value as given (${JSON.stringify(value)?.slice(0, 80)})`,
    );
  }
  const before = Object.keys(f.data).filter((x) => x.toLowerCase() !== want);
  const after = Object.keys(data).filter((x) => x.toLowerCase() !== want);
  if (
    before.length !== after.length ||
    before.some(
      (x) => !Object.prototype.hasOwnProperty.call(data, x) || !sameValue(data![x], f.data[x]),
    )
  )
    refuse('the edit would change other fields too');
}

function sameValue(a: unknown, b: unknown): boolean {
  return Object.is(a, b) || isDeepStrictEqual(a, b);
}

function editRaw(
  s: SplitFile,
  f: FrontMatterFile,
  key: string,
  value: unknown,
  eol: string,
): string {
  const raw = s.raw;
  const fix = (t: string) => (eol === '\r\n' ? t.replace(/\r?\n/g, '\r\n') : t);
  if (s.format === 'yaml') {
    const { doc } = parseYamlBlock(raw, f.file, 0);
    const pair = findYamlPair(doc, key);
    if (!pair) {
      if (value === undefined) return raw;
      const sep = raw === '' || raw.endsWith('\n') ? '' : eol;
      return raw + sep + fix(yamlFieldText(yamlKey(key), value, undefined));
    }
    const [start, end] = yamlPairLines(raw, pair);
    if (value === undefined) {
      // A repeated key goes entirely: removing the last would bring an earlier one back.
      const rest = raw.slice(0, start) + raw.slice(end);
      return findYamlPair(parseYamlBlock(rest, f.file, 0).doc, key)
        ? editRaw({ ...s, raw: rest }, f, key, value, eol)
        : rest;
    }
    const keySrc = yamlKeySource(raw, pair);
    let text = fix(yamlFieldText(keySrc, value, pair.value));
    if (end === raw.length && !raw.endsWith('\n')) text = text.replace(/\r?\n$/, '');
    return raw.slice(0, start) + text + raw.slice(end);
  }
  if (s.format === 'toml') {
    const statements = tomlStatements(raw);
    const st = statements.find((x) => x.key === key.toLowerCase());
    if (!st) {
      if (value === undefined) return raw;
      // Append after the last top-level statement, before any [table].
      const last = statements[statements.length - 1];
      const at = last ? last.end : firstTableAt(raw);
      const before = raw.slice(0, at);
      const sep = before === '' || before.endsWith('\n') ? '' : eol;
      return before + sep + fix(tomlFieldText(tomlKey(key), value, undefined)) + raw.slice(at);
    }
    if (value === undefined) return raw.slice(0, st.start) + raw.slice(st.end);
    let text = fix(tomlFieldText(st.keySource, value, st.valueSource));
    if (st.end === raw.length && !raw.endsWith('\n')) text = text.replace(/\r?\n$/, '');
    return raw.slice(0, st.start) + text + raw.slice(st.end);
  }
  const { members } = parseJsonBlock(raw, f.file);
  const want = key.toLowerCase();
  const first =
    members.find((m) => m.key === key) ?? members.find((m) => m.key.toLowerCase() === want);
  // A repeated key: its last value is the one Hugo (Go's JSON reader) takes.
  const idx = first ? members.findLastIndex((m) => m.key === first.key) : -1;
  const m = members[idx];
  if (!m) {
    if (value === undefined) return raw;
    const last = members[members.length - 1];
    const encoded = `${JSON.stringify(key)}: ${JSON.stringify(value)}`;
    if (!last) {
      const close = raw.lastIndexOf('}');
      return `{${eol}  ${encoded}${eol}` + raw.slice(close);
    }
    const lineStart = raw.lastIndexOf('\n', last.keyStart) + 1;
    const indent = /^[ \t]*/.exec(raw.slice(lineStart))![0];
    const sameLine = raw.slice(lineStart, last.keyStart).trim() !== '';
    return (
      raw.slice(0, last.valueEnd) +
      (sameLine ? `, ${encoded}` : `,${eol}${indent}${encoded}`) +
      raw.slice(last.valueEnd)
    );
  }
  if (value !== undefined)
    return raw.slice(0, m.valueStart) + JSON.stringify(value) + raw.slice(m.valueEnd);
  // A repeated key goes entirely: removing the last would bring an earlier one back.
  if (members.findIndex((x) => x.key === m.key) !== idx) {
    const rest = editRaw(
      { ...s, raw: removeJsonMember(raw, members, idx, eol) },
      f,
      key,
      value,
      eol,
    );
    return rest;
  }
  return removeJsonMember(raw, members, idx, eol);
}

/** Removes the member with its comma; whole lines when it sits on its own line. */
function removeJsonMember(raw: string, members: JsonMember[], idx: number, eol: string): string {
  const m = members[idx]!;
  const next = members[idx + 1];
  const prev = members[idx - 1];
  if (next) {
    const lineStart = raw.lastIndexOf('\n', m.keyStart) + 1;
    const ownLine = raw.slice(lineStart, m.keyStart).trim() === '';
    const nextLineStart = raw.lastIndexOf('\n', next.keyStart) + 1;
    return ownLine && raw.slice(nextLineStart, next.keyStart).trim() === ''
      ? raw.slice(0, lineStart) + raw.slice(nextLineStart)
      : raw.slice(0, m.keyStart) + raw.slice(next.keyStart);
  }
  if (prev) return raw.slice(0, prev.valueEnd) + raw.slice(m.valueEnd);
  return raw.slice(0, m.keyStart).replace(/\s*$/, '') + raw.slice(m.valueEnd).replace(/^\s*/, eol);
}

function firstTableAt(raw: string): number {
  const m = /^\s*\[/m.exec(raw);
  return m ? m.index : raw.length;
}

/** The front matter block (between its delimiters) holding just one field. */
function blockRaw(key: string, value: unknown, format: FrontMatterFormat, eol: string): string {
  const fix = (t: string) => (eol === '\r\n' ? t.replace(/\r?\n/g, '\r\n') : t);
  if (format === 'toml') return fix(tomlFieldText(tomlKey(key), value, undefined));
  if (format === 'json') return `{${eol}  ${JSON.stringify(key)}: ${JSON.stringify(value)}${eol}}`;
  return fix(yamlFieldText(yamlKey(key), value, undefined));
}

function prependBlock(s: SplitFile, raw: string, format: FrontMatterFormat, eol: string): string {
  const block =
    format === 'toml'
      ? `+++${eol}${raw}+++${eol}`
      : format === 'json'
        ? `${raw}${eol}`
        : `---${eol}${raw}---${eol}`;
  return s.bom + block + s.body;
}

/** A new YAML key as written: plain when it can be, else double-quoted. */
function yamlKey(key: string): string {
  return /^[A-Za-z_][\w.-]*$/.test(key) ? key : JSON.stringify(key);
}

/**
 * Sets a top-level key in a whole YAML, TOML or JSON document (a site config file) with
 * the same minimal edit as front matter: only that key's lines change.
 */
export function setDocumentField(
  text: string,
  format: FrontMatterFormat,
  key: string,
  value: unknown,
  file = '<config>',
): string {
  const bom = text.charCodeAt(0) === 0xfeff ? '\ufeff' : '';
  const raw = bom ? text.slice(1) : text;
  const data =
    format === 'yaml'
      ? (parseYamlBlock(raw, file, 0).data ?? {})
      : format === 'toml'
        ? parseTomlBlock(raw, file, 0)
        : parseJsonBlock(raw, file).data;
  const f: FrontMatterFile = {
    file,
    split: { bom, format, open: '', raw, close: '', body: '', rawOffset: 0 },
    data,
  };
  return setField(f, key, value, format);
}
