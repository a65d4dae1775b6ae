import { useEffect, useReducer, useRef } from 'react';
import { useTheme } from './use-theme.ts';

/** Props: the page to show (an absolute URL on Hugo's loopback proxy). */
export interface ThemeFrameProps {
  src: string;
  title: string;
}

/** How long a frame may take to patch a build in before the other frame loads it. */
const PATCH_TIMEOUT_MS = 3_000;

/**
 * The site's own pages from Hugo. A new build of the page shown is patched into the shown
 * frame: the frame's script (added by Quire's proxy) is told the build's number, fetches
 * its page again and changes only what Hugo changed, so the scroll position stays and
 * nothing is reloaded; it answers `quire-theme-patched`. When it cannot patch exactly
 * (a changed script or style sheet link, a part the theme's scripts changed: it answers
 * `quire-theme-reload`), for another page, and for a frame whose script did not start,
 * the two frames take turns: the next build loads in the hidden one, is scrolled to where
 * the reader was (the page's script reports its scroll by postMessage), and is shown as
 * soon as its page has parsed with its style sheets, so a rebuild never flashes a blank
 * pane. The frames are sandboxed without allow-same-origin: the theme's scripts run in an
 * opaque origin that reaches neither the app nor its back end, and cannot open windows or
 * navigate the app. Messages from the frames are only read (a build number, a path, a
 * scroll position); the app sends them only build numbers and scroll positions.
 */
export function ThemeFrame({ src, title }: ThemeFrameProps) {
  const seq = useTheme((s) => s.seq);
  const frames = [useRef<HTMLIFrameElement>(null), useRef<HTMLIFrameElement>(null)];
  const [, rerender] = useReducer((n: number) => n + 1, 0);
  const first = withReload(src, seq);
  const st = useRef<Slots>({
    shown: 0,
    urls: [first, ''],
    ready: [false, false],
    loading: false,
    since: 0,
    at: 0,
    want: first,
    patching: null,
  });
  const scroll = useRef<{ path: string; y: number } | null>(null);
  const mounted = useRef(true);
  useEffect(() => {
    mounted.current = true;
    return () => {
      mounted.current = false;
    };
  }, []);

  /** The newest build into the hidden frame. */
  const load = (s: Slots) => {
    const next = 1 - s.shown;
    s.urls[next] = s.want;
    s.ready[next] = false;
    s.loading = true;
    s.since = performance.now();
    s.patching = null;
  };

  /** The newest build: patched into the shown frame when it shows that page, else loaded. */
  const request = (s: Slots) => {
    const win = frames[s.shown]!.current?.contentWindow;
    if (s.loading || !s.ready[s.shown] || !samePage(s.urls[s.shown], s.want) || !win)
      return load(s);
    const build = buildOf(s.want);
    s.patching = { build };
    win.postMessage({ type: 'quire-theme-update', build }, '*');
    setTimeout(() => {
      if (!mounted.current || st.current.patching?.build !== build) return;
      load(st.current);
      rerender();
    }, PATCH_TIMEOUT_MS);
  };

  // A build while the next frame still loads does not restart it (on a big site the
  // builds would come faster than a page loads, and the pane would never change): the
  // newest build is taken once that frame is shown. Another page replaces it at once.
  useEffect(() => {
    const s = st.current;
    const want = withReload(src, seq);
    if (want === s.want) return;
    s.want = want;
    // (unless that load has taken more than 5 s: then it starts again)
    if (s.loading && samePage(s.urls[1 - s.shown], want) && performance.now() - s.since < 5_000)
      return;
    if (!s.loading && s.urls[s.shown] === want) return;
    request(s);
    rerender();
  }, [src, seq]);

  /** Frame i has parsed its page: it is shown, and takes the newest build if there is one. */
  const onShown = (i: number) => {
    const s = st.current;
    if (s.shown === i || !s.loading || !s.urls[i]) return;
    const now = performance.now();
    s.shown = i;
    s.loading = false;
    s.at = Math.round(now);
    if (s.want !== s.urls[i]) request(s);
    rerender();
  };

  useEffect(() => {
    const onMessage = (e: MessageEvent) => {
      const data = e.data as {
        type?: string;
        y?: number;
        path?: string;
        build?: number;
        patch?: boolean;
      } | null;
      const from = frames.findIndex((f) => f.current?.contentWindow === e.source);
      if (from < 0 || !data || typeof data.path !== 'string') return;
      const s = st.current;
      // A page the reader went to by a link in the frame is not the post's: no patches.
      const onPage = data.path === pathOf(s.urls[from]);
      if (data.type === 'quire-theme-scroll' && from === s.shown && typeof data.y === 'number')
        scroll.current = { path: data.path, y: data.y };
      else if (data.type === 'quire-theme-ready') {
        s.ready[from] = onPage && data.patch === true;
        if (scroll.current?.path === data.path && from !== s.shown)
          frames[from]!.current?.contentWindow?.postMessage(
            { type: 'quire-theme-scroll-to', y: scroll.current.y },
            '*',
          );
        // Parsed, with its style sheets: show it now rather than after every image.
        onShown(from);
      } else if (
        (data.type === 'quire-theme-patched' || data.type === 'quire-theme-reload') &&
        from === s.shown &&
        s.patching !== null &&
        data.build === s.patching.build
      ) {
        // (an answer for an older build is stale: the newest one's answer follows)
        if (data.type === 'quire-theme-patched' && onPage) {
          s.patching = null;
          s.at = Math.round(performance.now());
        } else load(s);
        rerender();
      }
    };
    window.addEventListener('message', onMessage);
    return () => window.removeEventListener('message', onMessage);
  });

  const s = st.current;
  return (
    <div className="theme-frames">
      {[0, 1].map((i) =>
        s.urls[i] ? (
          <iframe
            key={i}
            ref={frames[i]}
            className={`theme-frame${s.shown === i ? '' : ' loading'}`}
            title={s.shown === i ? title : `${title} (next build)`}
            aria-hidden={s.shown === i ? undefined : true}
            tabIndex={s.shown === i ? undefined : -1}
            sandbox="allow-scripts"
            referrerPolicy="no-referrer"
            src={s.urls[i]}
            onLoad={() => onShown(i)}
            // When this build was shown (page clock), for `npm run bench -- theme`.
            data-shown-at={s.shown === i ? s.at : undefined}
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
  /** Whether each frame's script said its page (that URL's) is ready: it can be patched. */
  ready: [boolean, boolean];
  /** Whether the hidden frame is loading a newer build, and since when (page clock). */
  loading: boolean;
  since: number;
  /** When the shown frame was shown or last patched (page clock). */
  at: number;
  /** The newest build's URL. */
  want: string;
  /** The build the shown frame is patching in, if any. */
  patching: { build: number } | null;
}

function samePage(a: string | undefined, b: string): boolean {
  if (!a) return false;
  const strip = (u: string) => {
    const x = new URL(u);
    x.searchParams.delete('quire-build');
    return x.toString();
  };
  return strip(a) === strip(b);
}

function pathOf(u: string | undefined): string | null {
  return u ? new URL(u).pathname : null;
}

function buildOf(u: string): number {
  return Number(new URL(u).searchParams.get('quire-build'));
}

function withReload(src: string, seq: number): string {
  const u = new URL(src);
  u.searchParams.set('quire-build', String(seq));
  return u.toString();
}
