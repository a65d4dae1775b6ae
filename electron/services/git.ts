import { spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import path from 'node:path';
import { QuireError } from '../../shared/errors.ts';
import type { CallResponse } from '../../shared/ipc/contract.ts';

/** What `git status` says of the site, as the contract carries it. */
export type GitStatus = CallResponse<'gitStatus'>;
type Change = GitStatus['changes'][number];

/** What a git run gave back. */
export interface GitResult {
  code: number;
  stdout: string;
  stderr: string;
}

/** Files Quire keeps in a site (local history when the user put it there): never published. */
export const QUIRE_FOLDER = '.quire';

/** The git binary: `$QUIRE_GIT`, else `git` on PATH. */
export function gitBinary(env: NodeJS.ProcessEnv = process.env): string {
  return env.QUIRE_GIT || 'git';
}

/**
 * The environment git runs in: never a prompt (no terminal, no askpass, no credential
 * dialog), never an editor, messages in English so they can be read, no pager or colour.
 */
export function gitEnv(base: NodeJS.ProcessEnv = process.env): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = { ...base };
  for (const k of ['GIT_ASKPASS', 'SSH_ASKPASS', 'GIT_EDITOR', 'GIT_SEQUENCE_EDITOR', 'GIT_PAGER'])
    delete env[k];
  return {
    ...env,
    GIT_TERMINAL_PROMPT: '0',
    GCM_INTERACTIVE: 'never',
    GIT_EDITOR: 'true',
    GIT_SEQUENCE_EDITOR: 'true',
    GIT_MERGE_AUTOEDIT: 'no',
    GIT_PAGER: 'cat',
    LC_ALL: 'C',
    LANGUAGE: 'C',
  };
}

/** Refuses any argument that could overwrite the remote's history. */
export function assertNoForce(args: readonly string[]): void {
  for (const a of args)
    if (
      a === '-f' ||
      a === '--force' ||
      a.startsWith('--force-with-lease') ||
      a === '--force-if-includes' ||
      a === '--mirror' ||
      a === '--delete' ||
      (args[0] === 'push' && a.startsWith('+'))
    )
      throw new QuireError('internal', `refused to run git with ${a}: Quire never force-pushes`);
}

/**
 * Runs git with an argument array (never a shell string) in `cwd`, stdin closed, in its
 * own session so ssh cannot open the terminal either. Progress lines (stderr, split on
 * carriage returns too) go to `onLine`.
 */
export function runGit(
  args: string[],
  cwd: string,
  onLine?: (line: string) => void,
  env: NodeJS.ProcessEnv = process.env,
): Promise<GitResult> {
  assertNoForce(args);
  // (spawn reports a missing folder as a missing git: say which it is.)
  if (!existsSync(cwd))
    return Promise.reject(new QuireError('not-found', 'no such folder', { file: cwd }));
  return new Promise((resolve, reject) => {
    const child = spawn(
      gitBinary(env),
      ['-c', 'color.ui=never', '-c', 'core.quotePath=off', ...args],
      {
        cwd,
        env: gitEnv(env),
        stdio: ['ignore', 'pipe', 'pipe'],
        detached: process.platform !== 'win32',
        windowsHide: true,
      },
    );
    let stdout = '';
    let stderr = '';
    let partial = '';
    child.stdout.on('data', (d: Buffer) => (stdout += d.toString('utf8')));
    child.stderr.on('data', (d: Buffer) => {
      const s = d.toString('utf8');
      stderr += s;
      if (!onLine) return;
      const parts = (partial + s).split(/[\r\n]/);
      partial = parts.pop() ?? '';
      for (const p of parts) if (p.trim()) onLine(p.trim());
    });
    child.on('error', (err: NodeJS.ErrnoException) => {
      if (err.code === 'ENOENT')
        reject(
          new QuireError(
            'failed',
            `git is not installed (or not on PATH): publishing needs git (install it from https://git-scm.com, or set QUIRE_GIT to its path)`,
          ),
        );
      else reject(err);
    });
    child.on('close', (code) => {
      if (partial.trim()) onLine?.(partial.trim());
      resolve({ code: code ?? 1, stdout, stderr });
    });
  });
}

/** A one-line reason from git's output (its `fatal:`/`error:` lines, else the last line). */
function reason(r: GitResult): string {
  const lines = `${r.stderr}\n${r.stdout}`
    .split('\n')
    .map((l) => l.trim())
    .filter(Boolean);
  const marked = lines.filter((l) => /^(fatal|error):/.test(l));
  return (marked.length ? marked : lines.slice(-1))
    .join(' ')
    .replace(/^(fatal|error):\s*/, '')
    .slice(0, 500);
}

