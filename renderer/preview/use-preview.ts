import { useEffect, useRef, useState } from 'react';
import type { PreviewRequest, PreviewResponse } from './preview-protocol.ts';
import type { Segment } from './render-segments.ts';
import { sanitizePreviewHtml } from './sanitize.ts';

/**
 * Runs the preview worker: send the post's body as it changes, get back blocks (sanitized
 * here, once per block) and the listing numbers. Stale answers are dropped.
 */
export function usePreview(request: Omit<PreviewRequest, 'id'> | null): {
  segments: Segment[];
  derived: PreviewResponse['derived'];
} {
  const worker = useRef<Worker | null>(null);
  const latest = useRef(0);
  const clean = useRef(new Map<string, string>());
  const [state, setState] = useState<{ segments: Segment[]; derived: PreviewResponse['derived'] }>({
    segments: [],
    derived: null,
  });

  useEffect(() => {
    const w = new Worker(new URL('./preview-worker.ts', import.meta.url), { type: 'module' });
    worker.current = w;
    w.onmessage = (e: MessageEvent<PreviewResponse>) => {
      const r = e.data;
      if (r.id !== latest.current) return;
      // The page header (title, date, reading time) is sanitized like every block.
      if (r.derived) r.derived = { ...r.derived, header: sanitizePreviewHtml(r.derived.header) };
      if (r.derivedOnly) {
        // The same numbers and outline as shown (most pauses while typing): no re-render.
        setState((prev) =>
          sameDerived(prev.derived, r.derived) ? prev : { ...prev, derived: r.derived },
        );
        return;
      }
      const t0 = performance.now();
      const used = new Set<string>();
      const segments = r.segments.map((s) => {
        let html = clean.current.get(s.key);
        if (html === undefined) {
          html = sanitizePreviewHtml(s.html);
          clean.current.set(s.key, html);
        }
        used.add(s.key);
        return { key: s.key, line: s.line, html };
      });
      if (clean.current.size > used.size * 2 + 64)
        for (const k of clean.current.keys()) if (!used.has(k)) clean.current.delete(k);
      performance.measure('quire:preview-worker', {
        start: t0 - r.renderMs - r.deriveMs,
        duration: r.renderMs,
      });
      performance.measure('quire:preview-sanitize', { start: t0, end: performance.now() });
      setState((prev) => ({
        segments,
        derived:
          r.derived && !sameDerived(prev.derived, r.derived)
            ? r.derived
            : (prev.derived ?? r.derived),
      }));
    };
    return () => w.terminate();
  }, []);

  // The site's post URLs go to the worker only when they change (not with every keystroke).
  const sentRefs = useRef<PreviewRequest['refs']>(undefined);
  useEffect(() => {
    if (!request || !worker.current) return;
    const id = ++latest.current;
    const { refs, ...rest } = request;
    const changed = refs !== sentRefs.current;
    sentRefs.current = refs;
    worker.current.postMessage(changed ? { ...rest, refs, id } : { ...rest, id });
  }, [request]);

  return state;
}

/** True when two derived answers show the same (word count, header, outline…). */
export function sameDerived(a: PreviewResponse['derived'], b: PreviewResponse['derived']): boolean {
  if (a === b) return true;
  if (!a || !b) return false;
  return JSON.stringify(a) === JSON.stringify(b);
}
