import { calendarDay } from '../../../shared/content/dates.ts';
import { planUrl } from '../../../shared/site/plan.ts';
import { hiddenReason, parseAsOf } from '../../../shared/site/publish.ts';
import { todayAsOf } from '../today.ts';
import type { BackendContext, Handlers } from './context.ts';

/** The calls about posts: the list, read, save, create, rename, copy, delete, search. */
export type PostCalls =
  | 'listPosts'
  | 'readPost'
  | 'savePost'
  | 'createPost'
  | 'renamePost'
  | 'duplicatePost'
  | 'deletePost'
  | 'search';

export function postHandlers(ctx: BackendContext): Handlers<PostCalls> {
  return {
    listPosts: async ({ asOf }) => {
      const { ws, planner } = ctx.site();
      const day = asOf ? parseAsOf(asOf) : todayAsOf();
      // Where every post would be, hidden or not: one plan with them all.
      const all = await planner.plan({ asOf: day, drafts: true, future: true, expired: true });
      return {
        posts: ws.posts().map((p) => ({
          path: p.path,
          title: p.meta.title,
          date: p.meta.date ? calendarDay(p.meta.date) : null,
          draft: p.meta.draft,
          tags: p.meta.tags,
          categories: p.meta.categories,
          section: p.section,
          summary: p.meta.summary,
          hidden: hiddenReason(p.meta, day),
          url: planUrl(all, p),
          mtimeMs: p.mtimeMs,
        })),
        problems: ws.problems(),
      };
    },
    readPost: async ({ path: rel }) => ctx.site().ws.readPost(rel),
    savePost: async ({ path: rel, text, baseVersion }) => ({
      version: await ctx.site().ws.savePost(rel, text, baseVersion),
    }),
    createPost: async ({ title }) => ({ path: await ctx.site().ws.createPost(title) }),
    renamePost: async ({ path: rel, slug }) => {
      const { ws } = ctx.site();
      const to = await ws.renamePost(rel, slug);
      // The post's unsaved text in the journal follows it, and so does its local history.
      ctx.journal.move(ws.root, rel, to);
      await ws.store.history?.move(rel, to);
      return { path: to };
    },
    duplicatePost: async ({ path: rel }) => ({ path: await ctx.site().ws.duplicatePost(rel) }),
    deletePost: async ({ path: rel }) => ({
      trashedTo: await ctx.site().ws.deletePost(rel, ctx.platform.trash),
    }),
    search: async ({ query, limit }) => ctx.site().searcher.search(query, limit),
  };
}
