import { Document, isAlias, isMap, isScalar, isSeq, parseDocument, Scalar, visit } from 'yaml';
import type { Pair, Node as YamlNode } from 'yaml';
import { ContentError, lineColumnAt } from './errors.ts';

/** Aliases may expand to at most this many nodes: a "billion laughs" file is refused. */
const MAX_ALIAS_COUNT = 1000;

/** A parsed YAML front matter block: its values, and the document for minimal edits. */
export interface YamlBlock {
  data: Record<string, unknown> | null;
  doc: Document.Parsed;
}

/** A key given twice in one mapping: Hugo (yaml.v2) takes the last, and so does Quire. */
export interface DuplicateKey {
  key: string;
  /** 1-based lines in the block: the repeat, and the first occurrence. */
  line: number;
  firstLine: number;
}

/**
 * Parses YAML front matter. Returns data null when the block is not a mapping (a
 * leading thematic break in prose). Throws ContentError with the file position.
 */
export function parseYamlBlock(raw: string, file: string, lineOffset: number): YamlBlock {
  let doc: Document.Parsed;
  try {
    // A repeated key is not an error: Hugo's YAML reader (yaml.v2) takes the last value.
    doc = parseDocument(raw, {
      uniqueKeys: false,
      prettyErrors: false,
      keepSourceTokens: false,
      strict: true,
    });
  } catch (err) {
    throw new ContentError(
      file,
      lineOffset + 1,
      1,
      `front matter could not be read (${describe(err)})`,
    );
  }
  // A flow list or map, or a quoted string, continued at the start of a line (`tags: [`
  // … `]`, `- "[A link` … `](url)"`), which Hugo's YAML reader accepts: read with those
  // line breaks as spaces (same offsets).
  if (atMargin(doc, raw) !== null) {
    const joined = joinMarginLines(raw);
    if (joined !== null) doc = joined;
  }
  const err = doc.errors[0];
  if (err) {
    const pos = err.linePos?.[0];
    const what = /call stack/i.test(err.message) ? 'nested too deeply' : firstLine(err.message);
    throw new ContentError(
      file,
      lineOffset + (pos?.line ?? 1),
      pos?.col ?? 1,
      `front matter is not valid YAML (${what})`,
    );
  }
  if (doc.contents !== null && !isMap(doc.contents)) return { data: null, doc };
  let data: unknown;
  try {
    data = doc.toJS({ maxAliasCount: MAX_ALIAS_COUNT });
  } catch (e) {
    const msg =
      e instanceof RangeError && /call stack/i.test(e.message)
        ? 'it is nested too deeply'
        : e instanceof ReferenceError || /alias/i.test(describe(e))
          ? 'its aliases expand too much'
          : describe(e);
    throw new ContentError(file, lineOffset + 1, 1, `front matter is refused: ${msg}`);
  }
  return { data: (data ?? {}) as Record<string, unknown>, doc };
}

/**
 * Where the parser stopped at a line that continues, at the margin, a flow collection or
 * a quoted string: the offset of the line break before it (null for any other error).
 */
function atMargin(doc: Document.Parsed, raw: string): { at: number; quoted: boolean } | null {
  for (const e of doc.errors) {
    if (e.code === 'BAD_INDENT' && /^Flow (sequence|map) /.test(e.message))
      return { at: raw.lastIndexOf('\n', e.pos[0] - 1), quoted: false };
    // The lexer ends a quoted string at a line break when the next line is not indented.
    if (e.code === 'MISSING_CHAR' && /closing .?quote/i.test(e.message)) {
      const at = raw[e.pos[0]] === '\r' ? e.pos[0] + 1 : e.pos[0];
      if (raw[at] === '\n') return { at, quoted: true };
    }
  }
  return null;
}

/**
 * Reads a block whose flow collections or quoted strings continue at the margin, as
 * yaml.v2 does: the line break before each such line becomes a space (one at a time,
 * where the parser says), so every offset stays the same. A quoted string read that way
 * then gets the value YAML gives its lines (folded, as yaml.v2 reads them). Null when
 * that does not make it valid, or would join a line ending in a comment.
 */
