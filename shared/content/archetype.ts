// Hugo archetypes (`hugo new`, Hugo 0.111 create/content.go and hugolib/content_factory.go):
// an archetype is a Go text template run with the new page as its data. Quire evaluates
// the part of Go's template language archetypes use in practice: actions with pipelines,
// `{{-`/`-}}` trimming, comments, string/number/bool literals, field chains (`.Name`,
// `.Date`, `.Type`, `.File.ContentBaseName`, `.Site.Title`, `.Site.Params.x`, `site.…`),
// and the functions replace, title, now, dateFormat, lower, upper, trim, printf, urlize.
// Anything else is an ArchetypeError naming the archetype file and line. Pure: no Node.

import { QuireError } from '../errors.ts';
import { dateInstant, formatDate, MONTHS, parseDate } from './dates.ts';
import type { WrittenDate } from './dates.ts';
import { urlizeTerm } from './slug.ts';

/** What an archetype can read: the new page's names and the site. */
export interface ArchetypeData {
  /** The content base name (`my-post` for `posts/my-post.md` and `posts/my-post/index.md`). */
  name: string;
  /** The kind: `--kind`, else the first folder of the target path (`posts`). */
  type: string;
  /** The content path (`posts/my-post.md`), its folder (`posts/`), file name parts. */
  path: string;
  /** The moment `hugo new` runs, in ms, and the local UTC offset in minutes. */
  now: number;
  offsetMinutes: number;
  site: {
    title: string;
    baseURL: string;
    languageCode: string;
    /** The site's params (keys lowercased, as Hugo's maps.Params). */
    params: Record<string, unknown>;
  };
}

/** A failure in an archetype: names the archetype file and the template line. */
export class ArchetypeError extends QuireError {
  constructor(file: string, line: number, message: string) {
    super('invalid-content', message, { file, line });
    this.name = 'ArchetypeError';
  }
}

/** A time value (`now`): an instant and the offset it is shown in. */
export class GoTime {
  constructor(
    readonly ms: number,
    readonly offsetMinutes: number,
  ) {}
  /** Go's time.Format with a reference layout (2006-01-02T15:04:05Z07:00). */
  format(layout: string): string {
    return formatDate(writtenAt(this.ms, this.offsetMinutes), layout);
  }
}

/** Go's RFC3339 for an instant at an offset (`2024-01-02T03:04:05+01:00`, `Z` for UTC). */
export function rfc3339(ms: number, offsetMinutes: number): string {
  return formatDate(writtenAt(ms, offsetMinutes), '2006-01-02T15:04:05Z07:00');
}

/**
 * Reads a date string as Hugo's cast.ToTime does (the one date reader); null when it
 * can't. Without an offset a time is in the site's zone, a bare date at UTC midnight.
 */
function parseTime(s: string, offsetMinutes: number): GoTime | null {
  const d = parseDate(s.trim());
  if (!d) return null;
  const off = d.offsetMinutes ?? (d.hasTime ? offsetMinutes : 0);
  return new GoTime(dateInstant({ ...d, offsetMinutes: off }), off);
}

/** An instant as the calendar fields it shows at an offset (what the date formatter reads). */
function writtenAt(ms: number, offsetMinutes: number): WrittenDate {
  const t = new Date(ms + offsetMinutes * 60_000);
  return {
    raw: '',
    year: t.getUTCFullYear(),
    month: t.getUTCMonth() + 1,
    day: t.getUTCDate(),
    hour: t.getUTCHours(),
    minute: t.getUTCMinutes(),
    second: t.getUTCSeconds(),
    millisecond: t.getUTCMilliseconds(),
    offsetMinutes,
    hasTime: true,
  };
}

// Hugo's `title` (AP style by default: jdkato/prose's title converter).
const SMALL_WORDS = new Set(
  'a an and as at but by en for if in nor of on or per the to vs vs. via v v.'.split(' '),
);

