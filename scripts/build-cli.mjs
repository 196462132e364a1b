#!/usr/bin/env node
// Compiles the generator (generator/src, TypeScript) into one CommonJS file, generator/dist/cli.cjs, which
// scripts/grinfi-codegen.mjs runs. Running compiled JavaScript instead of transpiling the sources on every start
// (tsx) is most of what makes a `grinfi-codegen` process quick; BENCHMARKS.md has the measurements.
//
//   node scripts/build-cli.mjs          build when the sources changed since the last build
//   node scripts/build-cli.mjs --force  build anyway
//
// The entry point calls buildCliIfStale() itself, so a fresh clone or an edited source never runs stale code.
import { createHash } from "node:crypto";
import { mkdirSync, readFileSync, readdirSync, renameSync, rmSync, writeFileSync } from "node:fs";
import { dirname, join, relative } from "node:path";
import { fileURLToPath, pathToFileURL } from "node:url";

const repoRoot = join(dirname(fileURLToPath(import.meta.url)), "..");
// Two folders below the root, like generator/src: paths the sources derive from import.meta.url stay right.
export const DIST_DIR = join(repoRoot, "generator", "dist");
export const CLI_FILE = join(DIST_DIR, "cli.cjs");
const STAMP_FILE = join(DIST_DIR, "stamp.json");

/** What the compiled file depends on: the generator's sources and MCP runtime, the locked dependencies, this script. */
function inputFiles() {
  const files = [];
  const walk = (dir) => {
    for (const entry of readdirSync(dir, { withFileTypes: true })) {
      const path = join(dir, entry.name);
      if (entry.isDirectory()) walk(path);
      else if (entry.name.endsWith(".ts")) files.push(path);
    }
  };
  walk(join(repoRoot, "generator", "src"));
  // The MCP emitter imports the server's runtime (its tool lists give the README's token figures).
  walk(join(repoRoot, "generator", "mcp-runtime"));
  files.sort();
  files.push(join(repoRoot, "package-lock.json"), fileURLToPath(import.meta.url));
  return files;
}

/** A hash of the inputs' paths and contents; the build is fresh while the stamp holds the same one. */
export function sourceHash() {
  const hash = createHash("sha256");
  for (const file of inputFiles()) {
    hash.update(relative(repoRoot, file)).update("\0").update(readFileSync(file)).update("\0");
  }
  return hash.digest("hex").slice(0, 16);
}

function readStamp() {
  try {
    return JSON.parse(readFileSync(STAMP_FILE, "utf8")).sourceHash;
  } catch {
    return undefined;
  }
}

/** Builds generator/dist/cli.cjs. Concurrent builds are safe: each writes a temporary file and renames it. */
export async function buildCli(hash = sourceHash()) {
  const { build } = await import("esbuild");
  mkdirSync(DIST_DIR, { recursive: true });
  const temporary = (file) => `${file}.${process.pid}.tmp`;
  try {
    await build({
      // Where `alias` below is resolved from, whichever folder the build is started in.
      absWorkingDir: repoRoot,
      entryPoints: [join(repoRoot, "generator", "src", "cli.ts")],
      outfile: temporary(CLI_FILE),
      bundle: true,
      platform: "node",
      format: "cjs",
      target: "node20",
      logLevel: "error",
      legalComments: "none",
      // The TypeScript compiler (9 MB of JavaScript) stays a file of its own in node_modules, loaded only by the
      // commands that print TypeScript (generate, check): lint, bundle, contract… start without it.
      external: ["typescript"],
      // The sources are ES modules; a CommonJS file knows its own location through __filename instead.
      define: { "import.meta.url": "__grinfiCliUrl" },
      banner: { js: `const __grinfiCliUrl = require("node:url").pathToFileURL(__filename).href;` },
    });
    renameSync(temporary(CLI_FILE), CLI_FILE);
  } finally {
    rmSync(temporary(CLI_FILE), { force: true });
  }
  // The code caches belong to the previous file; V8 would reject them anyway, this only frees the space.
  rmSync(join(DIST_DIR, "cache"), { recursive: true, force: true });
  const stampTemporary = temporary(STAMP_FILE);
  writeFileSync(stampTemporary, JSON.stringify({ sourceHash: hash }) + "\n");
  renameSync(stampTemporary, STAMP_FILE);
  return hash;
}

/** Builds only when the sources changed; returns the hash the compiled file was built from. */
export async function buildCliIfStale() {
  const hash = sourceHash();
  if (readStamp() === hash) return hash;
  return buildCli(hash);
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? "").href) {
  const started = performance.now();
  const hash = process.argv.includes("--force") ? await buildCli() : await buildCliIfStale();
  process.stdout.write(`generator/dist/cli.cjs is current (sources ${hash}, ${Math.round(performance.now() - started)} ms)\n`);
}
