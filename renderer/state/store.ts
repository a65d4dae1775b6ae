import { createStore } from 'zustand/vanilla';
import type { StoreApi } from 'zustand/vanilla';
import type { Extension } from '@codemirror/state';
import type { FrontMatterFile } from '../../shared/content/front-matter.ts';
import { figureAt } from '../../shared/markdown/shortcode-write.ts';
import type { FigureFields } from '../../shared/markdown/shortcode-write.ts';
import type { FieldEditError } from '../../shared/content/errors.ts';
import { errorCode, isQuireError } from '../../shared/errors.ts';
import { parseFrontMatter } from '../../shared/content/front-matter.ts';
import type { CallResponse, QuireApi, QuireEvent } from '../../shared/ipc/contract.ts';
import { takeAddressParam } from '../api/address.ts';
import { DocumentSession } from './document-session.ts';
import type { Conflict, SaveOutcome, SessionHost, SessionStatus } from './document-session.ts';

type SiteInfo = NonNullable<CallResponse<'currentSite'>>;
type PostList = CallResponse<'listPosts'>;
type JournalEntry = CallResponse<'journalList'>[number];

/** The open site and the recent ones. */
export interface SiteSlice {
  site: SiteInfo | null;
  recent: { path: string; title: string }[];
  error: string | null;
  init(): Promise<void>;
  /**
   * `allowOutsideContent`: the user confirmed a contentDir outside the site folder;
   * `allowWrites`: a folder of Markdown without a config, opened for writing.
   */
  openSite(path: string, allowOutsideContent?: boolean, allowWrites?: boolean): Promise<void>;
  /** The folder asked for is not a Hugo site: the New site form offers to make it one. */
  newSite: { path: string; message: string } | null;
  /** Makes `newSite`'s folder a Hugo site and opens it. */
  initSite(options: Omit<Parameters<QuireApi['initSite']>[0], 'path'>): Promise<void>;
  /** The site asked to be confirmed before it opens (its content lives outside it). */
  confirmSite: { path: string; message: string } | null;
  /**
   * Switches to another site (null: back to the site picker). Unsaved text is saved
   * (autosave) or journalled first, so the site can be left without losing a word.
   */
  switchSite(path: string | null): Promise<void>;
  /** The back end answers again after it was lost: save what waited, refresh the list. */
  reconnected(): void;
  /** Restores a version of the open post from the local history. */
  restoreVersion(id: string): Promise<void>;
}

/** Every post of the site, and files that could not be read. */
export interface PostsSlice {
  posts: PostList['posts'];
  problems: PostList['problems'];
  loadPosts(): Promise<void>;
  createPost(title: string): Promise<void>;
}

/** Whole-post operations: rename (with the files it changes, shown first), copy, delete. */
export interface PostOpsSlice {
  /** What a rename would change (nothing is written). */
  planRename(path: string, req: RenameRequest): Promise<RenameAnswer>;
  /**
   * Renames after saving every unsaved post (the rename edits files on disk; nothing typed
   * is lost); the open post's session follows it. null when it could not.
   */
  renamePost(path: string, req: RenameRequest): Promise<RenameAnswer | null>;
  duplicatePost(path: string): Promise<void>;
  deletePost(path: string): Promise<void>;
  /** The last delete, while it can be undone (the site's .trash/). */
  lastDeleted: { path: string; trashedTo: string; undoable: boolean } | null;
  undoDelete(): Promise<void>;
}

type RenameRequest = Omit<Parameters<QuireApi['renamePost']>[0], 'path' | 'dryRun'>;
/** What a rename changes: URLs, the alias, every file with its lines. */
export type RenameAnswer = CallResponse<'renamePost'>;

/** What the UI shows of the open post; the text itself lives in its DocumentSession. */
export interface OpenPost {
  path: string;
  dirty: boolean;
  status: SessionStatus;
  message: string | null;
  conflict: Conflict | null;
  held: string | null;
  /** The text after typing paused (preview, form, status bar); never a source for saves. */
  text: string;
  revision: number;
  /** Form values typed but not valid yet (they are not in the text). */
  drafts: Record<string, string>;
  /** The last form edit that was refused (it would not have parsed, or held the value). */
  fieldError: { field: string; message: string } | null;
}

