import { QuireError } from '../../shared/errors.ts';
import { spawn, spawnSync } from 'node:child_process';
import type { ChildProcess } from 'node:child_process';
import { randomBytes, createHash } from 'node:crypto';
import { mkdirSync, rmSync, unlinkSync, writeFileSync } from 'node:fs';
import { createServer, request as httpRequest } from 'node:http';
import type { IncomingMessage, Server, ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { createServer as createNetServer } from 'node:net';
import path from 'node:path';

// "Your theme": the site's own Hugo, run on loopback over a private working folder in the
// app's data folder. Nothing is written into the user's site: Hugo reads the site with
// `--source`, a generated config (passed after the site's own, so it wins) mounts a private
// overlay folder over the content folder (the first mount wins for a file both hold), and
// the open posts' unsaved texts are files in that overlay. `--noBuildLock`, a private
// `--cacheDir`, `HUGO_RESOURCEDIR` and `build.writeStats = false` keep Hugo's own files out of
// the site; `hugo server` renders to memory. The as-of date is Hugo's `--clock` (the end of
// that day, UTC), drafts `--buildDrafts`. A small proxy on another loopback port serves the
// pages under a per-run token path, refuses foreign Host headers, and adds a script that
// keeps the scroll position across reloads (talking to the app only by postMessage).

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
}

const FRAME_SCRIPT = `(function () {
  var send = function (m) { try { parent.postMessage(m, '*'); } catch (e) {} };
  addEventListener('message', function (e) {
    if (e.source !== parent || !e.data || e.data.type !== 'quire-theme-scroll-to') return;
    scrollTo(0, e.data.y);
  });
  var t = 0;
  addEventListener('scroll', function () {
    if (t) return;
    t = setTimeout(function () { t = 0; send({ type: 'quire-theme-scroll', y: scrollY, path: location.pathname }); }, 80);
  }, { passive: true });
  send({ type: 'quire-theme-ready', path: location.pathname });
  addEventListener('load', function () { send({ type: 'quire-theme-ready', path: location.pathname }); });
})();
`;

