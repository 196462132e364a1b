#!/usr/bin/env node
// Thin entry point. Runs the compiled generator (generator/dist/cli.cjs, rebuilt here first whenever the sources
// changed). GRINFI_CODEGEN_FROM_SOURCE=1 runs the TypeScript sources through tsx instead, for debugging with
// source positions.
import { createRequire } from "node:module";

const args = process.argv.slice(2);

if (process.env.GRINFI_CODEGEN_FROM_SOURCE === "1") {
  const { register } = await import("tsx/esm/api");
  register();
  const { main } = await import("../generator/src/cli.ts");
  process.exitCode = await main(args);
} else {
  const { buildCliIfStale, CLI_FILE } = await import("./build-cli.mjs");
  await buildCliIfStale();
  const { main } = createRequire(import.meta.url)(CLI_FILE);
  process.exitCode = await main(args);
}
