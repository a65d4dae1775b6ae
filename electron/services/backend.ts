import { randomUUID } from 'node:crypto';
import path from 'node:path';
import { ZodError } from 'zod';
import { ContentError } from '../../shared/content/errors.ts';
import { calls } from '../../shared/ipc/contract.ts';
import type {
  CallError,
  CallName,
  CallRequest,
  CallResponse,
  QuireEvent,
} from '../../shared/ipc/contract.ts';
import { isSafeExternalUrl } from '../../shared/ipc/url-policy.ts';
import { listingPage, parseListingSpec, requireList } from '../../shared/site/listing.ts';
import { listingNames, planUrl, whereInPlan } from '../../shared/site/plan.ts';
import { previewListingHtml } from '../../shared/site/templates.ts';
import { THEME_CSS } from '../../shared/site/theme.ts';
import { hiddenReason, parseAsOf } from '../../shared/site/publish.ts';
import { calendarDay } from '../../shared/content/dates.ts';
import { ConflictError } from './atomic-write.ts';
import { DeriveCache } from './derive-cache.ts';
import { ExportCancelled, Exporter } from './export.ts';
import { ExportPathError } from './export-paths.ts';
import { PathError } from './paths.ts';
import { runChecks } from './check.ts';
import { addImage, isSiteAsset, NeedsBundle } from './images.ts';
import { SiteSearch } from './search.ts';
import { siteShortcodeNames } from './shortcodes.ts';
import { Journal } from './journal.ts';
import { SettingsStore } from './settings.ts';
import { updateSiteConfigFile } from './site-config-edit.ts';
import { ContentOutsideSite, Workspace } from './workspace.ts';
import { SitePlanner } from './site-plan.ts';
import { ThemePreviewCalls } from './theme-preview-handlers.ts';
import { todayAsOf } from './today.ts';

/** What a path named by the UI is for. */
export type PathUse = 'site' | 'export-folder' | 'export-zip';

/** What only the host can do: the desktop app and the browser host differ here. */
export interface Platform {
  /** Shows a file in the system file manager; false where the host cannot. */
  revealInFolder(abs: string): Promise<boolean>;
  /** Opens an already-vetted URL in the system browser; false where the host cannot. */
  openExternal(url: string): Promise<boolean>;
  /** Moves a file or folder to the OS trash; absent: the site's .trash folder. */
  trash?(abs: string): Promise<string>;
  /**
   * The path to use for a site to open or an export target named by the UI: the desktop
   * takes only paths the user chose in a main-process dialog (or recent sites) and asks
   * otherwise; null when the user cancelled. Absent (CLI, browser host): used as given.
   */
  confirmPath?(use: PathUse, requested: string): Promise<string | null>;
}

/** A call that failed, with the code the UI acts on. */
export class CallFailure extends Error {
  readonly code: CallError['code'];
  constructor(code: CallError['code'], message: string) {
    super(message);
    this.name = 'CallFailure';
    this.code = code;
  }
}

type Handlers = { [K in CallName]: (req: CallResponseInput<K>) => Promise<CallResponse<K>> };
type CallResponseInput<K extends CallName> = CallRequest<K>;

/**
 * The back end behind the contract, written once for both transports (Electron IPC and
 * the browser host): it validates every request, confines every path to the open site,
 * and turns failures into errors the UI can show.
 */
export class Backend {
  private ws: Workspace | null = null;
  private exporter: Exporter | null = null;
  private derive: DeriveCache | null = null;
  private planner: SitePlanner | null = null;
  private searcher: SiteSearch | null = null;
  private stopWatching: (() => Promise<void>) | null = null;
  private readonly exports = new Map<string, AbortController>();
  /** Where each export of this session wrote (only these may be revealed). */
  private readonly exportOutputs = new Map<string, string>();
  /** "Your theme": the site's own Hugo (stopped with the site). */
  private readonly theme = new ThemePreviewCalls(
    () => this.site(),
    () => this.settings,
    (e) => this.emit(e),
  );

  constructor(
    private readonly platform: Platform,
    private readonly emit: (event: QuireEvent) => void,
    private readonly settings: SettingsStore = new SettingsStore(),
    private readonly cacheDir?: string | null,
    private readonly journal: Journal = new Journal(path.join(settings.dir, 'journal')),
  ) {}

  /** The absolute path of a site image or media file for the preview, or null. */
  assetPath(rel: string): string | null {
    if (!this.ws || !isSiteAsset(rel)) return null;
    try {
      return this.ws.resolve(rel);
    } catch {
      return null;
    }
  }

