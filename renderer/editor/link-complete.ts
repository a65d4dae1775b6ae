import { completionStatus, startCompletion } from '@codemirror/autocomplete';
import type { Completion, CompletionContext, CompletionResult } from '@codemirror/autocomplete';
import { EditorState } from '@codemirror/state';
import type { Extension } from '@codemirror/state';
import { EditorView } from '@codemirror/view';
import { splitFrontMatter } from '../../shared/content/split.ts';
import { headingOutline } from '../../shared/markdown/outline.ts';
import type { MarkdownOptions } from '../../shared/markdown/render.ts';

/** What link completion knows of the site. */
export interface LinkTargets {
  posts: readonly { path: string; title: string; url: string; mtimeMs?: number }[];
  contentDir: string;
  markdown: MarkdownOptions;
  /** Another post's text (for its anchors). */
  readPost(path: string): Promise<string>;
}

// `](` then a URL (or words of a post's title) being typed; `](url#` then an anchor.
const MD_LINK = /\]\(([^()#]*)$/;
const MD_ANCHOR = /\]\(([^\s()#]*)#([^\s()#]*)$/;
// {{< ref "path" >}} / relref, with or without the anchor.
const REF = /\{\{[<%][ \t]*(?:ref|relref)[ \t]+"([^"#]*)$/;
const REF_ANCHOR = /\{\{[<%][ \t]*(?:ref|relref)[ \t]+"([^"#]*)#([^"#]*)$/;

function bodyOf(text: string): string {
  try {
    const s = splitFrontMatter(text);
    return s.format
      ? text.slice(s.bom.length + s.open.length + s.raw.length + s.close.length)
      : text;
  } catch {
    return text;
  }
}

/** A post's content path as ref takes it: relative to the content folder. */
function refPath(path: string, contentDir: string): string {
  const prefix = `${contentDir.replace(/\/+$/, '')}/`;
  return path.startsWith(prefix) ? path.slice(prefix.length) : path;
}

function anchors(body: string, options: MarkdownOptions): Completion[] {
  return headingOutline(body, options).map((h) => ({
    label: h.id,
    detail: `${'#'.repeat(h.level)} ${h.text}`,
    type: 'property',
  }));
}

const ANCHOR_CHARS = /^[\w-]*$/;
const URL_CHARS = /^[^()#\n]*$/;
const REF_CHARS = /^[^"#\n]*$/;

/**
 * The options whose label or detail holds every word typed (any part of them, not only
 * CodeMirror's word starts), those whose label starts with the text first.
 */
export function filterOptions(all: readonly Completion[], typed: string): Completion[] {
  const t = typed.trim().toLowerCase();
  if (!t) return [...all];
  const words = t.split(/\s+/);
  const starts: Completion[] = [];
  const holds: Completion[] = [];
  for (const c of all) {
    const label = c.label.toLowerCase();
    const hay = `${label} ${c.detail?.toLowerCase() ?? ''}`;
    if (!words.every((w) => hay.includes(w))) continue;
    (label.startsWith(t) ? starts : holds).push(c);
  }
  return [...starts, ...holds];
}

/**
 * A list filtered here as the user types: it is updated in place, never closed and queried
 * again, so Enter takes the highlighted option however fast it follows the typing (a list
 * being queried again ignores Enter, which then breaks the line).
 */
function liveResult(
  from: number,
  typed: string,
  all: readonly Completion[],
  valid: RegExp,
): CompletionResult {
  return {
    from,
    options: filterOptions(all, typed),
    filter: false,
    update(current, from, _to, ctx) {
      const text = ctx.state.sliceDoc(from, ctx.pos);
      if (!valid.test(text)) return null;
      return { ...current, options: filterOptions(all, text) };
    },
  };
}

/**
 * Link completion: after `](` the site's posts (their URLs), after `{{< ref "` their
 * content paths, and after `#` in either the anchors (heading ids, as the page writes
 * them) of the post being linked, or of this post when no page is named.
 */
export function linkCompletions(
  context: CompletionContext,
  targets: LinkTargets,
  ownPath: string | null,
  cache: Map<string, Completion[] | 'loading'> = new Map(),
): CompletionResult | null {
  const line = context.state.doc.lineAt(context.pos);
  const before = line.text.slice(0, context.pos - line.from);
  const anchor = MD_ANCHOR.exec(before) ?? REF_ANCHOR.exec(before);
  if (anchor) {
    const [, page, typed] = anchor;
    let options: Completion[];
    if (!page) options = anchors(bodyOf(context.state.doc.toString()), targets.markdown);
    else {
      const isRef = !!REF_ANCHOR.exec(before);
      const post = targets.posts.find((p) =>
        isRef
          ? refPath(p.path, targets.contentDir) === page.replace(/^\//, '') || p.path === page
          : p.url === page || p.url === `${page}/` || p.url.replace(/\/$/, '') === page,
      );
      if (!post) return null;
      if (post.path === ownPath)
        options = anchors(bodyOf(context.state.doc.toString()), targets.markdown);
      else {
        // Another post's anchors: read once per version of it, then offered at once (the
        // completion opens again when they arrive).
        const key = `${post.path}@${post.mtimeMs ?? ''}`;
        const known = cache.get(key);
        if (known === undefined) {
          cache.set(key, 'loading');
          const view = context.view;
          targets
            .readPost(post.path)
            .then((text) => {
              cache.set(key, anchors(bodyOf(text), targets.markdown));
              if (view && completionStatus(view.state) === null) startCompletion(view);
            })
            .catch(() => cache.delete(key));
          return null;
        }
        if (known === 'loading') return null;
        options = known;
      }
    }
    return liveResult(context.pos - typed!.length, typed!, options, ANCHOR_CHARS);
  }
  const md = MD_LINK.exec(before);
  if (md) {
    const options = targets.posts
      .filter((p) => p.path !== ownPath)
      .map((p) => ({ label: p.title || p.path, detail: p.url, apply: p.url, type: 'text' }));
    return liveResult(context.pos - md[1]!.length, md[1]!, options, URL_CHARS);
  }
  const ref = REF.exec(before);
  if (ref) {
    const options = targets.posts.map((p) => ({
      label: refPath(p.path, targets.contentDir),
      detail: p.title,
      type: 'text',
    }));
    return liveResult(context.pos - ref[1]!.length, ref[1]!, options, REF_CHARS);
  }
  return null;
}

/**
 * Link completion in the post editor: opens by itself after `](`, `{{< ref "` and a `#`
 * in either (Ctrl-Space inside one opens it too).
 */
export function linkCompleteExtension(
  targets: () => LinkTargets,
  ownPath: () => string | null,
): Extension {
  // One source for the life of the editor (the completion plugin matches sources by identity).
  const cache = new Map<string, Completion[] | 'loading'>();
  const source = (ctx: CompletionContext) => linkCompletions(ctx, targets(), ownPath(), cache);
  return [
    EditorState.languageData.of(() => [{ autocomplete: source }]),
    EditorView.updateListener.of((u) => {
      if (!u.docChanged || !u.transactions.some((t) => t.isUserEvent('input.type'))) return;
      const head = u.state.selection.main.head;
      const line = u.state.doc.lineAt(head);
      const before = line.text.slice(Math.max(0, head - line.from - 80), head - line.from);
      // Opens after `](`, `ref "` or `#`, and again while typing in one if it closed.
      const inside =
        MD_LINK.test(before) ||
        MD_ANCHOR.test(before) ||
        REF.test(before) ||
        REF_ANCHOR.test(before);
      if (!inside) return;
      // Opened (or left open: typing `#` after a URL re-queries the open list itself, and
      // that list accepts Enter as soon as it shows the anchors) only when nothing is open.
      if (completionStatus(u.state) === null) queueMicrotask(() => startCompletion(u.view));
    }),
  ];
}
