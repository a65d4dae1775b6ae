import { Compartment, EditorState, Text } from '@codemirror/state';
import type { Extension, Transaction, TransactionSpec } from '@codemirror/state';
import { parseFrontMatter } from '../../shared/content/front-matter.ts';
import { toDiskText, toEditorText } from '../../shared/content/line-endings.ts';
import { errorCode } from '../../shared/errors.ts';
import type { QuireApi } from '../../shared/ipc/contract.ts';

/** The part of an EditorView a session needs: its state and a way to change it. */
export interface SessionView {
  readonly state: EditorState;
  dispatch(...specs: TransactionSpec[]): void;
}

/** What a session needs from the app around it. */
export interface SessionHost {
  api: Pick<QuireApi, 'readPost' | 'savePost' | 'journalWrite' | 'journalClear'>;
  prefs(): { autosave: boolean; autosaveMs: number };
  /** The editor's extensions for this session (keymaps, language, paste…). */
  extensions(session: DocumentSession): Extension;
  /** Something the UI shows changed (status, dirty, conflict, path…). */
  changed(session: DocumentSession): void;
  /** The text changed and typing paused: preview, form and status bar may follow. */
  textSettled(session: DocumentSession): void;
  /** A save landed (the post list may have changed). */
  saved?(session: DocumentSession): void;
}

/** What the user sees of a session's state. */
export type SessionStatus =
  'idle' | 'saving' | 'saved' | 'held' | 'conflict' | 'deleted' | 'error' | 'reloaded';

/** The file changed on disk while the session had unsaved edits: the disk side. */
export interface Conflict {
  /** The file's text on disk, exactly. */
  theirsText: string;
  theirsVersion: string;
  /** Why: a change on disk, or recovered text written against another version. */
  reason: 'disk' | 'recovered';
}

/** What `save()` did. */
export type SaveOutcome = 'saved' | 'unchanged' | 'held' | 'conflict' | 'error';

/** Marks transactions that replace the text from outside the keyboard (reload, merge, form). */
const bridge = new Compartment();

/**
 * One open post: the only owner of its text outside CodeMirror. It holds the editor state
 * (text, selection, undo) whether or not an editor is mounted, the version of the file it
 * was read at, the exact disk text (so line endings and BOM are written back as they were),
 * the journal, autosave, conflicts, and the one `save()`. Views come and go; the session
 * and everything typed stay.
 */
export class DocumentSession {
  path: string;
  /** The file's text on disk at `baseVersion`, byte for byte (BOM and line breaks included). */
  diskText: string;
  /** null: the file does not exist on disk (deleted, or not written yet). */
  baseVersion: string | null;
  status: SessionStatus = 'idle';
  message: string | null = null;
  conflict: Conflict | null = null;
  /** Why autosave holds this text back (front matter that no longer parses). */
  held: string | null = null;
  /** The last form edit that was refused, shown at the form. */
  fieldError: { field: string; message: string } | null = null;
  /** Form values the user typed that are not valid yet, so not in the text (field → value). */
  readonly drafts = new Map<string, string>();
  /** Increases with every change of the text. */
  revision = 0;
  /** Where the editor was scrolled to, kept across view switches. */
  scrollTop = 0;

  private state: EditorState;
  private view: SessionView | null = null;
  private savedDoc: Text;
  private dirtyFlag = false;
  private saving: Promise<SaveOutcome> | null = null;
  private timers: { settle?: Timer; journal?: Timer; autosave?: Timer; retry?: Timer } = {};
  /** Saves that could not reach the back end in a row (the next try waits longer). */
  private unreachable = 0;
  private journalled = false;
  private closed = false;

  constructor(
    private readonly host: SessionHost,
    path: string,
    disk: { text: string; version: string | null },
  ) {
    this.path = path;
    this.diskText = disk.text;
    this.baseVersion = disk.version;
    this.state = EditorState.create({
      doc: toEditorText(disk.text),
      extensions: [host.extensions(this), bridge.of([])],
    });
    this.savedDoc = this.state.doc;
  }