/**
 * One running "Your theme" preview for one open site: Hugo's server, the overlay of
 * unsaved texts, and the proxy in front. Stop it when the site closes.
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
  private changes = 0;
  private done = 0;
  private pendingProblems: HugoProblem[] = [];
  private lastProblems: HugoProblem[] = [];
  private waiters: { after: number; resolve: (r: BuildResult) => void }[] = [];
  private written = new Map<string, string>();
  private queue: Promise<unknown> = Promise.resolve();
  private stopped = false;
  /** Hugo processes Quire stopped (their exit is no news). */
  private readonly killed = new WeakSet<ChildProcess>();
  private readonly killOnExit = () => this.child?.kill('SIGKILL');

  constructor(private readonly opts: ThemePreviewOptions) {
    const id = createHash('sha256').update(opts.root).digest('hex').slice(0, 16);
    this.work = path.join(opts.dataDir, 'theme-preview', id);
    this.overlay = path.join(this.work, 'overlay');
    // Unsaved texts of an earlier run are not this run's: start from an empty overlay.
    rmSync(this.overlay, { recursive: true, force: true });
    mkdirSync(this.overlay, { recursive: true });
    process.on('exit', this.killOnExit);
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

  /** Starts Hugo (or restarts it when the flags changed); throws HugoFailed. */
  async configure(flags: PreviewFlags): Promise<void> {
    if (this.stopped) throw new HugoFailed('the preview was stopped', []);
    if (this.starting) await this.starting.catch(() => undefined);
    if (this.child && this.flags?.asOf === flags.asOf && this.flags.drafts === flags.drafts) return;
    // One start at a time; overlay writes wait for it (update).
    this.starting = this.queue.then(() => this.start(flags));
    this.queue = this.starting.catch(() => undefined);
    try {
      await this.starting;
    } finally {
      this.starting = null;
    }
  }

  private async start(flags: PreviewFlags): Promise<void> {
    await this.stopHugo();
    if (!this.proxy) await this.startProxy();
    this.hugoPort = await freePort();
    this.flags = flags;
    const configFile = path.join(this.work, 'quire-preview.toml');
    const content = path.resolve(this.opts.root, this.opts.contentDir);
    writeFileSync(
      configFile,
      [
        '# Written by Quire for its "Your theme" preview; not part of the site.',
        '[build]',
        'writeStats = false',
        '[[module.mounts]]',
        `source = ${tomlString(this.overlay)}`,
        'target = "content"',
        '[[module.mounts]]',
        `source = ${tomlString(content)}`,
        'target = "content"',
        '',
      ].join('\n'),
    );
    const configs = [
      ...(this.opts.configFile ? [path.join(this.opts.root, this.opts.configFile)] : []),
      configFile,
    ];
    const args = [
      'server',
      '--source',
      this.opts.root,
      '--config',
      configs.join(','),
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
    // Hugo 0.111 stops when its first build fails: start from the files on disk, then put
    // the unsaved texts back (an error in one of them is then a rebuild error, shown with
    // its line, while the server keeps serving the last good pages).
    rmSync(this.overlay, { recursive: true, force: true });
    mkdirSync(this.overlay, { recursive: true });
    const held = [...this.written];
    this.written.clear();
    const child = spawn(this.opts.bin, args, {
      cwd: this.work,
      stdio: ['ignore', 'pipe', 'pipe'],
      // HUGO_RESOURCEDIR, not the config key: with the key, Hugo 0.111 still makes
      // resources/_gen in the site (and `hugo server` has no --resourceDir flag).
      env: {
        ...process.env,
        HUGO_ENVIRONMENT: 'development',
        HUGO_RESOURCEDIR: path.join(this.work, 'resources'),
      },
    });
    this.child = child;
    this.changes = 0;
    this.done = 0;
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
          this.changes++;
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
        process.off('exit', this.killOnExit);
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
    process.on('exit', this.killOnExit);
    if (held.length) {
      const next = this.nextBuild(5_000);
      for (const [rel, text] of held) this.writeOverlay(rel, text);
      await next;
    }
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
    const after = this.changes;
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
   * confined to the site by the caller. The file is written at once (Hugo's watcher takes
   * the latest text in its next batch); only a start in progress holds writes back.
   */
  async update(
    rel: string,
    text: string | null,
  ): Promise<{ built: boolean; problems: HugoProblem[] }> {
    const inContent = path.posix.relative(this.opts.contentDir.replace(/\\/g, '/'), rel);
    if (!inContent || inContent.startsWith('..') || path.posix.isAbsolute(inContent))
      throw new HugoFailed(`${rel}: not in the content folder`, []);
    while (this.starting) await this.starting.catch(() => undefined);
    const had = this.written.get(inContent);
    if (text === null ? had === undefined : had === text)
      return { built: false, problems: this.lastProblems };
    const next = this.child ? this.nextBuild(5_000) : Promise.resolve(null);
    this.writeOverlay(inContent, text);
    const r = await next;
    return { built: r !== null, problems: r?.problems ?? this.lastProblems };
  }

  private writeOverlay(inContent: string, text: string | null): void {
    const file = path.join(this.overlay, ...inContent.split('/'));
    if (text === null) {
      this.written.delete(inContent);
      try {
        unlinkSync(file);
      } catch {
        // Already gone.
      }
      return;
    }
    mkdirSync(path.dirname(file), { recursive: true });
    writeFileSync(file, text);
    this.written.set(inContent, text);
  }

  /** Stops Hugo and the proxy; the overlay (unsaved texts) is removed. */
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
    rmSync(this.overlay, { recursive: true, force: true });
  }

  private async stopHugo(): Promise<void> {
    const child = this.child;
    this.child = null;
    if (!child || child.exitCode !== null) return;
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
        upRes.on('end', () => {
          let html = Buffer.concat(chunks).toString('utf8');
          const tag = `<script src="${prefix}__quire/frame.js"></script>`;
          const at = html.search(/<\/body>/i);
          html = at >= 0 ? html.slice(0, at) + tag + html.slice(at) : html + tag;
          res.writeHead(upRes.statusCode ?? 200, headers);
          res.end(req.method === 'HEAD' ? undefined : html);
        });
      },
    );
    up.on('error', (err) => {
      if (!res.headersSent) plain(502, `Hugo did not answer: ${err.message}`);
      else res.end();
    });
    up.end();
  }
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
      return path.posix.join(contentDir, path.relative(overlay, abs).split(path.sep).join('/'));
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
