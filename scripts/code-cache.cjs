'use strict';
// Runs one of the `quire` command's CommonJS bundles (out/cli/<build>/, see cli-bundle.js)
// with V8's code cache: the bytecode of every function the last run of the same command
// compiled, so a run parses and compiles (almost) nothing. Node 20 has no compile cache of
// its own (module.enableCompileCache is Node 22), so the bundle is compiled here with
// vm.Script's cachedData, the way Node compiles a CommonJS module. The cache is written
// once, after the first run of a command in a build (or when V8 rejects it: another Node);
// a folder that cannot be written only means no cache. Copied into each build folder, so
// a bundle and its loader always match.
const fs = require('node:fs');
const path = require('node:path');
const vm = require('node:vm');
const Module = require('node:module');

/**
 * Loads the bundle `file` as a CommonJS module, with the code cache `<build>/cache/<name>.bin`.
 * Returns its exports and `saveCache()`, which writes the cache when there was none (call it
 * once the command has done its work: the cache then holds every function it ran).
 */
function loadCached(file, name) {
  const dir = path.dirname(file);
  const cacheFile = path.join(dir, 'cache', `${name}.bin`);
  // ASCII only (the build escapes the rest): read as Latin-1, without decoding UTF-8.
  const source = fs.readFileSync(file, 'latin1');
  let cachedData;
  try {
    cachedData = fs.readFileSync(cacheFile);
  } catch {
    // First run of this command in this build.
  }
  const script = new vm.Script(Module.wrap(source), {
    filename: file,
    cachedData,
    importModuleDynamically: vm.constants?.USE_MAIN_CONTEXT_DEFAULT_LOADER,
  });
  const cached = cachedData !== undefined && !script.cachedDataRejected;
  const mod = new Module(file, module);
  mod.filename = file;
  mod.paths = Module._nodeModulePaths(dir);
  mod.loaded = true;
  script
    .runInThisContext()
    .call(mod.exports, mod.exports, Module.createRequire(file), mod, file, dir);
  let saved = cached;
  return {
    exports: mod.exports,
    saveCache() {
      if (saved) return;
      saved = true;
      const tmp = `${cacheFile}.${process.pid}.${Math.random().toString(36).slice(2)}.tmp`;
      try {
        fs.mkdirSync(path.dirname(cacheFile), { recursive: true });
        fs.writeFileSync(tmp, script.createCachedData());
        fs.renameSync(tmp, cacheFile);
      } catch {
        // A read-only install: no cache, the same output.
        try {
          fs.rmSync(tmp, { force: true });
        } catch {
          // Nothing was written.
        }
      }
    },
  };
}

module.exports = { loadCached };
