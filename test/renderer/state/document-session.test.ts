import { undo } from '@codemirror/commands';
import { history } from '@codemirror/commands';
import type { Transaction, TransactionSpec } from '@codemirror/state';
import { createHash } from 'node:crypto';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { FieldEditError } from '../../../shared/content/errors.ts';
import { setField } from '../../../shared/content/front-matter.ts';
import type { QuireApi } from '../../../shared/ipc/contract.ts';
import type { DocumentSession } from '../../../renderer/state/document-session.ts';
import { createQuireStore } from '../../../renderer/state/store.ts';

const version = (t: string) => createHash('sha256').update(t).digest('hex').slice(0, 32);

/** An in-memory back end with the real rules: conditional saves, versions, a journal. */
function fakeBackend(files: Record<string, string>) {
  const disk = new Map(Object.entries(files));
  const journal = new Map<string, { text: string; baseVersion: string | null }>();
  const calls = { save: 0 };
  let gate: Promise<void> | null = null;
  const api = {
    currentSite: async () => ({ root: '/site', title: 'T' }),
    recentSites: async () => [],
    listPosts: async () => ({ posts: [], problems: [] }),
    journalList: async () => [],
    readPost: async ({ path }: { path: string }) => {
      if (gate) await gate;
      const text = disk.get(path);
      if (text === undefined)
        throw Object.assign(new Error(`${path}: no such file`), { code: 'not-found' });
      return { path, text, version: version(text) };
    },
    savePost: async ({
      path,
      text,
      baseVersion,
    }: {
      path: string;
      text: string;
      baseVersion: string | null;
    }) => {
      calls.save++;
      const cur = disk.get(path);
      if ((cur === undefined ? null : version(cur)) !== baseVersion)
        throw Object.assign(new Error(`${path}: changed on disk`), { code: 'conflict' });
      disk.set(path, text);
      return { version: version(text) };
    },
    journalWrite: async ({
      path,
      text,
      baseVersion,
    }: {
      path: string;
      text: string;
      baseVersion: string | null;
    }) => {
      journal.set(path, { text, baseVersion });
      return { saved: true };
    },
    journalClear: async ({ path }: { path: string }) => ({ cleared: journal.delete(path) }),
  };
  return {
    disk,
    journal,
    calls,
    api: api as unknown as QuireApi,
    /** Holds every readPost until the returned function is called. */
    holdReads() {
      let release!: () => void;
      gate = new Promise((r) => (release = r));
      return () => {
        gate = null;
        release();
      };
    },
  };
}

const POST = 'content/posts/a.md';
const OTHER = 'content/posts/b.md';
const A = '---\r\ntitle: A\r\ndate: 2024-01-06\r\n---\r\nFirst paragraph.\r\n';
const B = '---\ntitle: B\n---\nOther post.\n';

function memoryStorage(prefs: object): Storage {
  const m = new Map<string, string>([['quire-prefs', JSON.stringify(prefs)]]);
  return {
    getItem: (k: string) => m.get(k) ?? null,
    setItem: (k: string, v: string) => void m.set(k, v),
  } as Storage;
}

function setup(prefs: object = { autosave: false }) {
  const backend = fakeBackend({ [POST]: A, [OTHER]: B });
  const store = createQuireStore(backend.api, memoryStorage(prefs), {
    extensions: () => history(),
  });
  const session = () => store.getState().session()!;
  /** Types at the end of the text, as the keyboard would. */
  const type = (s: string, x: DocumentSession = session()) =>
    x.dispatch({ changes: { from: x.text().length, insert: s }, userEvent: 'input.type' });
  return { backend, store, session, type };
}

/** A stand-in for an EditorView: applies transactions and tells the session, like the real one. */
function fakeView(session: DocumentSession) {
  const v = {
    state: session.editorState(),
    dispatch(...specs: TransactionSpec[]) {
      const tr: Transaction = v.state.update(...specs);
      v.state = tr.state;
      session.afterTransactions([tr]);
    },
  };
  return v;
}

beforeEach(() => vi.useFakeTimers());
afterEach(() => vi.useRealTimers());

