// Figure 10: what checking answers against the spec costs (issue 15).
//   (a) time: sequential searchContacts calls answering a page of 50 contacts, from a local node:http server,
//       through the SDK with validateResponses off (the default) and "report"; the ratio is taken per round;
//   (b) bytes: the one-call browser bundle (contacts.get, as figure 4) built with code splitting, as bundlers
//       that honour dynamic imports build it: what loads up front, and the validators' chunk loaded only when
//       validation or capture is on; its growth is measured against the package at --base (a git ref whose
//       generated/src predates validation; default BASE_REF below).
//
//   node bench/validation.mjs [--runs 5] [--requests 1000] [--base <git ref>]
import { spawn, spawnSync } from "node:child_process";
import { mkdirSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { performance } from "node:perf_hooks";
import { pathToFileURL } from "node:url";
import { gzipSync } from "node:zlib";
import { build, version as esbuildVersion } from "esbuild";
import {
  benchDir, context, isMain, load, ratio, removeDir, repoRoot, roundRobin, runStandalone, scratch, summarise,
} from "./lib/common.mjs";

export const TARGETS = { reportVsOff: 1.15, offGrowthGzipBytes: 100 };
/**
 * The package the bundle growth is measured from: main just before validation was merged (fec6954, "Merge
 * wave2-files"), so it already has everything else the one-call consumer pays for (file uploads and downloads came
 * in that merge). The branch's own last commit before validation, 094cd59, predates those and would charge them to
 * validation.
 */
export const BASE_REF = "fec6954";
const PAGE_SIZE = 50;

function startServer() {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [join(benchDir, "lib", "http-server.mjs"), "page", String(PAGE_SIZE)], {
      stdio: ["pipe", "pipe", "inherit"],
    });
    child.once("error", reject);
    child.stdout.once("data", (d) => resolve({ port: Number(String(d).trim()), stop: () => child.stdin.end() }));
  });
}

/** The SDK as ESM files (esbuild, not minified, split so the validators stay a lazily imported chunk). */
async function loadSdk(dir) {
  await build({
    entryPoints: { sdk: join(repoRoot, "generated", "src", "index.ts") },
    bundle: true, splitting: true, format: "esm", platform: "node", target: "node20", outdir: dir, logLevel: "silent",
  });
  return import(pathToFileURL(join(dir, "sdk.js")).href);
}

async function measureTime({ runs, requests }) {
  const server = await startServer();
  const dir = scratch("validation", { inRepo: true });
  try {
    const { Grinfi } = await loadSdk(dir);
    const baseUrl = `http://127.0.0.1:${server.port}`;
    let reports = 0;
    const common = { apiKey: "bench-key", baseUrl, rateLimit: { limit: 1e9 } };
    const clients = {
      "validation off": new Grinfi(common),
      "validateResponses: report": new Grinfi({ ...common, validateResponses: "report", onDrift: () => void reports++ }),
    };
    for (const client of Object.values(clients)) {
      const page = await client.contacts.search({ limit: PAGE_SIZE });
      if (page.data.length !== PAGE_SIZE) throw new Error(`expected ${PAGE_SIZE} contacts, got ${page.data.length}`);
    }
    const variants = Object.keys(clients);
    process.stderr.write(`validation: ${requests} sequential searchContacts (${PAGE_SIZE} items) per run, 1 warm-up + ${runs} rounds\n`);
    const samples = await roundRobin(variants, async (variant) => {
      const client = clients[variant];
      const started = performance.now();
      for (let i = 0; i < requests; i++) await client.contacts.search({ limit: PAGE_SIZE });
      const totalMs = performance.now() - started;
      return { totalMs, perRequestUs: (totalMs * 1000) / requests };
    }, { runs });
    // The answers conform to the spec: every call was fully checked, and none reported.
    if (reports !== 0) throw new Error(`${reports} drift reports on answers built from the spec's own example`);
    return { stats: summarise(samples), reportVsOff: ratio(samples, "validateResponses: report", "validation off", "totalMs") };
  } finally {
    server.stop();
    removeDir(dir);
  }
}

