// The `quire` command's prebuilt JavaScript: CommonJS bundles built with esbuild, one for
// the command (electron/cli/main.ts and every command it imports) and one for the export's
// render worker, run by bin/quire.cjs through V8's code cache (scripts/code-cache.cjs).
// Each command's module comes in through a dynamic import, which esbuild turns into a lazy
// init: `quire --help` or `quire meta` never runs markdown-it, highlight.js or minisearch.
//
// Built by `npm run build`, and by bin/quire.cjs on first use or when a source changed:
// out/cli/current.json names the build folder and the files it depends on; the bundle is
// fresh when none of them (nor the installed packages) is newer than it. Each build gets
// its own folder, so a running command never loses a file to a rebuild by another; old
// folders go after a day (the newest three stay).
import { createHash } from 'node:crypto';
import {
  copyFileSync,
  mkdirSync,
  readdirSync,
  readFileSync,
  renameSync,
  rmSync,
  statSync,
  writeFileSync,
} from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

export const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const outRoot = path.join(root, 'out/cli');
const currentFile = path.join(outRoot, 'current.json');

/** Files that change what the bundle holds besides its own sources. */
const ALWAYS_CHECKED = [
  'package.json',
  'package-lock.json',
  'node_modules/.package-lock.json',
  'scripts/cli-bundle.js',
  'scripts/code-cache.cjs',
  'scripts/cli-render-worker.cjs',
];

/** The bundles: name -> source, relative to the project root. */
export const ENTRIES = {
  quire: 'electron/cli/main.ts',
  'render-worker-bundle': 'electron/services/render-worker.ts',
};

/**
 * The quickest commands (`quire --help`, `quire meta`) also get a bundle of their own: the
 * whole program with every other command's module left out (a twentieth and a sixth of
 * the full bundle to read and run at each start). bin/quire.cjs picks one by the first
 * argument (`help` for no argument, -h, --help and help) and runs the full bundle for
 * anything else. More of them would make the first build, on first use, longer than a
 * second. Bundle name -> the command module it keeps (null: none).
 */
export const SLIM = {
  help: null,
  meta: './meta-command.ts',
};

/** main.ts's command modules, which a slim bundle replaces by a stub (never run). */
const COMMAND_MODULE = /^\.\/[a-z-]+-commands?\.ts$|^\.\/export-workers\.ts$/;

function onlyCommand(keep) {
  return {
    name: 'only-command',
    setup(b) {
      b.onResolve({ filter: COMMAND_MODULE }, (args) =>
        args.importer.endsWith(path.join('electron', 'cli', 'main.ts')) && args.path !== keep
          ? { path: args.path, namespace: 'quire-not-here' }
          : undefined,
      );
      b.onLoad({ filter: /.*/, namespace: 'quire-not-here' }, (args) => ({
        contents: `throw new Error(${JSON.stringify(`this bundle of quire has no ${args.path} (bin/quire.cjs picks the bundle)`)});`,
        loader: 'js',
      }));
    },
  };
}

/**
 * The version of the content reader (shared/content, and the YAML and TOML parsers it
 * uses) that this build holds: the index cache is trusted only when written by the same
 * (electron/services/code-version.ts). Worked out here once, not hashed at every run.
 */
function readerVersion() {
  const h = createHash('sha256');
  const dir = path.join(root, 'shared/content');
  for (const n of readdirSync(dir)
    .filter((n) => n.endsWith('.ts'))
    .sort())
    h.update(readFileSync(path.join(dir, n)));
  for (const pkg of ['yaml', 'smol-toml'])
    h.update(readFileSync(path.join(root, 'node_modules', pkg, 'package.json')));
  return h.digest('hex').slice(0, 16);
}

/**
 * markdown-it's published build sets its class fields through a helper
 * (`_defineProperty(this, "bMarks", [])`: a property-key conversion and a
 * Object.defineProperty each), which took a tenth of the export's Markdown parsing; here
 * they are the plain assignments the class fields mean (none has a setter to bypass).
 */
const markdownItFields = {
  name: 'markdown-it-fields',
  setup(b) {
    b.onLoad({ filter: /[\\/]markdown-it[\\/]dist[\\/]markdown-it\.mjs$/ }, (args) => ({
      contents: readFileSync(args.path, 'utf8').replace(
        /_defineProperty\(\s*this,\s*(?:\/\*[\s\S]*?\*\/\s*)?"([A-Za-z_$][\w$]*)",\s*([^;]*?)\s*\);/g,
        (_, key, value) => `this.${key} = ${value};`,
      ),
      loader: 'js',
    }));
  },
};

/**
 * commander requires node:child_process when it loads, for subcommands that are separate
 * programs (Quire has none): 3 ms of every start. It gets it on first use instead.
 */
