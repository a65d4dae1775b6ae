import { checkSite } from '../../shared/site/check.ts';
import { parseAsOf } from '../../shared/site/publish.ts';
import { Exporter } from '../services/export.ts';
import { DeriveCache } from '../services/derive-cache.ts';
import { Workspace } from '../services/workspace.ts';
import type { CliIo } from './io.ts';
import { UserError } from './io.ts';

/** Runs every pre-publish check over a site (used by `quire check` and the app's panel). */
export async function runChecks(ws: Workspace) {
  const cache = new DeriveCache((rel) => ws.pathOf(rel), () => ws.config);
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

/** `quire check <site>`: errors and warnings, each naming its file; exit 1 on errors. */
export async function checkCommand(site: string, io: CliIo): Promise<void> {
  const ws = await Workspace.open(site);
  const issues = await runChecks(ws);
  for (const i of issues) io.out(`${i.severity === 'error' ? 'error  ' : 'warning'}  ${i.file}: ${i.message}\n`);
  const errors = issues.filter((i) => i.severity === 'error').length;
  const warnings = issues.length - errors;
  io.out(`${ws.posts().length} posts checked: ${errors} error${errors === 1 ? '' : 's'}, ${warnings} warning${warnings === 1 ? '' : 's'}\n`);
  if (errors > 0) throw new UserError(`${errors} problem${errors === 1 ? '' : 's'} to fix before publishing (see above)`);
}
