import { QuireError } from '../../shared/errors.ts';
import { initSite } from '../services/init-site.ts';
import { SitePlanner } from '../services/site-plan.ts';
import { Workspace } from '../services/workspace.ts';
import { planRename, renamePost } from '../services/rename-post.ts';
import type { RenamePlan } from '../services/rename-post.ts';
import type { CliIo } from './io.ts';

/** `quire rename` options as commander gives them. */
export interface RenameCommandOptions {
  slug?: string;
  name?: string;
  bundle?: boolean;
  single?: boolean;
  alias?: boolean;
  dryRun?: boolean;
}

const CONTENT_FILE = /\.(md|markdown|mdown|mkd|mkdn|html?)$/i;

/** `quire new <site> <title-or-path> [--kind]`: a title, or a content path like hugo new. */
export async function newCommand(
  site: string,
  what: string,
  opts: { kind?: string },
  io: CliIo,
): Promise<void> {
  const ws = await Workspace.open(site);
  const isPath = what.includes('/') || CONTENT_FILE.test(what);
  const created = isPath
    ? await ws.newContent(what, { kind: opts.kind })
    : [await ws.createPost(what)];
  io.out(created.join('\n') + '\n');
}

/** `quire init <folder>`: a new Hugo site. */
export async function initCommand(
  folder: string,
  opts: { title?: string; baseUrl: string; language: string; summaryMode?: string },
  io: CliIo,
): Promise<void> {
  const mode = opts.summaryMode ?? 'paragraph';
  if (mode !== 'paragraph' && mode !== 'sentence')
    throw new QuireError(
      'invalid-request',
      `--summary-mode is paragraph or sentence, not "${mode}"`,
    );
  const title =
    opts.title ??
    folder
      .replace(/[/\\]+$/, '')
      .split(/[/\\]/)
      .pop() ??
    'My blog';
  const written = await initSite(folder, {
    title,
    baseURL: opts.baseUrl,
    languageCode: opts.language,
    summaryMode: mode,
  });
  io.out(
    `A new Hugo site in ${folder}: ${written.join(', ')}; new posts go in content/posts/.\n` +
      `Write one: quire new ${folder} "My first post"\n`,
  );
}

function showPlan(plan: RenamePlan, io: CliIo, dryRun: boolean): void {
  io.out(`${plan.from} -> ${plan.to}\n`);
  if (plan.oldUrl !== plan.newUrl) io.out(`URL ${plan.oldUrl} -> ${plan.newUrl}\n`);
  if (plan.alias) io.out(`alias ${plan.alias} added (the old URL redirects)\n`);
  io.out(`${dryRun ? 'would change' : 'changed'} ${plan.changes.length} file(s):\n`);
  for (const c of plan.changes) {
    io.out(`  ${c.file}${c.newFile !== c.file ? ` -> ${c.newFile}` : ''}\n`);
    for (const l of c.lines)
      io.out(`    ${l.line}: ${l.before ? `${l.before.trim()}  ->  ` : '+ '}${l.after.trim()}\n`);
  }
}

/** `quire rename <site> <post> [--slug] [--name] [--bundle|--single] [--dry-run]`. */
export async function renameCommand(
  site: string,
  post: string,
  opts: RenameCommandOptions,
  io: CliIo,
): Promise<void> {
  if (opts.bundle && opts.single)
    throw new QuireError('invalid-request', '--bundle and --single exclude each other');
  if (opts.slug === undefined && opts.name === undefined && !opts.bundle && !opts.single)
    throw new QuireError(
      'invalid-request',
      'say what to change: --slug, --name, --bundle or --single',
    );
  const ws = await Workspace.open(site);
  const planner = new SitePlanner(ws);
  const req = {
    slug: opts.slug,
    name: opts.name,
    bundle: opts.bundle ? true : opts.single ? false : undefined,
    alias: opts.alias !== false,
  };
  const rel = post.replace(/\\/g, '/');
  const plan = opts.dryRun
    ? await planRename(ws, planner, rel, req)
    : await renamePost(ws, planner, rel, req);
  showPlan(plan, io, opts.dryRun === true);
}

/** `quire duplicate <site> <post>`. */
export async function duplicateCommand(site: string, post: string, io: CliIo): Promise<void> {
  const ws = await Workspace.open(site);
  io.out((await ws.duplicatePost(post)) + '\n');
}

/** `quire delete <site> <post>`: into the site's .trash/ (undo: quire restore). */
export async function deleteCommand(site: string, post: string, io: CliIo): Promise<void> {
  const ws = await Workspace.open(site);
  const where = await ws.deletePost(post);
  io.out(`${where}\n`);
}

/** `quire restore <site> <trashed>`: puts a deleted post back. */
export async function restoreCommand(site: string, trashed: string, io: CliIo): Promise<void> {
  const ws = await Workspace.open(site);
  io.out((await ws.restorePost(trashed)) + '\n');
}
