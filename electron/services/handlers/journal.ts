import type { BackendContext, Handlers } from './context.ts';

/** The calls about the journal: unsaved text kept in the app's data folder. */
export type JournalCalls = 'journalWrite' | 'journalClear' | 'journalList';

export function journalHandlers(ctx: BackendContext): Handlers<JournalCalls> {
  return {
    journalWrite: async ({ path: rel, text, baseVersion, writtenAt }) => {
      const { ws } = ctx.site();
      ws.resolve(rel);
      const saved = ctx.journal.write(
        { root: ws.root, path: rel, text, baseVersion, savedAt: Date.now() },
        writtenAt,
      );
      return { saved };
    },
    journalClear: async ({ path: rel, writtenAt }) => ({
      cleared: ctx.journal.clear(ctx.site().ws.root, rel, writtenAt),
    }),
    journalList: async () => {
      const { ws } = ctx.site();
      const out = [];
      for (const { path: p, text, baseVersion, savedAt } of ctx.journal.list(ws.root)) {
        // Text that equals the file is not unsaved: forget it instead of offering it back.
        const disk = await ws.readPost(p).catch(() => null);
        if (disk?.text === text) ctx.journal.clear(ws.root, p);
        else out.push({ path: p, text, baseVersion, savedAt });
      }
      return out;
    },
  };
}