/** The post open in the editor. Each open post has one DocumentSession that owns its text. */
export interface EditorSlice {
  open: OpenPost | null;
  /** Opens a post (its session, with its undo history, lives as long as the app). */
  openPost(path: string): Promise<void>;
  /** The open post's session (the live text, save, conflicts). */
  session(): DocumentSession | null;
  /** True when any open post has unsaved text. */
  anyDirty(): boolean;
  /** Writes every unsaved text to the journal now (the page is going away). */
  flushJournals(): void;
  /** Saves the open post (`force`: even when its front matter no longer parses). */
  save(opts?: { force?: boolean }): Promise<SaveOutcome | null>;
  /** A form edit, applied to the live text (never to a snapshot). */
  formEdit(edit: (file: FrontMatterFile) => string): void;
  /** A form value that is not valid yet: kept, shown, never written. null clears it. */
  setDraft(field: string, value: string | null): void;
  /** The index saw a change on disk to `path`. */
  diskChanged(path: string, kind: 'added' | 'changed' | 'removed'): Promise<void>;
  /** Keep mine, take theirs, or write a merged text. */
  resolveConflict(
    choice: 'mine' | 'theirs' | { merged: string; theirsVersion?: string | null },
  ): Promise<void>;
  /** A post moved (rename, bundle conversion). */
  renamed(from: string, to: string): void;
  /** The figure form: a new figure at the cursor, or the one under it (its extent and fields). */
  figure: { from: number; to: number; fields: FigureFields; extra: Record<string, string> } | null;
  openFigure(): void;
  /** Puts the form's shortcode in place (one undoable change) and closes the form. */
  applyFigure(shortcode: string | null): void;
}

/** How long after the last preference change the back end is told. */
const PREFS_WRITE_DELAY_MS = 400;

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
    /** Hide the front matter in the editor while the form shows it. */
    hideFrontMatter: boolean;
    showPreview: boolean;
    /** The metadata form (collapsed to a one-line summary unless `metaExpanded`). */
    showMeta: boolean;
    metaExpanded: boolean;
    /** The outline of the open post beside the editor. */
    showOutline: boolean;
    /** Focus mode (dim all but the cursor's paragraph), typewriter scrolling, no chrome. */
    focusMode: boolean;
    typewriter: boolean;
    zen: boolean;
    /** Word-count goals per post path (absent: none). */
    wordGoals: Record<string, number>;
    /** Words to write in this session, over every post (0: none). */
    sessionGoal: number;
    /** Spellcheck in the editor, in these languages (BCP 47; the first is the text's `lang`). */
    spellcheck: boolean;
    spellLanguages: string[];
    /** Vim keybindings in the editor. */
    vim: boolean;
  };
  setPref<K extends keyof PrefsSlice['prefs']>(key: K, value: PrefsSlice['prefs'][K]): void;
}

