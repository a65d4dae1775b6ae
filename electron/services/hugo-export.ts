import { QuireError } from '../../shared/errors.ts';
import { spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { mkdirSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { ExportCancelled } from './export.ts';
import type { Exporter, ExportOptions, ExportResult } from './export.ts';
import { hugoProblem, where } from './hugo-preview.ts';
import type { HugoProblem } from './hugo-preview.ts';

/** The site did not build with Hugo: every error, with file and line. */
export class HugoBuildError extends QuireError {
  constructor(readonly problems: HugoProblem[]) {
    super(
      'failed',
      `Hugo could not build the site:\n${problems.map((p) => `  ${where(p)}${p.message}`).join('\n')}`,
    );
    this.name = 'HugoBuildError';
  }
}

/** What "Export with Hugo" needs besides the export's own options. */
export interface HugoExportOptions extends ExportOptions {
  root: string;
  contentDir: string;
  configFile: string | null;
  /** The app's data folder: Hugo builds into a private folder there. */
  dataDir: string;
  bin: string;
}

/**
 * "Export with Hugo": the site's own Hugo builds it (as of the day with `--clock`, drafts,
 * base URL) into a private folder in the app's data folder, never in the site; the export's
 * writer then puts those files into the folder or .zip with the same rules as Quire's own
 * export (confined paths, only files an earlier export wrote replaced, atomic swap). Cancel
 * stops Hugo; a failed build lists Hugo's errors with files and lines.
 */
export async function exportWithHugo(
  exporter: Exporter,
  opts: HugoExportOptions,
): Promise<ExportResult> {
  const t0 = performance.now();
  exporter.checkTarget(opts);
  const work = path.join(opts.dataDir, 'hugo-export', randomBytes(8).toString('hex'));
  const dest = path.join(work, 'public');
  mkdirSync(work, { recursive: true });
  try {
    const config = path.join(work, 'quire-export.toml');
    writeFileSync(
      config,
      '# Written by Quire for "Export with Hugo".\n[build]\nwriteStats = false\n',
    );
    const configs = [...(opts.configFile ? [path.join(opts.root, opts.configFile)] : []), config];
    const args = [
      '--source',
      opts.root,
      '--config',
      configs.join(','),
      '--destination',
      dest,
      '--noBuildLock',
      '--cacheDir',
      path.join(work, 'cache'),
      '--clock',
      `${opts.asOf.day}T23:59:59Z`,
      ...(opts.drafts ? ['--buildDrafts'] : []),
      ...(opts.baseURL ? ['--baseURL', opts.baseURL] : []),
    ];
    opts.onProgress?.({ phase: 'render', done: 0, total: 1 });
    const problems: HugoProblem[] = [];
    let output = '';
    const code = await new Promise<number | null>((resolve, reject) => {
      const child = spawn(opts.bin, args, {
        cwd: work,
        stdio: ['ignore', 'pipe', 'pipe'],
        env: { ...process.env, HUGO_RESOURCEDIR: path.join(work, 'resources') },
      });
      const onAbort = () => child.kill('SIGKILL');
      opts.signal?.addEventListener('abort', onAbort);
      const read = (chunk: Buffer) => {
        output += chunk.toString('utf8');
        let i;
        while ((i = output.indexOf('\n')) >= 0) {
          const line = output.slice(0, i).trim();
          output = output.slice(i + 1);
          if (/^(ERROR|Error:)/.test(line))
            problems.push(hugoProblem(line, opts.root, opts.contentDir));
        }
      };
      child.stdout!.on('data', read);
      child.stderr!.on('data', read);
      child.on('error', (err) =>
        reject(new QuireError('failed', `Hugo did not start: ${err.message}`)),
      );
      child.on('exit', (c) => {
        opts.signal?.removeEventListener('abort', onAbort);
        resolve(c);
      });
    });
    if (opts.signal?.aborted) throw new ExportCancelled();
    if (code !== 0)
      throw new HugoBuildError(
        problems.length
          ? problems
          : [{ file: null, line: null, column: null, message: output.trim() || `exit ${code}` }],
      );
    opts.onProgress?.({ phase: 'render', done: 1, total: 1 });
    const copies = listFiles(dest).map((rel) => ({ from: path.join(dest, rel), to: rel }));
    const pages = copies.filter((c) => c.to.endsWith('.html')).length;
    const result = await exporter.writeBuilt({ copies, pages, root: dest }, opts);
    return { ...result, ms: performance.now() - t0 };
  } finally {
    rmSync(work, { recursive: true, force: true });
  }
}

function listFiles(dir: string, base = dir): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((d) => {
    const abs = path.join(dir, d.name);
    if (d.isDirectory()) return listFiles(abs, base);
    return d.isFile() ? [path.relative(base, abs).split(path.sep).join('/')] : [];
  });
}
