import { checkSite } from '../../shared/site/check.ts';
import { parseAsOf } from '../../shared/site/publish.ts';
import { DeriveCache } from './derive-cache.ts';
import { Exporter } from './export.ts';
import type { Workspace } from './workspace.ts';

/** Runs every pre-publish check over a site (used by `quire check` and the app's panel). */
export async function runChecks(ws: Workspace) {
  const cache = new DeriveCache(
    (rel) => ws.pathOf(rel),
    () => ws.config,
    () => ws.posts(),
  );
  // Links may point at drafts and scheduled posts: check against a build that has them all.
  const built = await new Exporter(ws).build({ asOf: parseAsOf('9999-12-31'), drafts: true });
  const outputFiles = new Set([...built.files.keys(), ...built.copies.map((c) => c.to)]);
  return checkSite({
    posts: ws.posts(),
    config: ws.config,
    unreadable: ws.problems(),
    body: (p) => cache.body(p.path),
    derive: (p) => cache.derive(p, ws.config.summaryMode),
    outputFiles,
  });
}
