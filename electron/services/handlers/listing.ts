import { QuireError } from '../../../shared/errors.ts';
import type { SiteConfig } from '../../../shared/site/config.ts';
import { listingPage, parseListingSpec, requireList } from '../../../shared/site/listing.ts';
import { languagePlan, listingNames, whereInPlan } from '../../../shared/site/plan.ts';
import { hiddenReason, parseAsOf } from '../../../shared/site/publish.ts';
import { previewListingHtml } from '../../../shared/site/templates.ts';
import { THEME_CSS } from '../../../shared/site/theme.ts';
import type { BackendContext, Handlers } from './context.ts';

/** The calls about listings: a page, its preview, where a post lands, which listings exist. */
export type ListingCalls = 'listing' | 'listingPreview' | 'whereIs' | 'listingPages';

/** A listing of posts by name; a terms index (`tags`) is not one. */
function postListingSpec(page: string, config: SiteConfig) {
  const spec = parseListingSpec(page, config);
  if (spec.kind === 'terms')
    throw new QuireError('invalid-request', `"${page}" is a terms index, not a listing of posts`);
  return spec;
}

export function listingHandlers(ctx: BackendContext): Handlers<ListingCalls> {
  return {
    listing: async ({ page, pageNumber, asOf, summaryMode, drafts, lang }) => {
      const { ws, planner, derive } = ctx.site();
      const plan = languagePlan(await planner.plan({ asOf: parseAsOf(asOf), drafts }), lang);
      return listingPage(
        plan,
        {
          spec: postListingSpec(page, ws.config),
          pageNumber,
          mode: summaryMode ?? ws.config.summaryMode,
        },
        derive.derive,
      );
    },
    listingPreview: async ({ page, pageNumber, asOf, drafts, lang }) => {
      const { ws, planner, derive } = ctx.site();
      const spec = postListingSpec(page, ws.config);
      const plan = languagePlan(await planner.plan({ asOf: parseAsOf(asOf), drafts }), lang);
      const result = listingPage(
        plan,
        { spec, pageNumber, mode: ws.config.summaryMode },
        derive.derive,
      );
      const urls = result.entries.map((e) => plan.pages.get(e.file)?.url ?? '#');
      const html = previewListingHtml(
        // A language's own title on a multilingual site.
        { ...ws.config, title: plan.config.title, languageCode: plan.config.languageCode },
        requireList(plan, spec).title,
        result.entries,
        { prev: pageNumber > 1, next: pageNumber < result.totalPages },
        THEME_CSS,
        urls,
      );
      return {
        html,
        page: result.page,
        pageNumber: result.pageNumber,
        totalPages: result.totalPages,
        files: result.entries.map((e) => e.file),
        urls,
      };
    },
    whereIs: async ({ path: rel, asOf }) => {
      const { ws, planner } = ctx.site();
      const post = ws.post(rel);
      if (!post) throw new QuireError('not-found', 'no such post', { file: rel });
      const day = parseAsOf(asOf);
      const plan = await planner.plan({ asOf: day });
      const lists = whereInPlan(plan, rel);
      return {
        hidden: hiddenReason(post.meta, day),
        url: plan.pages.get(rel)?.url ?? null,
        home: lists.find((l) => l.kind === 'home')?.pageNumber ?? null,
        terms: lists
          .filter((l) => l.kind === 'term')
          .map((l) => ({ page: l.name, pageNumber: l.pageNumber })),
        lists: lists.map((l) => ({ page: l.name, pageNumber: l.pageNumber })),
      };
    },
    listingPages: async ({ asOf, drafts, lang }) => {
      const { planner } = ctx.site();
      const site = await planner.plan({ asOf: parseAsOf(asOf), drafts });
      const pages = listingNames(languagePlan(site, lang), { indexes: false });
      if (!site.languages) return { pages };
      return {
        pages,
        languages: site.languages.map((l) => l.lang),
        defaultLanguage: site.config.defaultContentLanguage,
      };
    },
  };
}
