import { QuireError } from '../../shared/errors.ts';
import { SitePublisher } from '../services/git.ts';
import { loadSiteConfig } from '../services/site-config-file.ts';
import type { CliIo } from './io.ts';

/** Options of `quire publish`. */
export interface PublishOptions {
  message?: string;
  /** commander's `--no-pull`: false skips the pull before the push. */
  pull?: boolean;
  status?: boolean;
}

const MARK: Record<string, string> = {
  modified: 'changed',
  new: 'new',
  deleted: 'deleted',
  renamed: 'renamed',
  conflict: 'CONFLICT',
};

/**
 * `quire publish <site> [-m message] [--no-pull] [--status]`: the site's changes, then a
 * commit of them, a pull (rebase) and a push to the configured remote, as the app's
 * Publish view does. Never force-pushes; a rejected push or a conflict is one line, exit 1.
 */
export async function publishCommand(site: string, opts: PublishOptions, io: CliIo): Promise<void> {
  const { config } = await loadSiteConfig(site);
  const git = new SitePublisher(site, config.contentDir, (_op, line) => io.err(`  ${line}\n`));
  const st = await git.status();
  if (!st.ok) throw new QuireError('invalid-request', st.message);
  const where = st.remote ? ` -> ${st.upstream ?? `${st.remote}/${st.branch}`}` : '';
  io.out(`On ${st.branch ?? '(no branch)'}${where}; ${st.changes.length} change(s)\n`);
  for (const c of st.changes)
    io.out(`  ${MARK[c.change]!.padEnd(8)} ${c.path}${c.post ? '' : '  (not a post)'}\n`);
  if (opts.status) return;
  if (st.changes.length > 0) {
    const posts = st.changes.filter((c) => c.post).map((c) => c.path.split('/').pop());
    const message =
      opts.message?.trim() ||
      `Update ${posts.length ? posts.slice(0, 3).join(', ') + (posts.length > 3 ? ', …' : '') : 'the site'} (Quire)`;
    const c = await git.commit(message);
    io.out(`Committed ${c.files} file(s) as ${c.commit}: ${message}\n`);
  } else if (opts.message) io.out('Nothing to commit.\n');
  if (!st.remote)
    throw new QuireError(
      'invalid-request',
      'no remote to publish to: add one with git remote add origin <url>',
    );
  if (opts.pull !== false) io.out(`${(await git.pull()).summary}\n`);
  io.out(`${(await git.push()).summary}\n`);
}
