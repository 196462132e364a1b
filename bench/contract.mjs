// Figure 3: the contract check (every recorded answer in spec/recordings validated against the spec).
// Runs only when generator/src/contract/check.ts exports `runContract`; otherwise prints
// "skipped: no contract check yet". Prefers `grinfi-codegen contract` once the CLI lists that command.
//
//   node bench/contract.mjs [--runs 5]
import { spawnSync } from "node:child_process";
import { readdirSync, statSync } from "node:fs";
import { join } from "node:path";
import {
  benchDir, cliPath, context, isMain, load, repoRoot, roundRobin, rssMethod, runStandalone, summarise, timeProcess,
} from "./lib/common.mjs";

const runner = join(benchDir, "lib", "contract-runner.mjs");

/** "cli", "function" (runContract exported, no CLI command yet) or null. */
export function contractAvailability() {
  const probe = spawnSync(process.execPath, [runner, "--probe"], { cwd: repoRoot, encoding: "utf8" });
  if (probe.status !== 0 || probe.stdout.trim() !== "function") return null;
  const help = spawnSync(process.execPath, [cliPath, "--help"], { cwd: repoRoot, encoding: "utf8" });
  return /^\s+contract\b/m.test(help.stdout) ? "cli" : "function";
}

const countRecordings = (dir) =>
  readdirSync(dir).reduce((n, name) => {
    const full = join(dir, name);
    return n + (statSync(full).isDirectory() ? countRecordings(full) : name.endsWith(".json") ? 1 : 0);
  }, 0);

/** The check's own timing, when its JSON report carries one (`checkMilliseconds`). */
function findNumber(value, key) {
  if (value && typeof value === "object") {
    if (typeof value[key] === "number") return value[key];
    for (const v of Object.values(value)) {
      const found = findNumber(v, key);
      if (found !== undefined) return found;
    }
  }
  return undefined;
}

export async function run({ runs = 5 } = {}) {
  const startLoad = load();
  const how = contractAvailability();
  if (!how) {
    process.stdout.write("skipped: no contract check yet\n");
    return { figure: "contract", skipped: true, reason: "generator/src/contract/check.ts does not export runContract", ...context(startLoad) };
  }
  // The table names the check's own time ("… checked in N ms"); the JSON report is kept free of timings.
  const args = how === "cli" ? [cliPath, "contract"] : [runner];
  const variant = how === "cli" ? "grinfi-codegen contract" : "runContract (bench/lib/contract-runner.mjs)";
  process.stderr.write(`contract: ${variant}, 1 warm-up + ${runs} runs\n`);
  let lastStatus = null;
  const samples = await roundRobin([variant], async () => {
    const { wallMs, peakRssMiB, stdout, status } = await timeProcess(process.execPath, args, { cwd: repoRoot, allowFailure: true });
    if (status !== 0 && status !== 1) throw new Error(`contract check failed unexpectedly (exit ${status})`);
    lastStatus = status;
    let checkMs;
    const fromTable = /checked in ([\d,]+) ms/.exec(stdout);
    if (fromTable) checkMs = Number(fromTable[1].replaceAll(",", ""));
    else {
      try {
        checkMs = findNumber(JSON.parse(stdout), "checkMilliseconds");
      } catch {}
    }
    return { wallMs, peakRssMiB, ...(checkMs !== undefined && { checkMs }) };
  }, { runs });
  return {
    figure: "contract",
    skipped: false,
    invokedAs: how,
    method:
      `The whole process (${how === "cli" ? "the CLI command" : "runContract called through tsx, as the CLI would, since the CLI has no `contract` command yet"}), ` +
      `checkMs is the check's own figure, as its report prints it (compile validators once, validate every recording, walk the bodies for drift; no loading). Peak RSS: ${rssMethod}. 1 warm-up, then ${runs} runs.`,
    recordings: countRecordings(join(repoRoot, "spec", "recordings")),
    exitStatus: lastStatus,
    stats: summarise(samples),
    ...context(startLoad),
  };
}

if (isMain(import.meta.url)) {
  const runsAt = process.argv.indexOf("--runs");
  await runStandalone("contract", () => run({ runs: runsAt >= 0 ? Number(process.argv[runsAt + 1]) : 5 }));
}
