// Figure 7: how `generate` scales with the size of the spec. Synthetic specs with 1×, 2×, 5× and 10× the operations
// (bench/lib/synth-spec.mjs), each generated as a whole process; wall time and peak RSS, then a least-squares line
// through the medians: ms per operation (slope), the fixed cost (intercept) and R².
//
//   node bench/scaling.mjs [--runs 5] [--factors 1,2,5,10] [--no-profile]
import { join } from "node:path";
import { cliPath, context, isMain, load, removeDir, repoRoot, roundRobin, rssMethod, runStandalone, scratch, summarise, timeProcess } from "./lib/common.mjs";
import { loadBundle, operations } from "./lib/consumers.mjs";
import { makeSyntheticSpec } from "./lib/synth-spec.mjs";
import { profileCommand } from "./profile.mjs";

/** Least squares y = a + b·x, with R². */
export function linearFit(xs, ys) {
  const n = xs.length;
  const mx = xs.reduce((s, x) => s + x, 0) / n;
  const my = ys.reduce((s, y) => s + y, 0) / n;
  let sxy = 0;
  let sxx = 0;
  let syy = 0;
  for (let i = 0; i < n; i++) {
    sxy += (xs[i] - mx) * (ys[i] - my);
    sxx += (xs[i] - mx) ** 2;
    syy += (ys[i] - my) ** 2;
  }
  const slope = sxy / sxx;
  const intercept = my - slope * mx;
  const r2 = syy === 0 ? 1 : (sxy * sxy) / (sxx * syy);
  return { slope, intercept, r2 };
}

export async function run({ runs = 5, factors = [1, 2, 5, 10], withProfile = true } = {}) {
  const startLoad = load();
  const work = scratch("scaling");
  const baseOps = operations(loadBundle()).length;
  const baseWebhooks = Object.keys(loadBundle().webhooks ?? {}).length;
  const variants = factors.map((f) => `${f}×`);
  const specs = Object.fromEntries(factors.map((f) => [`${f}×`, makeSyntheticSpec(f, join(work, `spec-${f}x`))]));
  const ops = Object.fromEntries(factors.map((f) => [`${f}×`, baseOps * f]));
  process.stderr.write(`scaling: generate on ${variants.join(", ")} the operations (${baseOps} each), 1 warm-up + ${runs} runs, interleaved\n`);
  const samples = await roundRobin(variants, async (variant) => {
    const { wallMs, peakRssMiB } = await timeProcess(process.execPath, [cliPath, "generate", "--spec", specs[variant], "--out", join(work, `out-${variant}`)], { cwd: repoRoot });
    return { wallMs, peakRssMiB };
  }, { runs });
  const stats = summarise(samples);
  const xs = variants.map((v) => ops[v]);
  const time = linearFit(xs, variants.map((v) => stats[v].wallMs.median));
  const memory = linearFit(xs, variants.map((v) => stats[v].peakRssMiB.median));
  // The cost of each added operation between consecutive sizes: a constant if generation is linear.
  const marginal = variants.slice(1).map((v, i) => {
    const prev = variants[i];
    return { from: prev, to: v, msPerOperation: (stats[v].wallMs.median - stats[prev].wallMs.median) / (ops[v] - ops[prev]) };
  });
  let profile = null;
  if (withProfile) {
    // What grows: the phases of one profiled run on the largest and on the smallest spec.
    const largest = variants[variants.length - 1];
    const smallest = variants[0];
    process.stderr.write(`scaling: profiling generate on ${smallest} and ${largest}\n`);
    profile = {};
    for (const v of [smallest, largest]) {
      const { dir, ...rest } = await profileCommand(["generate", "--spec", specs[v], "--out", join(work, `out-${v}`)], { name: `profile-scaling-${factors[variants.indexOf(v)]}x`, warm: false });
      profile[v] = { profiledWallMs: rest.profiledWallMs, byPhase: rest.threads[0].byPhase, totalMs: rest.threads[0].totalMs };
    }
  }
  removeDir(work);
  return {
    figure: "scaling",
    method:
      `Synthetic specs made by bench/lib/synth-spec.mjs from spec/ (${baseOps} operations and ${baseWebhooks} webhooks per copy; every resource file duplicated per copy with ` +
      "renamed paths, operationIds, tags and components). Each run is `node scripts/grinfi-codegen.mjs generate --spec <synthetic> --out <tmp>` as a whole process. " +
      `Peak RSS: ${rssMethod}. 1 warm-up round, then ${runs} rounds over the sizes, interleaved. The fit is ordinary least squares through the medians.`,
    operations: ops,
    stats,
    fit: {
      wallMs: { msPerOperation: time.slope, fixedMs: time.intercept, r2: time.r2 },
      peakRssMiB: { miBPerOperation: memory.slope, fixedMiB: memory.intercept, r2: memory.r2 },
    },
    marginal,
    profile,
    ...context(startLoad),
  };
}

if (isMain(import.meta.url)) {
  const arg = (name) => {
    const at = process.argv.indexOf(name);
    return at >= 0 ? process.argv[at + 1] : undefined;
  };
  await runStandalone("scaling", () =>
    run({ runs: Number(arg("--runs") ?? 5), factors: (arg("--factors") ?? "1,2,5,10").split(",").map(Number), withProfile: !process.argv.includes("--no-profile") }),
  );
}
