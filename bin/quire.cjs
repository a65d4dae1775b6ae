#!/usr/bin/env node
'use strict';
// The `quire` command. Runs its prebuilt bundle (out/cli, see scripts/cli-bundle.js)
// through V8's code cache (scripts/code-cache.cjs), building the bundle first when it is
// missing or older than a source file, so it works right after `npm ci` with no build
// step; where it cannot be built, runs the TypeScript sources through tsx
// (QUIRE_FROM_SOURCE=1 forces that). CommonJS: Node starts it without its ES module loader.
// V8 optimizes a function once it has used up its interrupt budget. A command that runs
// for a second or two spent about a third of its CPU in optimizing compiles, on threads
// that take the cores from the command's own (perf, 2 cores, a 2,000-post export): with
// six times the budget only what stays hot is optimized, and the export took 3-8% less
// time and 8-10% less CPU (paired runs of `quire export`). Set before any code runs, for
// the worker threads too. Not for `quire web`, which runs for hours.
if (process.argv[2] !== 'web') require('node:v8').setFlagsFromString('--interrupt-budget=405504');
const fs = require('node:fs');
const path = require('node:path');

const root = path.resolve(__dirname, '..');
const outRoot = path.join(root, 'out/cli');

function mtime(rel) {
  try {
    return fs.statSync(path.join(root, rel)).mtimeMs;
  } catch {
    return null;
  }
}

/**
 * The current build's folder, or null when it is missing or older than one of its sources
 * (out/cli/current.json lists them). Costs one small read and a stat per source file.
 */
function freshBuild() {
  let current;
  try {
    current = JSON.parse(fs.readFileSync(path.join(outRoot, 'current.json'), 'utf8'));
  } catch {
    return null;
  }
  const dir = path.join(outRoot, current.dir);
  if (
    !Array.isArray(current.alsoChecked) ||
    !Array.isArray(current.slim) ||
    !fs.existsSync(path.join(dir, 'quire.cjs'))
  )
    return null;
  for (const rel of current.inputs) {
    const m = mtime(rel);
    // A source that is gone was renamed or removed: rebuild.
    if (m === null || m > current.builtAt) return null;
  }
  for (const rel of current.alsoChecked) {
    const m = mtime(rel);
    if (m !== null && m > current.builtAt) return null;
  }
  return { dir, slim: current.slim };
}

/**
 * The bundle for this command line: a command's own (slim) bundle when it has one, `help`
 * for no argument, -h, --help and help, else the full bundle.
 */
function bundleFor(argv, slim) {
  const first = argv[0];
  const name =
    first === undefined || first === '-h' || first === '--help' || first === 'help'
      ? 'help'
      : first;
  return slim.includes(name) ? name : 'quire';
}

async function run(argv) {
  if (process.env.QUIRE_FROM_SOURCE !== '1') {
    let build = freshBuild();
    if (!build)
      try {
        const built = await import('../scripts/cli-bundle.js');
        build = { dir: await built.buildCliBundle(), slim: Object.keys(built.SLIM) };
      } catch {
        // No esbuild, a read-only folder: the sources.
      }
    if (build) {
      const { dir, slim } = build;
      const { loadCached } = require(path.join(dir, 'code-cache.cjs'));
      const file = bundleFor(argv, slim);
      // One code cache per command: each compiles only what it runs.
      const name = file !== 'quire' ? file : /^[a-z]{1,20}$/.test(argv[0] ?? '') ? argv[0] : 'main';
      const bundle = loadCached(path.join(dir, `${file}.cjs`), name);
      const code = await bundle.exports.main(argv);
      if (code === 0) bundle.saveCache();
      return code;
    }
  }
  const { register } = await import('tsx/esm/api');
  register();
  const { main } = await import('../electron/cli/main.ts');
  return main(argv);
}

run(process.argv.slice(2)).then((code) => {
  process.exitCode = code;
});
