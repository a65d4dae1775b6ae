import { calendarDay } from '../../../shared/content/dates.ts';
import { fileLanguage } from '../../../shared/site/config.ts';
import { planUrl } from '../../../shared/site/plan.ts';
import { hiddenReason, parseAsOf } from '../../../shared/site/publish.ts';
import { todayAsOf } from '../today.ts';
import { planRename, renamePost } from '../rename-post.ts';
import type { RenamePlan } from '../rename-post.ts';
import type { BackendContext, Handlers } from './context.ts';

function planAnswer(plan: RenamePlan) {
  return { oldUrl: plan.oldUrl, newUrl: plan.newUrl, alias: plan.alias, changes: plan.changes };
}

/** The calls about posts: the list, read, save, create, rename, copy, delete, search. */
export type PostCalls =
  | 'listPosts'
  | 'readPost'
  | 'savePost'
  | 'createPost'
  | 'renamePost'
  | 'duplicatePost'
  | 'deletePost'
  | 'restorePost'
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
          ...(all.languages
            ? {
                lang: fileLanguage(p.path, all.config),
                translations: all.translations?.get(p.path) ?? [],
              }
            : {}),
        })),
        problems: ws.problems(),
      };
    },
    readPost: async ({ path: rel }) => ctx.site().ws.readPost(rel),
    savePost: async ({ path: rel, text, baseVersion }) => ({
      version: await ctx.site().ws.savePost(rel, text, baseVersion),
    }),
    createPost: async ({ title }) => ({ path: await ctx.site().ws.createPost(title) }),
    renamePost: async ({ path: rel, dryRun, ...req }) => {
      const { ws, planner } = ctx.site();
      if (dryRun) {
        const plan = await planRename(ws, planner, rel, req);
        return { path: plan.to, ...planAnswer(plan) };
      }
      const plan = await renamePost(ws, planner, rel, req);
      // The post's unsaved text in the journal follows it, and so does its local history.
      if (plan.to !== rel) {
        ctx.journal.move(ws.root, rel, plan.to);
        await ws.store.history?.move(rel, plan.to);
      }
      return { path: plan.to, ...planAnswer(plan) };
    },
    duplicatePost: async ({ path: rel }) => ({ path: await ctx.site().ws.duplicatePost(rel) }),
    deletePost: async ({ path: rel }) => {
      const trash = ctx.platform.trash;
      return {
        trashedTo: await ctx.site().ws.deletePost(rel, trash ? (abs) => trash(abs) : undefined),
        undoable: !trash,
      };
    },
    restorePost: async ({ trashedTo, path: rel }) => ({
      path: await ctx.site().ws.restorePost(trashedTo, rel),
    }),
    search: async ({ query, limit }) => ctx.site().searcher.search(query, limit),
  };
}
