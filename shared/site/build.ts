import type { SummaryMode } from './config.ts';
import type { SiteConfig } from './config.ts';
import type { SitePost } from './listing.ts';
import { planSite } from './plan.ts';
import type { Collision, ContentTree, SitePlan } from './plan.ts';
import type { PublishOptions } from './publish.ts';
import type { AsOf } from './publish.ts';
import { createBuildMemo, renderSite } from './render.ts';
import type { BuildDerive, BuildMemo, RenderOptions } from './render.ts';

export { createBuildMemo };
export type { BuildDerive, BuildMemo };

/** How to build: what readers see as of a date, optionally with hidden posts, under a base URL. */
export interface BuildOptions extends PublishOptions {
  asOf: AsOf;
  /** Overrides the config's baseURL (e.g. `https://example.org/blog/`). */
  baseURL?: string;
  mode?: SummaryMode;
}

/** What the build reads from the site folder besides the posts. */
export interface BuildAssets extends ContentTree {
  /** Files under static/, relative to it: copied over anything generated. */
  staticFiles?: readonly string[];
}

/** The site: text files by output path, and files to copy (site-relative source -> output). */
export interface BuiltSite {
  files: Map<string, string>;
  copies: { from: string; to: string }[];
  pages: number;
  warnings: string[];
  /** URLs wanted by two sources: the export fails on these unless told to continue. */
  collisions: Collision[];
  plan: SitePlan;
}

/**
 * Builds the whole site, pure and deterministic: the same posts, config and options give
 * byte-identical files. Stages: plan (publish rules, URLs, lists: planSite), render
 * (pages, redirects) and feeds (RSS, sitemap, robots.txt), then the site's static/
 * files over anything generated.
 */
export function buildSite(
  posts: readonly SitePost[],
  config: SiteConfig,
  options: BuildOptions,
  derive: BuildDerive,
  assets: BuildAssets = {},
  memo: BuildMemo = createBuildMemo(),
): BuiltSite {
  // The last plan lends its order and unchanged posts' URLs (it never changes the result).
  const plan = planSite(posts, config, options, assets, memo.plan);
  memo.plan = plan;
  return writeStage(plan, options, derive, assets.staticFiles ?? [], memo);
}

/** The base URL pages are built for: the option, else the config's, else `/`. */
export function siteBaseURL(plan: SitePlan, options: Pick<BuildOptions, 'baseURL'>): string {
  return options.baseURL || plan.config.baseURL || '/';
}

/** Render an existing plan and lay the static files over it. */
export function writeStage(
  plan: SitePlan,
  options: Pick<BuildOptions, 'baseURL' | 'mode'> & Pick<RenderOptions, 'elsewhere' | 'onFile'>,
  derive: BuildDerive,
  staticFiles: readonly string[],
  memo: BuildMemo = createBuildMemo(),
): BuiltSite {
  const { config } = plan;
  const rendered = renderSite(
    plan,
    {
      baseURL: siteBaseURL(plan, options),
      mode: options.mode ?? config.summaryMode,
      elsewhere: options.elsewhere,
      onFile: options.onFile,
    },
    derive,
    memo,
  );
  const files = rendered.files;
  const warnings = [...plan.warnings];
  for (const c of plan.collisions)
    warnings.push(
      `${c.sources.join(' and ')} are all at ${c.url}; only ${c.sources[0]} is written`,
    );
  // The site's static/ files win over generated ones, as in Hugo (e.g. its robots.txt).
  const copies = new Map(plan.copies.map((c) => [c.to, c]));
  for (const f of staticFiles) {
    files.delete(f);
    copies.set(f, { from: `static/${f}`, to: f });
  }
  return {
    files,
    copies: [...copies.values()].sort((a, b) => (a.to < b.to ? -1 : 1)),
    pages: rendered.pages,
    warnings,
    collisions: plan.collisions,
    plan,
  };
}
