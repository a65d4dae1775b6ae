import { QuireError } from '../../shared/errors.ts';
import type { CallName, CallRequest, CallResponse, QuireEvent } from '../../shared/ipc/contract.ts';
import { parseFrontMatter } from '../../shared/content/front-matter.ts';
import { toPostMeta } from '../../shared/content/post.ts';
import { planSite } from '../../shared/site/plan.ts';
import { parseAsOf } from '../../shared/site/publish.ts';
import type { Exporter, ExportOptions, ExportResult } from './export.ts';
import type { OpenSite } from './handlers/context.ts';
import { exportWithHugo } from './hugo-export.ts';
import { findHugo, HugoFailed, ThemePreview } from './hugo-preview.ts';
import type { SettingsStore } from './settings.ts';
import { todayAsOf } from './today.ts';
import type { Workspace } from './workspace.ts';
import path from 'node:path';

type Handler<K extends CallName> = (req: CallRequest<K>) => Promise<CallResponse<K>>;
type ThemeCalls =
  'themePreviewStart' | 'themePreviewText' | 'themePreviewStop' | 'hugoStatus' | 'hugoPathSet';

/**
 * The "Your theme" calls: one Hugo preview for the open site, started on demand and
 * stopped when the site closes (`stop`) or the app quits.
 */
export class ThemePreviewCalls {
  private preview: ThemePreview | null = null;
  private root: string | null = null;
  private seq = 0;
  /** The preview's as-of day and drafts (the last start). */
  private flags: { asOf: string; drafts: boolean } | null = null;

  constructor(
    private readonly open: () => OpenSite,
    private readonly settings: () => SettingsStore,
    private readonly emit: (event: QuireEvent) => void,
    private readonly confirmed: (use: 'hugo', requested: string) => Promise<string>,
  ) {}

  /** Which Hugo is used (the one set in Settings, $QUIRE_HUGO, or PATH), or why none. */
  private status(): CallResponse<'hugoStatus'> {
    const path = this.settings().get().hugoPath ?? null;
    const hugo = findHugo(path);
    return hugo.ok
      ? { ok: true, version: hugo.version, message: '', path }
      : { ok: false, version: null, message: oneLine(hugo.message), path };
  }

  /** Stops Hugo (the site closed or the app quits). */
  async stop(): Promise<boolean> {
    const p = this.preview;
    this.preview = null;
    this.root = null;
    if (!p) return false;
    await p.stop();
    return true;
  }

  /**
   * "Build with Hugo" for the export: a function like Exporter.export that builds with the
   * site's Hugo. Throws at once (one line) when Hugo is missing or too old.
   */
  hugoExport(ws: Workspace, exporter: Exporter): (opts: ExportOptions) => Promise<ExportResult> {
    const hugo = findHugo(this.settings().get().hugoPath);
    if (!hugo.ok)
      throw new QuireError('failed', hugo.message.replace(/; showing Quire's preview$/, ''));
    return (opts) =>
      exportWithHugo(exporter, {
        ...opts,
        root: ws.root,
        contentDir: ws.config.contentDir,
        configFile: ws.configFile,
        dataDir: this.settings().dir,
        bin: hugo.bin,
      });
  }

  /**
   * The post's URL with this text (the site plan's, as of the preview's day): a slug or
   * another URL field typed but not saved moves the page. Null when the text's front
   * matter does not parse or the post is not published as of that day.
   */
  private async urlOf(open: OpenSite, rel: string, text: string | null): Promise<string | null> {
    const { ws, planner } = open;
    const post = ws.post(rel);
    if (!post?.meta) return null;
    const options = {
      asOf: parseAsOf(this.flags?.asOf ?? todayAsOf().day),
      drafts: this.flags?.drafts ?? false,
    };
    let meta = post.meta;
    if (text !== null) {
      try {
        meta = toPostMeta(parseFrontMatter(text, rel).data, Object.values(ws.config.taxonomies));
      } catch {
        return null;
      }
    }
    const plan =
      JSON.stringify(meta) === JSON.stringify(post.meta)
        ? await planner.plan(options)
        : planSite(
            ws.posts().map((p) => (p.path === rel ? { ...p, meta } : p)),
            ws.config,
            options,
            await planner.siteTree(),
          );
    return plan.pages.get(rel)?.url ?? null;
  }

  readonly handlers: { [K in ThemeCalls]: Handler<K> } = {
    hugoStatus: async () => this.status(),
    hugoPathSet: async ({ path: requested }) => {
      const current = this.settings().get().hugoPath ?? null;
      if (requested === null || requested.trim() === '') {
        this.settings().update({ hugoPath: undefined });
      } else {
        const wanted = requested.trim();
        if (!path.isAbsolute(wanted))
          return {
            ok: false,
            version: null,
            message: `${wanted}: give the full path of the hugo program, e.g. /usr/local/bin/hugo`,
            path: current,
          };
        // The desktop runs only a program the user chose in its own dialog (or set before).
        const chosen = wanted === current ? wanted : await this.confirmed('hugo', wanted);
        const hugo = findHugo(chosen);
        if (!hugo.ok)
          return { ok: false, version: null, message: oneLine(hugo.message), path: current };
        this.settings().update({ hugoPath: chosen });
      }
      // The next preview starts with this Hugo.
      await this.stop();
      return this.status();
    },
    themePreviewStart: async ({ asOf, drafts }) => {
      const ws = this.open().ws;
      this.flags = { asOf, drafts };
      if (this.preview && this.root !== ws.root) await this.stop();
      if (!this.preview) {
        const hugo = findHugo(this.settings().get().hugoPath);
        if (!hugo.ok)
          return {
            state: 'unavailable',
            message: hugo.message,
            hugo: null,
            base: null,
            problems: [],
          };
        const preview: ThemePreview = new ThemePreview({
          root: ws.root,
          contentDir: ws.config.contentDir,
          configFile: ws.configFile,
          dataDir: this.settings().dir,
          bin: hugo.bin,
          version: hugo.version,
          onBuild: (r) =>
            this.emit({
              type: 'themePreviewBuilt',
              data: { seq: ++this.seq, problems: r.problems, stopped: null },
            }),
          onExit: (message) => {
            if (this.preview === preview) this.preview = null;
            this.emit({
              type: 'themePreviewBuilt',
              data: {
                seq: ++this.seq,
                problems: [],
                stopped: `${message}; showing Quire's preview`,
              },
            });
          },
        });
        this.preview = preview;
        this.root = ws.root;
      }
      const preview = this.preview;
      try {
        await preview.configure({ asOf, drafts });
      } catch (err) {
        if (!(err instanceof HugoFailed)) throw err;
        return {
          state: 'failed',
          message: err.message,
          hugo: preview.version,
          base: null,
          problems: err.problems,
        };
      }
      return {
        state: 'ready',
        message: '',
        hugo: preview.version,
        base: preview.base,
        problems: preview.problems,
        mode: preview.mode,
      };
    },
    themePreviewText: async ({ path: rel, text }) => {
      const open = this.open();
      open.ws.resolve(rel);
      if (!this.preview) return { built: false, problems: [], url: null };
      const r = await this.preview.update(rel, text);
      return { ...r, url: await this.urlOf(open, rel, text) };
    },
    themePreviewStop: async () => ({ stopped: await this.stop() }),
  };
}

/** findHugo's line without the preview's ending (Settings and exports say it alone). */
function oneLine(message: string): string {
  return message.replace(/; showing Quire's preview$/, '');
}
