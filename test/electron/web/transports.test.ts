import { existsSync, mkdirSync, readFileSync, symlinkSync, writeFileSync } from 'node:fs';
import { request } from 'node:http';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { QuireError } from '../../../shared/errors.ts';
import type { WebHost } from '../../../electron/web/server.ts';
import { quire } from '../../helpers/cli.ts';
import { copySeedBlog, tempDir } from '../../helpers/site.ts';
import { testBackend, testHost } from '../../helpers/app.ts';

const attacks = [
  '../../etc/passwd',
  '/etc/passwd',
  'content/../../secret.md',
  '..%2F..%2Fsecret.md',
  '..\\..\\secret.md',
  'content\\..\\..\\secret.md',
  'content/link/secret.md',
  'C:\\Windows\\win.ini',
  'content/posts/\0.md',
];

function setup() {
  const site = copySeedBlog();
  const outside = tempDir();
  writeFileSync(path.join(outside, 'secret.md'), '---\ntitle: secret\n---\nsecret');
  symlinkSync(outside, path.join(site, 'content/link'));
  return { site, outside };
}

function post(
  port: number,
  route: string,
  body: unknown,
  headers: Record<string, string>,
): Promise<{ status: number; body: string }> {
  return new Promise((resolve, reject) => {
    const data = JSON.stringify(body);
    const req = request(
      {
        host: '127.0.0.1',
        port,
        path: route,
        method: 'POST',
        headers: {
          'Content-Type': 'application/json',
          'Content-Length': Buffer.byteLength(data),
          ...headers,
        },
      },
      (res) => {
        let text = '';
        res.on('data', (c) => (text += c));
        res.on('end', () => resolve({ status: res.statusCode ?? 0, body: text }));
      },
    );
    req.on('error', reject);
    req.end(data);
  });
}

describe('the back end refuses paths outside the site (desktop IPC uses the same Backend)', () => {
  it('for every read and write call', async () => {
    const { site, outside } = setup();
    const backend = testBackend();
    await backend.call('openSite', { path: site });
    for (const p of attacks) {
      for (const [name, req] of [
        ['readPost', { path: p }],
        ['savePost', { path: p, text: 'pwned', baseVersion: null }],
        ['deletePost', { path: p }],
        ['renamePost', { path: p, slug: 'x' }],
        ['revealInFolder', { path: p }],
      ] as const) {
        const err = await backend.call(name, req).then(
          () => null,
          (e: unknown) => e,
        );
        expect(err, `${name} ${p}`).toBeInstanceOf(QuireError);
        expect(['forbidden', 'not-found', 'invalid-request'], `${name} ${p}`).toContain(
          (err as QuireError).code,
        );
      }
    }
    expect(readFileSync(path.join(outside, 'secret.md'), 'utf8')).toContain('secret');
    expect(existsSync('/etc/passwd.md')).toBe(false);
    await backend.close();
  });

  it('validates every request against the contract', async () => {
    const backend = testBackend();
    await expect(backend.call('savePost', { path: 'a.md', text: 42 })).rejects.toMatchObject({
      code: 'invalid-request',
    });
    await expect(backend.call('nope', {})).rejects.toMatchObject({ code: 'invalid-request' });
    await expect(backend.call('__proto__', {})).rejects.toMatchObject({ code: 'invalid-request' });
    await expect(
      backend.call('openExternal', { url: 'javascript:alert(1)' }),
    ).rejects.toMatchObject({ code: 'forbidden' });
    await expect(backend.call('readPost', { path: 'content/posts/a.md' })).rejects.toMatchObject({
      code: 'no-site',
    });
  });
});

