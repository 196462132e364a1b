// Shared helpers of the benchmarks: paths, the machine, timing a whole process (wall time + peak RSS),
// round-robin scheduling, statistics and results files.
import { spawn, spawnSync } from "node:child_process";
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import os from "node:os";
import { dirname, join } from "node:path";
import { performance } from "node:perf_hooks";
import { fileURLToPath } from "node:url";

export const repoRoot = fileURLToPath(new URL("../../", import.meta.url)).replace(/\/$/, "");
export const benchDir = join(repoRoot, "bench");
export const resultsDir = join(benchDir, "results");
/** Scratch space inside the repository (ignored by git via `.tmp/`), for files that must resolve node_modules. */
export const scratchRoot = join(benchDir, ".tmp");
export const bundlePath = join(repoRoot, "generated", "openapi.yaml");
export const cliPath = join(repoRoot, "scripts", "grinfi-codegen.mjs");

/** A fresh scratch folder: under bench/.tmp when it needs the repo's node_modules, else under the OS temp dir. */
export function scratch(name, { inRepo = false } = {}) {
  const base = inRepo ? scratchRoot : os.tmpdir();
  mkdirSync(base, { recursive: true });
  return mkdtempSync(join(base, `grinfi-bench-${name}-`));
}
export const removeDir = (dir) => rmSync(dir, { recursive: true, force: true });

/** The JS file a package's bin points at, so each tool runs as `node <file>` (no shell, no shim). */
export function binOf(pkg, name) {
  const dir = join(repoRoot, "node_modules", pkg);
  const manifest = JSON.parse(readFileSync(join(dir, "package.json"), "utf8"));
  const bin = typeof manifest.bin === "string" ? manifest.bin : manifest.bin[name ?? Object.keys(manifest.bin)[0]];
  return join(dir, bin);
}
export const versionOf = (pkg) =>
  JSON.parse(readFileSync(join(repoRoot, "node_modules", pkg, "package.json"), "utf8")).version;

export function machine() {
  const cpus = os.cpus();
  return {
    cpu: cpus[0]?.model?.trim() ?? "unknown",
    cores: cpus.length,
    memoryGiB: Math.round((os.totalmem() / 2 ** 30) * 10) / 10,
    node: process.version,
    platform: `${os.type()} ${os.release()} ${os.arch()}`,
  };
}

/** os.loadavg() rounded: [1 min, 5 min, 15 min]. */
export const load = () => os.loadavg().map((x) => Math.round(x * 100) / 100);

const GNU_TIME = "/usr/bin/time";
export const rssMethod = existsSync(GNU_TIME)
  ? "GNU time (`/usr/bin/time -f %M`: the peak RSS of the process, in KiB, as wait4 reports it)"
  : "polling /proc/<pid>/status VmHWM every 5 ms (misses a peak in the last 5 ms)";

/**
 * Runs one process to its end. Wall time is measured here with performance.now() around spawn → exit;
 * the peak RSS with GNU time where it exists (its own output goes to a file, not stderr), else by polling VmHWM.
 */
export function timeProcess(command, args, { cwd = repoRoot, env = {}, allowFailure = false, input } = {}) {
  const timeFile = existsSync(GNU_TIME) ? join(os.tmpdir(), `grinfi-bench-time-${process.pid}-${Math.random().toString(36).slice(2)}`) : null;
  const [cmd, argv] = timeFile ? [GNU_TIME, ["-f", "%M", "-o", timeFile, command, ...args]] : [command, args];
  return new Promise((resolve, reject) => {
    const started = performance.now();
    const child = spawn(cmd, argv, {
      cwd,
      env: { ...process.env, NO_COLOR: "1", FORCE_COLOR: "0", ...env },
      stdio: [input === undefined ? "ignore" : "pipe", "pipe", "pipe"],
    });
    if (input !== undefined) child.stdin.end(input);
    let stdout = "";
    let stderr = "";
    child.stdout.on("data", (d) => (stdout += d));
    child.stderr.on("data", (d) => (stderr += d));
    let peakKb = 0;
    const poll = timeFile
      ? null
      : setInterval(() => {
          try {
            const m = /VmHWM:\s+(\d+)/.exec(readFileSync(`/proc/${child.pid}/status`, "utf8"));
            if (m) peakKb = Math.max(peakKb, Number(m[1]));
          } catch {}
        }, 5);
    child.on("error", reject);
    child.on("close", (status) => {
      const wallMs = performance.now() - started;
      if (poll) clearInterval(poll);
      if (timeFile) {
        const text = existsSync(timeFile) ? readFileSync(timeFile, "utf8") : "";
        rmSync(timeFile, { force: true });
        const lines = text.trim().split("\n");
        peakKb = Number(lines[lines.length - 1]) || 0;
      }
      if (status !== 0 && !allowFailure) {
        reject(new Error(`${command} ${args.join(" ")} exited ${status}\n${stdout.slice(-2000)}\n${stderr.slice(-2000)}`));
        return;
      }
      resolve({ wallMs, peakRssMiB: peakKb / 1024, status, stdout, stderr });
    });
  });
}

