// The `quire` command's prebuilt JavaScript: one esbuild bundle per entry (the command,
// the export's render worker), with code splitting so each command loads only what it
// imports (markdown-it, highlight.js, minisearch… come in through dynamic imports).
//
// Built by `npm run build`, and by bin/quire.js on first use or when a source changed:
// out/cli/current.json names the build folder and every source file that went into it;
// the bundle is fresh when none of them (nor the installed packages) is newer than it.
// Each build gets its own folder, so a running command never loses its chunks to a
// rebuild by another; old folders go after a day (the newest three stay).
import {
  existsSync,
  mkdirSync,
  readdirSync,
  readFileSync,
  renameSync,
  rmSync,
  statSync,
  writeFileSync,
} from 'node:fs';
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';

export const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const outRoot = path.join(root, 'out/cli');
const currentFile = path.join(outRoot, 'current.json');

/** Files that change what the bundle holds besides its own sources. */
const ALWAYS_CHECKED = [
  'package.json',
  'package-lock.json',
  'node_modules/.package-lock.json',
  'scripts/cli-bundle.js',
];

/** The entries: name -> source, relative to the project root. */
export const ENTRIES = {
  main: 'electron/cli/main.ts',
  'render-worker': 'electron/services/render-worker.ts',
};

function mtime(rel) {
  try {
    return statSync(path.join(root, rel)).mtimeMs;
  } catch {
    return null;
  }
}

/**
 * The URL of the fresh bundle's entry (`main` by default), or null when it is missing or
 * older than one of its sources. Costs one small read and a stat per source file.
 */
export function freshEntry(name = 'main') {
  let current;
  try {
    current = JSON.parse(readFileSync(currentFile, 'utf8'));
  } catch {
    return null;
  }
  const dir = path.join(outRoot, current.dir);
  if (!existsSync(path.join(dir, `${name}.mjs`))) return null;
  for (const rel of [...current.inputs, ...ALWAYS_CHECKED]) {
    const m = mtime(rel);
    // A source that is gone was renamed or removed: rebuild.
    if (m === null ? current.inputs.includes(rel) : m > current.builtAt) return null;
  }
  return pathToFileURL(path.join(dir, `${name}.mjs`)).href;
}

/** Builds the bundle into a new folder and makes it current. Returns the entry's URL. */
export async function buildCliBundle(name = 'main') {
  const { build } = await import('esbuild');
  // Sources saved during the build are newer than this, so they count as changed.
  const builtAt = Date.now() - 1;
  const id = `${builtAt.toString(36)}-${process.pid}`;
  const dir = path.join(outRoot, id);
  const result = await build({
    absWorkingDir: root,
    entryPoints: Object.fromEntries(
      Object.entries(ENTRIES).filter(([, src]) => existsSync(path.join(root, src))),
    ),
    outdir: dir,
    bundle: true,
    splitting: true,
    format: 'esm',
    platform: 'node',
    target: 'node20',
    outExtension: { '.js': '.mjs' },
    chunkNames: 'chunks/[name]-[hash]',
    metafile: true,
    logLevel: 'silent',
    legalComments: 'none',
    external: ['electron', 'fsevents'],
    // CommonJS packages inside an ES module still call require() for Node's built-ins, and
    // some read __filename (write-file-atomic names its temp files with it).
    banner: {
      js: [
        "import { createRequire as __quireRequire } from 'node:module';",
        "import { fileURLToPath as __quireToPath } from 'node:url';",
        'const require = __quireRequire(import.meta.url);',
        'const __quireFilename = __quireToPath(import.meta.url);',
        "const __quireDirname = __quireFilename.replace(/[\\\\/][^\\\\/]*$/, '');",
      ].join(' '),
    },
    define: { __filename: '__quireFilename', __dirname: '__quireDirname' },
  });
  const inputs = Object.keys(result.metafile.inputs)
    .filter((f) => !f.startsWith('node_modules/'))
    .sort();
  mkdirSync(outRoot, { recursive: true });
  const tmp = `${currentFile}.${process.pid}.tmp`;
  writeFileSync(tmp, JSON.stringify({ dir: id, builtAt, inputs }) + '\n');
  renameSync(tmp, currentFile);
  removeOldBuilds(id);
  return pathToFileURL(path.join(dir, `${name}.mjs`)).href;
}

/**
 * Removes old build folders: never the newest three (a long-running `quire web` may still
 * load chunks from its own), and only those older than a day.
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

/**
 * The entry to run: the fresh bundle, built now when missing or stale (well under a
 * second), or null when it cannot be built here (then the caller runs the sources).
 */
export async function cliEntry(name = 'main') {
  if (process.env.QUIRE_FROM_SOURCE === '1') return null;
  const fresh = freshEntry(name);
  if (fresh) return fresh;
  try {
    return await buildCliBundle(name);
  } catch {
    return null;
  }
}

// `node scripts/cli-bundle.js`: build it now (npm run build does).
if (process.argv[1] && path.resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  const t = Date.now();
  await buildCliBundle();
  console.log(`quire command bundle built in ${Date.now() - t} ms (out/cli)`);
}
