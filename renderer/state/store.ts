import { createStore } from 'zustand/vanilla';
import type { StoreApi } from 'zustand/vanilla';
import type { CallResponse, QuireApi } from '../../shared/ipc/contract.ts';

type SiteInfo = NonNullable<CallResponse<'currentSite'>>;
type PostList = CallResponse<'listPosts'>;

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
  /** `loadId` changes each time the text is (re)loaded from disk. */
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
  openPost(path: string): Promise<void>;
  setDirty(dirty: boolean): void;
  save(text: string): Promise<void>;
}

/** The whole UI state. */
export type QuireState = SiteSlice & PostsSlice & EditorSlice;

/** Builds the store around an API (the real one, or a fake in tests). */
export function createQuireStore(api: QuireApi): StoreApi<QuireState> {
  let loads = 0;
  return createStore<QuireState>()((set, get) => ({
    site: null,
    recent: [],
    error: null,
    async init() {
      const [site, recent] = await Promise.all([api.currentSite({}), api.recentSites({})]);
      set({ site, recent });
      if (site) await get().loadPosts();
    },
    async openSite(path) {
      set({ error: null });
      try {
        const site = await api.openSite({ path });
        set({ site, open: null, dirty: false, status: 'idle', message: null });
        await get().loadPosts();
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
    async openPost(path) {
      set({ status: 'loading', message: null });
      try {
        const { text, version } = await api.readPost({ path });
        set({
          open: { path, version, savedText: text, loadedText: text, loadId: ++loads },
          dirty: false,
          status: 'idle',
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
      if (!open) return;
      set({ status: 'saving', message: null });
      try {
        const { version } = await api.savePost({
          path: open.path,
          text,
          baseVersion: open.version,
        });
        set({ open: { ...open, version, savedText: text }, dirty: false, status: 'saved' });
        void get().loadPosts();
      } catch (err) {
        const e = err as Error & { code?: string };
        set({ status: e.code === 'conflict' ? 'conflict' : 'error', message: e.message });
      }
    },
  }));
}
