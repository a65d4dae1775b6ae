#!/usr/bin/env node
'use strict';
// The `quire` command. Runs its prebuilt bundle (out/cli, see scripts/cli-bundle.js)
// through V8's code cache (scripts/code-cache.cjs), building the bundle first when it is
// missing or older than a source file, so it works right after `npm ci` with no build
// step; where it cannot be built, runs the TypeScript sources through tsx
// (QUIRE_FROM_SOURCE=1 forces that). CommonJS: Node starts it without its ES module loader.
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
  if (!Array.isArray(current.alsoChecked) || !fs.existsSync(path.join(dir, 'quire.cjs')))
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
  return dir;
}

async function run(argv) {
  if (process.env.QUIRE_FROM_SOURCE !== '1') {
    let dir = freshBuild();
    if (!dir)
      try {
        dir = await (await import('../scripts/cli-bundle.js')).buildCliBundle();
      } catch {
        // No esbuild, a read-only folder: the sources.
      }
    if (dir) {
      const { loadCached } = require(path.join(dir, 'code-cache.cjs'));
      // One code cache per command: each compiles only what it runs.
      const name = /^[a-z]{1,20}$/.test(argv[0] ?? '') ? argv[0] : 'main';
      const bundle = loadCached(path.join(dir, 'quire.cjs'), name);
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
