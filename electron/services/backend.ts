import path from 'node:path';
import { ZodError } from 'zod';
import { QuireError, toQuireError } from '../../shared/errors.ts';
import { calls } from '../../shared/ipc/contract.ts';
import type { CallName, QuireEvent } from '../../shared/ipc/contract.ts';
import { Exporter } from './export.ts';
import { historyDir, historyOptions, LocalHistory } from './history.ts';
import { isSiteAsset } from './images.ts';
import { Journal } from './journal.ts';
import { SiteSearch } from './search.ts';
import { SettingsStore } from './settings.ts';
import { SitePlanner } from './site-plan.ts';
import { ThemePreviewCalls } from './theme-preview-handlers.ts';
import type { Workspace } from './workspace.ts';
import { configHandlers } from './handlers/config.ts';
import { historyHandlers } from './handlers/history.ts';
import { hostHandlers } from './handlers/host.ts';
import { publishHandlers } from './handlers/publish.ts';
import type { BackendContext, Handlers, OpenSite, PathUse, Platform } from './handlers/context.ts';
import { exportHandlers } from './handlers/export.ts';
import { imageHandlers } from './handlers/images.ts';
import { journalHandlers } from './handlers/journal.ts';
import { listingHandlers } from './handlers/listing.ts';
import { postHandlers } from './handlers/posts.ts';
import { siteHandlers } from './handlers/site.ts';
import { spellcheckHandlers } from './handlers/spellcheck.ts';

export type { PathUse, Platform } from './handlers/context.ts';

/**
 * The back end behind the contract, written once for both transports (Electron IPC and
 * the browser host). It validates every request, dispatches it to the handler module of
 * its domain (handlers/: site, posts, listing, export, journal, images, config) and turns
 * every failure into a QuireError the UI can act on. Nothing else lives here.
 */
export class Backend {
  private opened: OpenSite | null = null;
  private stopWatching: (() => Promise<void>) | null = null;
  private readonly exports = new Map<string, AbortController>();
  private readonly handlers: Handlers<CallName>;
  /** "Your theme": the site's own Hugo (stopped with the site). */
  private readonly theme: ThemePreviewCalls;

  constructor(
    private readonly platform: Platform,
    private readonly emit: (event: QuireEvent) => void,
    private readonly settings: SettingsStore = new SettingsStore(),
    private readonly cacheDir?: string | null,
    private readonly journal: Journal = new Journal(path.join(settings.dir, 'journal')),
  ) {
    this.theme = new ThemePreviewCalls(
      () => ctx.site(),
      () => this.settings,
      (e) => this.emit(e),
      (use, p) => ctx.confirmed(use, p),
    );
    const ctx: BackendContext = {
      platform: this.platform,
      emit: this.emit,
      settings: this.settings,
      journal: this.journal,
      cacheDir: this.cacheDir,
      exports: this.exports,
      theme: this.theme,
      site: () => {
        if (!this.opened)
          throw new QuireError('no-site', 'no site is open; open a site folder first');
        return this.opened;
      },
      current: () => this.opened,
      open: (ws) => this.open(ws),
      confirmed: (use, requested) => this.confirmed(use, requested),
    };
    this.handlers = {
      ...this.theme.handlers,
      ...siteHandlers(ctx),
      ...postHandlers(ctx),
      ...listingHandlers(ctx),
      ...exportHandlers(ctx),
      ...journalHandlers(ctx),
      ...imageHandlers(ctx),
      ...configHandlers(ctx),
      ...historyHandlers(ctx),
      ...publishHandlers(ctx),
      ...hostHandlers(ctx),
      ...spellcheckHandlers(ctx),
    };
  }

  /** The absolute path of a site image or media file for the preview, or null. */
  assetPath(rel: string): string | null {
    if (!this.opened || !isSiteAsset(rel)) return null;
    try {
      return this.opened.ws.resolve(rel);
    } catch {
      return null;
    }
  }

  /** Validates a request, runs the call, validates the answer. Throws QuireError. */
  async call(name: string, raw: unknown): Promise<unknown> {
    if (!Object.prototype.hasOwnProperty.call(calls, name))
      throw new QuireError('invalid-request', `unknown call "${name}"`);
    const key = name as CallName;
    const parsed = calls[key].request.safeParse(raw ?? {});
    if (!parsed.success)
      throw new QuireError('invalid-request', `${name}: ${describeZod(parsed.error)}`);
    try {
      const handler = this.handlers[key] as (req: unknown) => Promise<unknown>;
      const result = await handler(parsed.data);
      return calls[key].response.parse(result);
    } catch (err) {
      throw callFailure(err);
    }
  }

  /** Closes the open site (stops watching). */
  async close(): Promise<void> {
    await this.stopWatching?.();
    this.stopWatching = null;
    for (const c of this.exports.values()) c.abort();
    await this.theme.stop();
    await this.opened?.ws.close();
  }

  /** Makes `ws` the open site: closes the last one, builds its services, starts watching. */
  private async open(ws: Workspace): Promise<OpenSite> {
    await this.close();
    const h = historyOptions(this.settings.get().history);
    ws.store.history = new LocalHistory(historyDir(ws.root, this.settings.dir, h), h);
    const opened: OpenSite = {
      ws,
      exporter: new Exporter(ws),
      planner: new SitePlanner(ws),
      derive: ws.derive,
      searcher: new SiteSearch(ws),
    };
    this.opened = opened;
    this.stopWatching = await ws.watch((change) =>
      this.emit({ type: 'indexChanged', data: change }),
    );
    return opened;
  }

  private async confirmed(use: PathUse, requested: string): Promise<string> {
    if (!this.platform.confirmPath) return requested;
    const p = await this.platform.confirmPath(use, requested);
    if (!p)
      throw new QuireError(
        'forbidden',
        `${requested}: not used; choose it in the dialog to ${{ site: 'open it', hugo: 'use it' }[use as string] ?? 'export there'}`,
      );
    return p;
  }
}

function describeZod(err: ZodError): string {
  return err.issues.map((i) => `${i.path.join('.') || 'request'}: ${i.message}`).join('; ');
}

/**
 * Any failure of a call as the QuireError the contract carries. A file that is gone is
 * 'not-found' naming only its name (never a path outside the site); an answer that breaks
 * the contract is a bug of the back end.
 */
export function callFailure(err: unknown): QuireError {
  if (err instanceof ZodError)
    return new QuireError(
      'internal',
      `internal: the answer did not match the contract (${describeZod(err)})`,
      {},
      { cause: err },
    );
  const e = toQuireError(err);
  if (e.code === 'not-found' && !(err instanceof QuireError))
    return new QuireError('not-found', 'not found', {
      file: e.file ? path.basename(e.file) : 'file',
    });
  return e;
}
