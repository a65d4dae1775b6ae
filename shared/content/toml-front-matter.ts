import { parse, stringify, TomlError } from 'smol-toml';
import { ContentError } from './errors.ts';

/** One top-level `key = value` statement in TOML front matter, by character range. */
export interface TomlStatement {
  /** The key as written (`title`, `"my key"`). */
  keySource: string;
  /** The key, unquoted and lowercased, for Hugo's case-insensitive lookup. */
  key: string;
  start: number;
  end: number;
  /** The value's source text (for dates kept as written). */
  valueSource: string;
}

/** Parses TOML front matter into plain values; dates become their text as written. */
export function parseTomlBlock(
  raw: string,
  file: string,
  lineOffset: number,
): Record<string, unknown> {
  let data: Record<string, unknown>;
  try {
    data = parse(raw) as Record<string, unknown>;
  } catch (err) {
    if (err instanceof TomlError) {
      const reason = err.message.split('\n')[0]!.replace(/^Invalid TOML document: /, '');
      throw new ContentError(
        file,
        lineOffset + err.line,
        err.column,
        `front matter is not valid TOML (${reason})`,
      );
    }
    const msg = err instanceof RangeError ? 'it is nested too deeply' : String(err);
    throw new ContentError(file, lineOffset + 1, 1, `front matter is refused: ${msg}`);
  }
  const written = new Map(tomlStatements(raw).map((s) => [s.key, s.valueSource]));
  return plain(data, written) as Record<string, unknown>;
}

function plain(v: unknown, written?: Map<string, string>): unknown {
  if (v instanceof Date)
    return (v as Date & { toISOString(): string }).toISOString().replace(/\.000(?=$|[Z+-])/, '');
  if (Array.isArray(v)) return v.map((x) => plain(x));
  if (v && typeof v === 'object') {
    const out: Record<string, unknown> = {};
    for (const [k, x] of Object.entries(v)) {
      const src = written?.get(k.toLowerCase());
      out[k] = x instanceof Date && src && /^\d{4}-\d\d-\d\d/.test(src) ? src : plain(x);
    }
    return out;
  }
  return v;
}

/**
 * The top-level statements (before the first [table] header) with their exact ranges.
 * A statement ends at the first line where what came so far parses as TOML.
 */
export function tomlStatements(raw: string): TomlStatement[] {
  const out: TomlStatement[] = [];
  const lines: { start: number; end: number; text: string }[] = [];
  for (let i = 0; i < raw.length;) {
    const nl = raw.indexOf('\n', i);
    const end = nl === -1 ? raw.length : nl + 1;
    lines.push({ start: i, end, text: raw.slice(i, end) });
    i = end;
  }
  for (let i = 0; i < lines.length; i++) {
    const line = lines[i]!;
    if (/^\s*\[/.test(line.text)) break; // a table header: the top level is over
    const m =
      /^\s*((?:[A-Za-z0-9_-]+|"(?:[^"\\]|\\.)*"|'[^']*')(?:\s*\.\s*(?:[A-Za-z0-9_-]+|"(?:[^"\\]|\\.)*"|'[^']*'))*)\s*=/.exec(
        line.text,
      );
    if (!m) continue;
    let j = i;
    let text = line.text;
    while (!parses(text) && j + 1 < lines.length && j - i < 10_000) text += lines[++j]!.text;
    const keySource = m[1]!;
    out.push({
      keySource,
      key: unquoteKey(keySource).toLowerCase(),
      start: line.start,
      end: lines[j]!.end,
      valueSource: text
        .slice(m[0].length)
        .replace(/#[^"'\n]*$/, '')
        .trim(),
    });
    i = j;
  }
  return out;
}

function parses(text: string): boolean {
  try {
    parse(text);
    return true;
  } catch {
    return false;
  }
}

function unquoteKey(k: string): string {
  if (k.startsWith('"')) return JSON.parse(k) as string;
  if (k.startsWith("'")) return k.slice(1, -1);
  return k;
}

const DATE_RE = /^\d{4}-\d\d-\d\d([Tt ]\d\d:\d\d(:\d\d(\.\d+)?)?([Zz]|[+-]\d\d:\d\d)?)?$/;

/** The text `key = value` for one field, TOML-encoded, keeping the key as written. */
export function tomlFieldText(
  keySource: string,
  value: unknown,
  oldValueSource: string | undefined,
): string {
  if (
    typeof value === 'string' &&
    DATE_RE.test(value) &&
    (oldValueSource === undefined || !/^["']/.test(oldValueSource))
  ) {
    return `${keySource} = ${value}\n`; // a TOML date literal, as Hugo writes it
  }
  if (typeof value === 'string' && oldValueSource?.startsWith("'") && !/['\n]/.test(value)) {
    return `${keySource} = '${value}'\n`;
  }
  const text = stringify({ v: value });
  return keySource + text.slice(1).replace(/^ = /, ' = ').trimEnd() + '\n';
}
