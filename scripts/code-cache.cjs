// Loads a CommonJS file through V8's code cache. Most of a short `grinfi-codegen` run used to go into parsing and
// compiling its 18 MB of JavaScript (TypeScript's compiler is most of it); with the compiled code kept from an
// earlier run, V8 skips that work. Node 22 has this built in (module.enableCompileCache); Node 20 does not, so
// this does by hand what v8-compile-cache did, but keeps the code compiled during the whole run, not just what
// V8 compiled eagerly at load.
// CommonJS, so that the code worker can start without Node's ES module loader.
"use strict";
const { mkdirSync, readFileSync, renameSync, rmSync, writeFileSync } = require("node:fs");
const Module = require("node:module");
const { dirname } = require("node:path");
const vm = require("node:vm");

/**
 * Evaluates `file` as a CommonJS module and returns its exports plus `save()`, which writes the code V8 compiled so
 * far to `cacheFile` when the cache was missing or unusable. Call save() at the end of the run, when it holds most.
 * Without a `cacheFile` the module is compiled from scratch and nothing is saved.
 */
function loadWithCodeCache(file, cacheFile) {
  const source = readFileSync(file, "utf8");
  let cachedData;
  try {
    cachedData = cacheFile === undefined ? undefined : readFileSync(cacheFile);
  } catch {
    cachedData = undefined;
  }
  const script = new vm.Script(Module.wrap(source), {
    filename: file,
    cachedData,
    importModuleDynamically: vm.constants.USE_MAIN_CONTEXT_DEFAULT_LOADER,
  });
  // V8 checks the cache against the source and its own version and flags, and rejects it on any mismatch.
  const cacheUsed = cachedData !== undefined && !script.cachedDataRejected;
  const module = { exports: {}, filename: file, id: file, loaded: false };
  script.runInThisContext().call(module.exports, module.exports, Module.createRequire(file), module, file, dirname(file));
  module.loaded = true;
  return {
    exports: module.exports,
    cacheUsed,
    save() {
      if (cacheUsed || cacheFile === undefined) return;
      const temporary = `${cacheFile}.${process.pid}.tmp`;
      try {
        mkdirSync(dirname(cacheFile), { recursive: true });
        writeFileSync(temporary, script.createCachedData());
        renameSync(temporary, cacheFile);
      } catch {
        // A cache that cannot be written (read-only checkout, full disk) only costs speed next time.
        rmSync(temporary, { force: true });
      }
    },
  };
}

module.exports = { loadWithCodeCache };
