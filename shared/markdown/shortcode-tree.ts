import { lexShortcodes } from './shortcode-lexer.ts';
import type { ShortcodeTag, ShortcodeValue } from './shortcode-lexer.ts';

/** A shortcode with its inner content (null when it takes none), as Hugo pairs them. */
export interface ShortcodeNode {
  kind: 'shortcode';
  tag: ShortcodeTag;
  /** Text and nested shortcodes between the opening and the closing tag. */
  inner: BodyPart[] | null;
  /** The raw source between the tags ('' without inner). */
  innerSource: string;
  start: number;
  end: number;
  /** White space before the tag when nothing else precedes it on its line. */
  indentation: string;
}

/** Text to keep as it is (comments already turned into the literal text they show). */
export interface TextPart {
  kind: 'text';
  start: number;
  end: number;
  value: string;
}

/** A tag Hugo would refuse (malformed, unclosed, unmatched): kept as text and reported. */
export interface BrokenPart {
  kind: 'broken';
  start: number;
  end: number;
  value: string;
  message: string;
}

export type BodyPart = TextPart | ShortcodeNode | BrokenPart;

/** Hugo's built-ins whose template reads `.Inner` (they must be closed or self-closed). */
export const BUILTINS_WITH_INNER: ReadonlySet<string> = new Set(['highlight', 'details']);

/** Every built-in Hugo shortcode Quire renders (0.111's set plus x, details and qr). */
export const BUILTIN_SHORTCODES: readonly string[] = [
  'details',
  'figure',
  'gist',
  'highlight',
  'instagram',
  'instagram_simple',
  'param',
  'qr',
  'ref',
  'relref',
  'twitter',
  'twitter_simple',
  'tweet',
  'vimeo',
  'vimeo_simple',
  'x',
  'x_simple',
  'youtube',
];
const BUILTIN_SET = new Set(BUILTIN_SHORTCODES);

/**
 * Pairs a body's shortcode tags as Hugo does: a tag takes inner content when its
 * template reads `.Inner`. For built-ins that is known; for the site's own shortcodes
 * a later closing tag of the same name says so (Hugo refuses a closing tag for a
 * shortcode without `.Inner`, and an unclosed one with it, so on a site Hugo builds the
 * two rules agree).
 */
export function parseShortcodes(src: string): BodyPart[] {
  const items = lexShortcodes(src);
  let i = 0;
  // The last closing tag of each name: "is there a closing tag later?" in constant time.
  const lastClose = new Map<string, number>();
  items.forEach((it, k) => {
    if (it.kind === 'tag' && it.closing) lastClose.set(it.name, k);
  });
  const closersAfter = (name: string, from: number) => (lastClose.get(name) ?? -1) >= from;
  // Only white space back to the line start (walked back over it alone, never the line).
  const indentationBefore = (at: number): string => {
    let i = at;
    while (i > 0 && (src[i - 1] === ' ' || src[i - 1] === '\t')) i--;
    return i === 0 || src[i - 1] === '\n' ? src.slice(i, at) : '';
  };
  const broken = (start: number, end: number, message: string): BrokenPart => ({
    kind: 'broken',
    start,
    end,
    value: src.slice(start, end),
    message,
  });

  const parseSeq = (until: string | null): { parts: BodyPart[]; closedAt: number | null } => {
    const parts: BodyPart[] = [];
    while (i < items.length) {
      const it = items[i]!;
      if (it.kind === 'text') {
        parts.push({ kind: 'text', start: it.start, end: it.end, value: it.value });
        i++;
        continue;
      }
      if (it.kind === 'error') {
        parts.push(broken(it.start, it.end, it.message));
        i++;
        continue;
      }
      if (it.closing) {
        if (it.name === until) {
          i++;
          return { parts, closedAt: i - 1 };
        }
        parts.push(
          broken(it.start, it.end, `closing tag for shortcode "${it.name}" without a start tag`),
        );
        i++;
        continue;
      }
      i++;
      const takesInner =
        !it.selfClosing &&
        (BUILTIN_SET.has(it.name) ? BUILTINS_WITH_INNER.has(it.name) : closersAfter(it.name, i));
      if (!takesInner) {
        if (BUILTINS_WITH_INNER.has(it.name) && !it.selfClosing) {
          parts.push(
            broken(it.start, it.end, `shortcode "${it.name}" must be closed or self-closed`),
          );
          continue;
        }
        parts.push({
          kind: 'shortcode',
          tag: it,
          inner: it.selfClosing && BUILTINS_WITH_INNER.has(it.name) ? [] : null,
          innerSource: '',
          start: it.start,
          end: it.end,
          indentation: indentationBefore(it.start),
        });
        continue;
      }
      const innerFrom = i;
      const sub = parseSeq(it.name);
      if (sub.closedAt === null) {
        // Unclosed: Hugo refuses the page; keep the tag as text and go on after it.
        i = innerFrom;
        parts.push(
          broken(it.start, it.end, `shortcode "${it.name}" must be closed or self-closed`),
        );
        continue;
      }
      const close = items[sub.closedAt]!;
      parts.push({
        kind: 'shortcode',
        tag: it,
        inner: sub.parts,
        innerSource: src.slice(it.end, close.start),
        start: it.start,
        end: close.end,
        indentation: indentationBefore(it.start),
      });
    }
    return { parts, closedAt: null };
  };
  return parseSeq(null).parts;
}

/** True for the names of Hugo's built-in shortcodes. */
export function isBuiltinShortcode(name: string): boolean {
  return BUILTIN_SET.has(name);
}

/** A parameter as Go's fmt prints it in a template (`{{ . }}`). */
export function shortcodeValueText(v: ShortcodeValue | undefined): string {
  if (v === undefined) return '';
  return String(v);
}

/** Hugo's `.Get`: by position (number) or by name. */
export function getParam(tag: ShortcodeTag, key: number | string): ShortcodeValue | undefined {
  if (typeof key === 'number') return tag.named ? undefined : tag.positional[key];
  return tag.named?.[key];
}

/** Every shortcode node in a parsed body, nested ones included, in source order. */
export function allShortcodes(parts: readonly BodyPart[]): ShortcodeNode[] {
  const out: ShortcodeNode[] = [];
  const walk = (ps: readonly BodyPart[]) => {
    for (const p of ps) {
      if (p.kind !== 'shortcode') continue;
      out.push(p);
      if (p.inner) walk(p.inner);
    }
  };
  walk(parts);
  return out;
}

/** 1-based line numbers of offsets in `text` (line starts indexed once). */
export function lineNumbers(text: string): (offset: number) => number {
  const starts = [0];
  for (let i = text.indexOf('\n'); i !== -1; i = text.indexOf('\n', i + 1)) starts.push(i + 1);
  return (offset) => {
    let lo = 0;
    let hi = starts.length - 1;
    while (lo < hi) {
      const mid = (lo + hi + 1) >> 1;
      if (starts[mid]! <= offset) lo = mid;
      else hi = mid - 1;
    }
    return lo + 1;
  };
}