  /** The editor state to mount a view with (the live one while a view is mounted). */
  editorState(): EditorState {
    return this.view?.state ?? this.state;
  }

  /** The text as the editor shows it (line breaks as `\n`, no BOM). */
  text(): string {
    return this.editorState().doc.toString();
  }

  /** The text as it would be written to disk now. */
  diskForm(): string {
    return toDiskText(this.text(), this.diskText);
  }

  /** True when the text differs from what is on disk at `baseVersion`. */
  get dirty(): boolean {
    return this.dirtyFlag;
  }

  /** A mounted editor takes over the live state; `viewExtension` holds its callbacks. */
  attach(view: SessionView, viewExtension: Extension): void {
    this.view = view;
    view.dispatch({ effects: bridge.reconfigure(viewExtension) });
  }

  /** The editor unmounts: the session keeps its state, without the view's callbacks. */
  detach(view: SessionView): void {
    if (this.view !== view) return;
    view.dispatch({ effects: bridge.reconfigure([]) });
    this.state = view.state;
    this.view = null;
  }

  /** For EditorView's `dispatchTransactions`: the view applied these; the session follows. */
  afterTransactions(trs: readonly Transaction[]): void {
    if (!trs.some((t) => t.docChanged)) return;
    this.textChanged();
  }

  /** Changes the text (or selection) whether or not an editor is mounted. */
  dispatch(spec: TransactionSpec): void {
    if (this.view) {
      this.view.dispatch(spec);
      return;
    }
    const tr = this.state.update(spec);
    this.state = tr.state;
    if (tr.docChanged) this.textChanged();
  }

  /**
   * Replaces the text with `next` as one minimal change (common prefix and suffix kept),
   * so a form edit, a reload or a merge is a single undoable step.
   */
  replaceText(next: string, userEvent = 'input.form'): void {
    const cur = this.text();
    if (cur === next) return;
    let a = 0;
    const max = Math.min(cur.length, next.length);
    while (a < max && cur.charCodeAt(a) === next.charCodeAt(a)) a++;
    let b = 0;
    while (
      b < max - a &&
      cur.charCodeAt(cur.length - 1 - b) === next.charCodeAt(next.length - 1 - b)
    )
      b++;
    this.dispatch({
      changes: { from: a, to: cur.length - b, insert: next.slice(a, next.length - b) },
      userEvent,
    });
  }

  private textChanged(): void {
    this.revision++;
    const doc = this.editorState().doc;
    const dirty = doc.length !== this.savedDoc.length || !doc.eq(this.savedDoc);
    const statusWas = this.status;
    if (this.status === 'saved' || this.status === 'reloaded') {
      this.status = 'idle';
      this.message = null;
    }
    if (dirty !== this.dirtyFlag || statusWas !== this.status) {
      this.dirtyFlag = dirty;
      this.host.changed(this);
    }
    // Long posts wait a little longer, so typing is not interrupted by the preview.
    this.later('settle', Math.min(250, 40 + doc.length / 1500), () => this.host.textSettled(this));
    this.later('journal', Math.min(1500, 300 + doc.length / 300), () => void this.journal());
    this.scheduleAutosave();
  }

  private scheduleAutosave(): void {
    const prefs = this.host.prefs();
    if (!prefs.autosave || !this.dirtyFlag || this.conflict) {
      this.cancel('autosave');
      return;
    }
    this.later('autosave', prefs.autosaveMs, () => void this.save({ auto: true }));
  }

  /** Preferences changed (autosave turned on or off). */
  prefsChanged(): void {
    this.scheduleAutosave();
  }

  /** Runs the autosave that is waiting, now (tests, and before the app hides). */
  async flushAutosave(): Promise<void> {
    if (this.timers.autosave) {
      this.cancel('autosave');
      await this.save({ auto: true });
    }
  }

  /**
   * Brings the journal up to date now if it is behind (the page is going away): unsaved
   * text written, or an entry cleared that no longer holds anything unsaved.
   */
  flushJournal(): void {
    if (this.dirtyFlag || this.timers.journal !== undefined || this.journalled) void this.journal();
  }

