#!/usr/bin/env node
// Thin entry point. Runs the compiled generator (generator/dist/cli.cjs, rebuilt here first whenever the sources
// changed) through V8's code cache (not with --no-cache, which also turns off the CLI's parse cache).
// GRINFI_CODEGEN_FROM_SOURCE=1 runs the TypeScript sources through tsx instead, for debugging with source positions.
import { join } from "node:path";

const args = process.argv.slice(2);

if (process.env.GRINFI_CODEGEN_FROM_SOURCE === "1") {
  const { register } = await import("tsx/esm/api");
  register();
  const { main } = await import("../generator/src/cli.ts");
  process.exitCode = await main(args);
} else {
  const { buildCliIfStale, CLI_FILE, CODE_FILE, DIST_DIR } = await import("./build-cli.mjs");
  const { loadWithCodeCache } = await import("./code-cache.cjs");
  const hash = await buildCliIfStale();
  // One cache per command: each keeps the code its own run compiled.
  const named = args.find((arg) => !arg.startsWith("-")) ?? "";
  const command = /^[a-z]+$/.test(named) ? named : "other";
  const cached = !args.includes("--no-cache");
  const cacheFile = (name) => (cached ? join(DIST_DIR, "cache", `${name}-${hash}-${process.version}-${process.arch}.bin`) : undefined);
  const { Worker } = await import("node:worker_threads");
  const startCodeWorker = () =>
    new Worker(new URL("./code-worker.cjs", import.meta.url), {
      workerData: { codeFile: CODE_FILE, cacheFile: cacheFile("code-worker") },
      // Printing schema.ts allocates a lot of short-lived nodes: a larger young generation means fewer scavenges.
      resourceLimits: { maxYoungGenerationSizeMb: 64 },
    });
  // The commands that emit code get their worker before the CLI itself loads: loading the TypeScript compiler in
  // it is the longest step of `generate`, and it does not need to wait for anything.
  const early = command === "generate" || command === "check" ? startCodeWorker() : undefined;
  let handedOver = false;
  // Until the CLI takes the worker over, its failure is kept here (an unheard 'error' event would crash the process).
  let earlyFailure;
  early?.once("error", (error) => (earlyFailure = error));
  const cli = loadWithCodeCache(CLI_FILE, cacheFile(command));
  try {
    process.exitCode = await cli.exports.main(args, {
      startCodeWorker: () => {
        if (!early || handedOver) return startCodeWorker();
        handedOver = true;
        if (earlyFailure) throw earlyFailure;
        return early;
      },
    });
  } finally {
    // Not handed over (a command-line error, --help): it must not keep the process alive.
    if (early && !handedOver) await early.terminate();
  }
  cli.save();
}