  /** Validates a request, runs the call, validates the answer. Throws CallFailure. */
  async call(name: string, raw: unknown): Promise<unknown> {
    if (!Object.prototype.hasOwnProperty.call(calls, name))
      throw new CallFailure('invalid-request', `unknown call "${name}"`);
    const key = name as CallName;
    const parsed = calls[key].request.safeParse(raw ?? {});
    if (!parsed.success)
      throw new CallFailure('invalid-request', `${name}: ${describeZod(parsed.error)}`);
    try {
      const handler = this.handlers[key] as (req: unknown) => Promise<unknown>;
      const result = await handler(parsed.data);
      return calls[key].response.parse(result);
    } catch (err) {
      throw toFailure(err);
    }
  }

  /** Closes the open site (stops watching). */
  async close(): Promise<void> {
    await this.stopWatching?.();
    this.stopWatching = null;
    for (const c of this.exports.values()) c.abort();
    await this.theme.stop();
  }

  /** A path from the UI, as the platform allows it (see Platform.confirmPath). */
  private async confirmed(use: PathUse, requested: string): Promise<string> {
    if (!this.platform.confirmPath) return requested;
    const p = await this.platform.confirmPath(use, requested);
    if (!p)
      throw new CallFailure(
        'forbidden',
        `${requested}: not used; choose it in the dialog to ${use === 'site' ? 'open it' : 'export there'}`,
      );
    return p;
  }

  private site(): Workspace {
    if (!this.ws) throw new CallFailure('no-site', 'no site is open; open a site folder first');
    return this.ws;
  }

  private async info(ws: Workspace) {
    return {
      root: ws.root,
      title: ws.config.title || path.basename(ws.root),
      configFile: ws.configFile,
      postsFolder: ws.postsFolder,
      summaryMode: ws.config.summaryMode,
      pagerSize: ws.config.pagerSize,
      config: {
        typographer: ws.config.typographer,
        unsafeHtml: ws.config.unsafeHtml,
        summaryLength: ws.config.summaryLength,
        hasCJKLanguage: ws.config.hasCJKLanguage,
        dateFormat: ws.config.dateFormat,
        showReadingTime: ws.config.showReadingTime,
        permalinks: ws.config.permalinks,
        headingIdType: ws.config.headingIdType,
        lineNos: ws.config.lineNos,
        lineNoStart: ws.config.lineNoStart,
        guessSyntax: ws.config.guessSyntax,
        params: ws.config.params,
        baseURL: ws.config.baseURL,
        privacy: ws.config.privacy,
        contentDir: ws.config.contentDir,
      },
      shortcodes: [...(await siteShortcodeNames(ws.root))].sort(),
    };
  }