export function joinMarginLines(raw: string): Document.Parsed | null {
  const text = raw.split('');
  const quotedJoins: number[] = [];
  for (let round = 0; round < 500; round++) {
    const doc = parseDocument(text.join(''), {
      uniqueKeys: false,
      prettyErrors: false,
      keepSourceTokens: false,
      strict: true,
    });
    if (doc.errors.length === 0) {
      if (round === 0) return null;
      if (quotedJoins.length > 0) refoldQuoted(doc, raw, quotedJoins);
      return doc;
    }
    const m = atMargin(doc, raw);
    if (m === null) return null;
    const nl = m.at;
    if (nl < 0 || text[nl] !== '\n') return null;
    const prevLine = raw.slice(raw.lastIndexOf('\n', nl - 1) + 1, nl);
    if (!m.quoted && /(^|\s)#/.test(prevLine)) return null;
    text[nl] = ' ';
    if (text[nl - 1] === '\r') text[nl - 1] = ' ';
    if (m.quoted) quotedJoins.push(nl);
  }
  return null;
}

/** Gives each quoted string that was joined the value of its lines as written. */
function refoldQuoted(doc: Document.Parsed, raw: string, joins: number[]): void {
  visit(doc, {
    Scalar(_key, node) {
      const r = node.range;
      if (!r || (node.type !== 'QUOTE_DOUBLE' && node.type !== 'QUOTE_SINGLE')) return;
      if (!joins.some((at) => at > r[0] && at < r[1])) return;
      // The same lines, indented under a key: a quoted string's lines fold the same way.
      const src = raw.slice(r[0], r[1]).replace(/\r?\n/g, (nl) => `${nl}  `);
      const probe = parseDocument(`v: ${src}`, { prettyErrors: false });
      const v = probe.errors.length === 0 ? (probe.get('v') as unknown) : undefined;
      if (typeof v === 'string') node.value = v;
    },
  });
}

function describe(err: unknown): string {
  return err instanceof Error ? firstLine(err.message) : String(err);
}

function firstLine(s: string): string {
  return s.split('\n')[0]!.replace(/ at line \d+, column \d+:?$/, '');
}

/** Every repeated key, in any mapping of the block, with the line of its first occurrence. */
export function yamlDuplicateKeys(raw: string): DuplicateKey[] {
  const found: DuplicateKey[] = [];
  let doc: Document.Parsed;
  try {
    doc = parseDocument(raw, { uniqueKeys: false });
  } catch {
    return found;
  }
  const lineOf = (n: YamlNode) => lineColumnAt(raw, n.range?.[0] ?? 0).line;
  visit(doc, {
    Map(_, map) {
      const seen = new Map<string, number>();
      for (const item of map.items) {
        if (!isScalar(item.key)) continue;
        const k = String(item.key.value);
        const line = lineOf(item.key as YamlNode);
        const first = seen.get(k);
        if (first !== undefined) found.push({ key: k, line, firstLine: first });
        else seen.set(k, line);
      }
      return undefined;
    },
  });
  return found;
}

/**
 * Finds the top-level pair whose key matches `key` case-insensitively, as Hugo does (the
 * last one when the key is repeated: that is the value Hugo reads).
 */
export function findYamlPair(
  doc: Document.Parsed,
  key: string,
): Pair<YamlNode, YamlNode | null> | undefined {
  if (!isMap(doc.contents)) return undefined;
  const want = key.toLowerCase();
  const items = doc.contents.items as Pair<YamlNode, YamlNode | null>[];
  const first = items.find((p) => isScalar(p.key) && String(p.key.value).toLowerCase() === want);
  if (!first) return undefined;
  // The key as first written; given again, its last value is the one Hugo reads.
  const written = String((first.key as Scalar).value);
  return items.findLast((p) => isScalar(p.key) && String(p.key.value) === written);
}

/** The line(s) `key: value` for one field, in the style of the value it replaces. */
export function yamlFieldText(
  keySource: string,
  value: unknown,
  old: YamlNode | null | undefined,
): string {
  const doc = new Document({ v: value }, { version: '1.2' });
  const node = (doc.contents as unknown as { items: Pair<YamlNode, YamlNode>[] }).items[0]!.value;
  if (isScalar(node) && typeof value === 'string') {
    if (
      old &&
      isScalar(old) &&
      (old.type === Scalar.QUOTE_DOUBLE || old.type === Scalar.QUOTE_SINGLE)
    ) {
      node.type =
        old.type === Scalar.QUOTE_SINGLE && !value.includes('\n')
          ? Scalar.QUOTE_SINGLE
          : Scalar.QUOTE_DOUBLE;
    }
  }
  if (isSeq(node)) {
    const oldFlow = old && isSeq(old) ? old.flow === true : undefined;
    const simple = (value as unknown[]).every((v) => v === null || typeof v !== 'object');
    node.flow = oldFlow ?? simple;
  }
  const text = doc.toString({ lineWidth: 0, flowCollectionPadding: false, indentSeq: true });
  // text is "v: ...\n"; keep the user's key as written.
  return keySource + text.slice(1);
}

/** Source text of a pair's key, so an edit keeps `Title:` or `"title":` as written. */
export function yamlKeySource(raw: string, pair: Pair<YamlNode, YamlNode | null>): string {
  const range = (pair.key as YamlNode).range;
  return range ? raw.slice(range[0], range[1]) : String((pair.key as Scalar).value);
}

/** [start, end) of the whole lines a top-level pair occupies in `raw`. */
export function yamlPairLines(
  raw: string,
  pair: Pair<YamlNode, YamlNode | null>,
): [number, number] {
  const keyRange = (pair.key as YamlNode).range!;
  const value = pair.value;
  let end = keyRange[1];
  if (value && value.range) end = Math.max(end, isAlias(value) ? value.range[1] : value.range[1]);
  const start = raw.lastIndexOf('\n', keyRange[0] - 1) + 1;
  // Block scalars and collections end at the start of the next line already.
  let lineEnd = end > 0 && raw[end - 1] === '\n' ? end : raw.indexOf('\n', end);
  lineEnd = lineEnd === -1 ? raw.length : end > 0 && raw[end - 1] === '\n' ? lineEnd : lineEnd + 1;
  return [start, lineEnd];
}
