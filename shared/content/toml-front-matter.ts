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
 * One pass over the text: a statement ends at the first line break outside brackets,
 * braces and strings, so scanning is linear in the size of the block.
 */
export function tomlStatements(raw: string): TomlStatement[] {
  const out: TomlStatement[] = [];
  const keyRe =
    /[ \t]*((?:[A-Za-z0-9_-]+|"(?:[^"\\\n]|\\.)*"|'[^'\n]*')(?:[ \t]*\.[ \t]*(?:[A-Za-z0-9_-]+|"(?:[^"\\\n]|\\.)*"|'[^'\n]*'))*)[ \t]*=/y;
  const n = raw.length;
  let i = 0;
  while (i < n) {
    const lineStart = i;
    while (i < n && (raw[i] === ' ' || raw[i] === '\t')) i++;
    const c = raw[i];
    if (c === '[') break; // a table header: the top level is over
    if (c === '\n' || c === '\r' || c === '#' || c === undefined) {
      i = lineEnd(raw, i);
      continue;
    }
    keyRe.lastIndex = lineStart;
    const m = keyRe.exec(raw);
    if (!m) {
      i = lineEnd(raw, i);
      continue;
    }
    const valueStart = keyRe.lastIndex;
    const { end, valueEnd } = scanValue(raw, valueStart);
    const keySource = m[1]!;
    out.push({
      keySource,
      key: unquoteKey(keySource).toLowerCase(),
      start: lineStart,
      end,
      valueSource: raw.slice(valueStart, valueEnd).trim(),
    });
    i = end;
  }
  return out;
}

/** Index just past the line break that ends the line holding `i` (or the end). */
function lineEnd(raw: string, i: number): number {
  const nl = raw.indexOf('\n', i);
  return nl === -1 ? raw.length : nl + 1;
}

/**
 * Scans a value from `i`: strings (basic, literal, multi-line), arrays and inline tables
 * may span lines; a comment ends the value. Returns where the statement's last line ends
 * and where its value text ends (before a trailing comment).
 */
function scanValue(raw: string, i: number): { end: number; valueEnd: number } {
  const n = raw.length;
  let depth = 0;
  let valueEnd = -1;
  while (i < n) {
    const c = raw[i]!;
    if (c === '"' || c === "'") {
      const triple = raw.startsWith(c.repeat(3), i);
      if (triple) {
        let k = i + 3;
        for (;;) {
          if (k >= n) return { end: n, valueEnd: n };
          if (c === '"' && raw[k] === '\\') k += 2;
          else if (raw.startsWith(c.repeat(3), k)) break;
          else k++;
        }
        k += 3;
        // Up to two more quotes belong to the string (`""""` ends with one quote).
        for (let q = 0; q < 2 && raw[k] === c; q++) k++;
        i = k;
      } else {
        let k = i + 1;
        while (k < n && raw[k] !== c && raw[k] !== '\n') k += c === '"' && raw[k] === '\\' ? 2 : 1;
        i = raw[k] === c ? k + 1 : k;
      }
      continue;
    }
    if (c === '[' || c === '{') depth++;
    else if (c === ']' || c === '}') depth--;
    else if (c === '#') {
      if (depth <= 0) valueEnd = i;
      const nl = raw.indexOf('\n', i);
      i = nl === -1 ? n : nl;
      continue;
    } else if (c === '\n') {
      if (depth <= 0) return { end: i + 1, valueEnd: valueEnd === -1 ? i : valueEnd };
      valueEnd = -1;
    }
    i++;
  }
  return { end: n, valueEnd: valueEnd === -1 ? n : valueEnd };
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
  if (
    typeof value === 'string' &&
    oldValueSource?.startsWith("'") &&
    !oldValueSource.startsWith("'''") &&
    // A literal string holds no quote, line break or control character but tab.
    // eslint-disable-next-line no-control-regex -- control characters are what is tested
    !/['\u0000-\u0008\u000a-\u001f\u007f]/.test(value)
  ) {
    return `${keySource} = '${value}'\n`;
  }
  return `${keySource} = ${tomlInline(value)}\n`;
}

/** A key as TOML writes it: bare when it can be, else a quoted string. */
export function tomlKey(key: string): string {
  return /^[A-Za-z0-9_-]+$/.test(key) ? key : tomlInline(key);
}

/**
 * A value as inline TOML (tables as `{ a = 1 }`, so a field stays on its own lines).
 * Throws TypeError with the reason when TOML cannot express it (null, a lone surrogate).
 */
export function tomlInline(value: unknown): string {
  if (value === null || value === undefined)
    throw new TypeError('TOML has no empty (null) value; remove the field instead');
  if (Array.isArray(value))
    return value.length ? `[ ${value.map((v) => tomlInline(v)).join(', ')} ]` : '[]';
  if (typeof value === 'object' && !(value instanceof Date)) {
    const entries = Object.entries(value as Record<string, unknown>);
    return entries.length
      ? `{ ${entries.map(([k, v]) => `${tomlKey(k)} = ${tomlInline(v)}`).join(', ')} }`
      : '{}';
  }
  if (
    typeof value === 'string' &&
    /[\ud800-\udfff]/.test(value.replace(/[\ud800-\udbff][\udc00-\udfff]/g, ''))
  )
    throw new TypeError('the text holds a broken character (a lone surrogate)');
  if (typeof value === 'function' || typeof value === 'symbol')
    throw new TypeError(`a ${typeof value} is not a value`);
  return stringify({ v: value }).slice(4).trimEnd();
}