  /** Writes the unsaved text to the crash journal now (or clears it when nothing is unsaved). */
  async journal(): Promise<void> {
    this.cancel('journal');
    if (this.closed) return;
    try {
      // Marked before the request goes: a clear decided while it is on its way (take
      // theirs, an undo back to the file) must know an entry may be there.
      if (this.dirtyFlag) {
        this.journalled = true;
        await this.host.api.journalWrite({
          path: this.path,
          text: this.diskForm(),
          baseVersion: this.baseVersion,
          writtenAt: now(),
        });
      } else if (this.journalled) {
        this.journalled = false;
        await this.host.api.journalClear({ path: this.path, writtenAt: now() });
      }
    } catch {
      // The journal is a safety net; the text is still in the editor.
    }
  }

  /**
   * The one save: writes the text if it changed, only over the version it was read at
   * (a change on disk becomes a conflict, never an overwrite), and holds back a text whose
   * front matter no longer parses unless `force`. One save runs at a time.
   */
  save(opts: { auto?: boolean; force?: boolean } = {}): Promise<SaveOutcome> {
    // The text is taken when the save starts: now, or when the save before it is done.
    const run = this.saving
      ? this.saving.catch(() => 'error' as const).then(() => this.doSave(opts))
      : this.doSave(opts);
    this.saving = run;
    void run.finally(() => {
      if (this.saving === run) this.saving = null;
    });
    return run;
  }

  private async doSave(opts: { auto?: boolean; force?: boolean }): Promise<SaveOutcome> {
    this.cancel('autosave');
    if (this.conflict) return 'conflict';
    const doc = this.editorState().doc;
    if (!this.dirtyFlag && this.baseVersion !== null) return 'unchanged';
    const edited = doc.toString();
    if (!opts.force) {
      const why = frontMatterBroken(toEditorText(this.diskText), edited, this.path);
      if (why) {
        this.held = why;
        this.status = 'held';
        this.message = opts.auto
          ? `Not saved automatically: ${why}`
          : `Not saved: ${why}. Fix it, or choose Save anyway.`;
        this.host.changed(this);
        return 'held';
      }
    }
    const text = toDiskText(edited, this.diskText);
    this.status = 'saving';
    this.held = null;
    this.host.changed(this);
    try {
      const { version } = await this.host.api.savePost({
        path: this.path,
        text,
        baseVersion: this.baseVersion,
      });
      this.saved(text, version, doc);
      return 'saved';
    } catch (err) {
      const e = err as Error & { code?: string };
      if (errorCode(err) === 'conflict') {
        const disk = await this.host.api.readPost({ path: this.path }).catch(() => null);
        // Our own text is there (a save whose answer was lost, then sent again): saved.
        if (disk && disk.text === text) {
          this.saved(text, disk.version, doc);
          return 'saved';
        }
        if (disk) {
          this.setConflict({ theirsText: disk.text, theirsVersion: disk.version, reason: 'disk' });
          return 'conflict';
        }
      }
      this.status = 'error';
      if (e.code === undefined) {
        // The back end did not answer (restarting, a dropped connection): the text stays
        // here and in the journal, and the save is tried again, a little later each time.
        const wait = Math.min(10_000, 1000 * 2 ** this.unreachable++);
        this.message = `Not saved yet: Quire's back end did not answer (${e.message}). Your text is kept; trying again in ${Math.round(wait / 1000)} s.`;
        this.later('retry', wait, () => {
          if (this.dirtyFlag && !this.conflict) void this.save({ auto: opts.auto });
        });
      } else this.message = e.message;
      this.host.changed(this);
      return 'error';
    }
  }

