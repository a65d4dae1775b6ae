import {
  existsSync,
  mkdirSync,
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
import { copySeedBlog, repoRoot, tempDir } from '../../helpers/site.ts';

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

  it('runs none of the Markdown pipeline, YAML, zod or search for --help, and meta none of the Markdown pipeline', () => {
    expect(quire(['--help']).code).toBe(0);
    type Meta = { inputs: Record<string, { imports: { path: string; kind: string }[] }> };
    const metas = JSON.parse(
      readFileSync(path.join(repoRoot, 'out/cli', current().dir, 'meta.json'), 'utf8'),
    ) as Record<string, Meta>;
    // What the full bundle's entry runs at start-up: what it imports statically, and what
    // those import (esbuild turns every dynamic import into an init run only when reached).
    const full = metas.full!;
    const atStart = new Set<string>();
    const visit = (file: string) => {
      if (atStart.has(file) || !full.inputs[file]) return;
      atStart.add(file);
      for (const i of full.inputs[file].imports) if (i.kind !== 'dynamic-import') visit(i.path);
    };
    visit('electron/cli/main.ts');
    const heavy = /node_modules\/(highlight\.js|markdown-it|minisearch|yaml|zod)\//;
    const loaded = [...atStart].join('\n');
    expect(loaded).toContain('node_modules/commander/');
    expect(loaded).not.toMatch(heavy);
    expect(loaded).not.toMatch(/shared\/(markdown|site\/plan)/);
    // The bundles of `quire --help` and `quire meta` do not even hold them.
    const help = Object.keys(metas.help!.inputs).join('\n');
    expect(help).toContain('node_modules/commander/');
    expect(help).not.toMatch(heavy);
    const meta = Object.keys(metas.meta!.inputs).join('\n');
    expect(meta).toContain('electron/cli/meta-command.ts');
    expect(meta).not.toMatch(/node_modules\/(highlight\.js|markdown-it|minisearch|zod)\//);
  });

  it('runs each command from the bundle that holds it (its own, or the full one)', () => {
    const seed = path.join(repoRoot, 'test/fixtures/seed-blog');
    // No command: the help bundle, with commander's usage and exit 1 as before.
    const none = quire([]);
    expect(none.code).toBe(1);
    expect(none.stderr).toContain('Usage: quire');
    expect(quire(['help', 'listing']).stdout).toContain('Usage: quire listing');
    expect(quire(['listing', seed, '--as-of', '2030-01-01']).stdout).toContain('Seed Blog: home');
    // A command without a bundle of its own (check) runs from the full one.
    const check = quire(['check', seed]);
    expect(check.stderr).not.toContain('this bundle of quire has no');
    expect(check.stdout + check.stderr).not.toBe('');
  });

  it('gives the same output with its code cache, without it, and with a broken one', () => {
    const post = path.join(repoRoot, 'test/fixtures/seed-blog/content/posts/go-build-times.md');
    const first = quire(['meta', post]);
    expect(first.code).toBe(0);
    const cache = path.join(repoRoot, 'out/cli', current().dir, 'cache/meta.bin');
    expect(existsSync(cache)).toBe(true);
    expect(quire(['meta', post])).toEqual(first);
    // Another Node (or a torn file) gives a cache V8 rejects: it is compiled as if there
    // were none, and written again.
    const tmp = `${cache}.test-${process.pid}`;
    writeFileSync(tmp, 'not a code cache');
    renameSync(tmp, cache);
    expect(quire(['meta', post])).toEqual(first);
    expect(readFileSync(cache).toString('latin1')).not.toBe('not a code cache');
  });

  it('runs from the sources when asked (QUIRE_FROM_SOURCE=1), with the same output', () => {
    const seed = path.join(repoRoot, 'test/fixtures/seed-blog');
    const post = path.join(seed, 'content/posts/go-build-times.md');
    const sources = { ...process.env, QUIRE_FROM_SOURCE: '1' };
    const bundled = quire(['meta', post]);
    const source = quire(['meta', post], repoRoot, sources);
    expect(source).toEqual(bundled);
    expect(JSON.parse(source.stdout)).toHaveProperty('title');
    // Typographic characters come out the same: the bundle is read as Latin-1, its
    // non-ASCII characters escaped.
    const site = copySeedBlog();
    const config = path.join(site, 'hugo.toml');
    writeFileSync(
      config,
      readFileSync(config, 'utf8').replace('typographer = false', 'typographer = true'),
    );
    writeFileSync(
      path.join(site, 'content/posts/typography.md'),
      '---\ntitle: "Typography"\ndate: 2029-01-01\n---\n\nReally?... "Quoted" -- and so... ½ ✓ 日本\n',
    );
    const listing = ['listing', site, '--as-of', '2030-01-01', '--json'];
    const fromBundle = quire(listing);
    expect(fromBundle.code).toBe(0);
    expect(fromBundle.stdout).toContain(
      'Really?\u2026 \u201cQuoted\u201d \u2013 and so\u2026 ½ ✓ 日本',
    );
    expect(quire(listing, repoRoot, sources)).toEqual(fromBundle);
    for (const bundle of ['quire.cjs', 'render-worker-bundle.cjs']) {
      const bytes = readFileSync(path.join(repoRoot, 'out/cli', current().dir, bundle));
      expect(bytes.findIndex((b) => b > 0x7f)).toBe(-1);
    }
  });
});

describe('quire web builds the app it serves when needed', () => {
  it('finds the project folder from the sources and from a bundle chunk', () => {
    expect(projectRoot()).toBe(repoRoot);
    expect(projectRoot(path.join(repoRoot, 'out/cli/abc'))).toBe(repoRoot);
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
