import { createStore } from 'zustand/vanilla';
import type { CallResponse, QuireApi, QuireEvent } from '../../shared/ipc/contract.ts';
import { today } from '../state/today.ts';

type Problem = CallResponse<'themePreviewText'>['problems'][number];
type Built = Extract<QuireEvent, { type: 'themePreviewBuilt' }>['data'];

/** The "Your theme" preview as the UI sees it (shared by the Write and Listing views). */
export interface ThemeState {
  /** Which preview the panes show. */
  mode: 'quire' | 'theme';
  /** As of this day, with or without drafts: Hugo's --clock and --buildDrafts. */
  asOf: string;
  drafts: boolean;
  status: 'off' | 'starting' | 'ready' | 'unavailable' | 'failed';
  /** One line for the user (why Hugo is not shown), or ''. */
  message: string;
  hugo: string | null;
  /** How Hugo runs (build per pause, or server). */
  hugoMode: 'build' | 'server' | null;
  /** Where Hugo's pages are served (ends in `/`). */
  base: string | null;
  /** The last build's errors, with file and line. */
  problems: Problem[];
  /** Counts Hugo's builds: a new number reloads the frames. */
  seq: number;
  /** A post's URL as its unsaved text gives it (a slug typed, not saved), by path. */
  urls: Record<string, string>;
  setMode(mode: 'quire' | 'theme'): void;
  setAsOf(asOf: string): void;
  setDrafts(drafts: boolean): void;
  /** A themePreviewBuilt event. */
  built(data: Built): void;
  /** Another Hugo was set: the preview starts again with it (or forgets why it could not). */
  hugoChanged(): void;
  /** The URL Hugo shows a post at with the text it was sent (null: as on disk). */
  setUrl(path: string, url: string | null): void;
}

/** The theme preview's store: starts Hugo when "Your theme" is chosen or its flags change. */
export function createThemeStore(api: QuireApi) {
  let asked = 0;
  const store = createStore<ThemeState>()((set, get) => {
    const start = () => {
      const { mode, asOf, drafts } = get();
      if (mode !== 'theme' || !/^\d{4}-\d\d-\d\d$/.test(asOf)) return;
      const id = ++asked;
      set({ status: 'starting', message: '' });
      api
        .themePreviewStart({ asOf, drafts })
        .then((r) => {
          if (id !== asked) return;
          if (r.state === 'ready')
            set((s) => ({
              status: 'ready',
              message: '',
              hugo: r.hugo,
              hugoMode: r.mode ?? null,
              base: r.base,
              problems: r.problems,
              seq: s.seq + 1,
            }));
          // Hugo missing, too old, or the site not building: one line, Quire's preview.
          else
            set({
              status: r.state,
              mode: 'quire',
              message: r.message,
              hugo: r.hugo,
              base: null,
              problems: r.problems,
            });
        })
        .catch((err: Error) => {
          if (id !== asked) return;
          set({ status: 'failed', mode: 'quire', message: err.message, base: null });
        });
    };
    return {
      mode: 'quire',
      asOf: today(),
      drafts: false,
      status: 'off',
      message: '',
      hugo: null,
      hugoMode: null,
      base: null,
      problems: [],
      seq: 0,
      urls: {},
      hugoChanged: () => {
        set({ status: 'off', message: '', base: null, problems: [] });
        start();
      },
      setUrl: (path, url) => {
        const urls = get().urls;
        if ((urls[path] ?? null) === url) return;
        const next = { ...urls };
        if (url === null) delete next[path];
        else next[path] = url;
        set({ urls: next });
      },
      setMode: (mode) => {
        set({ mode });
        if (mode === 'theme') start();
      },
      setAsOf: (asOf) => {
        if (asOf === get().asOf) return;
        set({ asOf });
        start();
      },
      setDrafts: (drafts) => {
        if (drafts === get().drafts) return;
        set({ drafts });
        start();
      },
      built: (data) => {
        if (data.stopped)
          set({ status: 'failed', mode: 'quire', message: data.stopped, base: null, problems: [] });
        else set((s) => ({ problems: data.problems, seq: s.seq + 1 }));
      },
    };
  });
  return store;
}
