import { mkdirSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { Exporter } from '../../../electron/services/export.ts';
import { RenderPool, renderTaskOf } from '../../../electron/services/render-pool.ts';
import type { PageTask } from '../../../electron/services/render-pool.ts';
import { Workspace } from '../../../electron/services/workspace.ts';
import { parseAsOf } from '../../../shared/site/publish.ts';
import { quire } from '../../helpers/cli.ts';
import { tempDir } from '../../helpers/site.ts';
import { filesOf, writeVariedSite } from '../../helpers/varied-site.ts';

// Workers from 300 posts (the default threshold is higher), also for the command run here.
const MIN_PARALLEL_POSTS = 300;
process.env.QUIRE_PARALLEL_MIN = String(MIN_PARALLEL_POSTS);

const saved = process.env.QUIRE_RENDER_WORKERS;
afterEach(() => {
  if (saved === undefined) delete process.env.QUIRE_RENDER_WORKERS;
  else process.env.QUIRE_RENDER_WORKERS = saved;
});

async function exportWith(site: string, workers: string, stream = false) {
  process.env.QUIRE_RENDER_WORKERS = workers;
  const ws = await Workspace.open(site, { cacheDir: null });
  const exporter = new Exporter(ws);
  const out = path.join(tempDir(), 'public');
  const result = await exporter.export({ out, asOf: parseAsOf('2030-01-01'), stream });
  return { out, result, exporter, ws };
}

/** The files of `b` that differ from `a` (missing, extra or other bytes). */
function differences(a: Map<string, Buffer>, b: Map<string, Buffer>): string[] {
  const keys = new Set([...a.keys(), ...b.keys()]);
  return [...keys].filter((f) => !a.get(f)?.equals(b.get(f) ?? Buffer.alloc(0))).sort();
}

describe('a streamed export (each post page written by a worker as it is rendered)', () => {
  it('writes byte for byte what a serial export writes, static files over pages included', async () => {
    const site = path.join(tempDir(), 'site');
    writeVariedSite(site, MIN_PARALLEL_POSTS + 40);
    // A static file at a post page's path wins, as in Hugo.
    mkdirSync(path.join(site, 'static/posts/post-5'), { recursive: true });
    writeFileSync(path.join(site, 'static/posts/post-5/index.html'), 'static wins');
    // And at a list page's, one of the first the lists write while they are laid out.
    mkdirSync(path.join(site, 'static/page/2'), { recursive: true });
    writeFileSync(path.join(site, 'static/page/2/index.html'), 'static list wins');
    const serial = await exportWith(site, '0', true);
    const streamed = await exportWith(site, '2', true);
    expect(serial.exporter.renderedOnWorkers).toBe(0);
    // The workers and the export's own thread shared the pages (each took batches).
    expect(streamed.exporter.renderedOnWorkers).toBeGreaterThan(0);
    expect(streamed.exporter.renderedOnWorkers).toBeLessThanOrEqual(streamed.ws.posts().length - 8);
    const a = filesOf(serial.out);
    expect(a.size).toBeGreaterThan(MIN_PARALLEL_POSTS);
    expect(differences(a, filesOf(streamed.out))).toEqual([]);
    expect(readFileSync(path.join(streamed.out, 'posts/post-5/index.html'), 'utf8')).toBe(
      'static wins',
    );
    expect(readFileSync(path.join(streamed.out, 'page/2/index.html'), 'utf8')).toBe(
      'static list wins',
    );
    expect(streamed.result.bytes).toBe(serial.result.bytes);
    expect(streamed.result.files).toBe(serial.result.files);
    // No temp folder is left beside the export.
    expect(readdirSync(path.dirname(streamed.out))).toEqual(['public']);
  });

  it('the next export of the same exporter is incremental and equals a fresh one', async () => {
    const site = path.join(tempDir(), 'site');
    writeVariedSite(site, MIN_PARALLEL_POSTS + 40);
    const { out, exporter, ws } = await exportWith(site, '2', true);
    const rel = 'content/posts/post-100.md';
    writeFileSync(
      path.join(site, rel),
      readFileSync(path.join(site, rel), 'utf8').replace(/\.\n$/, ' edited twice.\n'),
    );
    await ws.refresh(rel);
    const next = await exporter.export({ out, asOf: parseAsOf('2030-01-01'), stream: true });
    // Only the files whose bytes changed were written (the folder was not empty: no stream).
    expect(next.written).toBeGreaterThan(0);
    expect(next.written).toBeLessThan(20);
    const fresh = await exportWith(site, '0');
    expect(differences(filesOf(fresh.out), filesOf(out))).toEqual([]);
  });

  it('a cancel while the workers render and write leaves no temp folder and nothing at the target', async () => {
    const site = path.join(tempDir(), 'site');
    writeVariedSite(site, MIN_PARALLEL_POSTS + 40);
    process.env.QUIRE_RENDER_WORKERS = '2';
    const ws = await Workspace.open(site, { cacheDir: null });
    const parent = tempDir();
    const abort = new AbortController();
    const exporter = new Exporter(ws);
    await expect(
      exporter.export({
        out: path.join(parent, 'public'),
        asOf: parseAsOf('2030-01-01'),
        stream: true,
        signal: abort.signal,
        onProgress: (p) => {
          if (p.phase === 'render' && p.done > 40) abort.abort();
        },
      }),
    ).rejects.toThrow(/cancelled/);
    expect(readdirSync(parent)).toEqual([]);
  });

  it('a page path that would leave the folder is refused before anything is written', async () => {
    const site = path.join(tempDir(), 'site');
    writeVariedSite(site, MIN_PARALLEL_POSTS + 40);
    writeFileSync(
      path.join(site, 'content/posts/post-7.md'),
      '---\ntitle: Bad\ndate: 2020-01-01\nurl: "/a\\u0001b/"\n---\nbody\n',
    );
    process.env.QUIRE_RENDER_WORKERS = '2';
    const ws = await Workspace.open(site, { cacheDir: null });
    const parent = tempDir();
    await expect(
      new Exporter(ws).export({
        out: path.join(parent, 'public'),
        asOf: parseAsOf('2030-01-01'),
        stream: true,
      }),
    ).rejects.toThrow(/post-7\.md/);
    expect(readdirSync(parent)).toEqual([]);
  });
});

describe('export on render workers', () => {
  it('writes byte for byte what a serial export writes, and again the same', async () => {
    const site = path.join(tempDir(), 'site');
    writeVariedSite(site, MIN_PARALLEL_POSTS + 40);
    const serial = await exportWith(site, '0');
    const parallel = await exportWith(site, '2');
    const again = await exportWith(site, '2');
    expect(serial.exporter.renderedOnWorkers).toBe(0);
    // Every post without ref/relref went to a worker; those with refs stayed in the thread.
    expect(parallel.exporter.renderedOnWorkers).toBeGreaterThan(MIN_PARALLEL_POSTS / 2);
    const a = filesOf(serial.out);
    const b = filesOf(parallel.out);
    expect(a.size).toBeGreaterThan(MIN_PARALLEL_POSTS);
    expect([...b.keys()].sort()).toEqual([...a.keys()].sort());
    const differing = [...a].filter(([f, bytes]) => !bytes.equals(b.get(f)!)).map(([f]) => f);
    expect(differing).toEqual([]);
    const c = filesOf(again.out);
    expect([...c].filter(([f, bytes]) => !bytes.equals(a.get(f)!)).map(([f]) => f)).toEqual([]);
    expect(parallel.result.skipped).toEqual(serial.result.skipped);
    expect(parallel.result.skipped.join()).toContain('broken.md');
    // The pages carry what the posts say: a shortcode, a ref, highlighted code.
    const page = readFileSync(path.join(parallel.out, 'posts/post-1/index.html'), 'utf8');
    expect(page).toContain('<h1 class="post-title">Post 1');
  });

  it('keeps the incremental path: after one post changes only its pages are rewritten', async () => {
    const site = path.join(tempDir(), 'site');
    writeVariedSite(site, MIN_PARALLEL_POSTS + 40);
    process.env.QUIRE_RENDER_WORKERS = '2';
    const { out, exporter, ws } = await exportWith(site, '2');
    const rel = 'content/posts/post-100.md';
    writeFileSync(
      path.join(site, rel),
      readFileSync(path.join(site, rel), 'utf8').replace(/\.\n$/, ' edited.\n'),
    );
    await ws.refresh(rel);
    const next = await exporter.export({ out, asOf: parseAsOf('2030-01-01') });
    expect(next.written).toBeGreaterThan(0);
    expect(next.written).toBeLessThan(20);
    expect(next.unchanged).toBeGreaterThan(MIN_PARALLEL_POSTS);
    // The incremental export re-rendered one post, in the thread.
    expect(exporter.renderedOnWorkers).toBe(0);
    const fresh = await exportWith(site, '0');
    const a = filesOf(out);
    const b = filesOf(fresh.out);
    expect([...a].filter(([f, bytes]) => !bytes.equals(b.get(f)!)).map(([f]) => f)).toEqual([]);
  });

  it('a cancel while the workers write leaves no temp folder and nothing at the target', async () => {
    const site = path.join(tempDir(), 'site');
    writeVariedSite(site, MIN_PARALLEL_POSTS + 40);
    process.env.QUIRE_RENDER_WORKERS = '2';
    const ws = await Workspace.open(site, { cacheDir: null });
    const parent = tempDir();
    const out = path.join(parent, 'public');
    const abort = new AbortController();
    await expect(
      new Exporter(ws).export({
        out,
        asOf: parseAsOf('2030-01-01'),
        signal: abort.signal,
        onProgress: (p) => {
          if (p.phase === 'write' && p.done > 0) abort.abort();
        },
      }),
    ).rejects.toThrow(/cancelled/);
    expect(readdirSync(parent)).toEqual([]);
  });

  it('workers that stop while writing leave the rest to the export (never a half-written site)', async () => {
    const pool = RenderPool.start({ root: tempDir(), config: {} as never, overrides: [] }, 2);
    expect(pool).not.toBeNull();
    const dir = tempDir();
    const files: [string, string][] = Array.from({ length: 2000 }, (_, i) => [
      `p/${i}/index.html`,
      `page ${i}`,
    ]);
    const writing = pool!.write(dir, files);
    await new Promise((r) => setTimeout(r, 50));
    await pool!.close();
    const hashes = await writing;
    expect(hashes).toHaveLength(files.length);
    // Every file reported written is there, whole.
    hashes.forEach((h, i) => {
      if (h) expect(readFileSync(path.join(dir, files[i]![0]), 'utf8')).toBe(files[i]![1]);
    });
  });

  it('posts rendered ahead of their pages give the same pages; links from the root and refs are rendered for the page', async () => {
    const site = path.join(tempDir(), 'site');
    writeVariedSite(site, 60);
    writeFileSync(
      path.join(site, 'content/posts/rooted.md'),
      '---\ntitle: Rooted\ndate: 2020-01-01\n---\n\nSee [home](/about/) and ![x](/img/x.png).\n',
    );
    writeFileSync(
      path.join(site, 'content/posts/reffing.md'),
      '---\ntitle: Reffing\ndate: 2020-01-02\n---\n\nSee [one]({{< ref "post-1.md" >}}).\n',
    );
    const ws = await Workspace.open(site, { cacheDir: null });
    const posts = ws.posts().filter((p) => !p.meta.draft);
    const ahead = posts.map((p) => renderTaskOf(p, 'paragraph'));
    // Pages at several depths, so that a link from the root resolves differently on each.
    const pages: PageTask[] = posts.map((p, i) => ({
      ...ahead[i]!,
      pageUrl: `/posts/${i % 3 === 0 ? '' : 'deep/er/'}p${i}/`,
      post: { path: p.path, meta: p.meta },
      file: `p${i}/index.html`,
      tagLinks: '',
      nav: '',
      site: { baseURL: 'https://example.org/', year: 2030 },
    }));
    const data = { root: ws.root, config: ws.config, overrides: ['note'] };
    const warmPool = RenderPool.start(data, 1)!;
    const coldPool = RenderPool.start(data, 1)!;
    try {
      const warming = warmPool.warm(ahead);
      const all = await warming.done();
      // Every post but the one with links from the root and those with a ref.
      expect(all.has('content/posts/rooted.md')).toBe(false);
      expect(all.has('content/posts/reffing.md')).toBe(false);
      expect(all.size).toBeGreaterThan(posts.length / 2);
      const warmDir = tempDir();
      const coldDir = tempDir();
      const warm = await warmPool.renderPages(warmDir, pages, { warmed: await warming.finish() });
      const cold = await coldPool.renderPages(coldDir, pages);
      expect(warm).toEqual(cold);
      expect(warm.filter(Boolean).length).toBeGreaterThan(posts.length / 2);
      expect(differences(filesOf(coldDir), filesOf(warmDir))).toEqual([]);
      // The link from the root is relative to the page it is on.
      expect(
        readFileSync(
          path.join(warmDir, `p${posts.findIndex((p) => p.path.endsWith('rooted.md'))}/index.html`),
          'utf8',
        ),
      ).toMatch(/href="\.\.\/\.\.\/(\.\.\/)*about\/"/);
    } finally {
      await warmPool.close();
      await coldPool.close();
    }
  });

  it('a worker that ended before it was given work is left out, never waited for', async () => {
    const pool = RenderPool.spawn(2)!;
    const dir = tempDir();
    try {
      // As a worker started early whose code failed to load: it is gone before the export.
      await (
        pool as unknown as { workers: { terminate(): Promise<number> }[] }
      ).workers[0]!.terminate();
      pool.init({ root: tempDir(), config: {} as never, overrides: [] });
      const files: [string, string][] = Array.from({ length: 100 }, (_, i) => [
        `p/${i}.html`,
        `${i}`,
      ]);
      const hashes = await pool.write(dir, files);
      // The other worker wrote its batches; none went to the one that ended (no wait).
      expect(hashes.filter(Boolean).length).toBe(100);
      expect(readFileSync(path.join(dir, 'p/99.html'), 'utf8')).toBe('99');
    } finally {
      await pool.close();
    }
  });

  it('a write that fails is the error Node gives, naming the file', async () => {
    const pool = RenderPool.start({ root: tempDir(), config: {} as never, overrides: [] }, 2);
    const dir = tempDir();
    writeFileSync(path.join(dir, 'taken'), 'a file where a folder must go');
    try {
      // As the export's own thread gets it from mkdirSync: the file in the way, named.
      const err = await pool!.write(dir, [['taken/index.html', 'x']]).catch((e: unknown) => e);
      expect(err).toMatchObject({ code: 'EEXIST', path: path.join(dir, 'taken') });
    } finally {
      await pool!.close();
    }
  });

  it('the quire command renders on its bundled workers, with the same bytes', () => {
    const site = path.join(tempDir(), 'site');
    writeVariedSite(site, MIN_PARALLEL_POSTS + 40);
    const run = (workers: string) => {
      const out = path.join(tempDir(), 'public');
      process.env.QUIRE_RENDER_WORKERS = workers;
      const r = quire(['export', site, '--out', out, '--as-of', '2030-01-01']);
      expect(r.stderr).toContain('broken.md');
      expect(r.code).toBe(0);
      return { out, stdout: r.stdout, stderr: r.stderr };
    };
    const serial = run('0');
    // The first run filled the site's index cache: the command now knows the site is big
    // enough and starts its workers before it reads the site (stage marks in order).
    process.env.QUIRE_TIMINGS = '1';
    let parallel;
    try {
      parallel = run('2');
    } finally {
      delete process.env.QUIRE_TIMINGS;
    }
    const marks = [...parallel.stderr.matchAll(/^quire-timing (\S+)/gm)].map((m) => m[1]);
    expect(marks.indexOf('workers')).toBeGreaterThanOrEqual(0);
    expect(marks.indexOf('workers')).toBeLessThan(marks.indexOf('open'));
    // The first lists were written while the rest were laid out.
    expect(marks.indexOf('ahead')).toBeGreaterThan(marks.indexOf('layout'));
    expect(serial.stdout).not.toContain('worker threads');
    expect(parallel.stdout).toMatch(/; \d+ posts rendered on worker threads/);
    const a = filesOf(serial.out);
    const b = filesOf(parallel.out);
    expect([...b.keys()].sort()).toEqual([...a.keys()].sort());
    expect([...a].filter(([f, bytes]) => !bytes.equals(b.get(f)!)).map(([f]) => f)).toEqual([]);
  });

  it('a site too small for workers exports without them, though its cache looked big enough', () => {
    // Threshold 300 posts, 200 bytes each at least: these posts' long front matter makes a
    // cache that big for fewer posts; the workers started early are closed, the command ends.
    const site = path.join(tempDir(), 'site');
    writeVariedSite(site, 150);
    const dir = path.join(site, 'content/posts');
    for (const e of readdirSync(dir, { withFileTypes: true })) {
      if (!e.isFile() || !e.name.endsWith('.md')) continue;
      const f = path.join(dir, e.name);
      const text = readFileSync(f, 'utf8');
      if (text.startsWith('---\n'))
        writeFileSync(f, `---\ndescription: "${'long '.repeat(100)}"\n${text.slice(4)}`);
    }
    delete process.env.QUIRE_RENDER_WORKERS;
    const run = () => {
      const out = path.join(tempDir(), 'public');
      return { out, ...quire(['export', site, '--out', out, '--as-of', '2030-01-01']) };
    };
    const first = run();
    expect(first.code).toBe(0);
    process.env.QUIRE_TIMINGS = '1';
    let second;
    try {
      second = run();
    } finally {
      delete process.env.QUIRE_TIMINGS;
    }
    expect(second.code).toBe(0);
    expect(second.stderr).toMatch(/^quire-timing workers/m);
    expect(second.stdout).toMatch(/^Exported \d+ pages/);
    expect(second.stdout).not.toContain('worker threads');
    expect(differences(filesOf(first.out), filesOf(second.out))).toEqual([]);
  });
});
