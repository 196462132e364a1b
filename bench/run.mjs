// Runs every benchmark figure in turn, writes bench/results/latest.json (and one <figure>.json each) and
// regenerates the tables of BENCHMARKS.md. Benchmarks, not tests: nothing here is part of `npm test`.
//
//   node bench/run.mjs                  # all figures
//   node bench/run.mjs lint overhead    # only these
//   node bench/run.mjs --runs 7         # more measured runs per figure (default 5; overhead uses 7 rounds)
import { load, saveFigure } from "./lib/common.mjs";
import { writeReport } from "./lib/report.mjs";

const FIGURES = {
  generation: () => import("./generation.mjs"),
  lint: () => import("./lint.mjs"),
  contract: () => import("./contract.mjs"),
  "bundle-size": () => import("./bundle-size.mjs"),
  overhead: () => import("./overhead.mjs"),
  typecheck: () => import("./typecheck.mjs"),
  scaling: () => import("./scaling.mjs"),
  throughput: () => import("./throughput.mjs"),
  "mcp-tools": () => import("./mcp-tools.mjs"),
  validation: () => import("./validation.mjs"),
};

const args = process.argv.slice(2);
const runsAt = args.indexOf("--runs");
const runs = runsAt >= 0 ? Number(args.splice(runsAt, 2)[1]) : undefined;
const chosen = args.length ? args : Object.keys(FIGURES);
for (const name of chosen) if (!FIGURES[name]) throw new Error(`unknown figure "${name}"; one of ${Object.keys(FIGURES).join(", ")}`);

const started = Date.now();
for (const name of chosen) {
  process.stderr.write(`\n== ${name} (load ${load().join(" / ")}) ==\n`);
  const { run } = await FIGURES[name]();
  const result = await run(runs === undefined ? {} : { runs: name === "overhead" ? Math.max(runs, 7) : runs });
  saveFigure(name, result);
  writeReport();
}
process.stderr.write(`\nall done in ${Math.round((Date.now() - started) / 1000)} s: bench/results/latest.json, BENCHMARKS.md\n`);