  /** A save landed: `text` (version `version`) is on disk, from editor text `doc`. */
  private saved(text: string, version: string, doc: Text): void {
    this.unreachable = 0;
    this.cancel('retry');
    this.diskText = text;
    this.baseVersion = version;
    this.savedDoc = doc;
    const now = this.editorState().doc;
    this.dirtyFlag = now !== doc && !now.eq(doc);
    this.status = 'saved';
    this.message = null;
    this.host.changed(this);
    this.host.saved?.(this);
    if (!this.dirtyFlag) void this.journal();
    else this.scheduleAutosave();
  }

  private setConflict(c: Conflict): void {
    this.conflict = c;
    this.status = 'conflict';
    this.message =
      c.reason === 'recovered'
        ? 'The recovered text was written against another version of this post. Compare them and choose what to keep.'
        : 'This post changed on disk while you had unsaved edits. Nothing is overwritten until you choose.';
    this.cancel('autosave');
    this.host.changed(this);
  }

  /**
   * The file changed on disk (or was removed). An unedited post reloads; an edited one
   * keeps every typed character and shows a conflict. Waits for a save in flight first.
   */
  async diskChanged(kind: 'changed' | 'removed'): Promise<void> {
    while (this.saving) await this.saving.catch(() => undefined);
    if (kind === 'removed') {
      this.baseVersion = null;
      this.dirtyFlag = true;
      this.status = 'deleted';
      this.message =
        'This post was deleted on disk. Your text is still here: save to write it back.';
      this.cancel('autosave');
      this.host.changed(this);
      return;
    }
    const disk = await this.host.api.readPost({ path: this.path }).catch(() => null);
    // From here on nothing awaits: typing cannot slip in between the check and the change.
    if (!disk || disk.version === this.baseVersion) return;
    if (this.conflict) {
      this.conflict = { ...this.conflict, theirsText: disk.text, theirsVersion: disk.version };
      this.host.changed(this);
      return;
    }
    const mineOnDisk = this.diskForm();
    if (disk.text === mineOnDisk) {
      // Someone wrote exactly this text (or our own save echoed): nothing to choose.
      this.adopt(disk.text, disk.version);
      this.host.changed(this);
      return;
    }
    if (this.dirtyFlag) {
      this.setConflict({ theirsText: disk.text, theirsVersion: disk.version, reason: 'disk' });
      return;
    }
    this.replaceText(toEditorText(disk.text), 'reload');
    this.adopt(disk.text, disk.version);
    this.status = 'reloaded';
    this.message = 'Reloaded: the file changed on disk.';
    this.host.changed(this);
  }

  private adopt(text: string, version: string | null): void {
    this.diskText = text;
    this.baseVersion = version;
    this.savedDoc = this.editorState().doc;
    this.dirtyFlag = false;
    this.held = null;
    void this.journal();
  }

  /**
   * Ends a conflict: `theirs` takes the disk text (yours stays in undo), `mine` writes your
   * text over it, a string writes that merged text. Only this, the user's word, writes.
   */
  async resolve(
    choice: 'mine' | 'theirs' | { merged: string; theirsVersion?: string | null },
  ): Promise<SaveOutcome> {
    const c = this.conflict;
    if (!c) return 'unchanged';
    // A merge made against a version on disk that has changed since: nothing is written,
    // the conflict stays and shows the newer file (the merge would have dropped its change).
    if (
      typeof choice === 'object' &&
      choice.theirsVersion !== undefined &&
      choice.theirsVersion !== c.theirsVersion
    ) {
      this.message =
        'The file on disk changed again while you compared: nothing was written. Compare with the newer version and save again.';
      this.host.changed(this);
      return 'conflict';
    }
    this.conflict = null;
    if (choice === 'theirs') {
      this.replaceText(toEditorText(c.theirsText), 'merge.theirs');
      this.adopt(c.theirsText, c.theirsVersion);
      this.status = 'idle';
      this.message = null;
      this.host.changed(this);
      return 'unchanged';
    }
    if (typeof choice === 'object') this.replaceText(choice.merged, 'merge');
    this.diskText = c.theirsText;
    this.baseVersion = c.theirsVersion;
    const doc = this.editorState().doc;
    this.dirtyFlag = !doc.eq(Text.of(toEditorText(c.theirsText).split('\n')));
    this.savedDoc = Text.of(toEditorText(c.theirsText).split('\n'));
    this.status = 'idle';
    this.message = null;
    this.host.changed(this);
    if (!this.dirtyFlag) {
      void this.journal();
      return 'unchanged';
    }
    return this.save();
  }

