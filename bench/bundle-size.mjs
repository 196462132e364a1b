// Figure 4: what a browser app ships. esbuild bundles (minified, ESM, platform browser) of
//   (a) a consumer calling one operation (contacts.get), and
//   (b) a consumer making one call on every resource,
// written three ways: against our SDK (generated/src), against openapi-fetch + openapi-typescript types
// (generated/src/schema.ts), and against @hey-api/openapi-ts's generated SDK (fetch client). Bytes minified and
// minified + gzip (zlib level 9).
//
//   node bench/bundle-size.mjs [--runs 5]
import { writeFileSync } from "node:fs";
import { join } from "node:path";
import { performance } from "node:perf_hooks";
import { gzipSync } from "node:zlib";
import { build, version as esbuildVersion } from "esbuild";
import {
  binOf, bundlePath, context, isMain, load, removeDir, repoRoot, roundRobin, runStandalone, scratch, stats, timeProcess, versionOf,
} from "./lib/common.mjs";
import { onePerResource, operations, pathArgs } from "./lib/consumers.mjs";

export const TARGETS = { oneOperationGzipBytes: 6 * 1024 };
const BASE = "http://127.0.0.1:8080";
const sdkEntry = join(repoRoot, "generated", "src", "index.ts");
const schemaTs = join(repoRoot, "generated", "src", "schema.ts");

/** The six consumer sources, keyed "<tool> (a)" / "<tool> (b)". */
export function consumerSources(heyDir) {
  const one = operations().find((o) => o.operationId === "getContact");
  const all = onePerResource();
  const lit = (x) => JSON.stringify(x);
  const ours = (ops) =>
    [
      `import { Grinfi } from ${lit(sdkEntry)};`,
      `const grinfi = new Grinfi({ apiKey: "key", baseUrl: ${lit(BASE)} });`,
      ...ops.map((o) => `grinfi.${o.property ?? "contacts"}.${o.xMethod}(${lit(pathArgs(o))}).then(console.log);`),
    ].join("\n");
  const openapiFetch = (ops) =>
    [
      `import createClient from "openapi-fetch";`,
      `import type { paths } from ${lit(schemaTs)};`,
      `const client = createClient<paths>({ baseUrl: ${lit(BASE)}, headers: { Authorization: "Bearer key" } });`,
      ...ops.map((o) => `client.${o.method}(${lit(o.path)} as any, { params: { path: ${lit(pathArgs(o))} } } as any).then(console.log);`),
    ].join("\n");
  const hey = (ops) =>
    [
      `import { client } from ${lit(join(heyDir, "client.gen.ts"))};`,
      `import { ${[...new Set(ops.map((o) => o.operationId))].join(", ")} } from ${lit(join(heyDir, "sdk.gen.ts"))};`,
      `client.setConfig({ baseUrl: ${lit(BASE)}, auth: "key" });`,
      ...ops.map((o) => `${o.operationId}({ path: ${lit(pathArgs(o))} } as any).then(console.log);`),
    ].join("\n");
  // Diagnostic, not a peer: (a) without the Grinfi class, i.e. what (a) would weigh if unused resources could be
  // tree-shaken away (the transport and the one resource class it calls).
  const resourceAlone = [
    `import { Transport, Contacts } from ${lit(sdkEntry)};`,
    `const contacts = new Contacts(new Transport({ apiKey: "key", baseUrl: ${lit(BASE)} }));`,
    `contacts.get(${lit(pathArgs(one))}).then(console.log);`,
  ].join("\n");
  return {
    "grinfi SDK (a)": ours([one]),
    "grinfi SDK (a′): Transport + Contacts only, diagnostic": resourceAlone,
    "openapi-fetch (a)": openapiFetch([one]),
    "hey-api (a)": hey([one]),
    "grinfi SDK (b)": ours(all),
    "openapi-fetch (b)": openapiFetch(all),
    "hey-api (b)": hey(all),
  };
}