/**
 * Interleaved runs: `warmup` rounds that are thrown away, then `runs` measured rounds, each round running every
 * variant once in the given order (A B C, A B C, …), so a change of machine load hits all variants alike.
 * `measure(variant, round)` returns an object of numbers; the result maps variant → metric → list of values.
 */
export async function roundRobin(variants, measure, { warmup = 1, runs = 5, log = true } = {}) {
  const samples = Object.fromEntries(variants.map((v) => [v, []]));
  for (let round = 0; round < warmup + runs; round++) {
    const tag = round < warmup ? `warm-up ${round + 1}/${warmup}` : `run ${round - warmup + 1}/${runs}`;
    for (const variant of variants) {
      const value = await measure(variant, round);
      if (log) process.stderr.write(`  [${tag}] ${variant}: ${JSON.stringify(value, (k, v) => (typeof v === "number" ? Math.round(v * 10) / 10 : v))}\n`);
      if (round >= warmup) samples[variant].push(value);
    }
  }
  return samples;
}

export function stats(values) {
  const sorted = [...values].sort((a, b) => a - b);
  const n = sorted.length;
  const median = n % 2 ? sorted[(n - 1) / 2] : (sorted[n / 2 - 1] + sorted[n / 2]) / 2;
  return { median, min: sorted[0], max: sorted[n - 1], n, values };
}

/** metric → stats for each variant's list of measurement objects. */
export function summarise(samples) {
  return Object.fromEntries(
    Object.entries(samples).map(([variant, list]) => {
      const metrics = Object.keys(list[0] ?? {}).filter((k) => typeof list[0][k] === "number");
      return [variant, Object.fromEntries(metrics.map((m) => [m, stats(list.map((x) => x[m]))]))];
    }),
  );
}

/**
 * The ratio of two variants on one metric: of their medians, and the median of the per-round ratios
 * (each round ran both back to back, so the paired ratio is the one less moved by the load).
 */
export function ratio(samples, a, b, metric) {
  const pa = samples[a].map((x) => x[metric]);
  const pb = samples[b].map((x) => x[metric]);
  const paired = pa.map((x, i) => x / pb[i]);
  return { ofMedians: stats(pa).median / stats(pb).median, paired: stats(paired) };
}

/** Everything a figure's result carries about where and when it ran. */
export function context(startLoad) {
  return { at: new Date().toISOString(), machine: machine(), loadStart: startLoad, loadEnd: load(), tree: tree() };
}

/** The commit measured, and which of the measured folders had uncommitted changes (other work in progress). */
export function tree() {
  const git = (...args) => spawnSync("git", args, { cwd: repoRoot, encoding: "utf8" }).stdout?.trim() ?? "";
  const dirty = git("status", "--porcelain", "--", "spec", "generator", "generated", "scripts", "templates")
    .split("\n")
    .filter(Boolean);
  return { commit: git("rev-parse", "--short", "HEAD"), uncommittedInMeasuredFolders: dirty.length, uncommitted: dirty.slice(0, 20) };
}

/** Writes bench/results/<name>.json and merges the figure into bench/results/latest.json. */
export function saveFigure(name, result) {
  mkdirSync(resultsDir, { recursive: true });
  writeFileSync(join(resultsDir, `${name}.json`), JSON.stringify(result, null, 2) + "\n");
  const latestPath = join(resultsDir, "latest.json");
  const latest = existsSync(latestPath) ? JSON.parse(readFileSync(latestPath, "utf8")) : { figures: {} };
  latest.updatedAt = new Date().toISOString();
  latest.machine = machine();
  latest.figures[name] = result;
  writeFileSync(latestPath, JSON.stringify(latest, null, 2) + "\n");
  return latestPath;
}

export const isMain = (metaUrl) => process.argv[1] && fileURLToPath(metaUrl) === process.argv[1];

/** Runs a figure module on its own: measure, save, regenerate BENCHMARKS.md. */
export async function runStandalone(name, run) {
  const result = await run();
  saveFigure(name, result);
  const { writeReport } = await import("./report.mjs");
  writeReport();
  process.stderr.write(`${name}: saved to bench/results/${name}.json and latest.json; BENCHMARKS.md regenerated\n`);
  return result;
}

export const fmtMs = (ms) => (ms >= 1000 ? `${(ms / 1000).toFixed(2)} s` : `${ms.toFixed(ms < 10 ? 2 : 0)} ms`);
export const ensureDir = (file) => mkdirSync(dirname(file), { recursive: true });
