import { randomUUID } from 'node:crypto';
import path from 'node:path';
import { QuireError, toQuireError } from '../../../shared/errors.ts';
import { parseAsOf } from '../../../shared/site/publish.ts';
import type { BackendContext, Handlers } from './context.ts';

/** The calls about exports: start one (progress and the end come as events), reveal, cancel. */
export type ExportCalls = 'exportStart' | 'revealExport' | 'exportCancel';

export function exportHandlers(ctx: BackendContext): Handlers<ExportCalls> {
  /** Where each export of this session wrote (only these may be revealed). */
  const outputs = new Map<string, string>();
  return {
    exportStart: async ({ out, zip, asOf, drafts, baseURL, allowCollisions, withHugo }) => {
      const current = ctx.current();
      if (!current) throw new QuireError('no-site', 'no site is open');
      const { exporter } = current;
      // "Build with Hugo": refused at once when there is no usable Hugo.
      const build = withHugo
        ? ctx.theme.hugoExport(current.ws, exporter)
        : exporter.export.bind(exporter);
      if (out) out = await ctx.confirmed('export-folder', out);
      if (zip) zip = await ctx.confirmed('export-zip', zip);
      // Refused before anything runs: a target in the site, a folder for a .zip, a file
      // that is not an earlier export.
      exporter.checkTarget({ out, zip });
      const id = randomUUID();
      outputs.set(id, path.resolve((out ?? zip)!));
      const ctl = new AbortController();
      ctx.exports.set(id, ctl);
      void build({
        out,
        zip,
        asOf: parseAsOf(asOf),
        drafts,
        baseURL,
        allowCollisions,
        signal: ctl.signal,
        onProgress: (p) => ctx.emit({ type: 'exportProgress', data: { id, ...p } }),
      })
        .then(
          (result) => ctx.emit({ type: 'exportDone', data: { id, result, error: null } }),
          (err: unknown) => {
            const failure = toQuireError(err);
            ctx.emit({
              type: 'exportDone',
              data: {
                id,
                result: null,
                error: failure.code === 'cancelled' ? 'cancelled' : failure.message,
                failure: failure.toInfo(),
              },
            });
          },
        )
        .finally(() => ctx.exports.delete(id));
      return { id };
    },
    revealExport: async ({ id }) => {
      const target = outputs.get(id);
      if (!target) throw new QuireError('not-found', 'no export with that id in this session');
      return { shown: await ctx.platform.revealInFolder(target), path: target };
    },
    exportCancel: async ({ id }) => {
      const ctl = ctx.exports.get(id);
      ctl?.abort();
      return { cancelled: !!ctl };
    },
  };
}
