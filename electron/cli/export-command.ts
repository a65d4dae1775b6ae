import { QuireError } from '../../shared/errors.ts';
import { Exporter } from '../services/export.ts';
import type { ExportProgress } from '../services/export.ts';
import { Workspace } from '../services/workspace.ts';
import type { CliIo } from './io.ts';
import type { RenderPool } from '../services/render-pool.ts';
import { mark } from '../services/timings.ts';
import { asOfOption } from './io.ts';

/** Options of `quire export`. */
export interface ExportCommandOptions {
  out?: string;
  zip?: string;
  asOf?: string;
  drafts?: boolean;
  baseUrl?: string;
  allowCollisions?: boolean;
  withHugo?: boolean;
}

function formatBytes(n: number): string {
  return n >= 1e6 ? `${(n / 1e6).toFixed(1)} MB` : `${(n / 1e3).toFixed(1)} kB`;
}

/** `quire export <site> (--out <dir> | --zip <file>)`: the whole site as static HTML. */
export async function exportCommand(
  site: string,
  opts: ExportCommandOptions,
  io: CliIo,
  /** Render workers started before the site was read (export-workers.ts). */
  workers: RenderPool | null = null,
): Promise<void> {
  // Workers the export did not take or end (an error before it started) must not keep
  // the process alive.
  try {
    await exportInto(site, opts, io, workers);
  } finally {
    await workers?.close();
  }
}

async function exportInto(
  site: string,
  opts: ExportCommandOptions,
  io: CliIo,
  workers: RenderPool | null,
): Promise<void> {
  if (!opts.out === !opts.zip)
    throw new QuireError('invalid-request', 'give exactly one of --out <folder> or --zip <file>');
  if (opts.baseUrl) {
    try {
      const u = new URL(opts.baseUrl);
      if (u.protocol !== 'https:' && u.protocol !== 'http:') throw new Error('not http(s)');
    } catch {
      throw new QuireError(
        'invalid-request',
        `--base-url: "${opts.baseUrl}" is not an http(s) URL, e.g. https://example.org/blog/`,
      );
    }
  }
  const asOf = asOfOption(opts.asOf);
  mark('start');
  const ws = await Workspace.open(site);
  mark('open');
  for (const p of ws.problems()) io.err(`quire: skipped ${p.message}\n`);
  let last = 0;
  const onProgress = io.isTTY
    ? (p: ExportProgress) => {
        const now = performance.now();
        if (now - last < 50 && p.done !== p.total) return;
        last = now;
        const width = 30;
        const filled = Math.round((p.done / Math.max(p.total, 1)) * width);
        io.out(
          `\r[${'#'.repeat(filled)}${'-'.repeat(width - filled)}] ${p.phase === 'render' ? 'rendering' : 'writing  '} ${p.done}/${p.total}`,
        );
      }
    : undefined;
  let result;
  const exporter = new Exporter(ws);
  exporter.adoptWorkers(workers);
  // Loaded only for --with-hugo: the preview server, MIME tables and settings are not
  // what an export loads (start-up).
  const withHugo = opts.withHugo
    ? await Promise.all([
        import('../services/hugo-export.ts'),
        import('../services/hugo-preview.ts'),
        import('../services/settings.ts'),
      ])
    : null;
  const hugo = withHugo ? withHugo[1].findHugo() : null;
  if (hugo && !hugo.ok)
    throw new QuireError(
      'invalid-request',
      `--with-hugo: ${hugo.message.replace(/; showing Quire's preview$/, '')}`,
    );
  try {
    const options = {
      out: opts.out,
      zip: opts.zip,
      asOf,
      drafts: opts.drafts,
      baseURL: opts.baseUrl,
      allowCollisions: opts.allowCollisions,
      onProgress,
    };
    result =
      withHugo && hugo && hugo.ok
        ? await withHugo[0].exportWithHugo(exporter, {
            ...options,
            root: ws.root,
            contentDir: ws.config.contentDir,
            configFile: ws.configFile,
            dataDir: withHugo[2].defaultDataDir(),
            bin: hugo.bin,
          })
        : await exporter.export({ ...options, stream: true });
  } catch (err) {
    if (io.isTTY) io.out('\n');
    throw err;
  }
  mark('done');
  if (io.isTTY) io.out('\r\x1b[K');
  for (const w of result.warnings) io.err(`quire: warning: ${w}\n`);
  io.out(
    `Exported ${result.pages} pages, ${result.files} files, ${formatBytes(result.bytes)} in ${(result.ms / 1000).toFixed(2)} s to ${opts.out ?? opts.zip}` +
      (result.unchanged
        ? ` (${result.written} written, ${result.unchanged} unchanged, ${result.removed} removed)`
        : '') +
      (exporter.renderedOnWorkers
        ? `; ${exporter.renderedOnWorkers} posts rendered on worker threads`
        : '') +
      (result.skipped.length ? `; ${result.skipped.length} post(s) skipped, see above` : '') +
      '\n',
  );
}