  private readonly handlers: Handlers = {
    ...this.theme.handlers,
    openSite: async ({ path: requested, allowOutsideContent }) => {
      const dir = await this.confirmed('site', requested);
      const ws = await Workspace.open(dir, { cacheDir: this.cacheDir, allowOutsideContent });
      await this.close();
      this.ws = ws;
      this.exporter = new Exporter(ws);
      this.planner = new SitePlanner(ws);
      this.derive = new DeriveCache(
        (rel) => ws.pathOf(rel),
        () => ws.config,
        () => ws.posts(),
        () => ws.indexVersion,
      );
      this.searcher = new SiteSearch(ws);
      this.stopWatching = await ws.watch((change) =>
        this.emit({ type: 'indexChanged', data: change }),
      );
      this.settings.addRecent({ path: ws.root, title: ws.config.title || path.basename(ws.root) });
      return await this.info(ws);
    },
    currentSite: async () => (this.ws ? await this.info(this.ws) : null),
    recentSites: async () => this.settings.get().recentSites,
    listPosts: async ({ asOf }) => {
      const ws = this.site();
      const day = asOf ? parseAsOf(asOf) : todayAsOf();
      // Where every post would be, hidden or not: one plan with them all.
      const all = await this.planner!.plan({
        asOf: day,
        drafts: true,
        future: true,
        expired: true,
      });
      return {
        posts: ws.posts().map((p) => ({
          path: p.path,
          title: p.meta.title,
          date: p.meta.date ? calendarDay(p.meta.date) : null,
          draft: p.meta.draft,
          tags: p.meta.tags,
          categories: p.meta.categories,
          section: p.section,
          summary: p.meta.summary,
          hidden: hiddenReason(p.meta, day),
          url: planUrl(all, p),
          mtimeMs: p.mtimeMs,
        })),
        problems: ws.problems(),
      };
    },
    readPost: async ({ path: rel }) => this.site().readPost(rel),
    savePost: async ({ path: rel, text, baseVersion }) => ({
      version: await this.site().savePost(rel, text, baseVersion),
    }),
    createPost: async ({ title }) => ({ path: await this.site().createPost(title) }),
    renamePost: async ({ path: rel, slug }) => {
      const to = await this.site().renamePost(rel, slug);
      this.journal.move(this.site().root, rel, to);
      return { path: to };
    },
    duplicatePost: async ({ path: rel }) => ({ path: await this.site().duplicatePost(rel) }),
    deletePost: async ({ path: rel }) => ({
      trashedTo: await this.site().deletePost(rel, this.platform.trash),
    }),
    readSiteConfig: async () => {
      const ws = this.site();
      const c = ws.config;
      const values = {
        title: c.title,
        baseURL: c.baseURL,
        languageCode: c.languageCode,
        author: c.author,
        pagerSize: c.pagerSize,
        summaryLength: c.summaryLength,
        summaryMode: c.summaryMode,
        dateFormat: c.dateFormat,
        showReadingTime: c.showReadingTime,
        unsafeHtml: c.unsafeHtml,
      };
      if (!ws.configFile) return { file: null, text: null, values };
      const { text } = await ws.readText(ws.configFile);
      return { file: ws.configFile, text, values };
    },
    updateSiteConfig: async ({ set }) => ({ file: await updateSiteConfigFile(this.site(), set) }),
    listing: async ({ page, pageNumber, asOf, summaryMode, drafts }) => {
      const ws = this.site();
      const plan = await this.planner!.plan({ asOf: parseAsOf(asOf), drafts });
      return listingPage(
        plan,
        {
          spec: postListingSpec(page, ws.config),
          pageNumber,
          mode: summaryMode ?? ws.config.summaryMode,
        },
        this.derive!.derive,
      );
    },
    listingPreview: async ({ page, pageNumber, asOf, drafts }) => {
      const ws = this.site();
      const spec = postListingSpec(page, ws.config);
      const plan = await this.planner!.plan({ asOf: parseAsOf(asOf), drafts });
      const result = listingPage(
        plan,
        { spec, pageNumber, mode: ws.config.summaryMode },
        this.derive!.derive,
      );
      const html = previewListingHtml(
        ws.config,
        requireList(plan, spec).title,
        result.entries,
        { prev: pageNumber > 1, next: pageNumber < result.totalPages },
        THEME_CSS,
      );
      return {
        html,
        page: result.page,
        pageNumber: result.pageNumber,
        totalPages: result.totalPages,
        files: result.entries.map((e) => e.file),
      };
    },
    whereIs: async ({ path: rel, asOf }) => {
      const ws = this.site();
      const post = ws.post(rel);
      if (!post) throw new CallFailure('not-found', `${rel}: no such post`);
      const day = parseAsOf(asOf);
      const plan = await this.planner!.plan({ asOf: day });
      const lists = whereInPlan(plan, rel);
      return {
        hidden: hiddenReason(post.meta, day),
        url: plan.pages.get(rel)?.url ?? null,
        home: lists.find((l) => l.kind === 'home')?.pageNumber ?? null,
        terms: lists
          .filter((l) => l.kind === 'term')
          .map((l) => ({ page: l.name, pageNumber: l.pageNumber })),
        lists: lists.map((l) => ({ page: l.name, pageNumber: l.pageNumber })),
      };
    },
    listingPages: async ({ asOf, drafts }) => {
      this.site();
      const plan = await this.planner!.plan({ asOf: parseAsOf(asOf), drafts });
      return { pages: listingNames(plan, { indexes: false }) };
    },
    search: async ({ query, limit }) => {
      this.site();
      return this.searcher!.search(query, limit);
    },
    checkSite: async () => runChecks(this.site()),
    exportStart: async ({ out, zip, asOf, drafts, baseURL, allowCollisions, withHugo }) => {
      const exporter = this.exporter;
      if (!exporter) throw new CallFailure('no-site', 'no site is open');
      // "Build with Hugo": refused at once when there is no usable Hugo.
      const build = withHugo
        ? this.theme.hugoExport(this.site(), exporter)
        : exporter.export.bind(exporter);
      if (out) out = await this.confirmed('export-folder', out);
      if (zip) zip = await this.confirmed('export-zip', zip);
      // Refused before anything runs: a target in the site, a folder for a .zip, a file
      // that is not an earlier export.
      exporter.checkTarget({ out, zip });
      const id = randomUUID();
      this.exportOutputs.set(id, path.resolve((out ?? zip)!));
      const ctl = new AbortController();
      this.exports.set(id, ctl);
      void build({
        out,
        zip,
        asOf: parseAsOf(asOf),
        drafts,
        baseURL,
        allowCollisions,
        signal: ctl.signal,
        onProgress: (p) => this.emit({ type: 'exportProgress', data: { id, ...p } }),
      })
        .then(
          (result) => this.emit({ type: 'exportDone', data: { id, result, error: null } }),
          (err: Error) =>
            this.emit({
              type: 'exportDone',
              data: {
                id,
                result: null,
                error: err instanceof ExportCancelled ? 'cancelled' : err.message,
              },
            }),
        )
        .finally(() => this.exports.delete(id));
      return { id };
    },
    revealExport: async ({ id }) => {
      const target = this.exportOutputs.get(id);
      if (!target) throw new CallFailure('not-found', 'no export with that id in this session');
      return { shown: await this.platform.revealInFolder(target), path: target };
    },
    exportCancel: async ({ id }) => {
      const ctl = this.exports.get(id);
      ctl?.abort();
      return { cancelled: !!ctl };
    },
    journalWrite: async ({ path: rel, text, baseVersion, writtenAt }) => {
      const ws = this.site();
      ws.resolve(rel);
      const saved = this.journal.write(
        { root: ws.root, path: rel, text, baseVersion, savedAt: Date.now() },
        writtenAt,
      );
      return { saved };
    },
    journalClear: async ({ path: rel, writtenAt }) => ({
      cleared: this.journal.clear(this.site().root, rel, writtenAt),
    }),
    journalList: async () => {
      const ws = this.site();
      const out = [];
      for (const { path: p, text, baseVersion, savedAt } of this.journal.list(ws.root)) {
        // Text that equals the file is not unsaved: forget it instead of offering it back.
        const disk = await ws.readPost(p).catch(() => null);
        if (disk?.text === text) this.journal.clear(ws.root, p);
        else out.push({ path: p, text, baseVersion, savedAt });
      }
      return out;
    },
    addImage: async ({ post, name, dataBase64, target, convertToBundle }) => {
      const ws = this.site();
      ws.resolve(post);
      const added = await addImage(
        ws,
        post,
        name,
        Buffer.from(dataBase64, 'base64'),
        target,
        convertToBundle,
      );
      // A post that became a bundle takes its unsaved text in the journal along.
      if (added.post !== post) this.journal.move(ws.root, post, added.post);
      return added;
    },
    revealInFolder: async ({ path: rel }) => ({
      shown: await this.platform.revealInFolder(this.site().resolve(rel)),
    }),
    openExternal: async ({ url }) => {
      if (!isSafeExternalUrl(url))
        throw new CallFailure(
          'forbidden',
          `refused to open "${url.slice(0, 200)}": only http, https and mailto links open outside Quire`,
        );
      return { opened: await this.platform.openExternal(url) };
    },
  };
}