/** Hugo's default `title` (AP style): small words lowercased unless first or last. */
export function apTitle(s: string): string {
  const t = s
    .replace(/[\u201c\u201d]/g, '"')
    .replace(/[\u2018\u2019]/g, "'")
    .replace(/[\u2013\u2014]/g, '-')
    .replace(/\u2026/g, '...');
  const end = t.length;
  const at = (i: number) => (i >= 0 && i < t.length ? t[i]! : t[0]!);
  let idx = 0;
  return s.replace(/[\p{N}\p{L}]+[^\s\-/]*/gu, (m) => {
    const sm = m.toLowerCase();
    const pos = t.indexOf(m, idx);
    const prev = at(pos - 1);
    idx = pos + m.length;
    const bounding = pos === 0 || idx === end;
    if (
      !bounding &&
      SMALL_WORDS.has(sm) &&
      (prev === ' ' || prev === '-' || prev === '/') &&
      at(pos - 2) !== ':' &&
      at(pos - 2) !== '-' &&
      (at(pos + m.length) !== '-' || at(pos - 1) === '-')
    )
      return sm;
    const first = String.fromCodePoint(m.codePointAt(0)!);
    return first.toUpperCase() + m.slice(first.length);
  });
}

// ---- the template language ----

type Node = { kind: 'text'; text: string } | { kind: 'action'; pipe: Command[]; line: number };

/** One command of a pipeline: its operands (the first may name a function). */
type Command = Operand[];

type Operand =
  | { kind: 'field'; chain: string[] }
  | { kind: 'ident'; name: string; chain: string[] }
  | { kind: 'string'; value: string }
  | { kind: 'number'; value: number }
  | { kind: 'bool'; value: boolean }
  | { kind: 'paren'; pipe: Command[]; chain: string[] };

/** Hugo protects shortcodes in archetypes from the template parser. */
const SC_PRE: [string, string][] = [
  ['{{<', '{x{<'],
  ['{{%', '{x{%'],
  ['>}}', '>}x}'],
  ['%}}', '%}x}'],
];

function replaceAll(s: string, pairs: [string, string][], reverse = false): string {
  // strings.NewReplacer: at each position the first matching old string wins.
  let out = '';
  for (let i = 0; i < s.length;) {
    const hit = pairs.find(([a, b]) => s.startsWith(reverse ? b : a, i));
    if (hit) {
      out += reverse ? hit[0] : hit[1];
      i += (reverse ? hit[1] : hit[0]).length;
    } else out += s[i++];
  }
  return out;
}

function parseTemplate(src: string, file: string): Node[] {
  const nodes: Node[] = [];
  let i = 0;
  const lineAt = (pos: number) => src.slice(0, pos).split('\n').length;
  while (i < src.length) {
    const open = src.indexOf('{{', i);
    if (open < 0) {
      nodes.push({ kind: 'text', text: src.slice(i) });
      break;
    }
    let text = src.slice(i, open);
    let p = open + 2;
    const line = lineAt(open);
    if (src[p] === '-' && /\s/.test(src[p + 1] ?? '')) {
      text = text.replace(/\s+$/, '');
      p += 1;
    }
    if (text) nodes.push({ kind: 'text', text });
    // Comment: {{/* … */}} (with optional trim markers).
    const afterSpace = src.slice(p).match(/^\s*/)![0].length;
    if (src.startsWith('/*', p + afterSpace)) {
      const close = src.indexOf('*/', p + afterSpace + 2);
      if (close < 0) throw new ArchetypeError(file, line, 'unclosed comment');
      let q = close + 2;
      const trimRight = /^\s*-}}/.test(src.slice(q));
      const m = src.slice(q).match(/^\s*-?}}/);
      if (!m) throw new ArchetypeError(file, line, 'comment ends in the middle of an action');
      q += m[0].length;
      if (trimRight) q += src.slice(q).match(/^\s*/)![0].length;
      i = q;
      continue;
    }
    const lex = new Lexer(src, p, file, line);
    const pipe = lex.pipeline(false);
    let q = lex.pos;
    if (src.startsWith('-}}', q)) {
      q += 3;
      q += src.slice(q).match(/^\s*/)![0].length;
    } else if (src.startsWith('}}', q)) q += 2;
    else
      throw new ArchetypeError(file, lineAt(q), `unexpected "${src.slice(q, q + 10)}" in action`);
    if (pipe.length === 0) throw new ArchetypeError(file, line, 'missing value for command');
    nodes.push({ kind: 'action', pipe, line });
    i = q;
  }
  return nodes;
}

