import { QuireError } from '../../shared/errors.ts';
import { spawn, spawnSync } from 'node:child_process';
import type { ChildProcess } from 'node:child_process';
import { randomBytes, createHash } from 'node:crypto';
import { watch as chokidarWatch } from 'chokidar';
import type { FSWatcher } from 'chokidar';
import {
  lstatSync,
  mkdirSync,
  readFileSync,
  realpathSync,
  rmSync,
  unlinkSync,
  writeFileSync,
} from 'node:fs';
import { createServer, request as httpRequest } from 'node:http';
import type { IncomingMessage, Server, ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { createServer as createNetServer } from 'node:net';
import path from 'node:path';
import { contentType as mimeContentType } from 'mime-types';
import { FRAME_SCRIPT } from './theme-frame-script.ts';

// "Your theme": the site's own Hugo, run on loopback over a private working folder in the
// app's data folder. Nothing is written into the user's site: Hugo reads the site with
// `--source`, a generated config (passed after the site's own, so it wins) repeats the
// site's own module mounts with a private overlay folder mounted before each content mount
// (the first mount wins for a file both hold), and the open posts' unsaved texts are files
// in that overlay, by their site path. `--noBuildLock`, a private `--cacheDir`,
// `HUGO_RESOURCEDIR` and `build.writeStats = false` keep Hugo's own files out of the site.
// A small site is built with one `hugo` run per typing pause into a private folder (fast:
// no watcher batch to wait for); a larger one runs `hugo server` (in memory, partial
// rebuilds). The as-of date is Hugo's `--clock` (the end of that day, UTC), drafts
// `--buildDrafts`. A small proxy on another loopback port serves the pages under a per-run
// token path, refuses foreign Host headers, and adds a script (theme-frame-script.ts) that
// patches a new build into the page shown and keeps the scroll position across reloads
// (talking to the app only by postMessage).

/** The oldest Hugo this was verified with (module mounts with excludeFiles, --clock, --noBuildLock). */
export const MIN_HUGO = [0, 111, 0] as const;

/** A Hugo error, with the site-relative file and line when Hugo named them. */
export interface HugoProblem {
  file: string | null;
  line: number | null;
  column: number | null;
  message: string;
}

/** The Hugo binary to use, or why there is none. */
export type HugoLookup =
  { ok: true; bin: string; version: string } | { ok: false; message: string };

/** Finds Hugo (a configured path, else `hugo` on PATH) and checks its version. */
export function findHugo(configured?: string | null): HugoLookup {
  const bin = configured || process.env.QUIRE_HUGO || 'hugo';
  const r = spawnSync(bin, ['version'], { encoding: 'utf8', timeout: 15_000 });
  const where = bin === 'hugo' ? 'on PATH' : `at ${bin}`;
  if (r.error || r.status !== 0)
    return {
      ok: false,
      message: `Hugo is not installed (no hugo ${where}); showing Quire's preview`,
    };
  const m = /v(\d+)\.(\d+)\.(\d+)/.exec(r.stdout);
  if (!m)
    return { ok: false, message: `hugo ${where} did not say its version; showing Quire's preview` };
  const v = [Number(m[1]), Number(m[2]), Number(m[3])];
  const version = v.join('.');
  for (let i = 0; i < 3; i++) {
    if (v[i]! > MIN_HUGO[i]!) break;
    if (v[i]! < MIN_HUGO[i]!)
      return {
        ok: false,
        message: `Hugo ${version} ${where} is older than ${MIN_HUGO.join('.')}; showing Quire's preview`,
      };
  }
  return { ok: true, bin, version };
}

/** Hugo could not build the site (or stopped); `problems` name files and lines. */
export class HugoFailed extends QuireError {
  constructor(
    message: string,
    readonly problems: HugoProblem[],
  ) {
    super('failed', message);
    this.name = 'HugoFailed';
  }
}

/** What the preview is built as: the as-of day (YYYY-MM-DD) and drafts. */
export interface PreviewFlags {
  asOf: string;
  drafts: boolean;
}

/** One finished Hugo build. */
export interface BuildResult {
  seq: number;
  problems: HugoProblem[];
}

export interface ThemePreviewOptions {
  /** The site folder (absolute). */
  root: string;
  /** The site's content folder, relative to the site (`content`). */
  contentDir: string;
  /** The site's config file relative to the site, or null (Hugo finds its config itself). */
  configFile: string | null;
  /** The app's data folder: the private working folder goes under it. */
  dataDir: string;
  bin: string;
  /** Hugo's version (shown to the user). */
  version: string;
  /** Origins allowed to frame the pages (frame-ancestors). */
  frameAncestors?: string;
  /** Called after every build (typing, a saved file, a changed template). */
  onBuild?(result: BuildResult): void;
  /** Called when Hugo stops on its own. */
  onExit?(message: string): void;
  /** How to run Hugo; absent: `$QUIRE_THEME_MODE`, else decided by the first build's time. */
  mode?: PreviewMode | 'auto';
  /**
   * Whether the frame patches a new build into the page it shows (default; absent:
   * `$QUIRE_THEME_PATCH` is not 0) or always loads it into the other frame.
   */
  patch?: boolean;
  /** The first build's time limit for build mode (default BUILD_MODE_MAX_MS). */
  buildModeMaxMs?: number;
}

/** How the preview runs Hugo: `hugo server` (its watcher) or one `hugo` build per change. */
export type PreviewMode = 'server' | 'build';

/**
 * A site whose first build takes at most this long is previewed with one `hugo` build per
 * typing pause (the seed blog builds in about 0.15 s on an idle machine); a slower one with
 * `hugo server`, whose partial rebuilds are light but whose watcher waits for its next
 * 500 ms batch. Measured on a busy machine (`npm run bench -- theme`), a whole build per
 * pause cost more than the server's wait, so only a really fast first build picks it.
 */
export const BUILD_MODE_MAX_MS = 250;

/** One of Hugo's module mounts (as `hugo config mounts` prints them). */
export interface HugoMount {
  source: string;
  target: string;
  lang?: string;
  includeFiles?: string | string[];
  excludeFiles?: string | string[];
}

type BuildOutcome =
  | { kind: 'ok'; dir: string; problems: HugoProblem[]; ms: number }
  | { kind: 'failed'; problems: HugoProblem[] }
  | { kind: 'slow' }
  | { kind: 'cancelled' };

/**
 * One running "Your theme" preview for one open site: Hugo (a server, or a build per
 * change), the overlay of unsaved texts, and the proxy in front. Stop it when the site
 * closes.
 */
export class ThemePreview {
  readonly token = randomBytes(18).toString('base64url');
  private readonly work: string;
  private readonly overlay: string;
  private proxy: Server | null = null;
  private proxyPort = 0;
  private hugoPort = 0;
  private child: ChildProcess | null = null;
  private flags: PreviewFlags | null = null;
  private starting: Promise<void> | null = null;
  /** Builds started and finished since the last start (a waiter wants a build begun after it). */
  private started = 0;
  private done = 0;
  private pendingProblems: HugoProblem[] = [];
  private lastProblems: HugoProblem[] = [];
  private waiters: { after: number; resolve: (r: BuildResult) => void }[] = [];
  private written = new Map<string, string>();
  private queue: Promise<unknown> = Promise.resolve();
  private stopped = false;
  /** Which way Hugo runs now (null before the first start). */
  private runMode: PreviewMode | null = null;
  /** Build mode: the folder served (the last good build), the one before, the next number. */
  private outDir: string | null = null;
  private prevOut: string | null = null;
  private outSeq = 0;
  private buildChild: ChildProcess | null = null;
  private building = false;
  private buildAgain = false;
  private buildStartedAt = 0;
  /** How long the last good build took (build mode). */
  private lastBuildMs = 0;
  /** Changes with every start and stop: a build of an older generation is dropped. */
  private generation = 0;
  private watcher: FSWatcher | null = null;
  /** Server mode: posts back to their file whose overlay copy follows the file. */
  private mirrored = new Set<string>();
  private mirrorWatcher: FSWatcher | null = null;
  private configs: string[] = [];
  /** The overlay's folders that stand for the site's content mounts. */
  private overlayRoots: string[] = [];
  /** The HTML pages last served, by the id in their frame script's tag (newest last). */
  private readonly served = new Map<number, string>();
  private servedBytes = 0;
  private pageSeq = 0;
  /** Whether frames patch new builds in (else they reload); see ThemePreviewOptions.patch. */
  private readonly patches: boolean;
  /** Hugo processes Quire stopped (their exit is no news). */
  private readonly killed = new WeakSet<ChildProcess>();
  private readonly killOnExit = () => {
    this.child?.kill('SIGKILL');
    this.buildChild?.kill('SIGKILL');
  };

  constructor(private readonly opts: ThemePreviewOptions) {
    const id = createHash('sha256').update(opts.root).digest('hex').slice(0, 16);
    this.work = path.join(opts.dataDir, 'theme-preview', id);
    this.overlay = path.join(this.work, 'overlay');
    // Unsaved texts and builds of an earlier run are not this run's: start empty.
    rmSync(this.overlay, { recursive: true, force: true });
    rmSync(path.join(this.work, 'out'), { recursive: true, force: true });
    mkdirSync(this.overlay, { recursive: true });
    process.on('exit', this.killOnExit);
    this.patches = opts.patch ?? process.env.QUIRE_THEME_PATCH !== '0';
  }

  /** The URL prefix the site is served at (ends in `/`); a page's URL path goes after it. */
  get base(): string {
    return `http://127.0.0.1:${this.proxyPort}/${this.token}/`;
  }

  /** Hugo's version. */
  get version(): string {
    return this.opts.version;
  }

  /** The problems of the last build. */
  get problems(): HugoProblem[] {
    return this.lastProblems;
  }

  /** How Hugo runs now: a server, or one build per change (null before a start). */
  get mode(): PreviewMode | null {
    return this.runMode;
  }

  /** Starts Hugo (or restarts it when the flags changed); throws HugoFailed. */
  async configure(flags: PreviewFlags): Promise<void> {
    if (this.stopped) throw new HugoFailed('the preview was stopped', []);
    if (this.starting) await this.starting.catch(() => undefined);
    if (this.running() && this.flags?.asOf === flags.asOf && this.flags.drafts === flags.drafts)
      return;
    // One start at a time; overlay writes wait for it (update).
    this.starting = this.queue.then(() => this.start(flags));
    this.queue = this.starting.catch(() => undefined);
    try {
      await this.starting;
    } finally {
      this.starting = null;
    }
  }

  private running(): boolean {
    return this.runMode === 'build' ? this.outDir !== null : this.child !== null;
  }

  private async start(flags: PreviewFlags): Promise<void> {
    await this.stopHugo();
    const generation = ++this.generation;
    if (!this.proxy) await this.startProxy();
    this.flags = flags;
    await this.writeConfig();
    // Hugo 0.111's server stops when its first build fails: start from the files on disk,
    // then put the unsaved texts back (an error in one of them is then a rebuild error,
    // shown with its line, while the last good pages stay). Builds do the same.
    rmSync(this.overlay, { recursive: true, force: true });
    mkdirSync(this.overlay, { recursive: true });
    // Hugo's server watches the mounts' folders that exist when it starts.
    for (const dir of this.overlayRoots) mkdirSync(dir, { recursive: true });
    const held = [...this.written];
    this.written.clear();
    this.started = 0;
    this.done = 0;
    const want = this.opts.mode ?? modeFromEnv();
    let chosen: PreviewMode = 'server';
    if (want !== 'server') {
      // The first build decides: a site that builds fast enough is built once per change.
      const first = await this.buildOnce(
        want === 'auto' ? (this.opts.buildModeMaxMs ?? BUILD_MODE_MAX_MS) : null,
      );
      if (generation !== this.generation || first.kind === 'cancelled')
        throw new HugoFailed('the preview was restarted', []);
      if (first.kind === 'failed') {
        this.lastProblems = first.problems;
        throw new HugoFailed(
          `Hugo could not build the site: ${where(first.problems[0]!)}${first.problems[0]!.message}; showing Quire's preview`,
          first.problems,
        );
      }
      if (first.kind === 'ok') {
        chosen = 'build';
        this.lastBuildMs = first.ms;
        this.swapOut(first.dir);
        this.lastProblems = first.problems;
        this.runMode = 'build';
        this.watchSite(generation);
      }
    }
    if (chosen === 'server') await this.startServer(flags);
    if (held.length) {
      const next = this.nextBuild(15_000);
      for (const [rel, text] of held) this.writeOverlay(rel, text);
      if (this.runMode === 'build') this.scheduleBuild();
      await next;
    }
  }

  /**
   * Writes the preview's config: the site's own mounts (from `hugo config mounts`, so a
   * site's content, static or asset mounts stay), each content mount of a folder in the
   * site preceded by the same mount of that folder in the overlay (the first mount wins,
   * so an unsaved text shadows its file).
   */
  private async writeConfig(): Promise<void> {
    const configFile = path.join(this.work, 'quire-preview.toml');
    const site = this.opts.configFile ? [path.join(this.opts.root, this.opts.configFile)] : [];
    const mounts = (await this.siteMounts(site)) ?? [
      { source: this.opts.contentDir, target: 'content' },
    ];
    const out = [
      '# Written by Quire for its "Your theme" preview; not part of the site.',
      '[build]',
      'writeStats = false',
    ];
    const mount = (m: HugoMount) => {
      out.push('[[module.mounts]]', `source = ${tomlString(m.source)}`);
      out.push(`target = ${tomlString(m.target)}`);
      if (m.lang) out.push(`lang = ${tomlString(m.lang)}`);
      if (m.includeFiles !== undefined)
        out.push(`includeFiles = ${JSON.stringify(m.includeFiles)}`);
      if (m.excludeFiles !== undefined)
        out.push(`excludeFiles = ${JSON.stringify(m.excludeFiles)}`);
    };
    this.overlayRoots = [];
    for (const m of mounts) {
      const inSite = overlaySource(this.opts.root, m.source);
      if ((m.target === 'content' || m.target.startsWith('content/')) && inSite !== null) {
        const source = path.join(this.overlay, ...inSite.split('/').filter(Boolean));
        this.overlayRoots.push(source);
        mount({ ...m, source });
      }
      mount(m);
    }
    writeFileSync(configFile, out.join('\n') + '\n');
    this.configs = [...site, configFile];
  }

  /** The site's project mounts as Hugo reads them, or null when Hugo could not say. */
  private async siteMounts(configs: string[]): Promise<HugoMount[] | null> {
    const args = ['config', 'mounts', '--source', this.opts.root];
    if (configs.length) args.push('--config', configs.join(','));
    const out = await new Promise<string | null>((resolve) => {
      const child = spawn(this.opts.bin, args, {
        cwd: this.work,
        stdio: ['ignore', 'pipe', 'ignore'],
        // `hugo config` makes its publish and resource folders: keep them out of the site.
        env: {
          ...process.env,
          HUGO_PUBLISHDIR: path.join(this.work, 'config-public'),
          HUGO_RESOURCEDIR: path.join(this.work, 'resources'),
          HUGO_CACHEDIR: path.join(this.work, 'cache'),
        },
      });
      let text = '';
      child.stdout!.setEncoding('utf8');
      child.stdout!.on('data', (c: string) => (text += c));
      const timer = setTimeout(() => child.kill('SIGKILL'), 30_000);
      child.on('error', () => resolve(null));
      child.on('exit', (code) => {
        clearTimeout(timer);
        resolve(code === 0 ? text : null);
      });
    });
    rmSync(path.join(this.work, 'config-public'), { recursive: true, force: true });
    if (out === null) return null;
    return projectMounts(out);
  }

  private async startServer(flags: PreviewFlags): Promise<void> {
    this.hugoPort = await freePort();
    const args = [
      'server',
      '--source',
      this.opts.root,
      '--config',
      this.configs.join(','),
      '--noBuildLock',
      '--cacheDir',
      path.join(this.work, 'cache'),
      '--clock',
      `${flags.asOf}T23:59:59Z`,
      '--bind',
      '127.0.0.1',
      '--port',
      String(this.hugoPort),
      '--baseURL',
      this.base,
      '--appendPort=false',
      '--disableLiveReload',
      ...(flags.drafts ? ['--buildDrafts'] : []),
    ];
    const child = spawn(this.opts.bin, args, {
      cwd: this.work,
      stdio: ['ignore', 'pipe', 'pipe'],
      env: this.hugoEnv(),
    });
    this.child = child;
    this.runMode = 'server';
    let output = '';
    let ready = false;
    await new Promise<void>((resolve, reject) => {
      const onLine = (line: string, isErr: boolean) => {
        if (!ready) output += line + '\n';
        if (/^Web Server is available/.test(line)) {
          ready = true;
          this.lastProblems = this.pendingProblems;
          this.pendingProblems = [];
          resolve();
          return;
        }
        if (/^Change detected, rebuilding site/.test(line)) {
          this.started++;
          this.pendingProblems = [];
          return;
        }
        if (/^(ERROR|Error:)/.test(line) || (isErr && /error/i.test(line))) {
          this.pendingProblems.push(this.problemOf(line));
          return;
        }
        if (ready && /^Total in \d+ ms/.test(line)) {
          // Errors come on stderr, which may arrive just after this line on stdout.
          setTimeout(() => this.finishBuild(), 10);
        }
      };
      lines(child.stdout!, (l) => onLine(l, false));
      lines(child.stderr!, (l) => onLine(l, true));
      child.on('error', (err) => reject(new HugoFailed(`Hugo did not start: ${err.message}`, [])));
      child.on('exit', (code) => {
        if (this.child === child) this.child = null;
        if (!ready) {
          const problems = this.pendingProblems.length
            ? this.pendingProblems
            : [{ file: null, line: null, column: null, message: lastLines(output) }];
          this.pendingProblems = [];
          this.lastProblems = problems;
          reject(
            new HugoFailed(
              `Hugo could not build the site: ${where(problems[0]!)}${problems[0]!.message}; showing Quire's preview`,
              problems,
            ),
          );
        } else if (!this.stopped && !this.killed.has(child)) {
          this.opts.onExit?.(`Hugo stopped (exit ${code ?? 'signal'})`);
        }
        for (const w of this.waiters.splice(0))
          w.resolve({ seq: this.done, problems: this.lastProblems });
      });
    });
  }

  private hugoEnv(): NodeJS.ProcessEnv {
    return {
      ...process.env,
      HUGO_ENVIRONMENT: 'development',
      // HUGO_RESOURCEDIR, not the config key: with the key, Hugo 0.111 still makes
      // resources/_gen in the site (and `hugo server` has no --resourceDir flag).
      HUGO_RESOURCEDIR: path.join(this.work, 'resources'),
    };
  }

  /**
   * One `hugo` build into a new private folder (never the site's). With `limitMs`, a build
   * that takes longer is stopped and reported as slow (the server suits that site better).
   */
  private buildOnce(limitMs: number | null): Promise<BuildOutcome> {
    const flags = this.flags!;
    const dir = path.join(this.work, 'out', String(++this.outSeq));
    rmSync(dir, { recursive: true, force: true });
    const args = [
      '--source',
      this.opts.root,
      '--config',
      this.configs.join(','),
      '--destination',
      dir,
      '--noBuildLock',
      '--cacheDir',
      path.join(this.work, 'cache'),
      '--clock',
      `${flags.asOf}T23:59:59Z`,
      '--baseURL',
      this.base,
      ...(flags.drafts ? ['--buildDrafts'] : []),
    ];
    const t0 = performance.now();
    return new Promise((resolve) => {
      const child = spawn(this.opts.bin, args, {
        cwd: this.work,
        stdio: ['ignore', 'pipe', 'pipe'],
        env: this.hugoEnv(),
      });
      this.buildChild = child;
      let slow = false;
      const timer =
        limitMs === null
          ? null
          : setTimeout(() => {
              slow = true;
              child.kill('SIGKILL');
            }, limitMs);
      const problems: HugoProblem[] = [];
      let output = '';
      const onLine = (line: string) => {
        output += line + '\n';
        if (/^(ERROR|Error:)/.test(line)) problems.push(this.problemOf(line));
      };
      lines(child.stdout!, onLine);
      lines(child.stderr!, onLine);
      const fail = (message: string) => {
        rmSync(dir, { recursive: true, force: true });
        resolve({ kind: 'failed', problems: [{ file: null, line: null, column: null, message }] });
      };
      child.on('error', (err) => {
        if (timer) clearTimeout(timer);
        if (this.buildChild === child) this.buildChild = null;
        fail(`Hugo did not start: ${err.message}`);
      });
      child.on('close', (code) => {
        if (timer) clearTimeout(timer);
        if (this.buildChild === child) this.buildChild = null;
        const ms = performance.now() - t0;
        if (slow || this.killed.has(child)) {
          rmSync(dir, { recursive: true, force: true });
          return resolve({ kind: slow ? 'slow' : 'cancelled' });
        }
        if (code === 0) return resolve({ kind: 'ok', dir, problems, ms });
        if (problems.length) {
          rmSync(dir, { recursive: true, force: true });
          return resolve({ kind: 'failed', problems });
        }
        fail(lastLines(output));
      });
    });
  }

  /** Serves `dir` from now on; the folder before it stays for pages still loading. */
  private swapOut(dir: string): void {
    if (this.prevOut && this.prevOut !== dir)
      rmSync(this.prevOut, { recursive: true, force: true });
    this.prevOut = this.outDir;
    this.outDir = dir;
  }

  /** Build mode: one build after a change; changes during a build make one more. */
  private scheduleBuild(): void {
    if (this.building) {
      this.buildAgain = true;
      // A build begun only just now holds an older text: start over rather than wait.
      const child = this.buildChild;
      if (child && performance.now() - this.buildStartedAt < this.lastBuildMs / 2) {
        this.killed.add(child);
        child.kill('SIGKILL');
      }
      return;
    }
    const generation = this.generation;
    this.building = true;
    this.buildAgain = false;
    this.started++;
    this.buildStartedAt = performance.now();
    void this.buildOnce(null).then((r) => {
      if (generation !== this.generation) return;
      this.building = false;
      if (r.kind === 'ok') {
        this.lastBuildMs = r.ms;
        this.swapOut(r.dir);
      }
      if (r.kind === 'ok' || r.kind === 'failed') {
        this.pendingProblems = r.problems;
        this.finishBuild();
      } else this.done++; // Superseded: the next build answers its waiters.
      if (this.buildAgain) this.scheduleBuild();
    });
  }

  /** Build mode: files changed in the site (a save, a template, another editor) rebuild. */
  private watchSite(generation: number): void {
    const root = this.opts.root;
    const watcher = chokidarWatch(root, {
      ignoreInitial: true,
      followSymlinks: false,
      ignored: (p: string) => {
        const rel = path.relative(root, p);
        return /(^|[\\/])(\.|node_modules$|public$|resources$)/.test(rel);
      },
    });
    watcher.on('error', () => undefined);
    let timer: NodeJS.Timeout | null = null;
    watcher.on('all', () => {
      if (timer || generation !== this.generation) return;
      timer = setTimeout(() => {
        timer = null;
        if (generation === this.generation) this.scheduleBuild();
      }, 50);
    });
    this.watcher = watcher;
  }

  private finishBuild(): void {
    this.done++;
    this.lastProblems = this.pendingProblems;
    this.pendingProblems = [];
    const result = { seq: this.done, problems: this.lastProblems };
    this.waiters = this.waiters.filter((w) => {
      if (this.done > w.after) {
        w.resolve(result);
        return false;
      }
      return true;
    });
    this.opts.onBuild?.(result);
  }

  /** The next build that starts after now, or null after `timeoutMs`. */
  private nextBuild(timeoutMs: number): Promise<BuildResult | null> {
    return this.buildAfter(this.started, timeoutMs);
  }

  /** The first build to finish that began after build number `after`, or null. */
  private buildAfter(after: number, timeoutMs: number): Promise<BuildResult | null> {
    return new Promise((resolve) => {
      const timer = setTimeout(() => {
        this.waiters = this.waiters.filter((w) => w !== waiter);
        resolve(null);
      }, timeoutMs);
      const waiter = {
        after,
        resolve: (r: BuildResult) => {
          clearTimeout(timer);
          resolve(r);
        },
      };
      this.waiters.push(waiter);
    });
  }

  /**
   * Puts a post's unsaved text into the overlay (null: the file on disk is what Hugo
   * reads) and resolves after Hugo rebuilt with it. `rel` is site-relative and already
   * confined to the site by the caller. The file is written at once (a build, or Hugo's
   * watcher, takes the latest text); only a start in progress holds writes back.
   */
  async update(
    rel: string,
    text: string | null,
  ): Promise<{ built: boolean; problems: HugoProblem[] }> {
    const norm = path.posix.normalize(rel.replace(/\\/g, '/'));
    if (!norm || norm === '.' || norm.startsWith('../') || path.posix.isAbsolute(norm))
      throw new HugoFailed(`${rel}: not in the site`, []);
    while (this.starting) await this.starting.catch(() => undefined);
    const had = this.written.get(norm);
    if (text === null ? had === undefined : had === text)
      return { built: false, problems: this.lastProblems };
    const before = this.started;
    const next = this.running()
      ? this.nextBuild(this.runMode === 'server' ? 3_000 : 15_000)
      : Promise.resolve(null);
    if (text === null && this.runMode === 'server') this.mirror(norm);
    else {
      if (this.mirrored.delete(norm)) this.mirrorWatcher?.unwatch(path.join(this.opts.root, norm));
      this.writeOverlay(norm, text);
    }
    if (this.runMode === 'build' && this.running()) this.scheduleBuild();
    let r = await next;
    if (r === null && text !== null && this.runMode === 'server' && this.child) {
      if (this.started > before)
        r = await this.buildAfter(before, 15_000); // still building
      else {
        // Hugo's watcher can miss a write made while it rebuilds: write the text again.
        const again = this.nextBuild(15_000);
        this.writeOverlay(norm, text);
        r = await again;
      }
    }
    return { built: r !== null, problems: r?.problems ?? this.lastProblems };
  }

  /**
   * Server mode: a post back to its file keeps an overlay copy of the file's text, kept
   * current while the file changes. Hugo 0.111's server drops a page whose overlay file is
   * removed (it is gone from the lists until its file changes), and after a failed rebuild
   * fails every later one on it ("no such file").
   */
  private mirror(rel: string): void {
    const abs = path.join(this.opts.root, ...rel.split('/'));
    let disk: string;
    try {
      disk = readFileSync(abs, 'utf8');
    } catch {
      this.mirrored.delete(rel);
      this.writeOverlay(rel, null);
      return;
    }
    this.writeOverlay(rel, disk);
    this.written.delete(rel);
    if (this.mirrored.has(rel)) return;
    this.mirrored.add(rel);
    if (!this.mirrorWatcher) {
      const generation = this.generation;
      const w = chokidarWatch([], { ignoreInitial: true, followSymlinks: false });
      w.on('error', () => undefined);
      w.on('all', (_event, p) => {
        const changed = path.relative(this.opts.root, p).split(path.sep).join('/');
        if (generation === this.generation && this.mirrored.has(changed)) this.mirror(changed);
      });
      this.mirrorWatcher = w;
    }
    this.mirrorWatcher.add(abs);
  }

  private writeOverlay(rel: string, text: string | null): void {
    const file = path.join(this.overlay, ...rel.split('/'));
    if (text === null) {
      this.written.delete(rel);
      try {
        unlinkSync(file);
      } catch {
        // Already gone.
      }
      return;
    }
    mkdirSync(path.dirname(file), { recursive: true });
    writeFileSync(file, text);
    this.written.set(rel, text);
  }

  /** Stops Hugo and the proxy; the overlay (unsaved texts) and the builds are removed. */
  async stop(): Promise<void> {
    this.stopped = true;
    await this.stopHugo();
    process.off('exit', this.killOnExit);
    const p = this.proxy;
    this.proxy = null;
    if (p) {
      const closed = new Promise<void>((resolve) => p.close(() => resolve()));
      p.closeAllConnections();
      await closed;
    }
    this.outDir = this.prevOut = null;
    this.served.clear();
    this.servedBytes = 0;
    rmSync(this.overlay, { recursive: true, force: true });
    rmSync(path.join(this.work, 'out'), { recursive: true, force: true });
  }

  private async stopHugo(): Promise<void> {
    this.generation++;
    this.building = false;
    this.buildAgain = false;
    const w = this.watcher;
    const m = this.mirrorWatcher;
    this.watcher = this.mirrorWatcher = null;
    this.mirrored.clear();
    await Promise.all([w?.close(), m?.close()]);
    // Waiters of the old run get the last result now rather than a timeout.
    for (const x of this.waiters.splice(0))
      x.resolve({ seq: this.done, problems: this.lastProblems });
    await Promise.all([this.child, this.buildChild].map((c) => this.kill(c)));
    this.child = null;
    this.buildChild = null;
  }

  private async kill(child: ChildProcess | null): Promise<void> {
    if (!child || child.exitCode !== null || child.signalCode !== null) return;
    this.killed.add(child);
    const gone = new Promise<void>((resolve) => child.once('exit', () => resolve()));
    child.kill('SIGTERM');
    const timer = setTimeout(() => child.kill('SIGKILL'), 3_000);
    await gone;
    clearTimeout(timer);
  }

  /** A Hugo log line as a problem: the file relative to the site, the overlay as the post. */
  private problemOf(line: string): HugoProblem {
    return hugoProblem(line, this.opts.root, this.opts.contentDir, this.overlay);
  }

  private async startProxy(): Promise<void> {
    const prefix = `/${this.token}/`;
    const ancestors =
      this.opts.frameAncestors ?? "'self' http://127.0.0.1:* http://localhost:* app://quire";
    const server = createServer((req, res) => this.forward(req, res, prefix, ancestors));
    await new Promise<void>((resolve, reject) => {
      server.once('error', reject);
      server.listen(0, '127.0.0.1', () => resolve());
    });
    this.proxy = server;
    this.proxyPort = (server.address() as AddressInfo).port;
  }

  /** Keeps a served page for the frames' patches: the last 16, at most 16 MB. */
  private remember(id: number, html: string): void {
    this.served.set(id, html);
    this.servedBytes += html.length;
    for (const [old, text] of this.served) {
      if (this.served.size <= 16 && this.servedBytes <= 16 << 20) break;
      if (old === id) break;
      this.served.delete(old);
      this.servedBytes -= text.length;
    }
  }

  private forward(
    req: IncomingMessage,
    res: ServerResponse,
    prefix: string,
    ancestors: string,
  ): void {
    const plain = (status: number, body: string) => {
      res.writeHead(status, { 'Content-Type': 'text/plain; charset=utf-8' });
      res.end(body + '\n');
    };
    // DNS rebinding and other pages: only this host and the per-run path are served.
    const host = req.headers.host ?? '';
    if (host !== `127.0.0.1:${this.proxyPort}` && host !== `localhost:${this.proxyPort}`)
      return plain(403, 'forbidden host');
    const url = req.url ?? '/';
    if (!url.startsWith(prefix)) return plain(404, 'not found');
    if (req.method !== 'GET' && req.method !== 'HEAD') return plain(405, 'method not allowed');
    const common = {
      'Cache-Control': 'no-store',
      'Referrer-Policy': 'no-referrer',
      'X-Content-Type-Options': 'nosniff',
      // The page runs in a sandboxed frame with an opaque origin: its fonts and module
      // scripts are CORS requests. The token in the path is what keeps other pages out.
      'Access-Control-Allow-Origin': '*',
      'Content-Security-Policy': `frame-ancestors ${ancestors}`,
    };
    if (url.split('?')[0] === `${prefix}__quire/frame.js`) {
      res.writeHead(200, { ...common, 'Content-Type': 'text/javascript; charset=utf-8' });
      res.end(FRAME_SCRIPT);
      return;
    }
    const page = /^__quire\/page\/(\d+)$/.exec(url.slice(prefix.length).split('?')[0]!);
    if (page) {
      // A page as it was served (the frame's script compares it with the newest build).
      const html = this.served.get(Number(page[1]));
      if (html === undefined) return plain(404, 'not found');
      res.writeHead(200, { ...common, 'Content-Type': 'text/html; charset=utf-8' });
      res.end(req.method === 'HEAD' ? undefined : html);
      return;
    }
    const sendHtml = (status: number, headers: Record<string, string>, body: Buffer) => {
      let html = body.toString('utf8');
      if (req.method === 'HEAD') {
        res.writeHead(status, headers);
        res.end();
        return;
      }
      const id = ++this.pageSeq;
      // Without the page's id the frame only reloads (QUIRE_THEME_PATCH=0: the bench's peer).
      const tag = this.patches
        ? `<script src="${prefix}__quire/frame.js" data-quire-page="${id}"></script>`
        : `<script src="${prefix}__quire/frame.js"></script>`;
      const at = html.search(/<\/body>/i);
      html = at >= 0 ? html.slice(0, at) + tag + html.slice(at) : html + tag;
      if (this.patches) this.remember(id, html);
      res.writeHead(status, headers);
      res.end(html);
    };
    if (this.runMode === 'build') {
      const dir = this.outDir;
      if (!dir) return plain(503, 'Hugo is not running');
      return this.serveBuilt(dir, url.slice(prefix.length), common, sendHtml, plain, res);
    }
    if (!this.child) return plain(503, 'Hugo is not running');
    const up = httpRequest(
      {
        host: '127.0.0.1',
        port: this.hugoPort,
        path: url,
        method: req.method,
        headers: { accept: req.headers.accept ?? '*/*', host: `127.0.0.1:${this.hugoPort}` },
      },
      (upRes) => {
        const type = String(upRes.headers['content-type'] ?? '');
        const headers: Record<string, string> = { ...common };
        for (const k of ['content-type', 'last-modified', 'location'])
          if (upRes.headers[k]) headers[k] = String(upRes.headers[k]);
        if (!type.startsWith('text/html')) {
          res.writeHead(upRes.statusCode ?? 502, headers);
          upRes.pipe(res);
          return;
        }
        const chunks: Buffer[] = [];
        upRes.on('data', (c: Buffer) => chunks.push(c));
        upRes.on('end', () => sendHtml(upRes.statusCode ?? 200, headers, Buffer.concat(chunks)));
      },
    );
    up.on('error', (err) => {
      if (!res.headersSent) plain(502, `Hugo did not answer: ${err.message}`);
      else res.end();
    });
    up.end();
  }

  /**
   * Build mode: a file of the last good build, as Hugo's server would serve it (a folder's
   * index.html, a redirect to add the folder's slash, the site's 404 page). Only files
   * inside the build folder are served, and no link is followed.
   */
  private serveBuilt(
    dir: string,
    rest: string,
    common: Record<string, string>,
    sendHtml: (status: number, headers: Record<string, string>, body: Buffer) => void,
    plain: (status: number, body: string) => void,
    res: ServerResponse,
  ): void {
    const q = rest.indexOf('?');
    const rawPath = q >= 0 ? rest.slice(0, q) : rest;
    let rel: string;
    try {
      rel = decodeURIComponent(rawPath);
    } catch {
      return plain(400, 'bad path');
    }
    const parts = rel.split('/').filter((s) => s !== '' && s !== '.');
    if (parts.some((s) => s === '..' || s.includes('\0') || s.includes('\\')))
      return plain(404, 'not found');
    const serveFile = (file: string, status: number): boolean => {
      let st;
      try {
        st = lstatSync(file);
      } catch {
        return false;
      }
      if (!st.isFile()) return false;
      const type = mimeContentType(path.extname(file)) || 'application/octet-stream';
      const headers = { ...common, 'Content-Type': type };
      const body = readFileSync(file);
      if (type.startsWith('text/html')) sendHtml(status, headers, body);
      else {
        res.writeHead(status, headers);
        res.end(body);
      }
      return true;
    };
    const file = path.join(dir, ...parts);
    // No link is followed out of the build folder.
    try {
      const real = realpathSync(file);
      if (real !== realpathSync(dir) && !real.startsWith(realpathSync(dir) + path.sep))
        return plain(404, 'not found');
    } catch {
      // Missing: the 404 page below.
    }
    let st;
    try {
      st = lstatSync(file);
    } catch {
      st = null;
    }
    if (st?.isDirectory()) {
      if (rawPath !== '' && !rawPath.endsWith('/')) {
        const to = `${this.base}${rawPath}/${q >= 0 ? rest.slice(q) : ''}`;
        res.writeHead(301, { ...common, Location: to });
        res.end();
        return;
      }
      if (serveFile(path.join(file, 'index.html'), 200)) return;
    } else if (st?.isFile() && serveFile(file, 200)) return;
    if (!serveFile(path.join(dir, '404.html'), 404)) plain(404, 'not found');
  }
}

/** Which way to run Hugo by `$QUIRE_THEME_MODE` (server, build; anything else: decide). */
function modeFromEnv(): PreviewMode | 'auto' {
  const v = process.env.QUIRE_THEME_MODE;
  return v === 'server' || v === 'build' ? v : 'auto';
}

/**
 * The site-relative folder of a mount's source when it is inside the site (the overlay
 * holds unsaved texts by site path, so the same folder in the overlay stands for it), else
 * null (a mount from outside the site holds no post Quire edits).
 */
export function overlaySource(root: string, source: string): string | null {
  const abs = path.resolve(root, source);
  const rel = path.relative(root, abs);
  if (rel.startsWith('..') || path.isAbsolute(rel)) return null;
  return rel.split(path.sep).join('/');
}

/** The project's mounts from `hugo config mounts` output (JSON objects, one per module). */
export function projectMounts(output: string): HugoMount[] | null {
  for (const obj of jsonObjects(output)) {
    const o = obj as { owner?: unknown; mounts?: unknown };
    if (o.owner !== '' || !Array.isArray(o.mounts)) continue;
    const mounts: HugoMount[] = [];
    for (const m of o.mounts as Record<string, unknown>[]) {
      if (typeof m?.source !== 'string' || typeof m.target !== 'string') return null;
      const mount: HugoMount = { source: m.source, target: m.target };
      if (typeof m.lang === 'string' && m.lang) mount.lang = m.lang;
      for (const k of ['includeFiles', 'excludeFiles'] as const) {
        const v = m[k];
        if (typeof v === 'string' || (Array.isArray(v) && v.every((x) => typeof x === 'string')))
          mount[k] = v as string | string[];
      }
      mounts.push(mount);
    }
    return mounts;
  }
  return null;
}

/** The top-level JSON objects in a text that prints several one after another. */
function jsonObjects(text: string): unknown[] {
  const out: unknown[] = [];
  let depth = 0;
  let start = -1;
  let inString = false;
  for (let i = 0; i < text.length; i++) {
    const c = text[i];
    if (inString) {
      if (c === '\\') i++;
      else if (c === '"') inString = false;
      continue;
    }
    if (c === '"') inString = true;
    else if (c === '{') {
      if (depth++ === 0) start = i;
    } else if (c === '}' && depth > 0 && --depth === 0) {
      try {
        out.push(JSON.parse(text.slice(start, i + 1)));
      } catch {
        // Not JSON after all: skip it.
      }
    }
  }
  return out;
}

/**
 * A Hugo log line as a problem: the file relative to the site (a file in `overlay` is the
 * content file it stands for), line and column, and the message without Hugo's prefix.
 */
export function hugoProblem(
  line: string,
  root: string,
  contentDir: string,
  overlay: string | null = null,
): HugoProblem {
  let message = line
    .replace(/^ERROR \d{4}\/\d\d\/\d\d \d\d:\d\d:\d\d /, '')
    .replace(/^Error: /, '')
    .replace(/^(Rebuild failed|Error building site): /, '');
  const toSite = (abs: string) => {
    if (overlay && abs.startsWith(overlay + path.sep))
      return path.relative(overlay, abs).split(path.sep).join('/');
    if (abs.startsWith(root + path.sep)) return path.relative(root, abs).split(path.sep).join('/');
    return abs;
  };
  let file: string | null = null;
  let lineNo: number | null = null;
  let column: number | null = null;
  const m = /"([^"]+?):(\d+):(\d+)"/.exec(message);
  if (m) {
    file = toSite(m[1]!);
    lineNo = Number(m[2]);
    column = Number(m[3]);
    message = message.replace(`"${m[1]}:${m[2]}:${m[3]}": `, '');
  }
  message = message.replace(
    /"(\/[^"]+?)(:\d+:\d+)?"/g,
    (_all, abs: string, pos?: string) => `"${toSite(abs)}${pos ?? ''}"`,
  );
  return { file, line: lineNo, column, message: message.trim() };
}

/** `file:line:column: ` for a problem with a file, else ''. */
export function where(p: HugoProblem): string {
  return p.file ? `${p.file}${p.line !== null ? `:${p.line}:${p.column ?? 1}` : ''}: ` : '';
}

function tomlString(s: string): string {
  return JSON.stringify(s);
}

function lines(stream: NodeJS.ReadableStream, onLine: (line: string) => void): void {
  let buf = '';
  stream.setEncoding('utf8');
  stream.on('data', (chunk: string) => {
    buf += chunk;
    let i;
    while ((i = buf.indexOf('\n')) >= 0) {
      onLine(buf.slice(0, i).replace(/\r$/, '').trim());
      buf = buf.slice(i + 1);
    }
  });
  stream.on('end', () => buf && onLine(buf.trim()));
}

function lastLines(output: string): string {
  const ls = output
    .split('\n')
    .map((l) => l.trim())
    .filter(Boolean);
  return ls.slice(-2).join(' ') || 'Hugo stopped';
}

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const s = createNetServer();
    s.once('error', reject);
    s.listen(0, '127.0.0.1', () => {
      const port = (s.address() as AddressInfo).port;
      s.close(() => resolve(port));
    });
  });
}
