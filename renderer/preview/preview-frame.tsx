import { useEffect, useRef } from 'react';
import { isSafeExternalUrl } from '../../shared/ipc/url-policy.ts';
import { THEME_CSS } from '../../shared/site/theme.ts';
import { getApi } from '../api/index.ts';
import type { Segment } from './render-segments.ts';
import { reconcile } from './reconcile.ts';

// The preview document: the export's own theme, and a CSP that allows no script at all.
// The frame is sandboxed without allow-scripts, so nothing in a post can run even if it
// slipped past the sanitizer; allow-same-origin only lets this component patch its DOM.
const FRAME_CSP =
  "default-src 'none'; img-src 'self' data: blob: https: app:; media-src 'self' https: app:; style-src 'unsafe-inline'; font-src 'self' data:";
const SRCDOC = `<!DOCTYPE html><html><head><meta charset="utf-8"><meta http-equiv="Content-Security-Policy" content="${FRAME_CSP}"><style>${THEME_CSS}
body{margin:0;padding:16px 24px}.post-content{margin-top:0}#root>section{content-visibility:auto;contain-intrinsic-size:auto 3000px}</style></head><body><article class="post-single"><div id="post-head"></div><main class="post-content" id="root"></main></article></body></html>`;

/**
 * Blocks per group. The preview's blocks sit in groups of this many, and only the groups are
 * `content-visibility: auto` (Chromium lays out only the groups in view). Chromium checks
 * every such element against the viewport in every frame of the window, typing included, so
 * at 50,000 words one per block cost about 2 ms per keystroke; one per 32 blocks does not.
 */
const GROUP = 32;

/** The preview's blocks, in order. */
const blocksOf = (root: HTMLElement) =>
  Array.from(root.querySelectorAll<HTMLElement>(':scope > section > div'));

/** Puts `blocks` in order into groups of GROUP under `root`, moving only what moved. */
function placeInGroups(doc: Document, root: HTMLElement, blocks: HTMLElement[]): void {
  const groups = Math.ceil(blocks.length / GROUP);
  for (let g = 0; g < groups; g++) {
    let group = root.children[g];
    if (!group) group = root.appendChild(doc.createElement('section'));
    for (let k = 0; k < GROUP && g * GROUP + k < blocks.length; k++) {
      const want = blocks[g * GROUP + k]!;
      const at = group.children[k];
      if (at !== want) group.insertBefore(want, at ?? null);
    }
  }
  // Every block wanted is in its place now: what is left is no longer shown.
  for (let g = 0; g < root.children.length; g++) {
    const group = root.children[g]!;
    const n = g < groups ? Math.min(GROUP, blocks.length - g * GROUP) : 0;
    while (group.children.length > n) group.lastElementChild!.remove();
  }
  while (root.children.length > groups) root.lastElementChild!.remove();
}

/** Props: the segments to show, and scroll sync by source line both ways. */
export interface PreviewFrameProps {
  segments: Segment[];
  /** The post page's header (title, date and reading time), sanitized HTML; '' for none. */
  header?: string;
  /** Source line to bring to the top (from the editor), or null. */
  scrollToLine: number | null;
  onScrollLine?(line: number): void;
}

