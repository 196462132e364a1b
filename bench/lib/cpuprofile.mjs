// A tiny analyser of V8 .cpuprofile files (what `node --cpu-prof` writes): self time by function and by
// module, and inclusive time of the repository's own functions (which phase of the run costs what).
//
//   node bench/lib/cpuprofile.mjs <file-or-dir> [--top 25]
//
// Self time of a node = the sum of the time deltas of the samples taken while it was on top of the stack.
// Inclusive time of a function = the time of the samples with that function anywhere on the stack (counted
// once per sample, so recursion does not inflate it).
import { readFileSync, readdirSync, statSync } from "node:fs";
import { join, relative } from "node:path";
import { fileURLToPath } from "node:url";

const repoRoot = fileURLToPath(new URL("../../", import.meta.url));

/** Where a frame's code comes from: a package, a repository file, Node's internals or V8 itself. */
export function moduleOf(url) {
  if (!url) return "(v8: program, gc, idle, native)";
  if (url.startsWith("node:")) return `node:${url.slice(5).startsWith("internal") ? "internal" : url.slice(5)}`;
  const path = url.startsWith("file://") ? fileURLToPath(url.split("?")[0]) : url;
  const nm = path.lastIndexOf("/node_modules/");
  if (nm >= 0) {
    const parts = path.slice(nm + "/node_modules/".length).split("/");
    return parts[0].startsWith("@") ? `${parts[0]}/${parts[1]}` : parts[0];
  }
  return path.startsWith(repoRoot) ? relative(repoRoot, path) : path;
}

const frameLabel = (cf) => {
  const name = cf.functionName || "(anonymous)";
  if (!cf.url) return name;
  const mod = moduleOf(cf.url);
  return `${name} ${mod}:${cf.lineNumber + 1}`;
};

/** The generator's phases: a sample is charged to the innermost of these on its stack. */
export const GENERATOR_PHASES = [
  "parseYamlText", "bundleSpec", "checkOpenApiStructure", "checkStructure", "loadSpec", "buildModel", "serializeBundle",
  "emitTypes", "emitModels", "emitEnums", "emitFilters", "emitResources", "emitClient", "emitWebhooks", "emitRuntime",
  "emitText", "emitValidators", "emitFlow", "emitMcp", "emitIndex", "validateBundle",
  "replaceDirectory", "lintConfig", "lintBundle", "problemToFinding", "orderFindings", "formatFindings",
];
const LOADER_URL = /^node:internal\/(modules\/|deps\/cjs-module-lexer|source_map\/)/;

/**
 * What a sample was doing, read from its stack leaf → root: the first frame that is either Node's module loader
 * (resolve, read, compile, evaluate a module's top level) or one of the phases decides. So a lazy `require` inside a
 * phase counts as loading, and a phase called from a module's top level counts as that phase.
 */
function classify(stack, repoFrame, phases) {
  const leaf = stack[0].callFrame.functionName;
  if (leaf === "(idle)") return "idle (waiting: I/O, timers, the module-loader thread)";
  if (leaf === "(garbage collector)") return "garbage collection";
  for (const node of stack) {
    const { url, functionName } = node.callFrame;
    if (LOADER_URL.test(url)) {
      return "loading modules (resolve, read, compile, run top level)";
    }
    if (repoFrame(url) && phases.includes(functionName)) return `phase: ${functionName}`;
    const rule = /\/lint\/rules\/([\w-]+)\.ts/.exec(url);
    if (rule && rule[1] !== "support") return `lint rule: ${rule[1]}`;
  }
  if (stack.some((node) => repoFrame(node.callFrame.url))) return "repository code outside the phases";
  if (leaf === "(program)") return "v8 (program)";
  // Mostly async continuations of a dependency (after an await its caller is no longer on the stack).
  return `other: ${moduleOf(stack[0].callFrame.url)}`;
}