  /**
   * Puts recovered text (from the crash journal) in the editor. Written against the
   * version on disk, it is simply unsaved text; against another one, a conflict to compare.
   */
  recover(text: string, baseVersion: string | null): void {
    // The journal holds an entry for this post: clear it once the text is saved or dropped.
    this.journalled = true;
    if (text === this.diskText) return;
    this.replaceText(toEditorText(text), 'recover');
    // The file is gone: the recovered text is simply unsaved; otherwise compare versions.
    if (this.baseVersion !== null && baseVersion !== this.baseVersion)
      this.setConflict({
        theirsText: this.diskText,
        theirsVersion: this.baseVersion ?? '',
        reason: 'recovered',
      });
  }

  /**
   * Restores a version from the local history through `run` (the back end's restore: an
   * ordinary save over this session's version, which keeps the file it replaces and the
   * unsaved text in the history). The editor then shows it as one undoable change.
   */
  async restoreVersion(
    run: (req: {
      path: string;
      baseVersion: string | null;
      unsaved: string | null;
    }) => Promise<{ version: string; text: string }>,
  ): Promise<void> {
    while (this.saving) await this.saving.catch(() => undefined);
    if (this.conflict) throw new Error('Resolve the conflict with the file on disk first.');
    const unsaved = this.dirtyFlag ? this.diskForm() : null;
    const { version, text } = await run({
      path: this.path,
      baseVersion: this.baseVersion,
      unsaved,
    });
    this.cancel('autosave');
    this.replaceText(toEditorText(text), 'history.restore');
    this.adopt(text, version);
    this.status = 'saved';
    this.message = 'Restored. The version it replaced is in the history.';
    this.host.changed(this);
    this.host.saved?.(this);
  }

  /** The file moved (rename, bundle conversion): same text, new path. */
  moved(path: string, disk?: { text: string; version: string }): void {
    this.path = path;
    if (disk && disk.text === this.diskText) this.baseVersion = disk.version;
    this.host.changed(this);
  }

  /** The site closed: timers stop; unsaved text stays in the journal. */
  close(): void {
    this.closed = true;
    for (const k of Object.keys(this.timers) as (keyof typeof this.timers)[]) this.cancel(k);
  }

  private later(key: keyof typeof this.timers, ms: number, fn: () => void): void {
    this.cancel(key);
    if (this.closed) return;
    this.timers[key] = setTimeout(() => {
      delete this.timers[key];
      fn();
    }, ms);
  }

  private cancel(key: keyof typeof this.timers): void {
    const t = this.timers[key];
    if (t !== undefined) clearTimeout(t);
    delete this.timers[key];
  }
}

type Timer = ReturnType<typeof setTimeout>;

/** A clock that never goes back (journal requests are ordered by it). */
const now = (): number => performance.timeOrigin + performance.now();

/**
 * Why saving `edited` would break front matter that parses in `before` (null when it would
 * not): the block no longer parses, or the file no longer has front matter at all.
 */
export function frontMatterBroken(before: string, edited: string, path: string): string | null {
  let had: boolean;
  try {
    had = parseFrontMatter(before, path).split.format !== null;
  } catch {
    return null; // It did not parse before either: the user is mending it.
  }
  if (!had) return null;
  try {
    const now = parseFrontMatter(edited, path);
    if (now.split.format === null)
      return 'the front matter is no longer recognised (check the --- lines at the top)';
    return null;
  } catch (err) {
    const m = /:(\d+):\d+: (.*)$/s.exec((err as Error).message);
    return `the front matter no longer parses (${m ? `line ${m[1]}: ${m[2]}` : (err as Error).message})`;
  }
}