/** Publish a site with git: status, commit, pull (rebase), push. Never force-pushes. */
export class SitePublisher {
  constructor(
    /** The site folder (it may be a folder inside the repository). */
    readonly root: string,
    /** The content folder, site-relative (to mark posts). */
    private readonly contentDir: string,
    private readonly progress: (op: 'commit' | 'pull' | 'push', line: string) => void = () => {},
    private readonly env: NodeJS.ProcessEnv = process.env,
  ) {}

  private git(args: string[], onLine?: (l: string) => void): Promise<GitResult> {
    return runGit(args, this.root, onLine, this.env);
  }

  /** The pathspec of the site: everything in it but Quire's own folder. */
  private spec(): string[] {
    return ['--', '.', `:(exclude)${QUIRE_FOLDER}`];
  }

  /** The repository's folder, or a clear error when the site is in none. */
  private async top(): Promise<string> {
    const r = await this.git(['rev-parse', '--show-toplevel']);
    if (r.code !== 0)
      throw new QuireError(
        'invalid-request',
        `${this.root} is not in a git repository: create one (git init) and add a remote to publish`,
      );
    return r.stdout.trim();
  }

  /** The site's changes (posts marked), the branch, its remote, ahead/behind. */
  async status(): Promise<GitStatus> {
    const none = {
      branch: null,
      remote: null,
      upstream: null,
      ahead: 0,
      behind: 0,
      changes: [],
    };
    let top: string;
    try {
      top = await this.top();
    } catch (err) {
      return { ok: false, message: (err as Error).message, ...none };
    }
    const r = await this.git([
      'status',
      '--porcelain=v2',
      '--branch',
      '-z',
      '--untracked-files=all',
      ...this.spec(),
    ]);
    if (r.code !== 0) return { ok: false, message: `git status: ${reason(r)}`, ...none };
    const siteRel = (repoRel: string) =>
      path.relative(this.root, path.join(top, repoRel)).split(path.sep).join('/');
    const content = this.contentDir.replace(/^\.\/?/, '').replace(/\/$/, '');
    const isPost = (p: string) =>
      /\.(md|markdown|mdown)$/i.test(p) && (content === '' || p.startsWith(`${content}/`));
    let branch: string | null = null;
    let upstream: string | null = null;
    let ahead = 0;
    let behind = 0;
    const changes: Change[] = [];
    const records = r.stdout.split('\0');
    for (let i = 0; i < records.length; i++) {
      const rec = records[i]!;
      if (!rec) continue;
      if (rec.startsWith('# branch.head ')) {
        const b = rec.slice(14);
        branch = b === '(detached)' ? null : b;
      } else if (rec.startsWith('# branch.upstream ')) upstream = rec.slice(18);
      else if (rec.startsWith('# branch.ab ')) {
        const m = /\+(\d+) -(\d+)/.exec(rec);
        ahead = Number(m?.[1] ?? 0);
        behind = Number(m?.[2] ?? 0);
      } else if (rec.startsWith('? ')) {
        const p = siteRel(rec.slice(2));
        changes.push({ path: p, change: 'new', post: isPost(p) });
      } else if (rec.startsWith('1 ') || rec.startsWith('2 ') || rec.startsWith('u ')) {
        const fields = rec.split(' ');
        const xy = fields[1]!;
        const n = rec[0] === '1' ? 8 : rec[0] === '2' ? 9 : 10;
        const p = siteRel(fields.slice(n).join(' '));
        if (rec[0] === '2') i++; // the original path follows
        const change: Change['change'] =
          rec[0] === 'u'
            ? 'conflict'
            : rec[0] === '2'
              ? 'renamed'
              : xy.includes('D')
                ? 'deleted'
                : xy.includes('A')
                  ? 'new'
                  : 'modified';
        changes.push({ path: p, change, post: isPost(p) });
      }
    }
    const remote = await this.remoteFor(branch);
    return {
      ok: true,
      message: remote ? '' : 'no remote is configured (git remote add origin <url>)',
      branch,
      remote,
      upstream,
      ahead,
      behind,
      changes: changes.sort((a, b) => a.path.localeCompare(b.path)),
    };
  }

  /** The remote the branch publishes to: its configured one, else `origin`, else the only one. */
  private async remoteFor(branch: string | null): Promise<string | null> {
    if (branch) {
      const r = await this.git(['config', '--get', `branch.${branch}.remote`]);
      if (r.code === 0 && r.stdout.trim()) return r.stdout.trim();
    }
    const r = await this.git(['remote']);
    const remotes = r.stdout.split('\n').filter(Boolean);
    return remotes.includes('origin') ? 'origin' : remotes.length === 1 ? remotes[0]! : null;
  }

