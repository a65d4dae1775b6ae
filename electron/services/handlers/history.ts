import { QuireError } from '../../../shared/errors.ts';
import { historyOptions } from '../history.ts';
import type { LocalHistory } from '../history.ts';
import { decodeText } from '../text-file.ts';
import type { BackendContext, Handlers } from './context.ts';

/** The calls about local history: a post's timeline, one version, restore. */
export type HistoryCalls = 'historyList' | 'historyRead' | 'historyRestore';

export function historyHandlers(ctx: BackendContext): Handlers<HistoryCalls> {
  const history = (): LocalHistory => {
    const h = ctx.site().ws.store.history;
    if (!h) throw new QuireError('failed', 'local history is off for this site');
    return h;
  };
  return {
    historyList: async ({ path: rel }) => {
      ctx.site().ws.resolve(rel);
      return {
        entries: await history().list(rel),
        location: historyOptions(ctx.settings.get().history).location,
      };
    },
    historyRead: async ({ path: rel, id }) => {
      ctx.site().ws.resolve(rel);
      return { text: decodeText(await history().read(rel, id), rel) };
    },
    historyRestore: async ({ path: rel, id, baseVersion, unsaved }) => {
      const { ws } = ctx.site();
      ws.resolve(rel);
      const h = history();
      const text = decodeText(await h.read(rel, id), rel);
      // Text typed but not saved is kept too: a restore never loses a word.
      if (unsaved !== null && unsaved !== text)
        await h.record(rel, Buffer.from(unsaved, 'utf8'), 'unsaved');
      // An ordinary save: the version on disk goes to the history first.
      const version = await ws.savePost(rel, text, baseVersion);
      return { version, text };
    },
  };
}
