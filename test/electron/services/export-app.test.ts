import { spawnSync } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { Worker } from 'node:worker_threads';
import { afterEach, describe, expect, it } from 'vitest';
import { derivePageOf, DeriveCache } from '../../../electron/services/derive-cache.ts';
import { Exporter } from '../../../electron/services/export.ts';
import type { PageTask } from '../../../electron/services/render-pool.ts';
import { Workspace } from '../../../electron/services/workspace.ts';
import type { QuireEvent } from '../../../shared/ipc/contract.ts';
import { parseAsOf } from '../../../shared/site/publish.ts';
import { postPageHtml } from '../../../shared/site/render.ts';
import { testBackend } from '../../helpers/app.ts';
import { tempDir } from '../../helpers/site.ts';
import { filesOf, writeVariedSite } from '../../helpers/varied-site.ts';

const repoRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../..');

// Workers from 300 posts (the default threshold is higher), also for the command run here.
const MIN_PARALLEL_POSTS = 300;
process.env.QUIRE_PARALLEL_MIN = String(MIN_PARALLEL_POSTS);

const saved = process.env.QUIRE_RENDER_WORKERS;
afterEach(() => {
  if (saved === undefined) delete process.env.QUIRE_RENDER_WORKERS;
  else process.env.QUIRE_RENDER_WORKERS = saved;
});

describe("the app's export", () => {
  it('renders on the render workers, as the command does, with the bytes of a serial export', async () => {
    const site = path.join(tempDir(), 'site');
    writeVariedSite(site, MIN_PARALLEL_POSTS + 40);
    process.env.QUIRE_RENDER_WORKERS = '2';
    let done: (e: QuireEvent) => void = () => {};
    const finished = new Promise<QuireEvent>((r) => (done = r));
    const backend = testBackend((e) => e.type === 'exportDone' && done(e));
    const out = path.join(tempDir(), 'out');
    try {
      await backend.call('openSite', { path: site });
      await backend.call('exportStart', { out, asOf: '2030-01-01' });
      const e = await finished;
      const data = e.type === 'exportDone' ? e.data : null;
      expect(data?.error).toBe(null);
      // Posts without ref/relref went to the workers.
      expect(data?.result?.renderedOnWorkers).toBeGreaterThan(MIN_PARALLEL_POSTS / 2);
    } finally {
      await backend.close();
    }
    process.env.QUIRE_RENDER_WORKERS = '0';
    const ws = await Workspace.open(site, { cacheDir: null });
    const serialOut = path.join(tempDir(), 'serial');
    const serial = await new Exporter(ws).export({ out: serialOut, asOf: parseAsOf('2030-01-01') });
    expect(serial.renderedOnWorkers).toBe(0);
    const a = filesOf(serialOut);
    const b = filesOf(out);
    expect([...b.keys()].sort()).toEqual([...a.keys()].sort());
    expect([...a].filter(([f, bytes]) => !bytes.equals(b.get(f)!)).map(([f]) => f)).toEqual([]);
  });

  it("the desktop app's main bundle carries the render worker, which writes the page the thread would", async () => {
    const worker = path.join(repoRoot, 'out/main/render-worker.cjs');
    if (!existsSync(worker)) {
      const r = spawnSync(
        process.execPath,
        [path.join(repoRoot, 'node_modules/electron-vite/bin/electron-vite.js'), 'build'],
        { cwd: repoRoot, stdio: 'inherit' },
      );
      expect(r.status).toBe(0);
    }
    const site = path.join(tempDir(), 'site');
    writeVariedSite(site, 3);
    const ws = await Workspace.open(site, { cacheDir: null });
    const post = ws.posts().find((p) => p.path === 'content/posts/post-1.md')!;
    const task: PageTask = {
      path: post.path,
      meta: post.meta,
      mode: 'paragraph',
      pageUrl: '/posts/post-1/',
      post: { path: post.path, meta: post.meta },
      file: 'posts/post-1/index.html',
      tagLinks: '<li>go</li>',
      nav: '',
      site: { baseURL: 'https://example.org/', year: 2030 },
    };
    const dir = tempDir();
    const w = new Worker(worker, { workerData: { root: site, config: ws.config, overrides: [] } });
    try {
      const reply = await new Promise<{ pages: ({ hash: string } | null)[] }>((resolve, reject) => {
        w.once('message', resolve);
        w.once('error', reject);
        w.postMessage({ kind: 'pages', id: 0, dir, tasks: [task] });
      });
      expect(reply.pages[0]?.hash).toMatch(/^[0-9a-f]{40}$/);
    } finally {
      await w.terminate();
    }
    const cache = new DeriveCache(
      (rel) => path.join(site, rel),
      () => ws.config,
    );
    const derived = derivePageOf(
      cache.body(post.path),
      post.meta,
      ws.config,
      'paragraph',
      { shortcodes: { resolveRef: () => null, postPath: post.path, overrides: new Set() } },
      task.pageUrl,
    );
    const expected = postPageHtml(ws.config, task.site, { ...task, url: task.pageUrl }, derived);
    expect(readFileSync(path.join(dir, task.file), 'utf8')).toBe(expected);
    expect(expected).toContain('<h1 class="post-title">Post 1');
  });
});
