#!/usr/bin/env node
// Thin entry point. Runs the compiled generator (generator/dist/cli.cjs, rebuilt here first whenever the sources
// changed) through V8's code cache (scripts/code-cache.mjs; not with --no-cache, which also turns off the CLI's
// parse cache). GRINFI_CODEGEN_FROM_SOURCE=1 runs the TypeScript sources through tsx instead, for debugging with
// source positions.
import { join } from "node:path";

const args = process.argv.slice(2);

if (process.env.GRINFI_CODEGEN_FROM_SOURCE === "1") {
  const { register } = await import("tsx/esm/api");
  register();
  const { main } = await import("../generator/src/cli.ts");
  process.exitCode = await main(args);
} else {
  const { buildCliIfStale, CLI_FILE, DIST_DIR } = await import("./build-cli.mjs");
  const { loadWithCodeCache } = await import("./code-cache.mjs");
  const hash = await buildCliIfStale();
  // One cache per command: each keeps the code its own run compiled.
  const named = args.find((arg) => !arg.startsWith("-")) ?? "";
  const command = /^[a-z]+$/.test(named) ? named : "other";
  const cacheFile = args.includes("--no-cache") ? undefined : join(DIST_DIR, "cache", `${command}-${hash}-${process.version}-${process.arch}.bin`);
  const cli = loadWithCodeCache(CLI_FILE, cacheFile);
  // The build's hash keys what the generator keeps between runs of the same code (generator/src/cache.ts).
  process.exitCode = await cli.exports.main(args, hash);
  cli.save();
}
