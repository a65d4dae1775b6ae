import {
  mkdirSync,
  readdirSync,
  readFileSync,
  renameSync,
  utimesSync,
  writeFileSync,
} from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import {
  ensureRenderer,
  projectRoot,
  rendererNeedsBuild,
} from '../../../electron/cli/app-build.ts';
import { quire } from '../../helpers/cli.ts';
import { repoRoot, tempDir } from '../../helpers/site.ts';

const currentFile = path.join(repoRoot, 'out/cli/current.json');
type Current = { dir: string; builtAt: number; inputs: string[] };
const current = (): Current => JSON.parse(readFileSync(currentFile, 'utf8')) as Current;

describe('the quire command runs prebuilt JavaScript', () => {
  it('builds its bundle on first use and rebuilds it when a source is newer', () => {
    const help = quire(['--help']);
    expect(help.code).toBe(0);
    expect(help.stdout).toContain('Usage: quire');
    const first = current();
    expect(first.inputs).toContain('electron/cli/main.ts');
    expect(first.inputs).toContain('electron/cli/listing-command.ts');
    // As if a source had been saved after the build (rewritten atomically: other tests run
    // the command meanwhile).
    const tmp = `${currentFile}.test-${process.pid}`;
    writeFileSync(tmp, JSON.stringify({ ...first, builtAt: 0 }));
    renameSync(tmp, currentFile);
    const again = quire(['--help']);
    expect(again.code).toBe(0);
    expect(again.stdout).toBe(help.stdout);
    const rebuilt = current();
    expect(rebuilt.builtAt).toBeGreaterThan(0);
    expect(rebuilt.dir).not.toBe(first.dir);
  });

  it('keeps the Markdown pipeline, YAML, zod and search out of the entry (loaded by the commands that need them)', () => {
    expect(quire(['--help']).code).toBe(0);
    const main = readFileSync(path.join(repoRoot, 'out/cli', current().dir, 'main.mjs'), 'utf8');
    expect(main).toContain('node_modules/commander');
    expect(main).not.toMatch(/node_modules\/(highlight\.js|markdown-it|minisearch|yaml|zod)\//);
  });

  it('leaves no CommonJS __filename/__dirname unbound in the bundle (write-file-atomic names temp files with it)', () => {
    expect(quire(['--help']).code).toBe(0);
    const dir = path.join(repoRoot, 'out/cli', current().dir);
    const chunks = [
      path.join(dir, 'main.mjs'),
      ...readdirSync(path.join(dir, 'chunks')).map((f) => path.join(dir, 'chunks', f)),
    ];
    const free = chunks.filter((f) =>
      /(^|[^\w$.])__(filename|dirname)\b/.test(
        // Comments in bundled packages mention them; code never does.
        readFileSync(f, 'utf8').replace(/\/\*[\s\S]*?\*\/|\/\/.*$/gm, ''),
      ),
    );
    expect(free).toEqual([]);
  });

  it('runs from the sources when asked (QUIRE_FROM_SOURCE=1), with the same output', () => {
    const post = path.join(repoRoot, 'test/fixtures/seed-blog/content/posts/go-build-times.md');
    const bundled = quire(['meta', post]);
    const prev = process.env.QUIRE_FROM_SOURCE;
    process.env.QUIRE_FROM_SOURCE = '1';
    try {
      const source = quire(['meta', post]);
      expect(source).toEqual(bundled);
      expect(JSON.parse(source.stdout)).toHaveProperty('title');
    } finally {
      if (prev === undefined) delete process.env.QUIRE_FROM_SOURCE;
      else process.env.QUIRE_FROM_SOURCE = prev;
    }
  });
});

describe('quire web builds the app it serves when needed', () => {
  it('finds the project folder from the sources and from a bundle chunk', () => {
    expect(projectRoot()).toBe(repoRoot);
    expect(projectRoot(path.join(repoRoot, 'out/cli/abc/chunks'))).toBe(repoRoot);
  });

  it('builds when the renderer is missing or older than a source, not when it is current', () => {
    const root = tempDir();
    writeFileSync(path.join(root, 'package.json'), '{"name": "quire"}');
    mkdirSync(path.join(root, 'renderer/state'), { recursive: true });
    mkdirSync(path.join(root, 'shared'), { recursive: true });
    writeFileSync(path.join(root, 'renderer/state/store.ts'), 'x');
    expect(rendererNeedsBuild(root)).toBe('missing');
    mkdirSync(path.join(root, 'out/renderer'), { recursive: true });
    writeFileSync(path.join(root, 'out/renderer/index.html'), '<!doctype html>');
    const built = new Date(Date.now() + 1000);
    utimesSync(path.join(root, 'out/renderer/index.html'), built, built);
    expect(rendererNeedsBuild(root)).toBeNull();
    const later = new Date(Date.now() + 5000);
    utimesSync(path.join(root, 'renderer/state/store.ts'), later, later);
    expect(rendererNeedsBuild(root)).toBe('stale');
  });

  it('builds once with a progress line, even when two commands start together', async () => {
    // A project whose build tool counts its runs and writes the renderer.
    const root = tempDir();
    writeFileSync(path.join(root, 'package.json'), '{"name": "quire"}');
    mkdirSync(path.join(root, 'renderer'), { recursive: true });
    writeFileSync(path.join(root, 'renderer/index.html'), 'src');
    const bin = path.join(root, 'node_modules/electron-vite/bin');
    mkdirSync(bin, { recursive: true });
    writeFileSync(
      path.join(bin, 'electron-vite.js'),
      `const fs = require('fs');
fs.appendFileSync('builds.log', 'build\\n');
setTimeout(() => {
  fs.mkdirSync('out/renderer', { recursive: true });
  fs.writeFileSync('out/renderer/index.html', 'built');
}, 300);`,
    );
    let err = '';
    const io = { out: () => {}, err: (t: string) => void (err += t), isTTY: false };
    const dirs = await Promise.all([ensureRenderer(io, root), ensureRenderer(io, root)]);
    expect(dirs).toEqual([path.join(root, 'out/renderer'), path.join(root, 'out/renderer')]);
    expect(readFileSync(path.join(root, 'builds.log'), 'utf8')).toBe('build\n');
    expect(err).toMatch(/^quire: building the app for the browser \(first run; .*\n/);
    expect(err).toMatch(/quire: built in [\d.]+ s\n$/);
    err = '';
    await ensureRenderer(io, root);
    expect(err).toBe('');
    expect(readFileSync(path.join(root, 'builds.log'), 'utf8')).toBe('build\n');
  });

  it('a build that fails is one line naming what to run, not a stack trace', async () => {
    const root = tempDir();
    writeFileSync(path.join(root, 'package.json'), '{"name": "quire"}');
    const bin = path.join(root, 'node_modules/electron-vite/bin');
    mkdirSync(bin, { recursive: true });
    writeFileSync(
      path.join(bin, 'electron-vite.js'),
      'console.error("vite: boom"); process.exit(1);',
    );
    const io = { out: () => {}, err: () => {}, isTTY: false };
    await expect(ensureRenderer(io, root)).rejects.toThrow(
      /^the app could not be built \(npm run build\): vite: boom$/,
    );
  });
});