describe('document session', () => {
  it('keeps typed text and its callbacks across an editor unmount and remount', async () => {
    const { store, session, type } = setup();
    await store.getState().openPost(POST);
    const view = fakeView(session());
    session().attach(view, []);
    view.dispatch({ changes: { from: view.state.doc.length, insert: 'Typed in the view.' } });
    session().detach(view);
    expect(session().text()).toContain('Typed in the view.');
    // After the view is gone, changes still reach the session and the store.
    type(' And more.');
    await vi.advanceTimersByTimeAsync(300);
    expect(store.getState().open!.text).toContain('Typed in the view. And more.');
    expect(store.getState().open!.dirty).toBe(true);
    const again = fakeView(session());
    session().attach(again, []);
    expect(again.state.doc.toString()).toContain('Typed in the view. And more.');
  });

  it('writes nothing when nothing was typed, and keeps CRLF line endings when something was', async () => {
    const { store, backend, type } = setup();
    await store.getState().openPost(POST);
    expect(await store.getState().save()).toBe('unchanged');
    expect(backend.calls.save).toBe(0);
    type('Second line.\n');
    expect(await store.getState().save()).toBe('saved');
    expect(backend.disk.get(POST)).toBe(`${A}Second line.\r\n`);
  });

  it('a change on disk while editing keeps every typed character and asks; nothing is overwritten', async () => {
    const { store, backend, session, type } = setup({ autosave: true, autosaveMs: 1000 });
    await store.getState().openPost(POST);
    type('Mine.');
    backend.disk.set(POST, `${A}Theirs.\r\n`);
    await store.getState().diskChanged(POST, 'changed');
    expect(store.getState().open!.status).toBe('conflict');
    await vi.advanceTimersByTimeAsync(5000);
    expect(backend.disk.get(POST)).toBe(`${A}Theirs.\r\n`);
    expect(session().text()).toContain('Mine.');
  });

  it('typing that lands while a disk change is being read is never reloaded away', async () => {
    const { store, backend, session, type } = setup();
    await store.getState().openPost(POST);
    backend.disk.set(POST, `${A}Theirs.\r\n`);
    const release = backend.holdReads();
    const seen = store.getState().diskChanged(POST, 'changed');
    type('Typed while the change was read.');
    release();
    await seen;
    expect(session().text()).toContain('Typed while the change was read.');
    expect(store.getState().open!.status).toBe('conflict');
  });

  it('an unedited post reloads from disk (and undo brings the old text back)', async () => {
    const { store, backend, session } = setup();
    await store.getState().openPost(POST);
    backend.disk.set(POST, `${A}Theirs.\r\n`);
    await store.getState().diskChanged(POST, 'changed');
    expect(session().text()).toContain('Theirs.');
    expect(session().dirty).toBe(false);
    expect(store.getState().open!.status).toBe('reloaded');
  });

  it('resolving: keep mine writes mine over theirs; take theirs keeps mine in undo; merged writes the merge', async () => {
    for (const choice of ['mine', 'theirs', 'merged'] as const) {
      const { store, backend, session, type } = setup();
      await store.getState().openPost(POST);
      type('Mine.\n');
      backend.disk.set(POST, A.replace('First', 'Their first'));
      await store.getState().diskChanged(POST, 'changed');
      if (choice === 'merged') {
        const merged = session().text().replace('First', 'Their first');
        await store.getState().resolveConflict({ merged });
        expect(backend.disk.get(POST)).toBe(`${A.replace('First', 'Their first')}Mine.\r\n`);
      } else if (choice === 'mine') {
        await store.getState().resolveConflict('mine');
        expect(backend.disk.get(POST)).toBe(`${A}Mine.\r\n`);
      } else {
        await store.getState().resolveConflict('theirs');
        expect(session().text()).toContain('Their first');
        expect(session().text()).not.toContain('Mine.');
        expect(backend.calls.save).toBe(0);
        // Undo is the way back to what I had typed.
        const s = session();
        let st = s.editorState();
        undo({ state: st, dispatch: (tr) => (st = tr.state) });
        expect(st.doc.toString()).toContain('Mine.');
      }
      expect(store.getState().open!.conflict).toBeNull();
    }
  });

  it('a merge made against a version on disk that has changed since writes nothing: the conflict stays, with the newer file', async () => {
    const { store, backend, session, type } = setup();
    await store.getState().openPost(POST);
    type('Mine.\n');
    backend.disk.set(POST, `${A}Theirs, first save.\r\n`);
    await store.getState().diskChanged(POST, 'changed');
    const seen = session().conflict!.theirsVersion;
    // The other writer saves again while the merge is on screen.
    backend.disk.set(POST, `${A}Theirs, second save.\r\n`);
    await store.getState().diskChanged(POST, 'changed');
    const merged = `${session().text()}Theirs, first save.\n`;
    await store.getState().resolveConflict({ merged, theirsVersion: seen });
    expect(backend.calls.save).toBe(0);
    expect(backend.disk.get(POST)).toBe(`${A}Theirs, second save.\r\n`);
    expect(store.getState().open!.status).toBe('conflict');
    expect(session().conflict!.theirsText).toContain('second save');
    expect(store.getState().open!.message).toMatch(/changed again while you compared/);
    // Merged against what is on disk now, it is written.
    await store
      .getState()
      .resolveConflict({ merged, theirsVersion: session().conflict!.theirsVersion });
    expect(backend.disk.get(POST)).toContain('Mine.');
  });

  it('a conflicting save becomes a conflict, never an overwrite', async () => {
    const { store, backend, type } = setup();
    await store.getState().openPost(POST);
    type('Mine.');
    backend.disk.set(POST, 'someone else\n');
    expect(await store.getState().save()).toBe('conflict');
    expect(backend.disk.get(POST)).toBe('someone else\n');
    expect(store.getState().open!.conflict?.theirsText).toBe('someone else\n');
  });

  it('autosave writes after a pause, and not while autosave is off', async () => {
    const on = setup({ autosave: true, autosaveMs: 1000 });
    await on.store.getState().openPost(POST);
    on.type('Auto.');
    await vi.advanceTimersByTimeAsync(999);
    expect(on.backend.disk.get(POST)).toBe(A);
    await vi.advanceTimersByTimeAsync(10);
    expect(on.backend.disk.get(POST)).toBe(`${A}Auto.`);
    const off = setup({ autosave: false });
    await off.store.getState().openPost(POST);
    off.type('Manual.');
    await vi.advanceTimersByTimeAsync(10_000);
    expect(off.backend.disk.get(POST)).toBe(A);
    expect(off.store.getState().open!.dirty).toBe(true);
  });

  it('autosave holds a text whose front matter no longer parses, says why, and Save anyway writes it', async () => {
    const { store, backend, session } = setup({ autosave: true, autosaveMs: 500 });
    await store.getState().openPost(POST);
    // A stray character before the opening ---: Hugo no longer sees front matter.
    session().dispatch({ changes: { from: 0, insert: 'x' } });
    await vi.advanceTimersByTimeAsync(1000);
    expect(backend.disk.get(POST)).toBe(A);
    expect(store.getState().open!.status).toBe('held');
    expect(store.getState().open!.message).toMatch(/front matter/);
    expect(await store.getState().save({ force: true })).toBe('saved');
    expect(backend.disk.get(POST)).toBe(`x${A}`);
  });

  it('the journal holds unsaved text (in the file form) and is cleared by a save', async () => {
    const { store, backend, type } = setup();
    await store.getState().openPost(POST);
    type('Unsaved.');
    await vi.advanceTimersByTimeAsync(2000);
    expect(backend.journal.get(POST)?.text).toBe(`${A}Unsaved.`);
    await store.getState().save();
    await vi.advanceTimersByTimeAsync(10);
    expect(backend.journal.has(POST)).toBe(false);
  });

  it('a form edit applies to the live text: typing not yet settled is kept', async () => {
    const { store, backend, session, type } = setup();
    await store.getState().openPost(POST);
    type('Just typed.');
    store.getState().formEdit((f) => setField(f, 'title', 'New title'));
    expect(session().text()).toContain('Just typed.');
    expect(session().text()).toContain('title: New title');
    await store.getState().save();
    expect(backend.disk.get(POST)).toBe(`${A.replace('title: A', 'title: New title')}Just typed.`);
  });

  it('a field edit the field editor refuses changes nothing and says which field', async () => {
    const { store, session } = setup();
    await store.getState().openPost(POST);
    const before = session().text();
    store.getState().formEdit(() => {
      throw new FieldEditError(POST, 'title', 'the result would not parse');
    });
    expect(session().text()).toBe(before);
    expect(store.getState().open!.fieldError?.field).toBe('title');
  });

  it('an invalid form value is a draft: shown, kept, never in the text', async () => {
    const { store, session } = setup();
    await store.getState().openPost(POST);
    store.getState().setDraft('date', '2024-13-45');
    expect(store.getState().open!.drafts).toEqual({ date: '2024-13-45' });
    expect(session().text()).not.toContain('2024-13-45');
    expect(session().dirty).toBe(false);
  });

  it('switching posts with autosave off keeps the unsaved text for when the user comes back', async () => {
    const { store, backend, session, type } = setup();
    await store.getState().openPost(POST);
    type('Unsaved here.');
    await store.getState().openPost(OTHER);
    expect(session().path).toBe(OTHER);
    expect(store.getState().anyDirty()).toBe(true);
    await store.getState().openPost(POST);
    expect(session().text()).toContain('Unsaved here.');
    expect(backend.disk.get(POST)).toBe(A);
  });

  it('switching posts with autosave on saves the live text first', async () => {
    const { store, backend, type } = setup({ autosave: true, autosaveMs: 60_000 });
    await store.getState().openPost(POST);
    type('Saved on switch.');
    await store.getState().openPost(OTHER);
    expect(backend.disk.get(POST)).toBe(`${A}Saved on switch.`);
  });

  it('saves run one at a time: a second save waits and writes the newer text', async () => {
    const { store, backend, type } = setup();
    await store.getState().openPost(POST);
    type('One.');
    const first = store.getState().save();
    type(' Two.');
    const second = store.getState().save();
    expect(await first).toBe('saved');
    expect(await second).toBe('saved');
    expect(backend.disk.get(POST)).toBe(`${A}One. Two.`);
    expect(backend.calls.save).toBe(2);
  });

  it('recovered text written against the version on disk is simply unsaved; against another, a conflict', async () => {
    const { store, session } = setup();
    await store.getState().restore({
      path: POST,
      text: `${A}Recovered.`,
      baseVersion: version(A),
      savedAt: 1,
    });
    expect(session().text()).toContain('Recovered.');
    expect(store.getState().open!.conflict).toBeNull();
    const other = setup();
    await other.store.getState().restore({
      path: POST,
      text: `${A}Recovered.`,
      baseVersion: 'an-older-version',
      savedAt: 1,
    });
    expect(other.store.getState().open!.conflict?.reason).toBe('recovered');
  });

  it('a back end that is gone for a moment is reported, never thrown, and the post list stays', async () => {
    const { store, backend } = setup();
    await store.getState().loadPosts();
    (backend.api as { listPosts: unknown }).listPosts = async () => {
      throw new Error('Failed to fetch');
    };
    await expect(store.getState().loadPosts()).resolves.toBeUndefined();
    expect(store.getState().error).toMatch(/Could not list the posts: Failed to fetch/);
  });

  it('a journal that could not be read stays reported, and is read again once the back end answers', async () => {
    const { store, backend } = setup();
    const api = backend.api as { journalList: unknown; listPosts: unknown };
    const entry = { path: POST, text: `${A}Unsaved.`, baseVersion: version(A), savedAt: 1 };
    let journalUp = false;
    api.journalList = async () => {
      if (!journalUp) throw new Error('Failed to fetch');
      return [entry];
    };
    await store.getState().init();
    expect(store.getState().error).toMatch(/Could not read the recovery journal/);
    // A post list that loads, or a post that opens, does not hide it.
    await store.getState().loadPosts();
    await store.getState().openPost(OTHER);
    expect(store.getState().error).toMatch(/Could not read the recovery journal/);
    expect(store.getState().recovered).toEqual([]);
    // The back end answers again: the next list also reads the journal, and offers the text.
    journalUp = true;
    await store.getState().loadPosts();
    await vi.waitFor(() => expect(store.getState().recovered).toEqual([entry]));
    expect(store.getState().error).toBeNull();
  });

  it('a save the back end did not answer is tried again, and lands', async () => {
    const { store, backend, session, type } = setup();
    await store.getState().openPost(POST);
    type('Typed while the connection dropped.');
    const api = backend.api as { savePost: (r: unknown) => Promise<unknown> };
    const real = api.savePost;
    let drops = 2;
    api.savePost = async (r) => {
      if (drops-- > 0) throw new TypeError('Failed to fetch');
      return real(r);
    };
    expect(await store.getState().save()).toBe('error');
    expect(session().message).toMatch(
      /back end did not answer \(Failed to fetch\).*kept; trying again in 1 s/,
    );
    expect(store.getState().open?.dirty).toBe(true);
    await vi.advanceTimersByTimeAsync(1000);
    expect(session().message).toMatch(/trying again in 2 s/);
    await vi.advanceTimersByTimeAsync(2000);
    expect(backend.disk.get(POST)).toBe(`${A}Typed while the connection dropped.`);
    expect(store.getState().open?.dirty).toBe(false);
    expect(session().message).toBeNull();
  });

  it('a save whose answer was lost and that finds its own text on disk is saved, not a conflict', async () => {
    const { store, backend, session, type } = setup();
    await store.getState().openPost(POST);
    type('Mine.');
    const api = backend.api as { savePost: (r: unknown) => Promise<unknown> };
    const real = api.savePost;
    api.savePost = async (r) => {
      await real(r);
      // Written, then the answer was lost; sent again, it meets its own text.
      return real(r);
    };
    expect(await store.getState().save()).toBe('saved');
    expect(session().conflict).toBeNull();
    expect(backend.disk.get(POST)).toBe(`${A}Mine.`);
    type(' More.');
    api.savePost = real;
    expect(await store.getState().save()).toBe('saved');
    expect(backend.disk.get(POST)).toBe(`${A}Mine. More.`);
  });

  it('a recovered text that is then dropped (take theirs) leaves no stale journal entry', async () => {
    const { store, backend } = setup();
    backend.journal.set(POST, { text: `${A}Recovered.`, baseVersion: 'old' });
    await store
      .getState()
      .restore({ path: POST, text: `${A}Recovered.`, baseVersion: 'old', savedAt: 1 });
    await store.getState().resolveConflict('theirs');
    await vi.advanceTimersByTimeAsync(10);
    expect(backend.journal.has(POST)).toBe(false);
  });

  it('leaving the page clears a journal entry whose text was undone back to the file', async () => {
    const { store, backend, session, type } = setup();
    await store.getState().openPost(POST);
    type(' typed');
    await vi.advanceTimersByTimeAsync(2000);
    expect(backend.journal.get(POST)?.text).toBe(`${A} typed`);
    session().replaceText(A.replace(/\r\n/g, '\n'), 'undo');
    // The page goes away before the journal's own timer runs.
    store.getState().flushJournals();
    await vi.advanceTimersByTimeAsync(0);
    expect(backend.journal.has(POST)).toBe(false);
  });

  it('text dropped while its journal write is on the way (take theirs) leaves no stale entry', async () => {
    const { store, backend, session, type } = setup();
    await store.getState().openPost(POST);
    const api = backend.api as { journalWrite: (r: unknown) => Promise<unknown> };
    const write = api.journalWrite;
    let answer!: () => void;
    // The back end writes the entry at once; its answer comes back late.
    api.journalWrite = async (r) => {
      const done = await write(r);
      await new Promise<void>((resolve) => (answer = resolve));
      return done;
    };
    type(' unsaved');
    await vi.advanceTimersByTimeAsync(2000);
    expect(backend.journal.get(POST)?.text).toBe(`${A} unsaved`);
    // Another program writes the file; the user takes theirs before the answer arrives.
    backend.disk.set(POST, `${A}Theirs.`);
    await session().diskChanged('changed');
    expect(session().conflict).not.toBeNull();
    await store.getState().resolveConflict('theirs');
    answer();
    await vi.advanceTimersByTimeAsync(2000);
    expect(session().text()).toBe(`${A}Theirs.`.replace(/\r\n/g, '\n'));
    expect(backend.journal.has(POST)).toBe(false);
  });

  it('a post deleted on disk keeps its text, and saving writes it back', async () => {
    const { store, backend, session, type } = setup();
    await store.getState().openPost(POST);
    type('Keep me.');
    backend.disk.delete(POST);
    await store.getState().diskChanged(POST, 'removed');
    expect(store.getState().open!.status).toBe('deleted');
    expect(session().text()).toContain('Keep me.');
    expect(await store.getState().save()).toBe('saved');
    expect(backend.disk.get(POST)).toBe(`${A}Keep me.`);
  });
});