/** A listing of posts by name; a terms index (`tags`) is not one. */
function postListingSpec(page: string, config: Parameters<typeof parseListingSpec>[1]) {
  const spec = parseListingSpec(page, config);
  if (spec.kind === 'terms')
    throw new CallFailure('invalid-request', `"${page}" is a terms index, not a listing of posts`);
  return spec;
}

function describeZod(err: ZodError): string {
  return err.issues.map((i) => `${i.path.join('.') || 'request'}: ${i.message}`).join('; ');
}

function toFailure(err: unknown): CallFailure {
  if (err instanceof CallFailure) return err;
  if (err instanceof ConflictError) return new CallFailure('conflict', err.message);
  if (err instanceof PathError) return new CallFailure('forbidden', err.message);
  if (err instanceof ExportPathError) return new CallFailure('forbidden', err.message);
  if (err instanceof ContentOutsideSite) return new CallFailure('needs-confirm', err.message);
  if (err instanceof ContentError) return new CallFailure('failed', err.message);
  if (err instanceof NeedsBundle) return new CallFailure('needs-bundle', err.message);
  if (err instanceof ZodError)
    return new CallFailure(
      'failed',
      `internal: the answer did not match the contract (${describeZod(err)})`,
    );
  const e = err as NodeJS.ErrnoException;
  if (e?.code === 'ENOENT')
    return new CallFailure('not-found', `${e.path ? path.basename(e.path) : 'file'}: not found`);
  return new CallFailure('failed', e instanceof Error ? e.message : String(e));
}
