import { checkSite } from '../../shared/site/check.ts';
import { absentThemes, siteShortcodeNames } from './shortcodes.ts';
import { SitePlanner } from './site-plan.ts';
import { todayAsOf } from './today.ts';
import type { Workspace } from './workspace.ts';

/** Runs every pre-publish check over a site (used by `quire check` and the app's panel). */
export async function runChecks(ws: Workspace, planner = new SitePlanner(ws)) {
  const cache = ws.derive;
  // Links may point at drafts and scheduled posts (they will be there when published),
  // not at posts expired as of today: check against the plan that has exactly those.
  const tree = await planner.siteTree();
  const plan = await planner.plan({ asOf: todayAsOf(), drafts: true, future: true });
  const outputFiles = new Set([...plan.outputs, ...tree.staticFiles]);
  return checkSite({
    posts: ws.posts(),
    config: ws.config,
    unreadable: ws.problems(),
    body: (p) => cache.body(p.path),
    source: (p) => cache.text(p.path),
    shortcodes: await siteShortcodeNames(ws.root),
    absentThemes: await absentThemes(ws.root),
    derive: (p) => cache.derive(p, ws.config.summaryMode),
    outputFiles,
    plan,
  });
}
