// Figure 1: generation. `grinfi-codegen generate` (spec/ → bundle → validate → model → 40 files) against the peer
// generators on the same bundle, and the floor: starting Node and loading the TypeScript compiler.
// Wall time and peak RSS of each whole process. When a target is missed, a CPU profile of ours explains why.
//
//   node bench/generation.mjs [--runs 5] [--no-profile]
import { writeFileSync, mkdirSync } from "node:fs";
import { join } from "node:path";
import {
  binOf, bundlePath, cliPath, context, isMain, load, ratio, removeDir, repoRoot, roundRobin, rssMethod,
  runStandalone, scratch, summarise, timeProcess, versionOf,
} from "./lib/common.mjs";
import { profileGenerate } from "./profile.mjs";

// Issue 12 asks for ≤ 0.5× hey-api, below orval and ≤ 3× the floor; the hey-api target kept is an earlier, stricter one.
export const TARGETS = { vsHeyApi: 0.35, vsOrval: 1, vsFloor: 3 };

export async function run({ runs = 5, profile = true } = {}) {
  const startLoad = load();
  const work = scratch("generation");
  const orvalDir = join(work, "orval");
  mkdirSync(orvalDir, { recursive: true });
  const orvalConfig = join(orvalDir, "orval.config.cjs");
  writeFileSync(
    orvalConfig,
    `module.exports = { grinfi: { input: ${JSON.stringify(bundlePath)}, output: { target: ${JSON.stringify(join(orvalDir, "out", "api.ts"))}, client: "fetch" } } };\n`,
  );
  const commands = {
    "grinfi-codegen generate": [process.execPath, [cliPath, "generate", "--out", join(work, "grinfi")], repoRoot],
    // Diagnostic, not judged: the same run without the parse cache (a first run after a change).
    "grinfi-codegen generate --no-cache": [process.execPath, [cliPath, "generate", "--no-cache", "--out", join(work, "grinfi-cold")], repoRoot],
    "openapi-typescript": [process.execPath, [binOf("openapi-typescript"), bundlePath, "-o", join(work, "ot", "schema.ts")], repoRoot],
    "@hey-api/openapi-ts": [process.execPath, [binOf("@hey-api/openapi-ts", "openapi-ts"), "-i", bundlePath, "-o", join(work, "hey"), "-c", "@hey-api/client-fetch"], repoRoot],
    orval: [process.execPath, [binOf("orval"), "--config", orvalConfig], orvalDir],
    "floor: node + require('typescript')": [process.execPath, ["-e", "require('typescript')"], repoRoot],
  };
  const variants = Object.keys(commands);
  process.stderr.write(`generation: ${variants.length} variants, 1 warm-up + ${runs} runs each, interleaved\n`);
  const samples = await roundRobin(variants, async (variant) => {
    const [cmd, args, cwd] = commands[variant];
    const { wallMs, peakRssMiB } = await timeProcess(cmd, args, { cwd });
    return { wallMs, peakRssMiB };
  }, { runs });
  const loadAfterMain = load();

  const ours = "grinfi-codegen generate";
  const ratios = Object.fromEntries(
    variants.filter((v) => v !== ours).map((peer) => [peer, { wallMs: ratio(samples, ours, peer, "wallMs"), peakRssMiB: ratio(samples, ours, peer, "peakRssMiB") }]),
  );
  const vsHeyApi = ratios["@hey-api/openapi-ts"].wallMs.ofMedians;
  const vsOrval = ratios.orval.wallMs.ofMedians;
  const vsFloor = ratios["floor: node + require('typescript')"].wallMs.ofMedians;
  const targets = {
    vsHeyApi: { target: TARGETS.vsHeyApi, measured: vsHeyApi, met: vsHeyApi <= TARGETS.vsHeyApi },
    vsOrval: { target: TARGETS.vsOrval, measured: vsOrval, met: vsOrval < TARGETS.vsOrval },
    vsFloor: { target: TARGETS.vsFloor, measured: vsFloor, met: vsFloor <= TARGETS.vsFloor },
  };

  let profileResult = null;
  if (profile && !Object.values(targets).every((target) => target.met)) {
    process.stderr.write("generation: a target is missed, profiling `generate` and the import cost of its dependencies\n");
    profileResult = await profileGenerate({ runs });
  }
  removeDir(work);
  return {
    figure: "generation",
    method:
      "Each tool runs as its own `node <bin>` process, to completion, on generated/openapi.yaml (ours reads spec/, bundles, validates and writes the whole package). " +
      `Wall time: performance.now() around spawn → exit. Peak RSS: ${rssMethod}. ` +
      `1 warm-up round, then ${runs} measured rounds, the tools interleaved in each round.`,
    versions: {
      "openapi-typescript": versionOf("openapi-typescript"),
      "@hey-api/openapi-ts": versionOf("@hey-api/openapi-ts"),
      orval: versionOf("orval"),
      typescript: versionOf("typescript"),
    },
    commands: Object.fromEntries(variants.map((v) => [v, [commands[v][0] === process.execPath ? "node" : commands[v][0], ...commands[v][1]].join(" ").replaceAll(repoRoot + "/", "").replaceAll(work, "$TMP")])),
    stats: summarise(samples),
    ratios,
    targets,
    profile: profileResult,
    ...context(startLoad),
    loadAfterTimedRuns: loadAfterMain,
  };
}

if (isMain(import.meta.url)) {
  const args = process.argv.slice(2);
  const runsAt = args.indexOf("--runs");
  await runStandalone("generation", () => run({ runs: runsAt >= 0 ? Number(args[runsAt + 1]) : 5, profile: !args.includes("--no-profile") }));
}
