import { useEffect, useRef } from 'react';
import { isSafeExternalUrl } from '../../shared/ipc/url-policy.ts';
import { THEME_CSS } from '../../shared/site/theme.ts';
import { getApi } from '../api/index.ts';
import type { Segment } from './render-segments.ts';

// The preview document: the export's own theme, and a CSP that allows no script at all.
// The frame is sandboxed without allow-scripts, so nothing in a post can run even if it
// slipped past the sanitizer; allow-same-origin only lets this component patch its DOM.
const FRAME_CSP =
  "default-src 'none'; img-src 'self' data: blob: https: app:; media-src 'self' https: app:; style-src 'unsafe-inline'; font-src 'self' data:";
const SRCDOC = `<!DOCTYPE html><html><head><meta charset="utf-8"><meta http-equiv="Content-Security-Policy" content="${FRAME_CSP}"><style>${THEME_CSS}
body{margin:0;padding:16px 24px}.post-content{margin-top:0}#root>div{content-visibility:auto;contain-intrinsic-size:auto 120px}</style></head><body><article class="post-single"><div id="post-head"></div><main class="post-content" id="root"></main></article></body></html>`;

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
    const kids = root.children;
    for (let i = 0; i < segs.length; i++) {
      const s = segs[i]!;
      const el = kids[i] as HTMLElement | undefined;
      if (el && el.dataset.key === s.key) {
        if (el.dataset.line !== String(s.line)) el.dataset.line = String(s.line);
        continue;
      }
      // Same block moved (lines inserted above): find it further down and move it up.
      let found: HTMLElement | null = null;
      for (let j = i + 1; j < kids.length && j < i + 8; j++)
        if ((kids[j] as HTMLElement).dataset.key === s.key) found = kids[j] as HTMLElement;
      if (found) {
        root.insertBefore(found, el ?? null);
        found.dataset.line = String(s.line);
        continue;
      }
      const fresh = doc.createElement('div');
      fresh.dataset.key = s.key;
      fresh.dataset.line = String(s.line);
      fresh.innerHTML = s.html;
      if (el) root.replaceChild(fresh, el);
      else root.appendChild(fresh);
    }
    while (root.children.length > segs.length) root.lastElementChild!.remove();
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
    const blocks = [...doc.querySelectorAll<HTMLElement>('#root > div')];
    let target = blocks[0];
    for (const b of blocks) if (Number(b.dataset.line) <= scrollToLine) target = b;
    if (target) {
      syncing.current = true;
      doc.scrollingElement!.scrollTop = target.offsetTop - 8;
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
      const top = doc.scrollingElement!.scrollTop;
      const blocks = [...doc.querySelectorAll<HTMLElement>('#root > div')];
      const first = blocks.find((b) => b.offsetTop + b.offsetHeight > top);
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
