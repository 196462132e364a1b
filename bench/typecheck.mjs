// Figure 6: what type-checking costs the SDK's users. The same 30 calls (filters included), written against the
// SDK (bench/fixtures/typecheck/sdk-consumer.ts) and against openapi-fetch typed with the SDK's schema.ts
// (openapi-fetch-consumer.ts), each checked by `tsc --noEmit --extendedDiagnostics` in its own process.
// The consumers see what a user installs: the package's declarations (tsc --declaration of generated/src).
//
//   node bench/typecheck.mjs [--runs 5]
import { copyFileSync, existsSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import {
  benchDir, binOf, context, isMain, load, ratio, removeDir, repoRoot, roundRobin, rssMethod, runStandalone, scratch,
  summarise, timeProcess, versionOf,
} from "./lib/common.mjs";

const FIXTURES = join(benchDir, "fixtures", "typecheck");
const CONSUMERS = { "grinfi SDK": "sdk-consumer.ts", "openapi-fetch": "openapi-fetch-consumer.ts" };
const COMPILER_OPTIONS = {
  target: "ES2022",
  module: "NodeNext",
  moduleResolution: "NodeNext",
  lib: ["ES2022", "DOM"],
  types: [],
  strict: true,
  skipLibCheck: true,
  noEmit: true,
};

/** The numbers of `--extendedDiagnostics` that matter here. */
export function parseDiagnostics(text) {
  const num = (label) => {
    const m = new RegExp(`^${label}:\\s+([\\d.]+)(s|K)?$`, "m").exec(text);
    return m ? Number(m[1]) * (m[2] === "s" ? 1000 : 1) : undefined;
  };
  return {
    checkMs: num("Check time"),
    totalMs: num("Total time"),
    instantiations: num("Instantiations"),
    types: num("Types"),
    memoryKiB: num("Memory used"),
  };
}

export async function run({ runs = 5 } = {}) {
  const startLoad = load();
  // Inside the repository so that the declarations resolve openapi-fetch from its node_modules.
  const dir = scratch("typecheck", { inRepo: true });
  try {
    return await measure(dir, { runs, startLoad });
  } finally {
    removeDir(dir);
  }
}

async function measure(dir, { runs, startLoad }) {
  const tsc = binOf("typescript", "tsc");
  // tsc writes the declarations even when generated/src has type errors (noEmitOnError is off); say so if it has.
  const emit = await timeProcess(process.execPath, [tsc, "-p", join(repoRoot, "generated", "tsconfig.json"), "--declaration", "--emitDeclarationOnly", "--outDir", join(dir, "sdk")], { allowFailure: true });
  if (!existsSync(join(dir, "sdk", "index.d.ts"))) throw new Error(`no declarations emitted for generated/src:\n${emit.stdout}`);
  const sdkCompileErrors = emit.status === 0 ? [] : emit.stdout.split("\n").filter((l) => /error TS\d+/.test(l));
  if (sdkCompileErrors.length) process.stderr.write(`typecheck: generated/src itself has type errors (declarations emitted anyway):\n${sdkCompileErrors.join("\n")}\n`);
  const configs = {};
  for (const [variant, file] of Object.entries(CONSUMERS)) {
    copyFileSync(join(FIXTURES, file), join(dir, file));
    configs[variant] = join(dir, `tsconfig.${file.replace(/\.ts$/, "")}.json`);
    writeFileSync(configs[variant], JSON.stringify({ compilerOptions: COMPILER_OPTIONS, files: [file] }, null, 2));
  }
  const variants = Object.keys(CONSUMERS);
  process.stderr.write(`typecheck: ${variants.length} consumers, 1 warm-up + ${runs} runs each, interleaved\n`);
  const samples = await roundRobin(variants, async (variant) => {
    const { wallMs, peakRssMiB, stdout, status } = await timeProcess(process.execPath, [tsc, "-p", configs[variant], "--extendedDiagnostics"], { allowFailure: true });
    if (status !== 0) throw new Error(`${CONSUMERS[variant]} does not type-check:\n${stdout.split("\n").filter((l) => l.includes("error")).join("\n")}`);
    return { ...parseDiagnostics(stdout), wallMs, peakRssMiB };
  }, { runs });
  const inst = (v) => samples[v][0].instantiations;
  const metric = (m) => ratio(samples, "grinfi SDK", "openapi-fetch", m);
  return {
    figure: "typecheck",
    method:
      `typescript ${versionOf("typescript")}: the SDK's declarations are emitted once (tsc -p generated/tsconfig.json --declaration --emitDeclarationOnly); ` +
      "each consumer is then checked alone with `tsc -p <its tsconfig> --extendedDiagnostics` (strict, NodeNext, skipLibCheck: true — the tsc --init default — " +
      "so the declarations are used, not themselves checked). Both consumers make the same 30 calls and read one field of each answer. " +
      `Peak RSS: ${rssMethod}. 1 warm-up round, then ${runs} measured rounds, interleaved.`,
    compilerOptions: COMPILER_OPTIONS,
    sdkCompileErrors,
    consumers: Object.fromEntries(Object.entries(CONSUMERS).map(([k, f]) => [k, `bench/fixtures/typecheck/${f}`])),
    stats: summarise(samples),
    ratios: { checkMs: metric("checkMs"), totalMs: metric("totalMs"), instantiations: metric("instantiations"), wallMs: metric("wallMs"), peakRssMiB: metric("peakRssMiB") },
    targets: {
      instantiations: { target: "≤ openapi-fetch", measured: inst("grinfi SDK"), peer: inst("openapi-fetch"), met: inst("grinfi SDK") <= inst("openapi-fetch") },
    },
    ...context(startLoad),
  };
}

if (isMain(import.meta.url)) {
  const runsAt = process.argv.indexOf("--runs");
  await runStandalone("typecheck", () => run({ runs: runsAt >= 0 ? Number(process.argv[runsAt + 1]) : 5 }));
}