async function bundle(source, dir, name) {
  const entry = join(dir, `${name.replace(/\W+/g, "-")}.ts`);
  writeFileSync(entry, source);
  const started = performance.now();
  // With splitting, as bundlers that honour dynamic imports build it: the SDK's response validators (loaded only
  // when validateResponses or capture is on) are a chunk of their own, not counted; the figure is what loads up front.
  const result = await build({
    entryPoints: [entry],
    bundle: true,
    minify: true,
    splitting: true,
    format: "esm",
    platform: "browser",
    target: "es2022",
    outdir: join(dir, `out-${name.replace(/\W+/g, "-")}`),
    write: false,
    absWorkingDir: repoRoot,
    logLevel: "silent",
    metafile: true,
  });
  const buildMs = performance.now() - started;
  const outputs = result.metafile.outputs;
  const contents = new Map(result.outputFiles.map((file) => [file.path.slice(repoRoot.length + 1), file.contents]));
  const upFront = new Set([Object.keys(outputs).find((path) => outputs[path].entryPoint === entry.slice(repoRoot.length + 1))]);
  for (const path of upFront) for (const i of outputs[path].imports) if (i.kind === "import-statement") upFront.add(i.path);
  const files = [...upFront].map((path) => contents.get(path));
  const inputs = {};
  for (const path of upFront) for (const [file, { bytesInOutput }] of Object.entries(outputs[path].inputs)) inputs[file] = (inputs[file] ?? 0) + bytesInOutput;
  const byInput = Object.fromEntries(
    Object.entries(inputs)
      .map(([file, bytesInOutput]) => [file.replace(/^.*node_modules\//, "node_modules/").replace(/^.*grinfi-bench-bundle-size-[^/]+\//, "$TMP/"), bytesInOutput])
      .sort((x, y) => y[1] - x[1]),
  );
  const minBytes = files.reduce((total, code) => total + code.length, 0);
  const gzipBytes = files.reduce((total, code) => total + gzipSync(code, { level: 9 }).length, 0);
  return { minBytes, gzipBytes, buildMs, byInput };
}

export async function run({ runs = 5 } = {}) {
  const startLoad = load();
  // Inside the repository so that the consumers resolve openapi-fetch from its node_modules.
  const dir = scratch("bundle-size", { inRepo: true });
  try {
    return await measure(dir, { runs, startLoad });
  } finally {
    removeDir(dir);
  }
}

async function measure(dir, { runs, startLoad }) {
  const heyDir = join(dir, "hey");
  await timeProcess(process.execPath, [binOf("@hey-api/openapi-ts", "openapi-ts"), "-i", bundlePath, "-o", heyDir, "-c", "@hey-api/client-fetch"]);
  const sources = consumerSources(heyDir);
  const variants = Object.keys(sources);
  process.stderr.write(`bundle-size: ${variants.length} consumers, 1 warm-up + ${runs} builds each, interleaved\n`);
  const samples = await roundRobin(variants, (v) => bundle(sources[v], dir, v), { runs, log: false });
  const rows = Object.fromEntries(
    variants.map((v) => {
      const min = new Set(samples[v].map((s) => s.minBytes));
      const gz = new Set(samples[v].map((s) => s.gzipBytes));
      if (min.size !== 1 || gz.size !== 1) throw new Error(`${v}: builds differ in size`);
      return [v, { minBytes: [...min][0], gzipBytes: [...gz][0], buildMs: stats(samples[v].map((s) => s.buildMs)), minBytesByInput: samples[v][0].byInput }];
    }),
  );
  const ratios = {};
  for (const part of ["(a)", "(b)"]) {
    const ours = rows[`grinfi SDK ${part}`];
    for (const peer of ["openapi-fetch", "hey-api"]) {
      const p = rows[`${peer} ${part}`];
      ratios[`${part} vs ${peer}`] = { minBytes: ours.minBytes / p.minBytes, gzipBytes: ours.gzipBytes / p.gzipBytes };
    }
  }
  const consumerSourcesShown = Object.fromEntries(Object.entries(sources).map(([k, v]) => [k, v.replaceAll(repoRoot + "/", "").replaceAll(dir.replace(repoRoot + "/", ""), "$TMP")]));
  const a = rows["grinfi SDK (a)"].gzipBytes;
  return {
    figure: "bundle-size",
    method:
      `esbuild ${esbuildVersion} build of each consumer: bundle, minify, splitting, format esm, platform browser, target es2022; gzip = zlib level 9 of the minified output. ` +
      "Counted: the entry and the chunks it imports statically (what loads up front); a chunk imported dynamically (the SDK's response validators) is not. " +
      `(b) calls one operation (a GET where the resource has one) on each of the ${onePerResource().length} resources. hey-api's SDK is generated into a scratch folder ` +
      `(-c @hey-api/client-fetch). Sizes are deterministic (checked equal across the 1 warm-up + ${runs} builds); build time is the median.`,
    versions: { esbuild: esbuildVersion, "openapi-fetch": versionOf("openapi-fetch"), "@hey-api/openapi-ts": versionOf("@hey-api/openapi-ts") },
    sizes: rows,
    ratios,
    consumers: consumerSourcesShown,
    targets: { oneOperationGzipBytes: { target: TARGETS.oneOperationGzipBytes, measured: a, met: a <= TARGETS.oneOperationGzipBytes } },
    ...context(startLoad),
  };
}

if (isMain(import.meta.url)) {
  const runsAt = process.argv.indexOf("--runs");
  await runStandalone("bundle-size", () => run({ runs: runsAt >= 0 ? Number(process.argv[runsAt + 1]) : 5 }));
}
