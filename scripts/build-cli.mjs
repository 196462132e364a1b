#!/usr/bin/env node
// Compiles the generator (generator/src, TypeScript) into two CommonJS files, generator/dist/cli.cjs and, for the
// emitters that need the TypeScript compiler, generator/dist/code.cjs; scripts/grinfi-codegen.mjs runs them. Running compiled JavaScript instead of transpiling the sources on every start
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
/** The emitters that need the TypeScript compiler, apart: the CLI loads them in a worker thread. */
export const CODE_FILE = join(DIST_DIR, "code.cjs");
const STAMP_FILE = join(DIST_DIR, "stamp.json");

/** Everything the compiled files depend on: the generator's sources, its bundling shims, the locked dependencies, this script. */
function inputFiles() {
  const files = [];
  const walk = (dir) => {
    for (const entry of readdirSync(dir, { withFileTypes: true })) {
      const path = join(dir, entry.name);
      if (entry.isDirectory()) walk(path);
      else if (/\.(ts|mjs)$/.test(entry.name)) files.push(path);
    }
  };
  walk(join(repoRoot, "generator", "src"));
  walk(join(repoRoot, "generator", "shims"));
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

const COMMON_OPTIONS = {
  bundle: true,
  platform: "node",
  format: "cjs",
  target: "node20",
  logLevel: "error",
  legalComments: "none",
  // openapi-typescript prints its types with the `typescript` package while ts-morph carries its own copy of
  // the compiler; loading both costs a second compiler start (~250 ms). Both print syntax only, and the
  // generated files are byte-identical either way (`npm test` checks generated/ against this build).
  alias: { typescript: join(repoRoot, "generator", "shims", "typescript.mjs") },
  // The sources are ES modules; a CommonJS file knows its own location through __filename instead.
  define: { "import.meta.url": "__grinfiCliUrl" },
  banner: { js: `const __grinfiCliUrl = require("node:url").pathToFileURL(__filename).href;` },
};

/** In cli.cjs, the code emitters are required from code.cjs, so the TypeScript compiler stays out of the main thread. */
const codeEmittersApart = {
  name: "code-emitters-apart",
  setup(build) {
    build.onResolve({ filter: /^\.\/code\.ts$/ }, (args) =>
      args.importer.endsWith(join("emit", "code-worker.ts")) ? { path: pathToFileURL(CODE_FILE).href, external: true } : undefined,
    );
  },
};

/**
 * The emitters only print ts-morph structures; they never create a ts-morph project, so the TypeScript library
 * declarations ts-morph carries for in-memory projects (2.7 MB of text, a fifth of what the worker loads) are
 * left out. If a ts-morph upgrade moves them, the build fails here rather than quietly growing again.
 */
const withoutTsMorphLibFiles = {
  name: "without-ts-morph-lib-files",
  setup(build) {
    build.onLoad({ filter: /[\\/]@ts-morph[\\/]common[\\/]dist[\\/]ts-morph-common\.js$/ }, (args) => {
      const source = readFileSync(args.path, "utf8");
      const start = source.indexOf("const libFiles = [");
      const end = source.indexOf("];\n\nfunction getLibFiles()", start);
      if (start === -1 || end === -1) throw new Error(`${args.path}: ts-morph's lib files are no longer where build-cli.mjs expects them`);
      return { contents: `${source.slice(0, start)}const libFiles = [${source.slice(end)}`, loader: "js" };
    });
  },
};

/** Builds generator/dist/{cli,code}.cjs. Concurrent builds are safe: each writes temporary files and renames them. */
export async function buildCli(hash = sourceHash()) {
  const { build } = await import("esbuild");
  mkdirSync(DIST_DIR, { recursive: true });
  const outputs = [
    { entry: join(repoRoot, "generator", "src", "cli.ts"), file: CLI_FILE, plugins: [codeEmittersApart] },
    { entry: join(repoRoot, "generator", "src", "emit", "code-server.ts"), file: CODE_FILE, plugins: [withoutTsMorphLibFiles] },
  ];
  const temporary = (file) => `${file}.${process.pid}.tmp`;
  try {
    await Promise.all(outputs.map(({ entry, file, plugins }) => build({ ...COMMON_OPTIONS, entryPoints: [entry], outfile: temporary(file), plugins })));
    for (const { file } of outputs) renameSync(temporary(file), file);
  } finally {
    for (const { file } of outputs) rmSync(temporary(file), { force: true });
  }
  // The code caches belong to the previous files; V8 would reject them anyway, this only frees the space.
  rmSync(join(DIST_DIR, "cache"), { recursive: true, force: true });
  const stampTemporary = `${STAMP_FILE}.${process.pid}.tmp`;
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
