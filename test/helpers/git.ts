import { spawnSync } from 'node:child_process';
import path from 'node:path';
import { copySeedBlog, tempDir } from './site.ts';

/** An identity for the commits tests make (no global git config is needed or read). */
export const GIT_IDENTITY = {
  GIT_AUTHOR_NAME: 'Quire Test',
  GIT_AUTHOR_EMAIL: 'test@example.org',
  GIT_COMMITTER_NAME: 'Quire Test',
  GIT_COMMITTER_EMAIL: 'test@example.org',
  GIT_CONFIG_NOSYSTEM: '1',
  GIT_CONFIG_GLOBAL: '/dev/null',
};

/** Sets the identity for this process (and the processes it starts). */
export function useGitIdentity(): void {
  Object.assign(process.env, GIT_IDENTITY);
}

/** Whether git is installed, and why not (printed when a test skips). */
export function gitVersion(): { version: string | null; why: string } {
  const r = spawnSync('git', ['--version'], { encoding: 'utf8' });
  return r.status === 0
    ? { version: r.stdout.trim(), why: '' }
    : { version: null, why: 'git is not installed (apt-get install -y git)' };
}

/** Runs git in `cwd`; throws with its output when it fails. */
export function git(cwd: string, ...args: string[]): string {
  const r = spawnSync('git', args, {
    cwd,
    encoding: 'utf8',
    env: { ...process.env, ...GIT_IDENTITY },
  });
  if (r.status !== 0) throw new Error(`git ${args.join(' ')}: ${r.stderr}${r.stdout}`);
  return r.stdout;
}

/**
 * A copy of the seed blog in a repository with one commit, pushed to a bare repository on
 * this machine (its `origin`), and a second clone of it ("elsewhere", another computer).
 */
export function publishedSite(): { site: string; bare: string; other: string } {
  const site = copySeedBlog();
  const base = tempDir();
  const bare = path.join(base, 'blog.git');
  const other = path.join(base, 'other');
  git(site, 'init', '-q', '-b', 'main');
  git(site, 'add', '-A');
  git(site, 'commit', '-q', '-m', 'The blog');
  git(base, 'init', '-q', '--bare', '-b', 'main', bare);
  git(site, 'remote', 'add', 'origin', bare);
  git(site, 'push', '-q', '-u', 'origin', 'main');
  git(base, 'clone', '-q', bare, other);
  return { site, bare, other };
}