describe('the browser host', () => {
  let host: WebHost;
  let site: string;
  let outside: string;
  beforeAll(async () => {
    ({ site, outside } = setup());
    const rendererDir = tempDir();
    writeFileSync(path.join(rendererDir, 'index.html'), '<!doctype html><title>q</title>');
    mkdirSync(path.join(rendererDir, 'assets'));
    host = await testHost(site, rendererDir);
  });
  afterAll(() => host.close());

  const call = (name: string, body: unknown, headers: Record<string, string> = {}) =>
    post(host.port, `/api/quire:${name}`, body, { 'X-Quire-Token': host.token, ...headers });

  it('listens on 127.0.0.1 only, with a per-run token', () => {
    expect(host.url).toMatch(/^http:\/\/127\.0\.0\.1:\d+\/\?token=[\w-]{20,}$/);
  });

  it('answers 401 without the token, 403 for a foreign Host or Origin', async () => {
    expect((await post(host.port, '/api/quire:currentSite', {}, {})).status).toBe(401);
    expect(
      (await post(host.port, '/api/quire:currentSite', {}, { 'X-Quire-Token': 'wrong' })).status,
    ).toBe(401);
    expect((await call('currentSite', {}, { Host: `evil.example:${host.port}` })).status).toBe(403);
    expect((await call('currentSite', {}, { Origin: 'http://evil.example' })).status).toBe(403);
    expect(
      (await call('currentSite', {}, { Origin: `http://127.0.0.1:${host.port}` })).status,
    ).toBe(200);
  });

  it('refuses every path attack, reading and writing nothing', async () => {
    for (const p of attacks) {
      const read = await call('readPost', { path: p });
      expect(JSON.parse(read.body).ok, p).toBe(false);
      expect(read.body).not.toContain('secret\n');
      const write = await call('savePost', { path: p, text: 'pwned', baseVersion: null });
      expect(JSON.parse(write.body).ok, p).toBe(false);
    }
    expect(readFileSync(path.join(outside, 'secret.md'), 'utf8')).toBe(
      '---\ntitle: secret\n---\nsecret',
    );
    // Static files are confined too.
    const escape = await new Promise<number>((resolve) => {
      request({ host: '127.0.0.1', port: host.port, path: '/../../../etc/passwd' }, (res) =>
        resolve(res.statusCode ?? 0),
      ).end();
    });
    expect(escape).toBe(404);
  });

  it('serves the same contract: read then save with the version', async () => {
    const read = JSON.parse((await call('readPost', { path: 'content/posts/saying-no.md' })).body);
    expect(read.ok).toBe(true);
    const saved = JSON.parse(
      (
        await call('savePost', {
          path: 'content/posts/saying-no.md',
          text: read.result.text + 'x\n',
          baseVersion: read.result.version,
        })
      ).body,
    );
    expect(saved.ok).toBe(true);
    const stale = JSON.parse(
      (
        await call('savePost', {
          path: 'content/posts/saying-no.md',
          text: 'lost',
          baseVersion: read.result.version,
        })
      ).body,
    );
    // The QuireError crosses the contract whole: its code and the file it names.
    expect(stale).toMatchObject({
      ok: false,
      error: { code: 'conflict', file: 'content/posts/saying-no.md' },
    });
    expect(stale.error.message).toMatch(/^content\/posts\/saying-no\.md: changed on disk/);
    expect(readFileSync(path.join(site, 'content/posts/saying-no.md'), 'utf8')).toBe(
      read.result.text + 'x\n',
    );
  });
});

describe('quire web', () => {
  it('--port 0 picks a free port on 127.0.0.1 and prints the link', async () => {
    const { spawn } = await import('node:child_process');
    const { repoRoot } = await import('../../helpers/site.ts');
    const { ensureBuilt } = await import('../../helpers/browser.ts');
    ensureBuilt();
    const child = spawn(
      process.execPath,
      [path.join(repoRoot, 'bin/quire.js'), 'web', '--port', '0'],
      { env: { ...process.env, QUIRE_DATA_DIR: tempDir() } },
    );
    const line = await new Promise<string>((resolve, reject) => {
      let out = '';
      child.stdout.on('data', (d) => {
        out += d;
        if (out.includes('\n')) resolve(out);
      });
      child.on('exit', (code) => reject(new Error(`exited ${code}`)));
    });
    child.kill('SIGTERM');
    expect(line).toMatch(/^Quire is running at http:\/\/127\.0\.0\.1:[1-9]\d*\/\?token=/);
    void quire;
  });
});

describe('search', () => {
  it('finds posts by words in their text, title, summary or tags, best first, and follows edits', async () => {
    const site = copySeedBlog();
    const backend = testBackend();
    await backend.call('openSite', { path: site });
    type Hit = { path: string; snippet: string; terms: string[] };
    const search = async (query: string) => (await backend.call('search', { query })) as Hit[];
    expect((await search('buildkit')).map((h) => h.path)).toEqual([
      'content/posts/building-lots-of-images.md',
    ]);
    expect((await search('Ergonomic Map'))[0]!.path).toBe('content/posts/ergonomic-map.md');
    expect((await search('kotlin'))[0]!.snippet).toMatch(/Kotlin/);
    expect(await search('zebra-unicorn')).toEqual([]);
    writeFileSync(
      path.join(site, 'content/posts/saying-no.md'),
      '---\ntitle: Saying No\ndate: 2023-07-27\n---\n\nA paragraph about zebras.\n',
    );
    await backend.call('readPost', { path: 'content/posts/saying-no.md' });
    // The watcher updates the index; the next search reads the changed file only.
    for (let i = 0; i < 60 && (await search('zebras')).length === 0; i++)
      await new Promise((r) => setTimeout(r, 50));
    expect((await search('zebras')).map((h) => h.path)).toEqual(['content/posts/saying-no.md']);
    await backend.close();
  });
});
