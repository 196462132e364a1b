#!/usr/bin/env node
// Thin entry point: loads the TypeScript sources through tsx and runs the CLI.
import { register } from "tsx/esm/api";

register();
const { main } = await import("../generator/src/cli.ts");
process.exitCode = await main(process.argv.slice(2));