/** Which screen is showing, and the export running from the app. */
export interface UiSlice {
  view: 'write' | 'listing' | 'check' | 'export' | 'settings';
  setView(view: UiSlice['view']): void;
  /** The command palette or the quick switcher, when one is open. */
  palette: 'commands' | 'posts' | null;
  setPalette(palette: UiSlice['palette']): void;
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
  PostOpsSlice &
  EditorSlice &
  RecoverySlice &
  PrefsSlice &
  UiSlice;

const DEFAULT_PREFS: PrefsSlice['prefs'] = {
  autosave: true,
  autosaveMs: 2000,
  imageTarget: 'bundle',
  hideFrontMatter: true,
  showPreview: true,
  showMeta: true,
  metaExpanded: false,
  showOutline: false,
  focusMode: false,
  typewriter: false,
  zen: false,
  wordGoals: {},
  sessionGoal: 0,
  spellcheck: true,
  spellLanguages: ['en-US'],
  vim: false,
};

function localPrefs(storage: Storage | null): Partial<PrefsSlice['prefs']> {
  try {
    return JSON.parse(storage?.getItem('quire-prefs') ?? '{}') as Partial<PrefsSlice['prefs']>;
  } catch {
    return {};
  }
}

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

/** How the store is built: the editor's extensions come from the renderer (none in tests). */
export interface StoreOptions {
  extensions?(session: DocumentSession): Extension;
}

/** Builds the store around an API (the real one, or a fake in tests). */
export function createQuireStore(
  api: QuireApi,
  storage: Storage | null = typeof localStorage === 'undefined' ? null : localStorage,
  options: StoreOptions = {},
): StoreApi<QuireState> {
  const sessions = new Map<string, DocumentSession>();
  let active: DocumentSession | null = null;
  const early = new Map<string, Parameters<UiSlice['exportEvent']>[0][]>();
  let listError: string | null = null;
  let prefsTimer: ReturnType<typeof setTimeout> | null = null;
  let journalError: string | null = null;
  let journalUnread = false;
  let readingJournal: Promise<void> | null = null;
  const store: StoreApi<QuireState> = createStore<QuireState>()((set, get) => ({
    site: null,
    recent: [],
    error: null,
    async init() {
      try {
        const [site, recent, prefs] = await Promise.all([
          api.currentSite({}),
          api.recentSites({}),
          serverPrefs(),
        ]);
        // Kept per user by the back end (a new port or tab keeps them); this tab's win.
        if (prefs) set({ prefs: { ...DEFAULT_PREFS, ...prefs, ...localPrefs(storage) } });
        set({ site, recent });
        if (site) await afterOpen();
        else {
          // `quire web <folder>` on a folder that is not a site yet: its New site form.
          const asked = takeAddressParam('open');
          if (asked) await get().openSite(asked);
        }
      } catch (err) {
        set({ error: `Could not reach Quire's back end: ${(err as Error).message}` });
      }
    },
    confirmSite: null,
    newSite: null,
    async openSite(path, allowOutsideContent, allowWrites) {
      set({ error: null, confirmSite: null, newSite: null });
      try {
        const site = await api.openSite({
          path,
          ...(allowOutsideContent ? { allowOutsideContent } : {}),
          ...(allowWrites ? { allowWrites } : {}),
        });
        closeSessions();
        set({ site, open: null });
        await afterOpen();
        set({ recent: await api.recentSites({}) });
      } catch (err) {
        const message = (err as Error).message;
        if (errorCode(err) === 'needs-confirm') set({ confirmSite: { path, message } });
        else if (errorCode(err) === 'not-a-site') set({ newSite: { path, message } });
        else set({ error: message });
      }
    },
    async initSite(options) {
      const target = get().newSite;
      if (!target) return;
      set({ error: null });
      try {
        const site = await api.initSite({ path: target.path, ...options });
        closeSessions();
        set({ site, open: null, newSite: null });
        await afterOpen();
        set({ recent: await api.recentSites({}) });
      } catch (err) {
        set({ error: (err as Error).message });
      }
    },

    async switchSite(path) {
      await keepUnsaved();
      if (path !== null) return get().openSite(path);
      closeSessions();
      set({ site: null, open: null, error: null, recovered: [] });
      set({ recent: await api.recentSites({}).catch(() => get().recent) });
    },
    reconnected() {
      if (!get().site) return;
      void get().loadPosts();
      void keepUnsaved();
    },
    async restoreVersion(id) {
      const s = active;
      if (!s) return;
      try {
        await s.restoreVersion((req) => api.historyRestore({ ...req, id }));
      } catch (err) {
        s.message = (err as Error).message;
        publish(s);
        throw err;
      }
    },

    posts: [],
    problems: [],
    async loadPosts() {
      let list: PostList;
      try {
        list = await api.listPosts({});
      } catch (err) {
        // The back end is gone for a moment (restarting): keep the list we have.
        listError = `Could not list the posts: ${(err as Error).message}`;
        set({ error: listError });
        return;
      }
      const { posts, problems } = list;
      // Clears only its own error: another (the journal's) stays until it is dealt with.
      if (listError !== null && get().error === listError) set({ error: null });
      listError = null;
      if (journalUnread) void readJournal();
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
        set({ error: (err as Error).message });
      }
    },

    async planRename(path, req) {
      return api.renamePost({ path, ...req, dryRun: true });
    },
    async renamePost(path, req) {
      set({ error: null });
      try {
        await saveEverything();
        const answer = await api.renamePost({ path, ...req });
        if (answer.path !== path) get().renamed(path, answer.path);
        // Files the rename edited: their sessions (all saved just now) reload.
        for (const c of answer.changes) await sessions.get(c.newFile)?.diskChanged('changed');
        await get().loadPosts();
        return answer;
      } catch (err) {
        set({ error: (err as Error).message });
        return null;
      }
    },
    async duplicatePost(path) {
      set({ error: null });
      try {
        await sessions.get(path)?.flushAutosave();
        const copy = await api.duplicatePost({ path });
        await get().loadPosts();
        await get().openPost(copy.path);
      } catch (err) {
        set({ error: (err as Error).message });
      }
    },
    lastDeleted: null,
    async deletePost(path) {
      set({ error: null });
      try {
        // What goes to the trash is the latest text: an unsaved one is saved first.
        const s = sessions.get(path);
        if (s) await saveOrThrow(s);
        const { trashedTo, undoable } = await api.deletePost({ path });
        if (s) {
          s.close();
          sessions.delete(path);
          if (active === s) {
            active = null;
            set({ open: null });
          }
        }
        set({ lastDeleted: { path, trashedTo, undoable } });
        await get().loadPosts();
      } catch (err) {
        set({ error: (err as Error).message });
      }
    },
    async undoDelete() {
      const d = get().lastDeleted;
      if (!d?.undoable) return;
      try {
        const { path } = await api.restorePost({ trashedTo: d.trashedTo, path: d.path });
        set({ lastDeleted: null });
        await get().loadPosts();
        await get().openPost(path);
      } catch (err) {
        set({ error: (err as Error).message });
      }
    },

    open: null,
    async openPost(path) {
      const current = active;
      if (current?.path === path) return;
      // Leaving a post never discards it: autosave writes it now, otherwise its session
      // (and the journal) keep the text until the user comes back.
      if (current?.dirty && get().prefs.autosave) await current.save({ auto: true });
      try {
        await activate(await sessionFor(path));
      } catch (err) {
        set({ error: (err as Error).message });
      }
    },
    session: () => active,
    anyDirty: () => [...sessions.values()].some((x) => x.dirty),
    flushJournals() {
      for (const x of sessions.values()) x.flushJournal();
      writePrefsNow();
    },
    async save(opts) {
      return active ? active.save(opts) : null;
    },
    formEdit(edit) {
      const s = active;
      if (!s) return;
      let file: FrontMatterFile;
      try {
        file = parseFrontMatter(s.text(), s.path);
      } catch {
        return;
      }
      let next: string;
      try {
        next = edit(file);
      } catch (err) {
        // A refused field edit changes nothing and says which field and why.
        if (!isQuireError(err, 'field-edit')) throw err;
        const refused = err as FieldEditError;
        s.fieldError = { field: refused.field, message: refused.why };
        publish(s);
        return;
      }
      s.fieldError = null;
      s.replaceText(next);
      // A form edit is one deliberate change: the form and preview follow at once.
      publish(s, s.text());
    },
    setDraft(field, value) {
      const s = active;
      if (!s) return;
      if (value === null) s.drafts.delete(field);
      else s.drafts.set(field, value);
      publish(s);
    },
    async diskChanged(path, kind) {
      void get().loadPosts();
      const s = sessions.get(path);
      if (!s || kind === 'added') return;
      await s.diskChanged(kind);
    },
    async resolveConflict(choice) {
      await active?.resolve(choice);
    },
    figure: null,
    openFigure() {
      const s = active;
      if (!s) return;
      const sel = s.editorState().selection.main;
      set({
        figure: figureAt(s.text(), sel.head) ?? {
          from: sel.from,
          to: sel.to,
          fields: { src: '', alt: '', caption: '' },
          extra: {},
        },
      });
    },
    applyFigure(shortcode) {
      const f = get().figure;
      set({ figure: null });
      if (!f || shortcode === null || !active) return;
      active.dispatch({
        changes: { from: f.from, to: f.to, insert: shortcode },
        selection: { anchor: f.from + shortcode.length },
        userEvent: 'input.figure',
      });
    },
    renamed(from, to) {
      const s = sessions.get(from);
      if (!s) return;
      sessions.delete(from);
      sessions.set(to, s);
      s.moved(to);
    },

    recovered: [],
    async restore(entry) {
      set({ recovered: get().recovered.filter((e) => e !== entry) });
      const s = await sessionFor(entry.path, true);
      await activate(s);
      s.recover(entry.text, entry.baseVersion);
    },
    async discard(entry) {
      set({ recovered: get().recovered.filter((e) => e !== entry) });
      await api.journalClear({ path: entry.path }).catch(() => undefined);
    },

    view: 'write',
    setView(view) {
      set({ view });
    },
    palette: null,
    setPalette(palette) {
      set({ palette });
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
      // Kept by the back end too, so a new tab or port starts with them: once typing in a
      // preference field pauses, not on every keystroke.
      if (prefsTimer !== null) clearTimeout(prefsTimer);
      prefsTimer = setTimeout(writePrefsNow, PREFS_WRITE_DELAY_MS);
      for (const x of sessions.values()) x.prefsChanged();
    },
  }));

