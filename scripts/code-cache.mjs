// Loads the compiled CLI through V8's code cache: compiling its 3.6 MB of JavaScript was a sixth of a `lint` run
// (BENCHMARKS.md has the figures). Node 22 does this itself (module.enableCompileCache); Node 20 does not, so this
// does what v8-compile-cache did, but writes the cache at the end of a run, so it holds every function the run
// compiled rather than only those V8 compiled eagerly at load.
import { mkdirSync, readFileSync, renameSync, rmSync, writeFileSync } from "node:fs";
import Module, { createRequire } from "node:module";
import { dirname } from "node:path";
import vm from "node:vm";

/**
 * Evaluates `file` as a CommonJS module and returns its exports plus `save()`, which writes the code V8 compiled so
 * far to `cacheFile` when the cache was missing or unusable (call it at the end of the run). Without a `cacheFile`
 * the module is compiled from scratch and nothing is saved.
 */
export function loadWithCodeCache(file, cacheFile) {
  let cachedData;
  try {
    cachedData = cacheFile === undefined ? undefined : readFileSync(cacheFile);
  } catch {
    cachedData = undefined;
  }
  const script = new vm.Script(Module.wrap(readFileSync(file, "utf8")), {
    filename: file,
    cachedData,
    importModuleDynamically: vm.constants.USE_MAIN_CONTEXT_DEFAULT_LOADER,
  });
  // V8 checks the cache against the source and its own version and flags, and rejects it on any mismatch.
  const cacheUsed = cachedData !== undefined && !script.cachedDataRejected;
  const module = { exports: {}, filename: file, id: file, loaded: false };
  script.runInThisContext().call(module.exports, module.exports, createRequire(file), module, file, dirname(file));
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