/** Bytes of the one-call consumer of the package at `srcDir`: the files loaded up front, and the lazy ones. */
async function oneCallBundle(srcDir, dir, name) {
  const entry = join(dir, `${name}.ts`);
  writeFileSync(entry, [
    `import { Grinfi } from ${JSON.stringify(join(srcDir, "index.ts"))};`,
    `const grinfi = new Grinfi({ apiKey: "key", baseUrl: "http://127.0.0.1:8080" });`,
    `grinfi.contacts.get({ uuid: "3a4ac30b-1321-449c-9b37-e9fe3174e00e" }).then(console.log);`,
  ].join("\n"));
  const result = await build({
    entryPoints: [entry], bundle: true, minify: true, splitting: true, format: "esm", platform: "browser", target: "es2022",
    outdir: join(dir, `out-${name}`), write: false, metafile: true, absWorkingDir: repoRoot, logLevel: "silent",
  });
  const outputs = result.metafile.outputs;
  const contents = new Map(result.outputFiles.map((file) => [file.path.slice(repoRoot.length + 1), file.contents]));
  const entryOut = Object.keys(outputs).find((path) => outputs[path].entryPoint);
  // Up front: the entry and every chunk it imports statically, transitively.
  const upFront = new Set([entryOut]);
  for (const path of upFront) for (const i of outputs[path].imports) if (i.kind === "import-statement") upFront.add(i.path);
  const sum = (paths) => paths.reduce((total, path) => total + gzipSync(contents.get(path), { level: 9 }).length, 0);
  const lazy = Object.keys(outputs).filter((path) => !upFront.has(path));
  return { upFrontGzipBytes: sum([...upFront]), lazyGzipBytes: sum(lazy), upFrontFiles: upFront.size, lazyFiles: lazy.length };
}

async function measureBytes(baseRef) {
  const dir = scratch("validation-bundle", { inRepo: true });
  try {
    const now = await oneCallBundle(join(repoRoot, "generated", "src"), dir, "now");
    const baseDir = join(dir, "base");
    const archive = spawnSync("git", ["archive", "--format=tar", baseRef, "generated/src", "generated/tsconfig.json", "generated/package.json"], { cwd: repoRoot, maxBuffer: 1 << 28 });
    if (archive.status !== 0) return { now, base: null, note: `git ref ${baseRef} not found: growth not measured` };
    writeFileSync(join(dir, "base.tar"), archive.stdout);
    mkdirSync(baseDir);
    spawnSync("tar", ["-xf", join(dir, "base.tar"), "-C", baseDir]);
    const base = await oneCallBundle(join(baseDir, "generated", "src"), dir, "base");
    return { now, base, growthGzipBytes: now.upFrontGzipBytes - base.upFrontGzipBytes };
  } finally {
    removeDir(dir);
  }
}

export async function run({ runs = 5, requests = 1000, base = BASE_REF } = {}) {
  const startLoad = load();
  const time = await measureTime({ runs, requests });
  const bytes = await measureBytes(base);
  const measuredRatio = time.reportVsOff.paired.median;
  return {
    figure: "validation",
    method:
      `(a) ${requests} sequential searchContacts calls (await each) answering a page of ${PAGE_SIZE} contacts built from the spec's own example ` +
      "(so every answer is checked in full and none differs), from a node:http server in a child process on 127.0.0.1 (keep-alive); " +
      "the SDK bundled by esbuild into ESM with splitting (the validators a lazily imported chunk, as in the package), rateLimit { limit: 1e9 }. " +
      `1 warm-up round, then ${runs} rounds of off → report; the ratio is the median of the per-round ratios. ` +
      `(b) esbuild ${esbuildVersion} build of figure 4's one-call consumer (contacts.get) with splitting: bundle, minify, format esm, platform ` +
      `browser, target es2022; gzip = zlib level 9 of each file; up front = the entry and the chunks it imports statically; the base is ` +
      `generated/src at ${base}.`,
    requests,
    pageSize: PAGE_SIZE,
    stats: time.stats,
    ratios: { "report / off": time.reportVsOff },
    bundle: bytes,
    targets: {
      reportVsOff: { target: TARGETS.reportVsOff, measured: measuredRatio, met: measuredRatio <= TARGETS.reportVsOff },
      offGrowthGzipBytes: {
        target: TARGETS.offGrowthGzipBytes,
        measured: bytes.growthGzipBytes ?? null,
        met: bytes.growthGzipBytes !== undefined && bytes.growthGzipBytes <= TARGETS.offGrowthGzipBytes,
      },
    },
    ...context(startLoad),
  };
}

if (isMain(import.meta.url)) {
  const arg = (name, fallback) => {
    const at = process.argv.indexOf(name);
    return at >= 0 ? process.argv[at + 1] : fallback;
  };
  await runStandalone("validation", () =>
    run({ runs: Number(arg("--runs", 5)), requests: Number(arg("--requests", 1000)), base: arg("--base", BASE_REF) }),
  );
}
