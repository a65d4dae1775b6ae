import { createStore } from 'zustand/vanilla';
import type { StoreApi } from 'zustand/vanilla';
import type { CallResponse, QuireApi, QuireEvent } from '../../shared/ipc/contract.ts';

type SiteInfo = NonNullable<CallResponse<'currentSite'>>;
type PostList = CallResponse<'listPosts'>;
type JournalEntry = CallResponse<'journalList'>[number];

/** The open site and the recent ones. */
export interface SiteSlice {
  site: SiteInfo | null;
  recent: { path: string; title: string }[];
  error: string | null;
  init(): Promise<void>;
  openSite(path: string): Promise<void>;
}

/** Every post of the site, and files that could not be read. */
export interface PostsSlice {
  posts: PostList['posts'];
  problems: PostList['problems'];
  loadPosts(): Promise<void>;
  createPost(title: string): Promise<void>;
}

/** The post open in the editor. CodeMirror owns the text; the store knows its state. */
export interface EditorSlice {
  /** `loadId` changes each time the editor's text is (re)placed. */
  open: {
    path: string;
    version: string;
    savedText: string;
    loadedText: string;
    loadId: number;
  } | null;
  dirty: boolean;
  status: 'idle' | 'loading' | 'saving' | 'saved' | 'conflict' | 'error';
  message: string | null;
  /** The file changed on disk while this post had unsaved edits: their text. */
  conflict: { theirsText: string; theirsVersion: string } | null;
  openPost(path: string, text?: string): Promise<void>;
  /** Set by the editor: saves or asks about unsaved edits before another post opens. Resolves false to stay. */
  beforeSwitch: (() => Promise<boolean>) | null;
  setBeforeSwitch(fn: (() => Promise<boolean>) | null): void;
  setDirty(dirty: boolean): void;
  save(text: string): Promise<void>;
  /** The index saw a change on disk to `path`. */
  diskChanged(path: string, kind: 'added' | 'changed' | 'removed'): Promise<void>;
  /** Keep mine (overwrite theirs) or take theirs (drop my edits). */
  resolveConflict(choice: 'mine' | 'theirs', mine: string): Promise<void>;
  renamedTo(path: string): void;
}

/** Unsaved text found in the crash-recovery journal. */
export interface RecoverySlice {
  recovered: JournalEntry[];
  restore(entry: JournalEntry): Promise<void>;
  discard(entry: JournalEntry): Promise<void>;
}

/** Preferences kept in this browser profile. */
export interface PrefsSlice {
  prefs: {
    autosave: boolean;
    autosaveMs: number;
    imageTarget: 'bundle' | 'static';
    hideFrontMatter: boolean;
    showPreview: boolean;
    showMeta: boolean;
  };
  setPref<K extends keyof PrefsSlice['prefs']>(key: K, value: PrefsSlice['prefs'][K]): void;
}

/** Which screen is showing, and the export running from the app. */
export interface UiSlice {
  view: 'write' | 'listing' | 'check' | 'export' | 'settings';
  setView(view: UiSlice['view']): void;
  exportJob: {
    id: string;
    done: number;
    total: number;
    phase: string;
    result: ExportResult | null;
    error: string | null;
  } | null;
  exportEvent(e: {
    id: string;
    phase?: 'render' | 'write';
    done?: number;
    total?: number;
    result?: ExportResult | null;
    error?: string | null;
    finished?: boolean;
  }): void;
  startExport(req: Parameters<QuireApi['exportStart']>[0]): Promise<void>;
  cancelExport(): Promise<void>;
}

type ExportResult = NonNullable<Extract<QuireEvent, { type: 'exportDone' }>['data']['result']>;

/** The whole UI state. */
export type QuireState = SiteSlice &
  PostsSlice &
  EditorSlice &
  RecoverySlice &
  PrefsSlice &
  UiSlice;

