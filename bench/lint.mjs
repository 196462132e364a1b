// Figure 2: lint. `grinfi-codegen lint` (Redocly's recommended rules plus ours, on the multi-file source, findings
// mapped back to source lines) against `redocly lint` and `spectral lint` on the bundle. Whole processes.
//
//   node bench/lint.mjs [--runs 5]
import { profileCommand } from "./profile.mjs";
import {
  binOf, bundlePath, cliPath, context, isMain, load, ratio, repoRoot, roundRobin, rssMethod, runStandalone, summarise,
  timeProcess, versionOf,
} from "./lib/common.mjs";

// Issue 12: lint takes at most 0.6× the time of `redocly lint` on the same spec.
export const TARGETS = { vsRedocly: 0.6 };
// Redocly CLI otherwise checks for updates and, after the command, probes the network (1 s timeout) to send
// telemetry; this machine has no network, so that wait would be charged to Redocly. Both are switched off.
const REDOCLY_ENV = { REDOCLY_TELEMETRY: "off", REDOCLY_SUPPRESS_UPDATE_NOTICE: "true" };

export async function run({ runs = 5 } = {}) {
  const startLoad = load();
  const commands = {
    "grinfi-codegen lint": [[cliPath, "lint"], {}],
    "redocly lint": [[binOf("@redocly/cli", "redocly"), "lint", bundlePath], REDOCLY_ENV],
    "spectral lint": [[binOf("@stoplight/spectral-cli"), "lint", "-r", ".spectral.yaml", bundlePath], {}],
  };
  const variants = Object.keys(commands);
  process.stderr.write(`lint: ${variants.length} variants, 1 warm-up + ${runs} runs each, interleaved\n`);
  const samples = await roundRobin(variants, async (variant) => {
    const [args, env] = commands[variant];
    const { wallMs, peakRssMiB } = await timeProcess(process.execPath, args, { cwd: repoRoot, env });
    return { wallMs, peakRssMiB };
  }, { runs });
  const ours = "grinfi-codegen lint";
  const ratios = Object.fromEntries(
    variants.filter((v) => v !== ours).map((peer) => [peer, { wallMs: ratio(samples, ours, peer, "wallMs"), peakRssMiB: ratio(samples, ours, peer, "peakRssMiB") }]),
  );
  const vsRedocly = ratios["redocly lint"].wallMs.ofMedians;
  let profile = null;
  if (vsRedocly > TARGETS.vsRedocly) {
    process.stderr.write("lint: the target is missed, profiling `grinfi-codegen lint`\n");
    const { dir, ...rest } = await profileCommand(["lint"], { name: "profile-lint" });
    profile = rest;
  }
  return {
    figure: "lint",
    method:
      "Each linter runs as its own `node <bin>` process from the repository root (so Redocly reads redocly.yaml: recommended, " +
      "one rule off). Ours lints spec/ (the source files); Redocly and Spectral lint generated/openapi.yaml. " +
      `Redocly's update check and telemetry are switched off (REDOCLY_TELEMETRY=off, REDOCLY_SUPPRESS_UPDATE_NOTICE=true). Peak RSS: ${rssMethod}. ` +
      `1 warm-up round, then ${runs} measured rounds, interleaved.`,
    versions: { "@redocly/cli": versionOf("@redocly/cli"), "@stoplight/spectral-cli": versionOf("@stoplight/spectral-cli") },
    commands: Object.fromEntries(variants.map((v) => [v, `node ${commands[v][0].join(" ")}`.replaceAll(repoRoot + "/", "")])),
    stats: summarise(samples),
    ratios,
    targets: { vsRedocly: { target: TARGETS.vsRedocly, measured: vsRedocly, met: vsRedocly <= TARGETS.vsRedocly } },
    profile,
    ...context(startLoad),
  };
}

if (isMain(import.meta.url)) {
  const runsAt = process.argv.indexOf("--runs");
  await runStandalone("lint", () => run({ runs: runsAt >= 0 ? Number(process.argv[runsAt + 1]) : 5 }));
}