const CONTROL = new Set([
  'if',
  'else',
  'end',
  'range',
  'with',
  'define',
  'template',
  'block',
  'break',
  'continue',
]);

class Lexer {
  constructor(
    private readonly src: string,
    public pos: number,
    private readonly file: string,
    private readonly line: number,
  ) {}

  private err(message: string): never {
    const line = this.src.slice(0, this.pos).split('\n').length;
    throw new ArchetypeError(this.file, line, message);
  }

  private skip() {
    while (this.pos < this.src.length && /[ \t\r\n]/.test(this.src[this.pos]!)) this.pos++;
  }

  private atEnd(inParen: boolean): boolean {
    const s = this.src;
    const p = this.pos;
    if (inParen) return s[p] === ')';
    return s.startsWith('}}', p) || s.startsWith('-}}', p) || p >= s.length;
  }

  pipeline(inParen: boolean): Command[] {
    const cmds: Command[] = [];
    this.skip();
    if (/^\$\w*\s*:?=/.test(this.src.slice(this.pos)))
      this.err('variables ($x := …) are not supported in archetypes by Quire');
    for (;;) {
      const cmd: Command = [];
      for (;;) {
        this.skip();
        if (this.atEnd(inParen) || this.src[this.pos] === '|') break;
        if (this.pos >= this.src.length) this.err('unclosed action');
        cmd.push(this.operand());
      }
      if (cmd.length === 0) {
        if (this.src[this.pos] === '|') this.err('missing command before "|"');
        break;
      }
      cmds.push(cmd);
      if (this.src[this.pos] === '|') {
        this.pos++;
        continue;
      }
      break;
    }
    if (inParen) {
      if (this.src[this.pos] !== ')') this.err('unclosed "("');
      this.pos++;
    }
    return cmds;
  }

  private chain(): string[] {
    const out: string[] = [];
    while (this.src[this.pos] === '.' && /[A-Za-z_]/.test(this.src[this.pos + 1] ?? '')) {
      const m = /^\.([A-Za-z_]\w*)/.exec(this.src.slice(this.pos))!;
      out.push(m[1]!);
      this.pos += m[0].length;
    }
    return out;
  }

  private operand(): Operand {
    const s = this.src;
    const c = s[this.pos]!;
    if (c === '"') {
      let j = this.pos + 1;
      let v = '';
      while (j < s.length && s[j] !== '"') {
        if (s[j] === '\n') this.err('unterminated quoted string');
        if (s[j] === '\\') {
          const e = s[j + 1];
          v += e === 'n' ? '\n' : e === 't' ? '\t' : e === '\\' ? '\\' : e === '"' ? '"' : `\\${e}`;
          j += 2;
        } else v += s[j++];
      }
      if (j >= s.length) this.err('unterminated quoted string');
      this.pos = j + 1;
      return { kind: 'string', value: v };
    }
    if (c === '`') {
      const j = s.indexOf('`', this.pos + 1);
      if (j < 0) this.err('unterminated raw string');
      const v = s.slice(this.pos + 1, j);
      this.pos = j + 1;
      return { kind: 'string', value: v };
    }
    if (c === '(') {
      this.pos++;
      const pipe = this.pipeline(true);
      return { kind: 'paren', pipe, chain: this.chain() };
    }
    if (c === '.') {
      if (!/[A-Za-z_]/.test(s[this.pos + 1] ?? '')) {
        this.pos++;
        return { kind: 'field', chain: [] };
      }
      return { kind: 'field', chain: this.chain() };
    }
    if (c === '$') this.err('variables ($) are not supported in archetypes by Quire');
    const num = /^-?\d+(\.\d+)?/.exec(s.slice(this.pos));
    if (num) {
      this.pos += num[0].length;
      return { kind: 'number', value: Number(num[0]) };
    }
    const id = /^[A-Za-z_]\w*/.exec(s.slice(this.pos));
    if (id) {
      this.pos += id[0].length;
      const name = id[0];
      if (name === 'true' || name === 'false') return { kind: 'bool', value: name === 'true' };
      if (CONTROL.has(name))
        this.err(
          `"{{ ${name} }}" is not supported in archetypes by Quire (only values and functions)`,
        );
      return { kind: 'ident', name, chain: this.chain() };
    }
    return this.err(`unexpected "${c}" in action`);
  }
}

