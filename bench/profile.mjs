// The profile behind figure 1: `node --cpu-prof scripts/grinfi-codegen.mjs generate --out <tmp>`, analysed with
// bench/lib/cpuprofile.mjs, plus what loading each heavy dependency costs on its own (a fresh `node` per import).
//
//   node bench/profile.mjs            # prints the summary; the .cpuprofile files stay in bench/.tmp/profile-*/
import { readdirSync } from "node:fs";
import { join } from "node:path";
import { analyseProfile, formatSummary } from "./lib/cpuprofile.mjs";
import { mkdirSync } from "node:fs";
import { cliPath, isMain, load, removeDir, repoRoot, roundRobin, scratch, scratchRoot, summarise, timeProcess } from "./lib/common.mjs";

/** One fresh process per entry: the cost of loading that code (Node startup included). */
export const IMPORTS = {
  "node (empty script)": ["-e", ""],
  "typescript (the compiler generate loads)": ["-e", "require('typescript')"],
  "generator/dist/cli.cjs (the compiler stays out until generate needs it)": ["-e", `require(${JSON.stringify(join(repoRoot, "generator", "dist", "cli.cjs"))})`],
  "grinfi-codegen --help (entry, freshness check, cli.cjs)": [cliPath, "--help"],
};

/** `node --cpu-prof <cli> <args…>` once (after one unprofiled run, so the file cache is warm), analysed per thread. */
export async function profileCommand(cliArgs, { name = "profile", warm = true } = {}) {
  mkdirSync(scratchRoot, { recursive: true });
  // Keep only the newest profile of each kind in bench/.tmp.
  for (const old of readdirSync(scratchRoot, { withFileTypes: true }).filter((e) => e.name.startsWith(`grinfi-bench-${name}-`))) removeDir(join(scratchRoot, old.name));
  const dir = scratch(name, { inRepo: true });
  if (warm) await timeProcess(process.execPath, [cliPath, ...cliArgs], { allowFailure: true });
  const { wallMs } = await timeProcess(process.execPath, ["--cpu-prof", "--cpu-prof-dir", dir, cliPath, ...cliArgs], { allowFailure: true });
  // One thread, so one profile.
  const threads = readdirSync(dir).filter((f) => f.endsWith(".cpuprofile")).sort().map((f) => {
    const summary = analyseProfile(join(dir, f), { top: 15 });
    return { thread: "main", ...summary, file: join(dir, f).replace(repoRoot + "/", "") };
  });
  process.stderr.write(threads.map((t) => formatSummary(t)).join("\n\n") + "\n");
  return { command: `node --cpu-prof scripts/grinfi-codegen.mjs ${cliArgs.join(" ")}`, profiledWallMs: wallMs, threads, dir };
}

export async function profileGenerate({ runs = 5 } = {}) {
  const loadAtStart = load();
  const out = scratch("profile-out");
  const { command, profiledWallMs: wallMs, threads } = await profileCommand(["generate", "--out", out], { name: "profile-generate" });
  removeDir(out);

  process.stderr.write(`profile: import cost of the dependencies, 1 warm-up + ${runs} runs, interleaved\n`);
  const samples = await roundRobin(Object.keys(IMPORTS), async (name) => {
    const { wallMs: ms, peakRssMiB } = await timeProcess(process.execPath, IMPORTS[name], { cwd: repoRoot });
    return { wallMs: ms, peakRssMiB };
  }, { runs });
  return {
    command: command.replace(out, "$TMP"),
    profiledWallMs: wallMs,
    threads,
    imports: { commands: Object.fromEntries(Object.entries(IMPORTS).map(([k, v]) => [k, `node ${v.map((a) => (a.includes(" ") ? JSON.stringify(a) : a)).join(" ").replace(repoRoot + "/", "")}`])), stats: summarise(samples) },
    loadStart: loadAtStart,
    loadEnd: load(),
  };
}

if (isMain(import.meta.url)) {
  const result = await profileGenerate({ runs: 5 });
  for (const [name, s] of Object.entries(result.imports.stats)) console.log(`${String(Math.round(s.wallMs.median)).padStart(6)} ms  ${Math.round(s.peakRssMiB.median)} MiB  ${name}`);
}
