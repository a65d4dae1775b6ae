import { useEffect, useRef, useState } from 'react';

/** Props: the page to show (an absolute URL on Hugo's loopback proxy) and the build number. */
export interface ThemeFrameProps {
  src: string;
  seq: number;
  title: string;
}

/**
 * The site's own pages from Hugo. Two frames take turns: the next build loads in the hidden
 * one, is scrolled to where the reader was (the page's script reports its scroll by
 * postMessage), and is shown when it has loaded, so a rebuild never flashes a blank pane.
 * The frames are sandboxed without allow-same-origin: the theme's scripts run in an opaque
 * origin that reaches neither the app nor its back end, and cannot open windows or
 * navigate the app.
 */
export function ThemeFrame({ src, seq, title }: ThemeFrameProps) {
  const frames = [useRef<HTMLIFrameElement>(null), useRef<HTMLIFrameElement>(null)];
  const [slots, setSlots] = useState<{ shown: number; urls: [string, string] }>({
    shown: 0,
    urls: [withReload(src, seq), ''],
  });
  const scroll = useRef<{ path: string; y: number } | null>(null);

  useEffect(() => {
    setSlots((s) => {
      const url = withReload(src, seq);
      if (s.urls[s.shown] === url) return s;
      const next = 1 - s.shown;
      const urls: [string, string] = [...s.urls];
      urls[next] = url;
      return { shown: s.shown, urls };
    });
  }, [src, seq]);

  useEffect(() => {
    const onMessage = (e: MessageEvent) => {
      const data = e.data as { type?: string; y?: number; path?: string } | null;
      const from = frames.findIndex((f) => f.current?.contentWindow === e.source);
      if (from < 0 || !data || typeof data.path !== 'string') return;
      if (data.type === 'quire-theme-scroll' && from === slots.shown && typeof data.y === 'number')
        scroll.current = { path: data.path, y: data.y };
      else if (data.type === 'quire-theme-ready' && scroll.current?.path === data.path)
        frames[from]!.current?.contentWindow?.postMessage(
          { type: 'quire-theme-scroll-to', y: scroll.current.y },
          '*',
        );
    };
    window.addEventListener('message', onMessage);
    return () => window.removeEventListener('message', onMessage);
  });

  const onLoad = (i: number) => {
    setSlots((s) => (s.shown === i || !s.urls[i] ? s : { ...s, shown: i }));
  };

  return (
    <div className="theme-frames">
      {[0, 1].map((i) =>
        slots.urls[i] ? (
          <iframe
            key={i}
            ref={frames[i]}
            className={`theme-frame${slots.shown === i ? '' : ' loading'}`}
            title={slots.shown === i ? title : `${title} (next build)`}
            sandbox="allow-scripts"
            referrerPolicy="no-referrer"
            src={slots.urls[i]}
            onLoad={() => onLoad(i)}
          />
        ) : null,
      )}
    </div>
  );
}

function withReload(src: string, seq: number): string {
  const u = new URL(src);
  u.searchParams.set('quire-build', String(seq));
  return u.toString();
}
