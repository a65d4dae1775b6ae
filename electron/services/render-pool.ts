import { existsSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { Worker } from 'node:worker_threads';
import type { PostMeta } from '../../shared/content/post.ts';
import type { SiteConfig, SummaryMode } from '../../shared/site/config.ts';
import type { DerivedPost } from '../../shared/site/derive.ts';
import type { SitePost } from '../../shared/site/listing.ts';
import type { PageBatch, WriteBatch } from './render-pages.ts';

// The export's render workers: posts are read, rendered and summarized on worker threads
// (one per core) with the same code as in the export's thread (render-worker.ts), and
// the results go into the export's cache; the pages are then laid out in one thread, in
// the plan's order, so the output is byte-identical to a serial export. A fresh export's
// files are then written by the same workers, each file whole.

/** What every worker is started with. */
export interface RenderWorkerData {
  root: string;
  config: SiteConfig;
  overrides: string[];
}

/** One post to render for its page. */
export interface RenderTask {
  path: string;
  /** Where the index saw the body start: the worker does not parse the front matter again. */
  bodyLine?: number;
  meta: Pick<PostMeta, 'summary' | 'params'>;
  mode: SummaryMode;
  pageUrl: string;
}

/**
 * One post's own page to render and write (a fresh export that streams): the post as
 * the plan places it, and the output file (already through safeOutputPath).
 */
export interface PageTask extends RenderTask {
  post: Pick<SitePost, 'path' | 'meta'>;
  file: string;
  tagLinks: string;
  nav: string;
  site: { baseURL: string; year: number };
}

/**
 * A post a worker renders ahead, before the plan gives it a page (`RenderPool.warm`): a
 * render task without the page's URL. The result is kept for the post's page only when
 * it does not depend on that URL (no root-relative link, no ref/relref).
 */
export type WarmTask = Omit<RenderTask, 'pageUrl'>;

/**
 * A post as a worker renders it: what rendering its body needs (the index's body line,
 * the summary and params), not its whole record.
 */
export function renderTaskOf(
  post: Pick<SitePost, 'path' | 'meta'> & { bodyLine?: number },
  mode: SummaryMode,
): WarmTask {
  const { summary, params } = post.meta;
  return { path: post.path, bodyLine: post.bodyLine, meta: { summary, params }, mode };
}

/** Posts being rendered ahead (`RenderPool.warm`); `finish` stops it. */
export interface Warming {
  /**
   * Stops rendering ahead (the post under way ends first) and tells which worker holds
   * which post's result: give that worker the post's page (renderPages' `warmed`).
   */
  finish(): Promise<Map<string, Worker>>;
  /** The same once every post was rendered ahead (no stop). */
  done(): Promise<Map<string, Worker>>;
}

/** A page a worker wrote: its post's derived values (without the HTML), the file's SHA-1 and size. */
export interface PageDone {
  derived: DerivedPost;
  hash: string;
  size: number;
}

/**
 * Below this many posts to render, workers cost more (start-up, a heap each) than they
 * save: on 2 cores, 500 posts exported faster, with less CPU and memory, in one thread
 * (`npm run bench process`). QUIRE_PARALLEL_MIN sets another (the tests use 300).
 */
export function minParallelPosts(): number {
  const n = Number(process.env.QUIRE_PARALLEL_MIN);
  return Number.isInteger(n) && n > 0 ? n : 1000;
}
const RENDER_BATCH = 32;
const WRITE_BATCH = 64;
/** The calling thread's batches: small, so worker replies wait little for it. */
const THREAD_BATCH = 8;
/** The smallest batch a worker is sent (near the end of a queue). */
const MIN_BATCH = 4;

/**
 * How to start a render worker here: the bundled worker next to the bundle (the `quire`
 * command, or the desktop app's main bundle), or the TypeScript source through tsx (tests,
 * sources); null when neither is available, and the export renders in its thread.
 */
function workerSpec(): { file: URL; source: boolean } | null {
  let here: string;
  try {
    here = fileURLToPath(import.meta.url);
  } catch {
    // A bundle without module URLs (CommonJS): no worker file to find.
    return null;
  }
  const dir = path.dirname(here);
  if (here.endsWith('.ts')) {
    const src = path.join(dir, 'render-worker.ts');
    return existsSync(src) ? { file: pathToFileURL(src), source: true } : null;
  }
  // The command's bundle (ES modules) or the desktop app's main bundle (CommonJS).
  for (const d of [dir, path.dirname(dir)])
    for (const name of ['render-worker.mjs', 'render-worker.cjs']) {
      const f = path.join(d, name);
      if (existsSync(f)) return { file: pathToFileURL(f), source: false };
    }
  return null;
}

/**
 * How many workers: QUIRE_RENDER_WORKERS (0 turns them off), else one per core, less the
 * calling thread's core when it renders too (`threadWorks`); none on one core.
 */
export function renderWorkerCount(opts: { threadWorks?: boolean } = {}): number {
  const env = process.env.QUIRE_RENDER_WORKERS;
  if (env !== undefined && env !== '') {
    const n = Number(env);
    return Number.isInteger(n) && n >= 0 ? n : 0;
  }
  const cores =
    typeof os.availableParallelism === 'function' ? os.availableParallelism() : os.cpus().length;
  if (cores <= 1) return 0;
  return opts.threadWorks ? cores - 1 : cores;
}

/** A file to write, relative to the folder being written. */
export type FileToWrite = [rel: string, data: string | Uint8Array];

type Reply =
  | { id: number; results: (DerivedPost | null)[] }
  | { id: number; warmed: string[] }
  | ({ id: number; inThread?: boolean } & PageBatch)
  | ({ id: number } & WriteBatch);

/** A worker's failed write as Node gives it (code and path kept). */
function replyError(e: { message: string; code?: string; path?: string }): Error {
  const err = new Error(e.message) as NodeJS.ErrnoException;
  if (e.code) err.code = e.code;
  if (e.path) err.path = e.path;
  return err;
}

/** Listens to a worker's replies, error and exit until the returned function is called. */
function listen(
  w: Worker,
  on: { message: (m: Reply) => void; error: (err: Error) => void; exit: (code: number) => void },
): () => void {
  w.on('message', on.message);
  w.on('error', on.error);
  w.on('exit', on.exit);
  return () => {
    w.off('message', on.message);
    w.off('error', on.error);
    w.off('exit', on.exit);
  };
}

/**
 * Worker threads for one export: they render posts (`render`), then write the files
 * (`write`); `close` ends them. Each call hands out batches, two in flight per worker.
 */
export class RenderPool {
  private constructor(private readonly workers: Worker[]) {
    // A worker may end before it is given work (started early, its code failed to load):
    // it is left out then, never waited for, and its error is not the process's.
    for (const w of workers) {
      w.on('error', () => this.ended(w));
      w.on('exit', () => this.ended(w));
    }
  }

  /** Workers that ended (an error, or their exit). */
  private readonly gone = new Set<Worker>();

  /** Batches written ahead (`writeAhead`), by their (negative) id. */
  private readonly ahead = new Map<
    number,
    { w: Worker; resolve: (b: WriteBatch) => void; reject: (e: Error) => void }
  >();
  private nextAhead = -1;

  /**
   * Sends files to one worker to write now, while this thread goes on (the render stage
   * laying out the lists); resolves with what it wrote (none when the worker ended),
   * rejects with a failed write as Node gives it. Every batch goes to the same worker, in
   * order, so a file sent twice ends with its last text. Await every batch before `write`.
   */
  writeAhead(dir: string, files: FileToWrite[]): Promise<WriteBatch> {
    const w = this.workers.find((x) => !this.gone.has(x));
    if (!w) return Promise.resolve({ written: 0, hashes: [] });
    if (!this.listening.has(w)) {
      this.listening.add(w);
      w.on('message', (m: Reply) => {
        const a = m.id < 0 ? this.ahead.get(m.id) : undefined;
        if (!a || !('written' in m)) return;
        this.ahead.delete(m.id);
        if (m.error) a.reject(replyError(m.error));
        else a.resolve(m);
      });
    }
    const id = this.nextAhead--;
    return new Promise((resolve, reject) => {
      this.ahead.set(id, { w, resolve, reject });
      w.postMessage({ kind: 'write', id, dir, files });
    });
  }

  private readonly listening = new Set<Worker>();

  /** A worker ended: what it was writing ahead is the caller's to write. */
  private ended(w: Worker): void {
    this.gone.add(w);
    for (const [id, a] of this.ahead)
      if (a.w === w) {
        this.ahead.delete(id);
        a.resolve({ written: 0, hashes: [] });
      }
  }

  /**
   * Starts the workers, or returns null when none can be started here (render and write
   * in the export's thread).
   */
  static start(data: RenderWorkerData, count = renderWorkerCount()): RenderPool | null {
    return RenderPool.spawn(count)?.init(data) ?? null;
  }

  /**
   * Starts `count` workers that load their code now and wait for the site (`init`): the
   * `quire export` command starts them before it reads the site, so they load while it
   * does. Null when none can be started here.
   */
  static spawn(count: number): RenderPool | null {
    const spec = count > 0 ? workerSpec() : null;
    if (!spec) return null;
    const workers: Worker[] = [];
    try {
      for (let i = 0; i < count; i++)
        workers.push(
          spec.source
            ? new Worker(
                `import('tsx/esm/api').then((m) => { m.register(); return import(${JSON.stringify(spec.file.href)}); });`,
                { eval: true },
              )
            : new Worker(spec.file),
        );
    } catch {
      for (const w of workers) void w.terminate();
      return null;
    }
    return new RenderPool(workers);
  }

  /** Tells the workers which site they render (the first message each one reads). */
  init(data: RenderWorkerData): this {
    for (const w of this.workers) w.postMessage({ kind: 'init', data });
    return this;
  }

  get size(): number {
    return this.workers.length;
  }

  private nextWarm = -1_000_000_000;

  /**
   * Renders posts ahead on the workers while this thread plans the site (they would wait
   * for it otherwise): each worker is sent its share of `tasks` in one message and renders
   * them one by one until `finish` is called. A worker keeps what it rendered for the
   * post's page (`renderPages` with the `warmed` that `finish` gives).
   */
  warm(tasks: WarmTask[]): Warming {
    const workers = this.workers.filter((w) => !this.gone.has(w));
    // [stop, then one flag per worker: it has begun rendering ahead].
    const flags = new Int32Array(new SharedArrayBuffer(4 * (1 + workers.length)));
    const replies = workers.map(
      (w, k) =>
        new Promise<[Worker, string[]]>((resolve) => {
          const id = this.nextWarm--;
          const onMessage = (m: Reply) => {
            if (m.id !== id || !('warmed' in m)) return;
            off();
            resolve([w, m.warmed]);
          };
          const onGone = () => {
            off();
            resolve([w, []]);
          };
          const off = listen(w, { message: onMessage, error: onGone, exit: onGone });
          // Every worker's share, interleaved: each renders from the front of its own.
          const share = tasks.filter((_, i) => i % workers.length === k);
          w.postMessage({ kind: 'warm', id, flags, slot: 1 + k, tasks: share });
        }),
    );
    const warmed = async (waitFor: (k: number) => boolean) => {
      const byPath = new Map<string, Worker>();
      const answers = await Promise.all(
        replies.map((r, k) => (waitFor(k) ? r : Promise.resolve([workers[k]!, []] as const))),
      );
      for (const [w, paths] of answers)
        if (!this.gone.has(w)) for (const p of paths) byPath.set(p, w);
      return byPath;
    };
    return {
      finish: () => {
        // A worker that has begun ends the post it is rendering, then replies; one still
        // loading its code is not waited for (its pages go to the shared queue).
        Atomics.store(flags, 0, 1);
        return warmed((k) => Atomics.load(flags, 1 + k) === 1);
      },
      done: () => warmed(() => true),
    };
  }

  /** Pages rendered by the workers (not the calling thread) since the pool started. */
  renderedOnWorkers = 0;

  /**
   * Runs `count` items in batches: `message(start, end)` is what a worker is sent. With
   * `inThread`, the calling thread takes batches from the same queue too (of `threadBatch`
   * items, yielding between them), so it works instead of waiting. `own` gives a worker
   * a range of items of its own (what it rendered ahead): it takes those first; the
   * calling thread takes from their far end once the shared items are gone.
   */
  private run(
    count: number,
    batch: number,
    message: (start: number, end: number) => object,
    onReply: (reply: Reply) => void,
    signal?: AbortSignal,
    inThread?: { batch: number; run: (start: number, end: number) => Reply },
    own: Map<Worker, { start: number; end: number }> = new Map(),
  ): Promise<void> {
    // The queues: items [next, end) of each. The shared one is what no worker owns.
    const owned = [...own.values()];
    const shared = { next: owned.reduce((n, r) => Math.max(n, r.end), 0), end: count };
    const queues = new Map<Worker, { next: number; end: number }>(
      [...own].map(([w, r]) => [w, { next: r.start, end: r.end }]),
    );
    const left = () => {
      let n = shared.end - shared.next;
      for (const q of queues.values()) n += q.end - q.next;
      return n;
    };
    // After a failure no worker takes another batch.
    let stopped = false;
    const lanes: Promise<void>[] = [];
    const workers = this.workers.filter((w) => !this.gone.has(w));
    // What a worker that ended owned, the calling thread takes as it helps any worker
    // (without one, those items are left to the caller, as a stopped worker's are).
    const laneCount = workers.length + (inThread ? 1 : 0);
    if (inThread)
      lanes.push(
        (async () => {
          // Workers get their first batches before this thread starts on its own.
          await new Promise((r) => setImmediate(r));
          while (!stopped && !signal?.aborted) {
            let start: number;
            let end: number;
            if (shared.next < shared.end) {
              start = shared.next;
              end = shared.next = Math.min(shared.end, start + inThread.batch);
            } else {
              // The shared items are gone: help the worker with the most left, from the end.
              let most: { next: number; end: number } | null = null;
              for (const q of queues.values())
                if (q.end - q.next > (most ? most.end - most.next : 0)) most = q;
              if (!most) break;
              end = most.end;
              start = most.end = Math.max(most.next, end - inThread.batch);
            }
            try {
              onReply(inThread.run(start, end));
            } catch (err) {
              stopped = true;
              throw err;
            }
            await new Promise((r) => setImmediate(r));
          }
        })(),
      );
    lanes.push(
      ...workers.map(
        (w) =>
          new Promise<void>((resolve, reject) => {
            let inFlight = 0;
            const mine = queues.get(w);
            const send = () => {
              if (stopped || signal?.aborted) return;
              const q = mine && mine.next < mine.end ? mine : shared;
              if (q.next >= q.end) return;
              const start = q.next;
              // Smaller batches near the end, so that no lane waits long for another's
              // last one (each lane has two in flight).
              const size = Math.max(
                inThread?.batch ?? MIN_BATCH,
                Math.min(batch, Math.ceil(left() / (2 * laneCount))),
              );
              q.next = Math.min(q.end, start + size);
              w.postMessage(message(start, q.next));
              inFlight++;
            };
            const onMessage = (m: Reply) => {
              // A batch written ahead (writeAhead) is not this queue's.
              if (m.id < 0) return;
              inFlight--;
              try {
                onReply(m);
              } catch (err) {
                stopped = true;
                done();
                reject(err as Error);
                return;
              }
              send();
              if (inFlight === 0) {
                done();
                resolve();
              }
            };
            const onError = (err: Error) => {
              stopped = true;
              done();
              reject(err);
            };
            const onExit = (code: number) => {
              stopped = true;
              done();
              reject(new Error(`a render worker stopped (exit ${code})`));
            };
            const done = listen(w, { message: onMessage, error: onError, exit: onExit });
            send();
            send();
            if (inFlight === 0) {
              done();
              resolve();
            }
          }),
      ),
    );
    // Every lane ends before this does (none goes on taking batches after a failure): the
    // first failure is thrown then.
    let failure: { err: unknown } | null = null;
    return Promise.all(
      lanes.map((lane) =>
        lane.catch((err: unknown) => {
          stopped = true;
          failure ??= { err };
        }),
      ),
    ).then(() => {
      if (failure) throw failure.err;
    });
  }

  /**
   * Renders `tasks`: one result per task, in order; null for a task the caller must
   * render itself (a post with ref/relref, a post that fails, a worker that stopped).
   */
  async render(
    tasks: RenderTask[],
    opts: { signal?: AbortSignal; onResult?: () => void } = {},
  ): Promise<(DerivedPost | null)[]> {
    const results: (DerivedPost | null)[] = new Array(tasks.length).fill(null);
    await this.run(
      tasks.length,
      RENDER_BATCH,
      (start, end) => ({ kind: 'render', id: start, tasks: tasks.slice(start, end) }),
      (m) => {
        if (!('results' in m)) return;
        m.results.forEach((r, k) => {
          results[m.id + k] = r;
          opts.onResult?.();
        });
      },
      opts.signal,
    ).catch(() => {
      // What is missing is rendered by the caller.
    });
    return results;
  }

  /**
   * Renders each post's own page and writes it into `dir` as it is rendered (nothing is
   * sent back but the derived values without the HTML, the hash and the size): one result
   * per task, in order; null for a page the caller must render and write itself (ref/relref,
   * a post that fails, a worker that stopped, cancelled). A failed write rejects with the
   * error as Node gives it.
   */
  async renderPages(
    dir: string,
    tasks: PageTask[],
    opts: {
      signal?: AbortSignal;
      onResult?: () => void;
      /** Renders and writes a batch in the calling thread, which then works too. */
      inThread?: (tasks: PageTask[]) => PageBatch;
      /** Which worker rendered which post ahead (Warming.finish): it gets that post's page. */
      warmed?: Map<string, Worker>;
    } = {},
  ): Promise<(PageDone | null)[]> {
    let failure: Error | null = null;
    // Each worker's posts first (a range of its own), then the rest; `order` maps back.
    const order: number[] = [];
    const own = new Map<Worker, { start: number; end: number }>();
    if (opts.warmed?.size) {
      const byWorker = new Map<Worker, number[]>();
      const rest: number[] = [];
      tasks.forEach((t, i) => {
        const w = opts.warmed!.get(t.path);
        if (!w) return rest.push(i);
        let list = byWorker.get(w);
        if (!list) byWorker.set(w, (list = []));
        list.push(i);
      });
      for (const [w, list] of byWorker) {
        own.set(w, { start: order.length, end: order.length + list.length });
        order.push(...list);
      }
      order.push(...rest);
    } else for (let i = 0; i < tasks.length; i++) order.push(i);
    const queued = order.map((i) => tasks[i]!);
    const results: (PageDone | null)[] = new Array(tasks.length).fill(null);
    const local = opts.inThread;
    await this.run(
      queued.length,
      RENDER_BATCH,
      (start, end) => ({ kind: 'pages', id: start, dir, tasks: queued.slice(start, end) }),
      (m) => {
        if (!('pages' in m)) return;
        if (m.error) {
          failure ??= replyError(m.error);
          throw failure;
        }
        m.pages.forEach((r, k) => {
          results[order[m.id + k]!] = r;
          if (r && !m.inThread) this.renderedOnWorkers++;
          opts.onResult?.();
        });
      },
      opts.signal,
      local && {
        batch: THREAD_BATCH,
        run: (start, end) => ({ id: start, inThread: true, ...local(queued.slice(start, end)) }),
      },
      own,
    ).catch(() => {
      // A failed write is in `failure`; what is missing is rendered by the caller.
    });
    if (failure) throw failure;
    return results;
  }

  /**
   * Writes files into `dir` (folders made as needed), in batches across the workers, and
   * returns each file's SHA-1 (hex), '' for a file the caller must write (cancelled, or a
   * worker stopped). A failed write rejects with the error as Node gives it (code and
   * path kept).
   */
  async write(
    dir: string,
    files: FileToWrite[],
    opts: {
      signal?: AbortSignal;
      onWritten?: (n: number) => void;
      /** Writes a batch in the calling thread, which then works too. */
      inThread?: (files: FileToWrite[]) => WriteBatch;
    } = {},
  ): Promise<string[]> {
    let failure: Error | null = null;
    // Each file's SHA-1 (hex), as the manifest records it; '' for a file not written.
    const hashes: string[] = new Array(files.length).fill('');
    const local = opts.inThread;
    await this.run(
      files.length,
      WRITE_BATCH,
      (start, end) => ({ kind: 'write', id: start, dir, files: files.slice(start, end) }),
      (m) => {
        if (!('written' in m)) return;
        if (m.error) {
          failure ??= replyError(m.error);
          throw failure;
        }
        m.hashes.forEach((h, k) => (hashes[m.id + k] = h));
        opts.onWritten?.(m.written);
      },
      opts.signal,
      local && {
        batch: THREAD_BATCH,
        run: (start, end) => ({ id: start, ...local(files.slice(start, end)) }),
      },
    ).catch(() => {
      // A write that failed is in `failure`; a worker that stopped leaves its files to the
      // caller (their hashes are '').
    });
    if (failure) throw failure;
    return hashes;
  }

  /** Ends the workers. */
  async close(): Promise<void> {
    await Promise.all(this.workers.map((w) => w.terminate()));
  }
}
