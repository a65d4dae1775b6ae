import { ContentError, lineColumnAt } from './errors.ts';

/** One member of the top-level JSON object, by character range. */
export interface JsonMember {
  key: string;
  keyStart: number;
  valueStart: number;
  valueEnd: number;
}

const MAX_DEPTH = 256;

/**
 * Validates JSON front matter, reporting the first problem with its position (JSON.parse
 * does not say where), and returns its values and its top-level members' ranges.
 */
export function parseJsonBlock(
  raw: string,
  file: string,
): { data: Record<string, unknown>; members: JsonMember[] } {
  const members: JsonMember[] = [];
  let i = 0;
  const fail = (at: number, what: string): never => {
    const pos = lineColumnAt(raw, at);
    throw new ContentError(file, pos.line, pos.column, `front matter is not valid JSON (${what})`);
  };
  const ws = () => {
    while (i < raw.length && /\s/.test(raw[i]!)) i++;
  };
  const str = (): string => {
    const start = i;
    i++;
    while (i < raw.length && raw[i] !== '"') {
      if (raw[i] === '\\') i++;
      else if (raw.charCodeAt(i) < 0x20) fail(i, 'control character in a string');
      i++;
    }
    if (i >= raw.length) fail(start, 'unterminated string');
    i++;
    try {
      return JSON.parse(raw.slice(start, i)) as string;
    } catch {
      return fail(start, 'bad escape in a string');
    }
  };
  const value = (depth: number, top: boolean): void => {
    if (depth > MAX_DEPTH) fail(i, 'nested too deeply');
    ws();
    const c = raw[i];
    if (c === '{' || c === '[') {
      const close = c === '{' ? '}' : ']';
      i++;
      ws();
      if (raw[i] === close) {
        i++;
        return;
      }
      for (;;) {
        ws();
        if (c === '{') {
          const keyStart = i;
          if (raw[i] !== '"') fail(i, 'expected a "key"');
          // A repeated key is not an error: Go's JSON reader (Hugo's) takes the last value.
          const key = str();
          ws();
          if (raw[i] !== ':') fail(i, 'expected ":"');
          i++;
          ws();
          const valueStart = i;
          value(depth + 1, false);
          if (top && depth === 0) members.push({ key, keyStart, valueStart, valueEnd: i });
        } else {
          value(depth + 1, false);
        }
        ws();
        if (raw[i] === ',') {
          i++;
          continue;
        }
        if (raw[i] === close) {
          i++;
          return;
        }
        fail(i, `expected "," or "${close}"`);
      }
    }
    if (c === '"') {
      str();
      return;
    }
    const m = /^(?:true|false|null|-?(?:0|[1-9]\d*)(?:\.\d+)?(?:[eE][+-]?\d+)?)/.exec(
      raw.slice(i, i + 400),
    );
    if (!m) fail(i, c === undefined ? 'unexpected end' : `unexpected "${c}"`);
    i += m![0].length;
  };
  ws();
  if (raw[i] !== '{') fail(i, 'expected an object');
  value(0, true);
  ws();
  if (i < raw.length) fail(i, 'text after the object');
  return { data: JSON.parse(raw) as Record<string, unknown>, members };
}