  function writePrefsNow(): void {
    if (prefsTimer === null) return;
    clearTimeout(prefsTimer);
    prefsTimer = null;
    try {
      void api.writePrefs({ prefs: store.getState().prefs }).catch(() => undefined);
    } catch {
      // A back end without it (tests): this tab keeps them.
    }
  }
  async function serverPrefs(): Promise<Partial<PrefsSlice['prefs']> | null> {
    try {
      return (await api.readPrefs({})).prefs as Partial<PrefsSlice['prefs']> | null;
    } catch {
      return null;
    }
  }
  function snapshot(x: DocumentSession, text?: string): OpenPost {
    const prev = store.getState().open;
    return {
      path: x.path,
      dirty: x.dirty,
      status: x.status,
      message: x.message,
      conflict: x.conflict,
      held: x.held,
      text:
        text ??
        (prev && prev.revision === x.revision && prev.path === x.path ? prev.text : x.text()),
      revision: x.revision,
      drafts: Object.fromEntries(x.drafts),
      fieldError: x.fieldError,
    };
  }
  function publish(x: DocumentSession, text?: string): void {
    if (x === active) store.setState({ open: snapshot(x, text) });
  }
  const host: SessionHost = {
    api,
    prefs: () => store.getState().prefs,
    extensions: (x) => options.extensions?.(x) ?? [],
    changed: (x) => publish(x),
    textSettled: (x) => publish(x, x.text()),
    saved: () => void store.getState().loadPosts(),
  };
  async function sessionFor(path: string, missingOk = false): Promise<DocumentSession> {
    const known = sessions.get(path);
    if (known) {
      // Catch up with anything that changed on disk while it was in the background.
      await known.diskChanged('changed');
      return known;
    }
    let disk: { text: string; version: string | null };
    try {
      disk = await api.readPost({ path });
    } catch (err) {
      if (!missingOk) throw err;
      disk = { text: '', version: null };
    }
    const again = sessions.get(path);
    if (again) return again;
    const x = new DocumentSession(host, path, disk);
    sessions.set(path, x);
    return x;
  }
  async function activate(x: DocumentSession): Promise<void> {
    active = x;
    // Earlier errors go; the journal's stays until it can be read.
    store.setState({ open: snapshot(x, x.text()), error: journalError });
  }
  /** Keeps every unsaved text: autosave writes it, else (or if that fails) the journal. */
  async function keepUnsaved(): Promise<void> {
    for (const x of sessions.values()) {
      if (!x.dirty) continue;
      if (store.getState().prefs.autosave) await x.save({ auto: true });
      if (x.dirty) await x.journal();
    }
  }
  /** Saves every post with unsaved text; throws naming one that stays unsaved. */
  async function saveEverything(): Promise<void> {
    for (const x of sessions.values()) await saveOrThrow(x);
  }
  /** Saves a post with unsaved text; throws, naming it, when the text stays unsaved. */
  async function saveOrThrow(x: DocumentSession): Promise<void> {
    if (!x.dirty) return;
    await x.save();
    if (x.dirty) throw new Error(`Save or resolve ${x.path} first: it has unsaved text.`);
  }
  function closeSessions(): void {
    for (const x of sessions.values()) x.close();
    sessions.clear();
    active = null;
  }

  async function afterOpen(): Promise<void> {
    journalUnread = true;
    await store.getState().loadPosts();
    await readJournal();
  }

  /** Offers back the unsaved text a crash left; tried again while it can't be read. */
  function readJournal(): Promise<void> {
    readingJournal ??= readJournalNow().finally(() => (readingJournal = null));
    return readingJournal;
  }
  async function readJournalNow(): Promise<void> {
    try {
      store.setState({ recovered: await api.journalList({}) });
      journalUnread = false;
      if (journalError !== null && store.getState().error === journalError)
        store.setState({ error: null });
      journalError = null;
    } catch (err) {
      // Never silently: unsaved text may be waiting there.
      journalError = `Could not read the recovery journal (unsaved text may be waiting there): ${(err as Error).message}`;
      store.setState({ error: journalError });
    }
  }
  return store;
}