/** The live preview: patches only the blocks that changed. */
export function PreviewFrame({
  segments,
  header = '',
  scrollToLine,
  onScrollLine,
}: PreviewFrameProps) {
  const frame = useRef<HTMLIFrameElement>(null);
  const ready = useRef(false);
  const latest = useRef(segments);
  latest.current = segments;
  const onScroll = useRef(onScrollLine);
  onScroll.current = onScrollLine;
  const syncing = useRef(false);
  const headHtml = useRef(header);
  headHtml.current = header;
  const shownHead = useRef<string | null>(null);

  const patchHeader = () => {
    const head = frame.current?.contentDocument?.getElementById('post-head');
    if (!head || shownHead.current === headHtml.current) return;
    head.innerHTML = headHtml.current;
    shownHead.current = headHtml.current;
  };

  const patch = () => {
    const t0 = performance.now();
    const doc = frame.current?.contentDocument;
    const root = doc?.getElementById('root');
    if (!doc || !root) return;
    const segs = latest.current;
    const blocks = reconcile(
      blocksOf(root),
      segs.map((x) => x.key),
      (el) => el.dataset.key ?? '',
      (i) => {
        const fresh = doc.createElement('div');
        fresh.dataset.key = segs[i]!.key;
        fresh.innerHTML = segs[i]!.html;
        return fresh;
      },
    );
    blocks.forEach((el, i) => {
      const line = String(segs[i]!.line);
      if (el.dataset.line !== line) el.dataset.line = line;
    });
    placeInGroups(doc, root, blocks);
    performance.measure('quire:preview-patch', { start: t0, end: performance.now() });
  };

  useEffect(() => {
    if (ready.current) patch();
  }, [segments]);

  useEffect(() => {
    if (ready.current) patchHeader();
  }, [header]);

  useEffect(() => {
    const doc = frame.current?.contentDocument;
    if (!ready.current || !doc || scrollToLine === null) return;
    const root = doc.getElementById('root');
    const blocks = root ? blocksOf(root) : [];
    let target = blocks[0];
    for (const b of blocks) if (Number(b.dataset.line) <= scrollToLine) target = b;
    if (target) {
      syncing.current = true;
      const page = doc.scrollingElement!;
      page.scrollTop += target.getBoundingClientRect().top - 8;
      setTimeout(() => (syncing.current = false), 50);
    }
  }, [scrollToLine]);

  const onLoad = () => {
    const doc = frame.current?.contentDocument;
    if (!doc) return;
    ready.current = true;
    shownHead.current = null;
    patchHeader();
    patch();
    // No navigation inside the preview: links go to the system browser after the same
    // check as the main process; in-page anchors scroll.
    doc.addEventListener('click', (e) => {
      const a = (e.target as Element | null)?.closest?.('a');
      if (!a) return;
      e.preventDefault();
      const href = a.getAttribute('href') ?? '';
      if (href.startsWith('#')) {
        doc.getElementById(decodeURIComponent(href.slice(1)))?.scrollIntoView();
        return;
      }
      if (!isSafeExternalUrl(href)) return;
      void getApi()
        .openExternal({ url: href })
        .then(({ opened }) => {
          if (!opened) window.open(href, '_blank', 'noopener,noreferrer');
        })
        .catch(() => undefined);
    });
    doc.addEventListener('submit', (e) => e.preventDefault(), true);
    // Only a scroll the reader makes in the preview moves the editor: a scroll that comes
    // from syncing, from new content or from the page clamping would pull the editor away
    // from the cursor while typing.
    let userAt = 0;
    for (const type of ['wheel', 'touchmove', 'keydown', 'pointerdown'])
      doc.addEventListener(type, () => (userAt = Date.now()), { passive: true });
    doc.defaultView?.addEventListener('scroll', () => {
      if (syncing.current || !onScroll.current || Date.now() - userAt > 800) return;
      // The first group in view, then its first block in view (only that group is measured).
      const groups = Array.from(doc.querySelectorAll<HTMLElement>('#root > section'));
      const group = groups.find((g) => g.getBoundingClientRect().bottom > 0);
      const first = Array.from(group?.children ?? []).find(
        (b) => b.getBoundingClientRect().bottom > 0,
      ) as HTMLElement | undefined;
      if (first) onScroll.current(Number(first.dataset.line));
    });
  };

  return (
    <iframe
      ref={frame}
      className="preview-frame"
      title="Preview"
      sandbox="allow-same-origin"
      srcDoc={SRCDOC}
      onLoad={onLoad}
      data-testid="preview"
    />
  );
}