/** A missing map key, printed as Go's text/template prints it. */
const NO_VALUE = Symbol('no value');

function show(v: unknown): string {
  if (v === NO_VALUE || v === undefined || v === null) return '<no value>';
  if (v instanceof GoTime) return v.format('2006-01-02 15:04:05 -0700 MST');
  if (Array.isArray(v)) return `[${v.map(show).join(' ')}]`;
  if (typeof v === 'object')
    return (
      'map[' +
      Object.entries(v)
        .map(([k, x]) => `${k}:${show(x)}`)
        .join(' ') +
      ']'
    );
  return String(v);
}

const str = (v: unknown) => (typeof v === 'string' ? v : show(v));

/**
 * Evaluates an archetype's text (`file` names it in errors) for a new page. The result is
 * the new file's text, as `hugo new` writes it.
 */
export function runArchetype(source: string, file: string, data: ArchetypeData): string {
  const src = replaceAll(source, SC_PRE);
  const nodes = parseTemplate(src, file);
  const now = new GoTime(data.now, data.offsetMinutes);
  const fileObj: Record<string, unknown> = {
    ContentBaseName: data.name,
    Path: data.path,
    Dir: data.path.includes('/') ? data.path.slice(0, data.path.lastIndexOf('/') + 1) : '',
    LogicalName: data.path.split('/').pop() ?? '',
    BaseFileName: (data.path.split('/').pop() ?? '').replace(/\.[^.]*$/, ''),
    TranslationBaseName: (data.path.split('/').pop() ?? '').replace(/\.[^.]*$/, ''),
    Ext: /\.([^./]*)$/.exec(data.path)?.[1] ?? '',
    Section: data.path.includes('/') ? data.path.split('/')[0] : '',
  };
  const site: Record<string, unknown> = {
    Title: data.site.title,
    BaseURL: data.site.baseURL,
    LanguageCode: data.site.languageCode,
    Params: data.site.params,
  };
  const dot: Record<string, unknown> = {
    Name: data.name,
    Type: data.type,
    Date: rfc3339(data.now, data.offsetMinutes),
    File: fileObj,
    Site: site,
    ...fileObj,
  };

  let line = 1;
  const fail = (message: string): never => {
    throw new ArchetypeError(file, line, message);
  };

  const field = (value: unknown, name: string, args: unknown[], last: boolean): unknown => {
    if (value instanceof GoTime) {
      const t = value;
      const d = new Date(t.ms + t.offsetMinutes * 60_000);
      switch (name) {
        case 'Format':
          if (!last || args.length !== 1) fail('Format takes one layout');
          return t.format(str(args[0]));
        case 'Year':
          return d.getUTCFullYear();
        case 'Month':
          return MONTHS[d.getUTCMonth()];
        case 'Day':
          return d.getUTCDate();
        case 'Unix':
          return Math.floor(t.ms / 1000);
        default:
          return fail(`can't evaluate field ${name} of a time value`);
      }
    }
    if (value === NO_VALUE || value === undefined || value === null)
      return fail(`nil pointer evaluating .${name}`);
    if (typeof value !== 'object') return fail(`can't evaluate field ${name} in ${typeof value}`);
    const rec = value as Record<string, unknown>;
    // Hugo's Params are case-insensitive (keys lowercased); other fields are exact.
    if (rec === data.site.params) {
      const v = rec[name.toLowerCase()];
      return v === undefined ? NO_VALUE : v;
    }
    if (!(name in rec)) {
      return fail(
        `.${name} is not a field Quire knows in archetypes (.Name, .Date, .Type, .File.ContentBaseName, .Site.Title, .Site.BaseURL, .Site.Params…)`,
      );
    }
    return rec[name];
  };

  const applyChain = (value: unknown, chain: string[], args: unknown[]): unknown => {
    let v = value;
    chain.forEach((name, i) => {
      v = field(v, name, i === chain.length - 1 ? args : [], i === chain.length - 1);
    });
    return v;
  };

  const func = (name: string, args: unknown[]): unknown => {
    const want = (n: number) => {
      if (args.length !== n) fail(`wrong number of args for ${name}: want ${n} got ${args.length}`);
    };
    switch (name) {
      case 'replace': {
        if (args.length !== 3 && args.length !== 4)
          fail(`wrong number of args for replace: want 3 or 4 got ${args.length}`);
        const [s, a, b] = args.map(str) as [string, string, string];
        if (args.length === 4) {
          let out = s;
          let n = Number(args[3]);
          let from = 0;
          while (n-- > 0) {
            const k = out.indexOf(a, from);
            if (k < 0) break;
            out = out.slice(0, k) + b + out.slice(k + a.length);
            from = k + b.length;
          }
          return out;
        }
        return s.split(a).join(b);
      }
      case 'title':
        want(1);
        return apTitle(str(args[0]));
      case 'lower':
        want(1);
        return str(args[0]).toLowerCase();
      case 'upper':
        want(1);
        return str(args[0]).toUpperCase();
      case 'trim':
        want(2);
        return trimSet(str(args[0]), str(args[1]));
      case 'urlize':
        want(1);
        return urlizeTerm(str(args[0]));
      case 'now':
        want(0);
        return now;
      case 'site':
        want(0);
        return site;
      case 'dateFormat': {
        want(2);
        const v = args[1];
        const t = v instanceof GoTime ? v : parseTime(str(v), data.offsetMinutes);
        if (!t) return fail(`dateFormat: unable to read "${str(v)}" as a date`);
        return t.format(str(args[0]));
      }
      case 'printf': {
        if (args.length < 1) fail('wrong number of args for printf');
        let k = 1;
        return str(args[0]).replace(/%([svdq%])/g, (_, c: string) => {
          if (c === '%') return '%';
          const a = args[k++];
          return c === 'q' ? JSON.stringify(str(a)) : str(a);
        });
      }
      default:
        return fail(
          `function "${name}" is not supported in archetypes by Quire (replace, title, now, dateFormat, lower, upper, trim, urlize, printf, site)`,
        );
    }
  };

  const evalOperand = (o: Operand, args: unknown[], isHead: boolean): unknown => {
    switch (o.kind) {
      case 'string':
      case 'number':
      case 'bool':
        return o.value;
      case 'field':
        return applyChain(dot, o.chain, isHead ? args : []);
      case 'paren':
        return applyChain(evalPipe(o.pipe), o.chain, isHead ? args : []);
      case 'ident':
        if (o.chain.length === 0) return func(o.name, isHead ? args : []);
        return applyChain(func(o.name, []), o.chain, isHead ? args : []);
    }
  };

  const evalCommand = (cmd: Command, piped: unknown[]): unknown => {
    const [head, ...rest] = cmd;
    const args = [...rest.map((o) => evalOperand(o, [], false)), ...piped];
    const takesArgs =
      head!.kind === 'ident' ||
      ((head!.kind === 'field' || head!.kind === 'paren') && head!.chain.length > 0);
    if (!takesArgs && args.length > 0) fail(`can't give arguments to a non-function`);
    return evalOperand(head!, args, true);
  };

  const evalPipe = (pipe: Command[]): unknown => {
    let v: unknown[] = [];
    let out: unknown;
    for (const cmd of pipe) {
      out = evalCommand(cmd, v);
      v = [out];
    }
    return out;
  };

  let out = '';
  for (const n of nodes) {
    if (n.kind === 'text') out += n.text;
    else {
      line = n.line;
      out += show(evalPipe(n.pipe));
    }
  }
  return replaceAll(out, SC_PRE, true);
}

function trimSet(s: string, cut: string): string {
  let a = 0;
  let b = s.length;
  while (a < b && cut.includes(s[a]!)) a++;
  while (b > a && cut.includes(s[b - 1]!)) b--;
  return s.slice(a, b);
}

/** Hugo's built-in archetype, used when the site and its theme have none. */
export const DEFAULT_ARCHETYPE = `---
title: "{{ replace .Name "-" " " | title }}"
date: {{ .Date }}
draft: true
---

`;
