// `quire check` rules about what a post's text holds: shortcodes Hugo would refuse or does
// not know, links to anchors the post does not have, images without a useful alt text.
// Every line number is the file's (front matter included).
import { isBuiltinShortcode, lineNumbers, parseShortcodes } from '../markdown/shortcode-tree.ts';
import type { BodyPart } from '../markdown/shortcode-tree.ts';
import { markdownFor } from '../markdown/render.ts';
import type { MarkdownOptions } from '../markdown/render.ts';

/** One finding: 1-based file line, severity, message. */
export interface ContentFinding {
  line: number;
  severity: 'error' | 'warning';
  message: string;
}

/** Alt texts that say nothing about the image. */
const PLACEHOLDER_ALT =
  /^(image|img|picture|pic|photo|screenshot|screen shot|alt|alt text|untitled|placeholder|todo|tbd|figure|graphic|\d+|[\w-]*\.(png|jpe?g|gif|webp|svg|avif))$/i;

/** The 1-based file line of a body offset (line starts indexed once per body). */
function lineAt(body: string, offset: number, bodyLine: number): number {
  if (lastBody !== body) {
    lastBody = body;
    lastLines = lineNumbers(body);
  }
  return bodyLine + lastLines(offset) - 1;
}

let lastBody = '';
let lastLines = lineNumbers('');

/**
 * Shortcodes Hugo would stop the build on: malformed or unclosed tags (readers would see
 * the raw `{{<`), and, when `known` (the site's and its theme's shortcode names) is given,
 * names that are neither built in nor the site's. Returns the unknown names with their
 * first line so the caller can report each name once for the whole site.
 */
export function shortcodeFindings(
  body: string,
  bodyLine: number,
  known: ReadonlySet<string> | undefined,
): { findings: ContentFinding[]; unknown: Map<string, number> } {
  const findings: ContentFinding[] = [];
  const unknown = new Map<string, number>();
  const walk = (parts: readonly BodyPart[]) => {
    for (const p of parts) {
      if (p.kind === 'broken')
        findings.push({
          line: lineAt(body, p.start, bodyLine),
          severity: 'error',
          message: `shortcode ${body
            .slice(p.start, p.start + 48)
            .split('\n')[0]!
            .trim()} is not well-formed (${p.message}); readers would see it raw and Hugo stops the build`,
        });
      if (p.kind !== 'shortcode') continue;
      const name = p.tag.name;
      if (
        known &&
        !isBuiltinShortcode(name) &&
        !known.has(name) &&
        !name.endsWith('.inline') &&
        !unknown.has(name)
      )
        unknown.set(name, lineAt(body, p.start, bodyLine));
      if (p.inner) walk(p.inner);
    }
  };
  if (body.includes('{{<') || body.includes('{{%')) walk(parseShortcodes(body));
  return { findings, unknown };
}

/**
 * Links to `#anchor` on the same page that the rendered post has no element for, and
 * images (Markdown or the figure shortcode) whose alt text is empty or a placeholder.
 */
export function linkAndImageFindings(
  body: string,
  bodyLine: number,
  html: string,
  options: MarkdownOptions,
): ContentFinding[] {
  const ids = new Set<string>();
  for (const m of html.matchAll(/\sid="([^"]*)"/g)) ids.add(decodeAttr(m[1]!));
  const out: ContentFinding[] = [];
  const md = markdownFor(options);
  for (const block of md.parse(body, {})) {
    const line = bodyLine + (block.map?.[0] ?? 0);
    for (const t of block.children ?? []) {
      if (t.type === 'link_open') {
        const href = String(t.attrGet('href') ?? '');
        if (href.startsWith('#') && href.length > 1) {
          const id = safeDecode(href.slice(1));
          if (!ids.has(id))
            out.push({
              line,
              severity: 'error',
              message: `broken link ${href}: no heading or element with id "${id}" in this post`,
            });
        }
      } else if (t.type === 'image') {
        const alt = (t.content ?? '').trim();
        const src = String(t.attrGet('src') ?? '');
        if (!alt) out.push({ line, severity: 'warning', message: `image ${src} has no alt text` });
        else if (PLACEHOLDER_ALT.test(alt) || alt === src.split('/').pop())
          out.push({
            line,
            severity: 'warning',
            message: `image ${src} has placeholder alt text "${alt}"; say what it shows`,
          });
      }
    }
  }
  // The figure shortcode: alt, else Hugo uses the caption.
  if (body.includes('figure')) {
    const walk = (parts: readonly BodyPart[]) => {
      for (const p of parts) {
        if (p.kind !== 'shortcode') continue;
        if (p.tag.name === 'figure' && p.tag.named) {
          const alt = String(p.tag.named.alt ?? p.tag.named.caption ?? '').trim();
          const src = String(p.tag.named.src ?? '');
          const line = lineAt(body, p.start, bodyLine);
          if (!alt)
            out.push({ line, severity: 'warning', message: `figure ${src} has no alt text` });
          else if (PLACEHOLDER_ALT.test(alt))
            out.push({
              line,
              severity: 'warning',
              message: `figure ${src} has placeholder alt text "${alt}"; say what it shows`,
            });
        }
        if (p.inner) walk(p.inner);
      }
    };
    walk(parseShortcodes(body));
  }
  return out.sort((a, b) => a.line - b.line);
}

function decodeAttr(s: string): string {
  return s.replace(/&(amp|lt|gt|quot|#34|#39);/g, (m, e: string) =>
    e === 'amp' ? '&' : e === 'lt' ? '<' : e === 'gt' ? '>' : e === '#39' ? "'" : '"',
  );
}

function safeDecode(s: string): string {
  try {
    return decodeURIComponent(s);
  } catch {
    return s;
  }
}

/** The 1-based file line where `key` is set in a post's front matter, or null. */
export function frontMatterKeyLine(source: string, key: string): number | null {
  const lines = source.replace(/^\ufeff/, '').split('\n');
  const k = key.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
  const re = new RegExp(`^\\s*(?:"${k}"|'${k}'|${k})\\s*[:=]`, 'i');
  for (let i = 0; i < Math.min(lines.length, 2000); i++) if (re.test(lines[i]!)) return i + 1;
  return null;
}