const DEFAULT_PREFS: PrefsSlice['prefs'] = {
  autosave: true,
  autosaveMs: 2000,
  imageTarget: 'bundle',
  hideFrontMatter: false,
  showPreview: true,
  showMeta: true,
};

function loadPrefs(storage: Storage | null): PrefsSlice['prefs'] {
  try {
    return {
      ...DEFAULT_PREFS,
      ...(JSON.parse(storage?.getItem('quire-prefs') ?? '{}') as Partial<PrefsSlice['prefs']>),
    };
  } catch {
    return DEFAULT_PREFS;
  }
}

/** Builds the store around an API (the real one, or a fake in tests). */
export function createQuireStore(
  api: QuireApi,
  storage: Storage | null = typeof localStorage === 'undefined' ? null : localStorage,
): StoreApi<QuireState> {
  let loads = 0;
  const early = new Map<string, Parameters<UiSlice['exportEvent']>[0][]>();
  const store: StoreApi<QuireState> = createStore<QuireState>()((set, get) => ({
    site: null,
    recent: [],
    error: null,
    async init() {
      const [site, recent] = await Promise.all([api.currentSite({}), api.recentSites({})]);
      set({ site, recent });
      if (site) await afterOpen();
    },
    async openSite(path) {
      set({ error: null });
      try {
        const site = await api.openSite({ path });
        set({ site, open: null, dirty: false, status: 'idle', message: null, conflict: null });
        await afterOpen();
        set({ recent: await api.recentSites({}) });
      } catch (err) {
        set({ error: (err as Error).message });
      }
    },

    posts: [],
    problems: [],
    async loadPosts() {
      const { posts, problems } = await api.listPosts({});
      set({
        posts: [...posts].sort(
          (a, b) => (b.date ?? '').localeCompare(a.date ?? '') || a.path.localeCompare(b.path),
        ),
        problems,
      });
    },
    async createPost(title) {
      try {
        const { path } = await api.createPost({ title });
        await get().loadPosts();
        await get().openPost(path);
      } catch (err) {
        set({ status: 'error', message: (err as Error).message });
      }
    },

    open: null,
    dirty: false,
    status: 'idle',
    message: null,
    conflict: null,
    beforeSwitch: null,
    setBeforeSwitch(fn) {
      set({ beforeSwitch: fn });
    },
    async openPost(path, text) {
      const current = get().open;
      if (current && current.path !== path && get().beforeSwitch && !(await get().beforeSwitch!()))
        return;
      set({ status: 'loading', message: null });
      try {
        const disk = await api.readPost({ path });
        const shown = text ?? disk.text;
        set({
          open: {
            path,
            version: disk.version,
            savedText: disk.text,
            loadedText: shown,
            loadId: ++loads,
          },
          dirty: shown !== disk.text,
          status: 'idle',
          conflict: null,
        });
      } catch (err) {
        set({ status: 'error', message: (err as Error).message });
      }
    },
    setDirty(dirty) {
      if (get().dirty !== dirty) set({ dirty, status: dirty ? 'idle' : get().status });
    },
    async save(text) {
      const open = get().open;
      if (!open || get().conflict) return;
      set({ status: 'saving', message: null });
      try {
        const { version } = await api.savePost({
          path: open.path,
          text,
          baseVersion: open.version,
        });
        const now = get().open;
        if (now?.path === open.path)
          set({ open: { ...now, version, savedText: text }, dirty: false, status: 'saved' });
        void api.journalClear({ path: open.path }).catch(() => undefined);
        void get().loadPosts();
      } catch (err) {
        const e = err as Error & { code?: string };
        if (e.code === 'conflict') {
          const disk = await api.readPost({ path: open.path });
          set({
            status: 'conflict',
            message:
              'This post changed on disk. Nothing was overwritten: choose which version to keep.',
            conflict: { theirsText: disk.text, theirsVersion: disk.version },
          });
        } else set({ status: 'error', message: e.message });
      }
    },
    async diskChanged(path, kind) {
      void get().loadPosts();
      const open = get().open;
      if (!open || open.path !== path || kind === 'added') return;
      if (kind === 'removed') {
        set({
          status: 'error',
          message: 'This post was deleted on disk. Save to keep your text.',
          open: { ...open, version: '' },
        });
        return;
      }
      const disk = await api.readPost({ path }).catch(() => null);
      if (!disk || disk.version === open.version) return;
      if (!get().dirty) {
        // Unmodified: simply reload.
        set({
          open: {
            path,
            version: disk.version,
            savedText: disk.text,
            loadedText: disk.text,
            loadId: ++loads,
          },
          status: 'idle',
          message: 'Reloaded: the file changed on disk.',
        });
      } else {
        set({
          status: 'conflict',
          message:
            'This post changed on disk while you were editing. Nothing is overwritten until you choose.',
          conflict: { theirsText: disk.text, theirsVersion: disk.version },
        });
      }
    },
    async resolveConflict(choice, mine) {
      const open = get().open;
      const c = get().conflict;
      if (!open || !c) return;
      if (choice === 'theirs') {
        set({
          open: {
            path: open.path,
            version: c.theirsVersion,
            savedText: c.theirsText,
            loadedText: c.theirsText,
            loadId: ++loads,
          },
          dirty: false,
          conflict: null,
          status: 'idle',
          message: null,
        });
        void api.journalClear({ path: open.path }).catch(() => undefined);
        return;
      }
      set({ open: { ...open, version: c.theirsVersion }, conflict: null });
      await get().save(mine);
    },
    renamedTo(path) {
      const open = get().open;
      if (open) set({ open: { ...open, path } });
    },

    recovered: [],
    async restore(entry) {
      set({ recovered: get().recovered.filter((e) => e !== entry) });
      await get().openPost(entry.path, entry.text);
      const open = get().open;
      if (open && entry.baseVersion && entry.baseVersion !== open.version) {
        set({
          status: 'conflict',
          message: 'The recovered text was written against an older version of this post.',
          conflict: { theirsText: open.savedText, theirsVersion: open.version },
        });
      }
    },
    async discard(entry) {
      set({ recovered: get().recovered.filter((e) => e !== entry) });
      await api.journalClear({ path: entry.path }).catch(() => undefined);
    },

    view: 'write',
    setView(view) {
      set({ view });
    },
    exportJob: null,
    exportEvent(e) {
      const job = get().exportJob;
      if (!job || job.id !== e.id) {
        // Events can outrun the answer to exportStart: keep them until it arrives.
        early.set(e.id, [...(early.get(e.id) ?? []), e]);
        return;
      }
      if (e.finished)
        set({
          exportJob: {
            ...job,
            done: e.error ? job.done : job.total,
            result: e.result ?? null,
            error: e.error ?? null,
            phase: 'done',
          },
        });
      else
        set({
          exportJob: {
            ...job,
            phase: e.phase ?? job.phase,
            done: e.done ?? job.done,
            total: e.total ?? job.total,
          },
        });
    },
    async startExport(req) {
      try {
        const { id } = await api.exportStart(req);
        set({ exportJob: { id, done: 0, total: 1, phase: 'render', result: null, error: null } });
        for (const e of early.get(id) ?? []) get().exportEvent(e);
        early.clear();
      } catch (err) {
        set({
          exportJob: {
            id: '',
            done: 0,
            total: 1,
            phase: 'done',
            result: null,
            error: (err as Error).message,
          },
        });
      }
    },
    async cancelExport() {
      const job = get().exportJob;
      if (job?.id) await api.exportCancel({ id: job.id });
    },

    prefs: loadPrefs(storage),
    setPref(key, value) {
      const prefs = { ...get().prefs, [key]: value };
      set({ prefs });
      storage?.setItem('quire-prefs', JSON.stringify(prefs));
    },
  }));

  async function afterOpen(): Promise<void> {
    await store.getState().loadPosts();
    store.setState({ recovered: await api.journalList({}).catch(() => []) });
  }
  return store;
}