/** Reads one profile and returns its summary. */
export function analyseProfile(file, { top = 25, phases = GENERATOR_PHASES } = {}) {
  const profile = JSON.parse(readFileSync(file, "utf8"));
  const byId = new Map(profile.nodes.map((n) => [n.id, n]));
  const parent = new Map();
  for (const n of profile.nodes) for (const c of n.children ?? []) parent.set(c, n.id);

  const selfByNode = new Map();
  const inclusiveByFunction = new Map();
  const byPhase = new Map();
  const repoFrame = (url) => /\/(generator|scripts)\//.test(url) && !url.includes("/node_modules/");
  let total = 0;
  profile.samples.forEach((id, i) => {
    // timeDeltas[i] is the time since the previous sample; attributing it to sample i is V8's convention.
    const dt = (profile.timeDeltas[i] ?? 0) / 1000;
    total += dt;
    selfByNode.set(id, (selfByNode.get(id) ?? 0) + dt);
    const stack = [];
    for (let at = id; at !== undefined; at = parent.get(at)) stack.push(byId.get(at));
    const phase = classify(stack, repoFrame, phases);
    byPhase.set(phase, (byPhase.get(phase) ?? 0) + dt);
    const seen = new Set();
    for (let at = id; at !== undefined; at = parent.get(at)) {
      const label = frameLabel(byId.get(at).callFrame);
      if (seen.has(label)) continue;
      seen.add(label);
      inclusiveByFunction.set(label, (inclusiveByFunction.get(label) ?? 0) + dt);
    }
  });

  const selfByFunction = new Map();
  const selfByModule = new Map();
  for (const [id, ms] of selfByNode) {
    const cf = byId.get(id).callFrame;
    const label = frameLabel(cf);
    selfByFunction.set(label, (selfByFunction.get(label) ?? 0) + ms);
    const mod = moduleOf(cf.url);
    selfByModule.set(mod, (selfByModule.get(mod) ?? 0) + ms);
  }
  const sorted = (map, n = top) =>
    [...map.entries()]
      .sort((a, b) => b[1] - a[1])
      .slice(0, n)
      .map(([name, ms]) => ({ name, ms: Math.round(ms), share: total ? ms / total : 0 }));
  const repoFunctions = new Map(
    [...inclusiveByFunction].filter(([label]) => / (generator|scripts)\//.test(label)),
  );
  return {
    file,
    totalMs: Math.round(total),
    samples: profile.samples.length,
    byPhase: sorted(byPhase, 100),
    selfByFunction: sorted(selfByFunction),
    selfByModule: sorted(selfByModule),
    inclusiveRepoFunctions: sorted(repoFunctions),
    inclusiveAll: sorted(inclusiveByFunction, top * 2),
  };
}

/** All .cpuprofile files in a folder (or the one file given). */
export function profileFiles(target) {
  return statSync(target).isDirectory()
    ? readdirSync(target).filter((f) => f.endsWith(".cpuprofile")).sort().map((f) => join(target, f))
    : [target];
}

const pct = (share) => `${(share * 100).toFixed(1)}%`;
export function formatSummary(summary) {
  const lines = [`${summary.file}: ${summary.totalMs} ms sampled, ${summary.samples} samples`];
  const table = (title, rows) => {
    lines.push("", title);
    for (const r of rows) lines.push(`  ${String(r.ms).padStart(6)} ms ${pct(r.share).padStart(6)}  ${r.name}`);
  };
  table("where the time went (see classify())", summary.byPhase);
  table("self time by module", summary.selfByModule);
  table("self time by function", summary.selfByFunction);
  table("inclusive time, repository functions", summary.inclusiveRepoFunctions);
  return lines.join("\n");
}

if (process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1]) {
  const args = process.argv.slice(2);
  const topAt = args.indexOf("--top");
  const top = topAt >= 0 ? Number(args.splice(topAt, 2)[1]) : 25;
  if (args.length === 0) {
    process.stderr.write("usage: node bench/lib/cpuprofile.mjs <file.cpuprofile|dir> [--top N]\n");
    process.exit(2);
  }
  for (const target of args) for (const file of profileFiles(target)) console.log(formatSummary(analyseProfile(file, { top })) + "\n");
}
