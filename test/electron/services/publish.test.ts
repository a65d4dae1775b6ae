import { appendFileSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { afterEach, beforeAll, describe, expect, it } from 'vitest';
import { assertNoForce, gitEnv } from '../../../electron/services/git.ts';
import { testBackend } from '../../helpers/app.ts';
import { quire } from '../../helpers/cli.ts';
import { git, gitVersion, publishedSite, useGitIdentity } from '../../helpers/git.ts';

// Publish with git, against a bare repository on this machine: status, commit, push, a
// push the remote rejects (it is ahead) resolved by a pull that keeps both sides, and
// conflicts named per file. Never a force-push.

const have = gitVersion();
if (!have.version) console.log(`SKIPPED publish with git: ${have.why}`);

const POST = 'content/posts/kubernetes-tools.md';
const OTHER_POST = 'content/posts/go-build-times.md';
const remoteFile = (bare: string, file: string) => git(bare, 'show', `main:${file}`);

type Status = {
  ok: boolean;
  message: string;
  branch: string | null;
  remote: string | null;
  ahead: number;
  behind: number;
  changes: { path: string; change: string; post: boolean }[];
};

describe('git safety', () => {
  it('never runs a force-push', () => {
    for (const args of [
      ['push', '--force'],
      ['push', '-f', 'origin'],
      ['push', '--force-with-lease=main'],
      ['push', 'origin', '+main:main'],
      ['push', '--mirror'],
    ])
      expect(() => assertNoForce(args), args.join(' ')).toThrow(/never force-pushes/);
    expect(() => assertNoForce(['push', '--progress', 'origin', 'main:main'])).not.toThrow();
  });

  it('runs without prompts or editors', () => {
    const env = gitEnv({ PATH: '/usr/bin', GIT_ASKPASS: '/x/askpass', SSH_ASKPASS: '/x' });
    expect(env).toMatchObject({ GIT_TERMINAL_PROMPT: '0', GIT_EDITOR: 'true', LC_ALL: 'C' });
    expect(env.GIT_ASKPASS).toBeUndefined();
    expect(env.SSH_ASKPASS).toBeUndefined();
  });
});

describe.skipIf(!have.version)('publish with git (back end)', () => {
  beforeAll(() => useGitIdentity());
  const saved = process.env.QUIRE_GIT;
  afterEach(() => {
    if (saved === undefined) delete process.env.QUIRE_GIT;
    else process.env.QUIRE_GIT = saved;
  });

  it('shows changed, new and deleted posts; commits and pushes them', async () => {
    const { site, bare } = publishedSite();
    const events: string[] = [];
    const b = testBackend((e) => e.type === 'gitProgress' && events.push(e.data.line));
    await b.call('openSite', { path: site });
    appendFileSync(path.join(site, POST), '\nA new paragraph.\n');
    writeFileSync(path.join(site, 'content/posts/brand-new.md'), '---\ntitle: New\n---\nHi\n');
    rmSync(path.join(site, OTHER_POST));
    const st = (await b.call('gitStatus', {})) as Status;
    expect(st).toMatchObject({ ok: true, branch: 'main', remote: 'origin', ahead: 0 });
    expect(st.changes).toEqual([
      { path: 'content/posts/brand-new.md', change: 'new', post: true },
      { path: OTHER_POST, change: 'deleted', post: true },
      { path: POST, change: 'modified', post: true },
    ]);
    const c = (await b.call('gitCommit', { message: 'Three post changes' })) as { files: number };
    expect(c.files).toBe(3);
    expect(((await b.call('gitStatus', {})) as Status).ahead).toBe(1);
    await b.call('gitPush', {});
    expect(remoteFile(bare, POST)).toContain('A new paragraph.');
    expect(git(bare, 'log', '-1', '--format=%s', 'main').trim()).toBe('Three post changes');
    expect(events.length).toBeGreaterThan(0);
    expect(((await b.call('gitStatus', {})) as Status).changes).toEqual([]);
    await expect(b.call('gitCommit', { message: 'again' })).rejects.toThrow(/nothing to commit/);
    await b.close();
  });

  it('a rejected push (the remote is ahead) is reported; a pull resolves it, keeping both sides', async () => {
    const { site, bare, other } = publishedSite();
    // Someone publishes from elsewhere: a change to another post.
    appendFileSync(path.join(other, OTHER_POST), '\nWritten on the laptop.\n');
    git(other, 'commit', '-qam', 'From the laptop');
    git(other, 'push', '-q');
    const b = testBackend();
    await b.call('openSite', { path: site });
    appendFileSync(path.join(site, POST), '\nWritten here.\n');
    await b.call('gitCommit', { message: 'From here' });
    await expect(b.call('gitPush', {})).rejects.toMatchObject({
      code: 'conflict',
      message: expect.stringMatching(/rejected.*Pull first.*Nothing was overwritten/s),
    });
    // Nothing was overwritten on the remote.
    expect(remoteFile(bare, OTHER_POST)).toContain('Written on the laptop.');
    expect(remoteFile(bare, POST)).not.toContain('Written here.');
    await b.call('gitPull', {});
    expect(readFileSync(path.join(site, OTHER_POST), 'utf8')).toContain('Written on the laptop.');
    await b.call('gitPush', {});
    expect(remoteFile(bare, OTHER_POST)).toContain('Written on the laptop.');
    expect(remoteFile(bare, POST)).toContain('Written here.');
    expect(git(bare, 'log', '--format=%s', 'main').split('\n').slice(0, 2)).toEqual([
      'From here',
      'From the laptop',
    ]);
    await b.close();
  });

  it('a pull that conflicts names each file and changes nothing', async () => {
    const { site, other } = publishedSite();
    const theirs = readFileSync(path.join(site, POST), 'utf8').replace(
      'Useful tools for Kubernetes',
      'Tools, from the laptop',
    );
    writeFileSync(path.join(other, POST), theirs);
    git(other, 'commit', '-qam', 'Laptop title');
    git(other, 'push', '-q');
    const b = testBackend();
    await b.call('openSite', { path: site });
    const mine = readFileSync(path.join(site, POST), 'utf8').replace(
      'Useful tools for Kubernetes',
      'Tools, from here',
    );
    writeFileSync(path.join(site, POST), mine);
    await b.call('gitCommit', { message: 'My title' });
    const head = git(site, 'rev-parse', 'HEAD');
    await expect(b.call('gitPull', {})).rejects.toMatchObject({
      code: 'conflict',
      message: expect.stringContaining(POST),
    });
    expect(readFileSync(path.join(site, POST), 'utf8')).toBe(mine);
    expect(git(site, 'rev-parse', 'HEAD')).toBe(head);
    expect(git(site, 'status', '--porcelain')).toBe('');
    await b.close();
  });

  it('says clearly when there is no remote, no repository, or no git', async () => {
    const { site } = publishedSite();
    git(site, 'remote', 'remove', 'origin');
    const b = testBackend();
    await b.call('openSite', { path: site });
    expect(((await b.call('gitStatus', {})) as Status).message).toMatch(/no remote/);
    await expect(b.call('gitPush', {})).rejects.toThrow(/no remote to publish to/);
    rmSync(path.join(site, '.git'), { recursive: true, force: true });
    const st = (await b.call('gitStatus', {})) as Status;
    expect(st.ok).toBe(false);
    expect(st.message).toMatch(/not in a git repository/);
    process.env.QUIRE_GIT = '/nonexistent/git';
    expect(((await b.call('gitStatus', {})) as Status).message).toMatch(/git is not installed/);
    await b.close();
  });
});

describe.skipIf(!have.version)('quire publish', () => {
  beforeAll(() => useGitIdentity());

  it('commits and pushes; a rejected push is one line (exit 1); publishing again pulls and resolves it', () => {
    const { site, bare, other } = publishedSite();
    appendFileSync(path.join(site, POST), '\nFrom the command line.\n');
    const st = quire(['publish', site, '--status']);
    expect(st.code).toBe(0);
    expect(st.stdout).toMatch(/changed\s+content\/posts\/kubernetes-tools\.md/);
    const r = quire(['publish', site, '-m', 'CLI post']);
    expect(r.stderr + r.stdout).not.toMatch(/at .*\.ts:\d+/);
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/Committed 1 file\(s\)/);
    expect(remoteFile(bare, POST)).toContain('From the command line.');

    git(other, 'pull', '-q');
    appendFileSync(path.join(other, OTHER_POST), '\nLaptop again.\n');
    git(other, 'commit', '-qam', 'Laptop');
    git(other, 'push', '-q');
    appendFileSync(path.join(site, POST), '\nSecond CLI change.\n');
    const rejected = quire(['publish', site, '-m', 'Second', '--no-pull']);
    expect(rejected.code).toBe(1);
    expect(rejected.stderr).toMatch(/^quire: the push was rejected/m);
    expect(rejected.stderr).not.toMatch(/\n\s+at /);
    const again = quire(['publish', site]);
    expect(again.code).toBe(0);
    expect(remoteFile(bare, POST)).toContain('Second CLI change.');
    expect(remoteFile(bare, OTHER_POST)).toContain('Laptop again.');
  });

  it('a site outside any repository is one line, exit 1', () => {
    const { site } = publishedSite();
    rmSync(path.join(site, '.git'), { recursive: true, force: true });
    const r = quire(['publish', site]);
    expect(r.code).toBe(1);
    expect(r.stderr).toMatch(/^quire: .* is not in a git repository/);
  });
});
