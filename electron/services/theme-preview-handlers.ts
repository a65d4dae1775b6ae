import { QuireError } from '../../shared/errors.ts';
import type { CallName, CallRequest, CallResponse, QuireEvent } from '../../shared/ipc/contract.ts';
import type { Exporter, ExportOptions, ExportResult } from './export.ts';
import { exportWithHugo } from './hugo-export.ts';
import { findHugo, HugoFailed, ThemePreview } from './hugo-preview.ts';
import type { SettingsStore } from './settings.ts';
import type { Workspace } from './workspace.ts';

type Handler<K extends CallName> = (req: CallRequest<K>) => Promise<CallResponse<K>>;
type ThemeCalls = 'themePreviewStart' | 'themePreviewText' | 'themePreviewStop' | 'hugoStatus';

/**
 * The "Your theme" calls: one Hugo preview for the open site, started on demand and
 * stopped when the site closes (`stop`) or the app quits.
 */
export class ThemePreviewCalls {
  private preview: ThemePreview | null = null;
  private root: string | null = null;
  private seq = 0;

  constructor(
    private readonly site: () => Workspace,
    private readonly settings: () => SettingsStore,
    private readonly emit: (event: QuireEvent) => void,
  ) {}

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

  readonly handlers: { [K in ThemeCalls]: Handler<K> } = {
    hugoStatus: async () => {
      const hugo = findHugo(this.settings().get().hugoPath);
      return hugo.ok
        ? { ok: true, version: hugo.version, message: '' }
        : {
            ok: false,
            version: null,
            message: hugo.message.replace(/; showing Quire's preview$/, ''),
          };
    },
    themePreviewStart: async ({ asOf, drafts }) => {
      const ws = this.site();
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
      };
    },
    themePreviewText: async ({ path: rel, text }) => {
      this.site().resolve(rel);
      if (!this.preview) return { built: false, problems: [] };
      return await this.preview.update(rel, text);
    },
    themePreviewStop: async () => ({ stopped: await this.stop() }),
  };
}
