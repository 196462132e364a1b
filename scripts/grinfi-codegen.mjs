#!/usr/bin/env node
// Thin entry point. Runs the compiled generator (generator/dist/cli.cjs, rebuilt here first whenever the sources
// changed) through V8's code cache. GRINFI_CODEGEN_FROM_SOURCE=1 runs the TypeScript sources through tsx instead,
// for debugging with source positions.
import { join } from "node:path";

const args = process.argv.slice(2);

if (process.env.GRINFI_CODEGEN_FROM_SOURCE === "1") {
  const { register } = await import("tsx/esm/api");
  register();
  const { main } = await import("../generator/src/cli.ts");
  process.exitCode = await main(args);
} else {
  const { buildCliIfStale, CLI_FILE, CODE_FILE, DIST_DIR } = await import("./build-cli.mjs");
  const { loadWithCodeCache } = await import("./code-cache.mjs");
  const hash = await buildCliIfStale();
  // One cache per command: each keeps the code its own run compiled.
  const command = /^[a-z]+$/.test(args.find((arg) => !arg.startsWith("-")) ?? "") ? args.find((arg) => !arg.startsWith("-")) : "other";
  const cacheFile = join(DIST_DIR, "cache", `${command}-${hash}-${process.version}-${process.arch}.bin`);
  const { Worker } = await import("node:worker_threads");
  const startCodeWorker = () =>
    new Worker(new URL("./code-worker.mjs", import.meta.url), {
      workerData: { codeFile: CODE_FILE, cacheFile: join(DIST_DIR, "cache", `code-worker-${hash}-${process.version}-${process.arch}.bin`) },
    });
  const cli = loadWithCodeCache(CLI_FILE, cacheFile);
  process.exitCode = await cli.exports.main(args, { startCodeWorker });
  cli.save();
}
