import { spawn } from 'node:child_process';
import { existsSync, mkdirSync, readdirSync, readFileSync, rmSync, statSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import type { CliIo } from './io.ts';
import { QuireError } from '../../shared/errors.ts';

/**
 * The project folder (the one whose package.json is Quire's), found from this module's
 * place: the sources (electron/cli) or the command's bundle (out/cli/<build>/chunks).
 */
export function projectRoot(from = path.dirname(fileURLToPath(import.meta.url))): string {
  for (let dir = from; ; dir = path.dirname(dir)) {
    try {
      const pkg = JSON.parse(readFileSync(path.join(dir, 'package.json'), 'utf8')) as {
        name?: string;
      };
      if (pkg.name === 'quire') return dir;
    } catch {
      // Not here: one folder up.
    }
    if (path.dirname(dir) === dir) throw new Error(`${from}: not inside Quire's project folder`);
  }
}

/** The built renderer the browser host serves (npm run build writes it). */
export function rendererDir(root = projectRoot()): string {
  return path.join(root, 'out/renderer');
}

/** The newest modification time of the files under `rel` (folders walked, links not followed). */
function newest(root: string, rel: string): number {
  let max = 0;
  const walk = (abs: string) => {
    let st;
    try {
      st = statSync(abs);
    } catch {
      return;
    }
    if (st.isDirectory()) {
      for (const name of readdirSync(abs)) if (name !== 'node_modules') walk(path.join(abs, name));
    } else max = Math.max(max, st.mtimeMs);
  };
  walk(path.join(root, rel));
  return max;
}

/** Why the renderer must be built: missing, or older than a source; null when current. */
export function rendererNeedsBuild(root = projectRoot()): 'missing' | 'stale' | null {
  const index = path.join(rendererDir(root), 'index.html');
  if (!existsSync(index)) return 'missing';
  const built = statSync(index).mtimeMs;
  const sources = ['renderer', 'shared', 'electron.vite.config.ts', 'package-lock.json'];
  return sources.some((s) => newest(root, s) > built) ? 'stale' : null;
}

/**
 * Builds the app (the same `electron-vite build` as `npm run build`) when its renderer is
 * missing or older than its sources, with a progress line on stderr. One build at a
 * time: a second command waits for the first one's. Returns the renderer folder.
 */
export async function ensureRenderer(io: CliIo, root = projectRoot()): Promise<string> {
  const why = rendererNeedsBuild(root);
  if (!why) return rendererDir(root);
  const lock = path.join(root, 'out/.app-build.lock');
  mkdirSync(path.dirname(lock), { recursive: true });
  const t = performance.now();
  for (;;) {
    try {
      mkdirSync(lock);
      break;
    } catch {
      // Another command is building (a lock older than 10 minutes was left by a crash).
      const age = Date.now() - (statSync(lock, { throwIfNoEntry: false })?.mtimeMs ?? 0);
      if (age > 600_000) rmSync(lock, { recursive: true, force: true });
      else await new Promise((r) => setTimeout(r, 250));
    }
  }
  try {
    if (!rendererNeedsBuild(root)) return rendererDir(root);
    io.err(
      `quire: building the app for the browser (${why === 'missing' ? 'first run' : 'its sources changed'}; this takes a little while)...\n`,
    );
    const cli = path.join(root, 'node_modules/electron-vite/bin/electron-vite.js');
    const result = await new Promise<{ code: number | null; err: string }>((resolve) => {
      const child = spawn(process.execPath, [cli, 'build', '--logLevel', 'warn'], {
        cwd: root,
        stdio: ['ignore', 'ignore', 'pipe'],
      });
      let err = '';
      child.stderr.on('data', (d) => (err += d));
      child.on('error', (e) => resolve({ code: 1, err: e.message }));
      child.on('exit', (code) => resolve({ code, err }));
    });
    if (result.code !== 0 || !existsSync(path.join(rendererDir(root), 'index.html')))
      throw new QuireError(
        'failed',
        `the app could not be built (npm run build): ${result.err.trim().split('\n').slice(-3).join(' ') || `exit ${result.code}`}`,
      );
    io.err(`quire: built in ${((performance.now() - t) / 1000).toFixed(1)} s\n`);
    return rendererDir(root);
  } finally {
    rmSync(lock, { recursive: true, force: true });
  }
}