  /** Commits every change in the site (never Quire's own folder) with `message`. */
  async commit(message: string): Promise<{ commit: string; files: number }> {
    await this.top();
    const msg = message.trim();
    if (!msg) throw new QuireError('invalid-request', 'write a commit message first');
    const before = await this.status();
    if (before.changes.some((c) => c.change === 'conflict'))
      throw new QuireError(
        'conflict',
        `resolve the conflicts first: ${conflictList(before.changes.filter((c) => c.change === 'conflict').map((c) => c.path))}`,
      );
    if (before.changes.length === 0)
      throw new QuireError('invalid-request', 'nothing to commit: the site has no changes');
    const add = await this.git(['add', '-A', ...this.spec()]);
    if (add.code !== 0) throw new QuireError('failed', `git add: ${reason(add)}`);
    this.progress('commit', `Committing ${before.changes.length} file(s)…`);
    const c = await this.git(['commit', '--quiet', '-m', msg, ...this.spec()]);
    if (c.code !== 0) {
      const why = reason(c);
      if (/Please tell me who you are|user\.email|empty ident/i.test(c.stderr))
        throw new QuireError(
          'failed',
          'git does not know your name and email yet: run git config --global user.name "Your Name" and git config --global user.email you@example.org, then commit again',
        );
      throw new QuireError('failed', `git commit: ${why}`);
    }
    const head = await this.git(['rev-parse', '--short', 'HEAD']);
    return { commit: head.stdout.trim(), files: before.changes.length };
  }

  private async target(): Promise<{ remote: string; branch: string }> {
    await this.top();
    const st = await this.status();
    if (!st.branch)
      throw new QuireError(
        'invalid-request',
        'the repository is not on a branch (detached HEAD): check out a branch to publish',
      );
    if (!st.remote)
      throw new QuireError(
        'invalid-request',
        'no remote to publish to: add one with git remote add origin <url>',
      );
    return { remote: st.remote, branch: st.branch };
  }

  /**
   * Pulls the remote's commits under yours (rebase; uncommitted edits are set aside and put
   * back). When both sides changed the same lines, the pull is undone (nothing changes)
   * and a 'conflict' error names every such file.
   */
  async pull(): Promise<{ summary: string }> {
    const { remote, branch } = await this.target();
    const r = await this.git(
      ['pull', '--rebase', '--autostash', '--no-edit', '--progress', remote, branch],
      (l) => this.progress('pull', l),
    );
    if (r.code === 0)
      return {
        summary: /up to date/i.test(r.stdout + r.stderr)
          ? 'Already up to date.'
          : `Pulled ${remote}/${branch}; your commits are on top.`,
      };
    // A branch the remote does not have yet (the first publish): nothing to pull.
    if (/couldn't find remote ref/i.test(r.stderr))
      return { summary: `${remote} has no ${branch} yet: nothing to pull.` };
    const conflicted = await this.git(['diff', '--name-only', '--diff-filter=U', '-z']);
    const files = conflicted.stdout.split('\0').filter(Boolean);
    if (files.length > 0 || /CONFLICT/.test(r.stdout + r.stderr)) {
      const top = await this.top();
      const rel = files.map((f) =>
        path.relative(this.root, path.join(top, f)).split(path.sep).join('/'),
      );
      // Leave the repository as it was: nothing is lost on either side.
      await this.git(['rebase', '--abort']);
      throw new QuireError(
        'conflict',
        `the pull was undone: the same lines changed here and on ${remote} in ${conflictList(rel)}. Your files and commits are as they were; change one side (or resolve it with git) and pull again`,
      );
    }
    throw new QuireError('failed', `pull from ${remote}: ${reason(r)}`);
  }

  /** Pushes the branch to its remote (never forced); a rejection says to pull first. */
  async push(): Promise<{ remote: string; branch: string; summary: string }> {
    const { remote, branch } = await this.target();
    const st = await this.status();
    const args = ['push', '--progress', '--porcelain'];
    if (!st.upstream) args.push('--set-upstream');
    args.push(remote, `refs/heads/${branch}:refs/heads/${branch}`);
    const r = await this.git(args, (l) => this.progress('push', l));
    if (r.code === 0)
      return {
        remote,
        branch,
        summary: /\[up to date\]|Everything up-to-date/i.test(r.stdout + r.stderr)
          ? `${remote}/${branch} is already up to date.`
          : `Pushed ${branch} to ${remote}.`,
      };
    if (
      /\[rejected\]|\(fetch first\)|non-fast-forward|\[remote rejected\]/.test(r.stdout + r.stderr)
    )
      throw new QuireError(
        'conflict',
        /remote rejected/.test(r.stdout + r.stderr)
          ? `${remote} refused the push: ${reason(r)}`
          : `the push was rejected: ${remote}/${branch} has commits you do not have yet. Pull first (your work is kept), then push again. Nothing was overwritten.`,
      );
    throw new QuireError('failed', `push to ${remote}: ${reason(r)}`);
  }
}

function conflictList(files: string[]): string {
  return files.length ? files.join(', ') : 'some files';
}
