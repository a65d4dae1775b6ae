import { useEffect, useRef, useState } from 'react';
import { useTheme } from './use-theme.ts';

/** Props: the page to show (an absolute URL on Hugo's loopback proxy). */
export interface ThemeFrameProps {
  src: string;
  title: string;
}

/**
 * The site's own pages from Hugo. Two frames take turns: the next build loads in the hidden
 * one, is scrolled to where the reader was (the page's script reports its scroll by
 * postMessage), and is shown as soon as its page has parsed with its style sheets, so a
 * rebuild never flashes a blank pane. Both frames stay in the page (the hidden one is
 * navigated, not made anew), and only this component renders again on a build. The frames
 * are sandboxed without allow-same-origin: the theme's scripts run in an opaque origin that
 * reaches neither the app nor its back end, and cannot open windows or navigate the app.
 */
export function ThemeFrame({ src, title }: ThemeFrameProps) {
  const seq = useTheme((s) => s.seq);
  const frames = [useRef<HTMLIFrameElement>(null), useRef<HTMLIFrameElement>(null)];
  const [slots, setSlots] = useState<Slots>({
    shown: 0,
    urls: [withReload(src, seq), ''],
    loading: false,
    since: 0,
    at: 0,
    want: withReload(src, seq),
  });
  const scroll = useRef<{ path: string; y: number } | null>(null);

  // A build while the next frame still loads does not restart it (on a big site the
  // builds would come faster than a page loads, and the pane would never change): the
  // newest build is loaded once that frame is shown. Another page replaces it at once.
  useEffect(() => {
    setSlots((s) => {
      const want = withReload(src, seq);
      const next = 1 - s.shown;
      // (unless that load has taken more than 5 s: then it starts again)
      if (s.loading && samePage(s.urls[next]!, want) && performance.now() - s.since < 5_000)
        return { ...s, want };
      if (!s.loading && s.urls[s.shown] === want) return { ...s, want };
      const urls: [string, string] = [...s.urls];
      urls[next] = want;
      return { ...s, urls, want, loading: true, since: performance.now() };
    });
  }, [src, seq]);

  const onLoad = (i: number) => {
    setSlots((s) => {
      if (s.shown === i || !s.loading) return s;
      const urls: [string, string] = [...s.urls];
      // The frame that was shown is free: it loads the newest build if there is one.
      const newer = s.want !== urls[i];
      if (newer) urls[1 - i] = s.want;
      const now = performance.now();
      return { ...s, urls, shown: i, loading: newer, since: now, at: Math.round(now) };
    });
  };

  useEffect(() => {
    const onMessage = (e: MessageEvent) => {
      const data = e.data as { type?: string; y?: number; path?: string } | null;
      const from = frames.findIndex((f) => f.current?.contentWindow === e.source);
      if (from < 0 || !data || typeof data.path !== 'string') return;
      if (data.type === 'quire-theme-scroll' && from === slots.shown && typeof data.y === 'number')
        scroll.current = { path: data.path, y: data.y };
      else if (data.type === 'quire-theme-ready') {
        if (scroll.current?.path === data.path)
          frames[from]!.current?.contentWindow?.postMessage(
            { type: 'quire-theme-scroll-to', y: scroll.current.y },
            '*',
          );
        // Parsed, with its style sheets: show it now rather than after every image.
        onLoad(from);
      }
    };
    window.addEventListener('message', onMessage);
    return () => window.removeEventListener('message', onMessage);
  });

  return (
    <div className="theme-frames">
      {[0, 1].map((i) =>
        slots.urls[i] ? (
          <iframe
            key={i}
            ref={frames[i]}
            className={`theme-frame${slots.shown === i ? '' : ' loading'}`}
            title={slots.shown === i ? title : `${title} (next build)`}
            aria-hidden={slots.shown === i ? undefined : true}
            tabIndex={slots.shown === i ? undefined : -1}
            sandbox="allow-scripts"
            referrerPolicy="no-referrer"
            src={slots.urls[i]}
            onLoad={() => onLoad(i)}
            // When this build was shown (page clock), for `npm run bench -- theme`.
            data-shown-at={slots.shown === i ? slots.at : undefined}
          />
        ) : null,
      )}
    </div>
  );
}

interface Slots {
  shown: number;
  /** Each frame's URL; '' for a frame not used yet. */
  urls: [string, string];
  /** Whether the hidden frame is loading a newer build, and since when (page clock). */
  loading: boolean;
  since: number;
  /** When the shown frame was shown (page clock). */
  at: number;
  /** The newest build's URL. */
  want: string;
}

function samePage(a: string, b: string): boolean {
  if (!a) return false;
  const strip = (u: string) => {
    const x = new URL(u);
    x.searchParams.delete('quire-build');
    return x.toString();
  };
  return strip(a) === strip(b);
}

function withReload(src: string, seq: number): string {
  const u = new URL(src);
  u.searchParams.set('quire-build', String(seq));
  return u.toString();
}