const lazyChildProcess = {
  name: 'lazy-child-process',
  setup(b) {
    b.onResolve({ filter: /^node:child_process$/ }, (args) =>
      /[\\/]node_modules[\\/]commander[\\/]/.test(args.importer)
        ? { path: 'lazy-child-process', namespace: 'quire-lazy' }
        : undefined,
    );
    b.onLoad({ filter: /.*/, namespace: 'quire-lazy' }, () => ({
      contents:
        "let cp; module.exports = new Proxy({}, { get: (_, k) => (cp ??= require('node:child_process'))[k] });",
      loader: 'js',
    }));
  },
};

/** Builds the bundles into a new folder and makes it current. Returns the folder. */
export async function buildCliBundle() {
  const { build } = await import('esbuild');
  // Sources saved during the build are newer than this, so they count as changed.
  const builtAt = Date.now() - 1;
  const id = `${builtAt.toString(36)}-${process.pid}`;
  const dir = path.join(outRoot, id);
  const common = {
    absWorkingDir: root,
    outdir: dir,
    bundle: true,
    format: 'cjs',
    platform: 'node',
    target: 'node20',
    outExtension: { '.js': '.cjs' },
    metafile: true,
    logLevel: 'silent',
    legalComments: 'none',
    external: ['electron', 'fsevents'],
    // The sources are ES modules: their module URL is the bundle's.
    banner: {
      js: "const __quireModuleUrl = require('node:url').pathToFileURL(__filename).href;",
    },
    define: {
      'import.meta.url': '__quireModuleUrl',
      __QUIRE_READER_VERSION__: JSON.stringify(readerVersion()),
    },
  };
  const results = await Promise.all([
    build({ ...common, entryPoints: ENTRIES, plugins: [markdownItFields, lazyChildProcess] }),
    ...Object.entries(SLIM).map(([name, keep]) =>
      build({
        ...common,
        entryPoints: { [name]: ENTRIES.quire },
        plugins: [markdownItFields, lazyChildProcess, onlyCommand(keep)],
      }),
    ),
  ]);
  for (const name of [...Object.keys(ENTRIES), ...Object.keys(SLIM)])
    asciiOnly(path.join(dir, `${name}.cjs`));
  copyFileSync(path.join(root, 'scripts/code-cache.cjs'), path.join(dir, 'code-cache.cjs'));
  copyFileSync(
    path.join(root, 'scripts/cli-render-worker.cjs'),
    path.join(dir, 'render-worker.cjs'),
  );
  // What each module imports and how (static or dynamic), per bundle: the start-up test
  // reads it.
  const metas = Object.fromEntries(
    ['full', ...Object.keys(SLIM)].map((name, i) => [name, results[i].metafile]),
  );
  writeFileSync(path.join(dir, 'meta.json'), JSON.stringify(metas));
  const result = results[0];
  // The project's own files (not packages, not the plugins' modules such as quire-lazy:…).
  const inputs = Object.keys(result.metafile.inputs)
    .filter((f) => !f.startsWith('node_modules/') && !f.includes(':'))
    .sort();
  mkdirSync(outRoot, { recursive: true });
  const tmp = `${currentFile}.${process.pid}.tmp`;
  writeFileSync(
    tmp,
    JSON.stringify({
      dir: id,
      builtAt,
      inputs,
      alsoChecked: ALWAYS_CHECKED,
      slim: Object.keys(SLIM),
    }) + '\n',
  );
  renameSync(tmp, currentFile);
  removeOldBuilds(id);
  return dir;
}

/**
 * Escapes what esbuild leaves outside ASCII (comments, and regular expression literals such
 * as markdown-it's `/([?!])…/`) as \\uXXXX, which means the same there, so the loader reads
 * the bundle as Latin-1: ten times cheaper than decoding 3 MB of UTF-8 at every start.
 */
function asciiOnly(file) {
  const text = readFileSync(file, 'utf8').replace(
    /[^\0-\x7f]/g,
    (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`,
  );
  writeFileSync(file, text, 'latin1');
}

/**
 * Removes old build folders: never the newest three (a long-running `quire web` may still
 * use its own), and only those older than a day.
 */
function removeOldBuilds(keep) {
  const dayAgo = Date.now() - 86400_000;
  const builds = [];
  for (const d of readdirSync(outRoot, { withFileTypes: true })) {
    if (!d.isDirectory() || d.name === keep) continue;
    try {
      builds.push({
        abs: path.join(outRoot, d.name),
        mtime: statSync(path.join(outRoot, d.name)).mtimeMs,
      });
    } catch {
      // Another build removed it first.
    }
  }
  builds.sort((a, b) => b.mtime - a.mtime);
  for (const b of builds.slice(2))
    if (b.mtime < dayAgo) rmSync(b.abs, { recursive: true, force: true });
}

// `node scripts/cli-bundle.js`: build it now (npm run build does).
if (process.argv[1] && path.resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  const t = Date.now();
  await buildCliBundle();
  console.log(`quire command bundle built in ${Date.now() - t} ms (out/cli)`);
}
