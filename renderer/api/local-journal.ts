import type { CallRequest, QuireApi } from '../../shared/ipc/contract.ts';

/** Unsaved text kept in the tab while the back end cannot take it. */
export interface LocalEntry {
  root: string;
  path: string;
  text: string;
  baseVersion: string | null;
  writtenAt: number;
}

const PREFIX = 'quire-unsaved:';

/** The API with a second journal in the tab, and a way to hand its entries back. */
export type JournaledApi = QuireApi & {
  /** Gives every entry kept in the tab for the open site to the back end's journal. */
  handBack(): Promise<number>;
  /** Entries kept in the tab (tests, diagnostics). */
  localEntries(): LocalEntry[];
};

/**
 * The browser host's safety net for a lost server: every journal write is kept in the
 * tab's storage (per site and post) until the back end has it, so text typed while Quire
 * was stopped survives even a reload; when the server is back, `handBack` gives it to the
 * back end's journal, which offers it back (recovery) or the open session saves it.
 */
export function withLocalJournal(api: QuireApi, storage: Storage): JournaledApi {
  let root: string | null = null;
  const key = (r: string, p: string) => `${PREFIX}${JSON.stringify([r, p])}`;
  const read = (k: string): LocalEntry | null => {
    try {
      const e = JSON.parse(storage.getItem(k) ?? 'null') as LocalEntry | null;
      return e && typeof e.text === 'string' && typeof e.path === 'string' ? e : null;
    } catch {
      return null;
    }
  };
  const entries = (): LocalEntry[] => {
    const out: LocalEntry[] = [];
    for (let i = 0; i < storage.length; i++) {
      const k = storage.key(i);
      if (k?.startsWith(PREFIX)) {
        const e = read(k);
        if (e) out.push(e);
      }
    }
    return out;
  };
  /** Forgets an entry unless a newer write replaced it meanwhile. */
  const forget = (r: string, p: string, writtenAt: number | undefined) => {
    const k = key(r, p);
    const e = read(k);
    if (e && (writtenAt === undefined || e.writtenAt <= writtenAt)) storage.removeItem(k);
  };
  const wrapped: JournaledApi = {
    ...api,
    async currentSite(req) {
      const s = await api.currentSite(req);
      root = s?.root ?? null;
      return s;
    },
    async openSite(req) {
      const s = await api.openSite(req);
      root = s.root;
      return s;
    },
    async journalWrite(req: CallRequest<'journalWrite'>) {
      const r = root;
      const writtenAt = req.writtenAt ?? Date.now();
      if (r !== null) {
        try {
          storage.setItem(
            key(r, req.path),
            JSON.stringify({
              root: r,
              path: req.path,
              text: req.text,
              baseVersion: req.baseVersion,
              writtenAt,
            }),
          );
        } catch {
          // Storage full: the back end's journal and the editor still hold the text.
        }
      }
      const answer = await api.journalWrite({ ...req, writtenAt });
      if (r !== null) forget(r, req.path, writtenAt);
      return answer;
    },
    async journalClear(req) {
      // A clear means nothing is unsaved (saved, or undone back to the file): forgotten here
      // first, so a page that goes away before the answer leaves no stale text behind.
      if (root !== null) forget(root, req.path, req.writtenAt);
      return api.journalClear(req);
    },
    async journalList(req) {
      await wrapped.handBack();
      return api.journalList(req);
    },
    async handBack() {
      const r = root;
      if (r === null) return 0;
      let n = 0;
      for (const e of entries().filter((x) => x.root === r)) {
        await api.journalWrite({
          path: e.path,
          text: e.text,
          baseVersion: e.baseVersion,
          writtenAt: e.writtenAt,
        });
        forget(r, e.path, e.writtenAt);
        n++;
      }
      return n;
    },
    localEntries: entries,
    subscribe: (listener) => api.subscribe(listener),
  };
  return wrapped;
}
