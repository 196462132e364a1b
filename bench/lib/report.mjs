// Regenerates the tables of BENCHMARKS.md from bench/results/latest.json. Only the blocks between
// `<!-- bench:NAME -->` and `<!-- /bench:NAME -->` are rewritten; the prose around them is left alone.
// A block whose markers are missing is appended at the end.
//
//   node bench/lib/report.mjs
import { existsSync, readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { isMain, repoRoot, resultsDir } from "./common.mjs";

const REPORT = join(repoRoot, "BENCHMARKS.md");

const ms = (x) => (x >= 10_000 ? `${(x / 1000).toFixed(1)} s` : x >= 1000 ? `${(x / 1000).toFixed(2)} s` : x >= 10 ? `${Math.round(x)} ms` : `${x.toFixed(2)} ms`);
const mib = (x) => `${Math.round(x)} MiB`;
const num = (x) => Math.round(x).toLocaleString("en-US");
const times = (x) => `${x.toFixed(x >= 10 ? 1 : 2)}×`;
const range = (s, f) => `${f(s.median)} (${f(s.min)}–${f(s.max)})`;
const loadText = (r) => `${r.loadStart.join(" / ")} → ${r.loadEnd.join(" / ")}`;
const met = (t) => (t.met ? "**met**" : "**missed**");
const table = (head, rows) => [`| ${head.join(" | ")} |`, `| ${head.map(() => "---").join(" | ")} |`, ...rows.map((r) => `| ${r.join(" | ")} |`)].join("\n");
const when = (r) => `Measured ${r.at.slice(0, 16).replace("T", " ")} UTC; load average (1/5/15 min) ${loadText(r)}.`;

function machineBlock(latest) {
  const m = latest.machine;
  const order = Object.keys(BLOCKS);
  const figures = Object.values(latest.figures).sort((a, b) => order.indexOf(a.figure) - order.indexOf(b.figure));
  const treeText = (r) => (r.tree ? `${r.tree.commit}${r.tree.uncommittedInMeasuredFolders ? ` + ${r.tree.uncommittedInMeasuredFolders} uncommitted` : ""}` : "—");
  const rows = figures.map((r) => [r.figure, r.at.slice(0, 16).replace("T", " "), r.loadStart.join(" / "), r.loadEnd.join(" / "), treeText(r)]);
  return [
    `- CPU: ${m.cpu}, ${m.cores} cores; memory ${m.memoryGiB} GiB; ${m.platform}; Node ${m.node}.`,
    "- The machine was shared: other jobs (test suites) ran on its 2 cores during every figure. The load averages below say how",
    "  busy it was; absolute times are therefore noisy, and the ratios (measured in the same interleaved rounds) are the figures to read.",
    "",
    table(["figure", "measured (UTC)", "load at start (1/5/15 min)", "load at end", "tree measured"], rows),
    "",
    "\"tree measured\": the commit, and how many files under spec/, generator/, generated/, scripts/ or templates/ had uncommitted",
    "changes (other work in progress on the same checkout) when the figure ran; bench/results/latest.json lists them.",
  ].join("\n");
}

function peerTable(r, ours, { rss = true } = {}) {
  const rows = Object.entries(r.stats).map(([name, s]) => {
    const ratio = r.ratios[name];
    return [
      name === ours ? `**${name}**` : name,
      range(s.wallMs, ms),
      ...(rss ? [range(s.peakRssMiB, mib)] : []),
      ratio ? `${times(ratio.wallMs.ofMedians)} (paired ${times(ratio.wallMs.paired.median)})` : "—",
      ...(rss ? [ratio ? times(ratio.peakRssMiB.ofMedians) : "—"] : []),
    ];
  });
  return table(["tool", "wall, median (min–max)", ...(rss ? ["peak RSS, median (min–max)"] : []), "ours / tool (wall)", ...(rss ? ["ours / tool (RSS)"] : [])], rows);
}

function generationBlock(r) {
  const lines = [
    peerTable(r, "grinfi-codegen generate"),
    "",
    `Targets: ours / hey-api ≤ ${r.targets.vsHeyApi.target}× — measured ${times(r.targets.vsHeyApi.measured)}, ${met(r.targets.vsHeyApi)}; ` +
      (r.targets.vsOrval
        ? `ours / orval < ${r.targets.vsOrval.target}× — measured ${times(r.targets.vsOrval.measured)}, ${met(r.targets.vsOrval)}; `
        : "") +
      `ours / floor ≤ ${r.targets.vsFloor.target}× — measured ${times(r.targets.vsFloor.measured)}, ${met(r.targets.vsFloor)}.`,
    "",
    `Method: ${r.method} ${when(r)}`,
    "",
    `Versions: ${Object.entries(r.versions).map(([k, v]) => `${k} ${v}`).join(", ")}. Commands: ${Object.entries(r.commands).map(([k, v]) => `${k}: \`${v}\``).join("; ")}.`,
  ];
  if (r.profile) lines.push("", profileBlock(r.profile));
  return lines.join("\n");
}

function profileBlock(p) {
  const main = p.threads[0];
  const lines = [
    `#### Profile of \`${p.command}\` (${ms(p.profiledWallMs)} wall under the profiler, ${ms(main.totalMs)} sampled)`,
    "",
    "Where the time went (each sample charged to the innermost module-loader frame or generator phase on its stack; see `classify()` in bench/lib/cpuprofile.mjs):",
    "",
    table(["what", "ms", "share"], main.byPhase.filter((x) => x.ms >= 10).map((x) => [x.name, num(x.ms), `${(x.share * 100).toFixed(1)}%`])),
    "",
    "Self time by module (top 12):",
    "",
    table(["module", "self ms", "share"], main.selfByModule.slice(0, 12).map((x) => [x.name, num(x.ms), `${(x.share * 100).toFixed(1)}%`])),
    "",
    "Top self-time functions:",
    "",
    table(["function (module:line)", "self ms", "share"], main.selfByFunction.slice(0, 12).map((x) => [`\`${x.name}\``, num(x.ms), `${(x.share * 100).toFixed(1)}%`])),
  ];
  if (p.imports) lines.push(
    "",
    "What loading each part costs alone (a fresh `node` per row, Node startup included; median (min–max) of the interleaved runs):",
    "",
    table(["import", "wall", "peak RSS", "command"], Object.entries(p.imports.stats).map(([k, s]) => [k, range(s.wallMs, ms), mib(s.peakRssMiB.median), `\`${p.imports.commands[k]}\``])),
  );
  return lines.join("\n");
}

function lintBlock(r) {
  return [
    peerTable(r, "grinfi-codegen lint"),
    "",
    `Target: ours / redocly ≤ ${r.targets.vsRedocly.target}× — measured ${times(r.targets.vsRedocly.measured)}, ${met(r.targets.vsRedocly)}.`,
    "",
    `Method: ${r.method} ${when(r)} Versions: ${Object.entries(r.versions).map(([k, v]) => `${k} ${v}`).join(", ")}.`,
    ...(r.profile ? ["", profileBlock(r.profile)] : []),
  ].join("\n");
}

/** Figure 3's target: every recording validated in process, validators compiled once, in under a second. */
const CONTRACT_TARGET_MS = 1000;

function contractBlock(r) {
  if (!r || r.skipped) return "skipped: no contract check yet (bench/contract.mjs runs it once generator/src/contract/check.ts exports `runContract`).";
  const rows = Object.entries(r.stats).map(([name, s]) => [name, range(s.wallMs, ms), range(s.peakRssMiB, mib), s.checkMs ? range(s.checkMs, ms) : "—"]);
  return [
    table(["run as", "wall, median (min–max)", "peak RSS", "check alone"], rows),
    "",
    `${r.recordings} recordings; exit status ${r.exitStatus}. Target: the check alone < ${ms(CONTRACT_TARGET_MS)} — measured ${r.stats[Object.keys(r.stats)[0]].checkMs ? ms(r.stats[Object.keys(r.stats)[0]].checkMs.median) : "not reported"}. Method: ${r.method} ${when(r)}`,
  ].join("\n");
}

function bundleBlock(r) {
  const kb = (b) => `${num(b)} B (${(b / 1024).toFixed(1)} KiB)`;
  const rows = Object.entries(r.sizes).map(([name, s]) => {
    const part = name.includes("(b)") ? "(b)" : "(a)";
    const ours = r.sizes[`grinfi SDK ${part}`];
    return [name.startsWith("grinfi") ? `**${name}**` : name, kb(s.minBytes), kb(s.gzipBytes), times(ours.minBytes / s.minBytes), times(ours.gzipBytes / s.gzipBytes)];
  });
  const a = r.sizes["grinfi SDK (a)"].minBytesByInput;
  const group = (file) =>
    file.startsWith("generated/src/resources/") ? "generated/src/resources/* (all 20 resource classes)" : file.startsWith("generated/src/core/") ? "generated/src/core/* (runtime)" : file.startsWith("node_modules/") ? file.split("/").slice(1, file.startsWith("node_modules/@") ? 3 : 2).join("/") : file.startsWith("$TMP/") ? "the consumer's own code" : file;
  const groups = {};
  for (const [file, bytes] of Object.entries(a)) groups[group(file)] = (groups[group(file)] ?? 0) + bytes;
  const total = r.sizes["grinfi SDK (a)"].minBytes;
  return [
    table(["consumer", "minified", "minified + gzip -9", "ours / this (min)", "ours / this (gz)"], rows),
    "",
    `Target: (a) ≤ 6 KiB gzipped (${num(r.targets.oneOperationGzipBytes.target)} B) — measured ${num(r.targets.oneOperationGzipBytes.measured)} B, ${met(r.targets.oneOperationGzipBytes)}.`,
    "",
    "What (a) through our SDK is made of (esbuild metafile, minified bytes before gzip):",
    "",
    table(["input", "bytes", "share"], Object.entries(groups).sort((x, y) => y[1] - x[1]).filter(([, b]) => b > 0).map(([k, b]) => [k, num(b), `${((b / total) * 100).toFixed(1)}%`])),
    "",
    `Method: ${r.method} ${when(r)}`,
  ].join("\n");
}

function overheadBlock(r) {
  const base = r.stats["bare fetch"].totalMs.median;
  const ratioOf = { "openapi-fetch": "openapi-fetch / bare fetch", "grinfi SDK": "grinfi SDK / bare fetch", "fetch(new Request(…))": "fetch(new Request(…)) / bare fetch" };
  const rows = Object.entries(r.stats).map(([name, s]) => {
    const ratio = r.ratios[ratioOf[name]];
    return [
      name === "grinfi SDK" ? `**${name}**` : name,
      range(s.totalMs, ms),
      `${Math.round(s.perRequestUs.median)} µs`,
      ratio ? `${times(ratio.paired.median)} (${times(ratio.paired.min)}–${times(ratio.paired.max)})` : name === "bare fetch" ? "1×" : times(s.totalMs.median / base),
    ];
  });
  const t = r.targets.vsFetch;
  return [
    table([`variant (${num(r.requests)} sequential GETs)`, "total, median (min–max)", "per request (median)", "/ bare fetch, per-round (min–max)"], rows),
    "",
    `SDK / openapi-fetch: ${times(r.ratios["grinfi SDK / openapi-fetch"].paired.median)} (per-round median). ` +
      `Target: SDK / bare fetch ≤ ${t.target}× — measured ${times(t.measured)}, ${met(t)}.`,
    "",
    `Method: ${r.method} ${when(r)}`,
    ...(r.profile ? ["", overheadProfile(r.profile)] : []),
  ].join("\n");
}

function overheadProfile(p) {
  const fetchP = p["bare fetch"];
  const sdkP = p["grinfi SDK"];
  const pick = (list, name) => list.find((x) => x.name === name)?.ms ?? 0;
  const moduleRows = [...new Set([...sdkP.selfByModule, ...fetchP.selfByModule].map((x) => x.name))]
    .map((name) => [name, pick(fetchP.selfByModule, name), pick(sdkP.selfByModule, name)])
    .sort((x, y) => y[2] - x[2])
    .slice(0, 8)
    .map(([name, f, s]) => [name, num(f), num(s), `${s - f >= 0 ? "+" : ""}${num(s - f)}`]);
  return [
    `Profiled once more after the timed rounds (V8 sampling profiler, 250 µs interval, in this process): the same ${"loop"} through bare fetch took ${num(fetchP.totalMs)} ms sampled, through the SDK ${num(sdkP.totalMs)} ms.`,
    "",
    table(["self time by module", "bare fetch, ms", "SDK, ms", "difference"], moduleRows),
    "",
    "Top self-time functions in the SDK loop:",
    "",
    table(["function", "self ms", "share"], sdkP.selfByFunction.map((x) => [`\`${x.name}\``, num(x.ms), `${(x.share * 100).toFixed(1)}%`])),
  ].join("\n");
}

function typecheckBlock(r) {
  const rows = Object.entries(r.stats).map(([name, s]) => [
    name === "grinfi SDK" ? `**${name}**` : name,
    num(s.instantiations.median),
    num(s.types.median),
    range(s.checkMs, ms),
    range(s.totalMs, ms),
    `${Math.round(s.memoryKiB.median / 1024)} MiB`,
    range(s.wallMs, ms),
  ]);
  const x = r.ratios;
  const t = r.targets.instantiations;
  return [
    table(["30 calls through", "instantiations", "types", "check time", "tsc total time", "tsc memory", "process wall"], rows),
    "",
    ...(r.sdkCompileErrors?.length ? [`Note: generated/src did not compile cleanly when this ran (${r.sdkCompileErrors.length} error(s), work in progress elsewhere); its declarations were emitted anyway and used.`, ""] : []),
    `Ours / openapi-fetch: instantiations ${times(x.instantiations.ofMedians)}, check time ${times(x.checkMs.ofMedians)} (paired ${times(x.checkMs.paired.median)}), ` +
      `total ${times(x.totalMs.ofMedians)}. Target: ours ≤ openapi-fetch's instantiations — ${num(t.measured)} vs ${num(t.peer)}, ${met(t)}.`,
    "",
    `Method: ${r.method} ${when(r)} Consumers: ${Object.values(r.consumers).map((f) => `\`${f}\``).join(", ")}.`,
  ].join("\n");
}

function scalingBlock(r) {
  const rows = Object.entries(r.stats).map(([name, s]) => [name, num(r.operations[name]), range(s.wallMs, ms), range(s.peakRssMiB, mib)]);
  const f = r.fit;
  return [
    table(["spec size", "operations", "generate wall, median (min–max)", "peak RSS, median (min–max)"], rows),
    "",
    `Linear fit through the medians: **${f.wallMs.msPerOperation.toFixed(1)} ms per operation**, fixed cost ${ms(f.wallMs.fixedMs)}, R² = ${f.wallMs.r2.toFixed(3)}; ` +
      `memory ${(f.peakRssMiB.miBPerOperation * 1024).toFixed(0)} KiB per operation over a fixed ${mib(f.peakRssMiB.fixedMiB)}, R² = ${f.peakRssMiB.r2.toFixed(3)}.`,
    ...(r.marginal ? ["", `Cost of each added operation between consecutive sizes (constant if generation were linear): ${r.marginal.map((m) => `${m.from} → ${m.to}: ${m.msPerOperation.toFixed(1)} ms`).join("; ")}.`] : []),
    ...(r.profile ? ["", scalingProfile(r.profile)] : []),
    "",
    `Method: ${r.method} ${when(r)}`,
  ].join("\n");
}

function scalingProfile(p) {
  const sizes = Object.keys(p);
  const names = [...new Set(sizes.flatMap((v) => p[v].byPhase.map((x) => x.name)))];
  const at = (v, name) => p[v].byPhase.find((x) => x.name === name)?.ms ?? 0;
  const last = sizes[sizes.length - 1];
  const rows = names
    .map((name) => [name, ...sizes.map((v) => at(v, name)), at(sizes[0], name) ? at(last, name) / at(sizes[0], name) : Infinity])
    .filter((row) => row.slice(1, -1).some((ms) => ms >= 50))
    .sort((a, b) => b[sizes.length] - a[sizes.length])
    .map(([name, ...rest]) => [name, ...rest.slice(0, -1).map(num), Number.isFinite(rest[rest.length - 1]) ? times(rest[rest.length - 1]) : "—"]);
  return [
    `What grows (one profiled \`generate\` on each of ${sizes.join(" and ")}; main-thread ms per phase, classified as in figure 1's profile; phases of 50 ms or more):`,
    "",
    table(["what", ...sizes.map((v) => `${v}, ms`), `${last} / ${sizes[0]}`], rows),
  ].join("\n");
}

function summaryBlock(latest) {
  const f = latest.figures;
  const row = (figure, target, measured, ok) => [figure, target, measured, ok === undefined ? "—" : ok ? "met" : "**missed**"];
  const rows = [];
  if (f.generation) {
    const t = f.generation.targets;
    rows.push(row("1. generate vs @hey-api/openapi-ts (wall)", `≤ ${t.vsHeyApi.target}×`, times(t.vsHeyApi.measured), t.vsHeyApi.met));
    if (t.vsOrval) rows.push(row("1. generate vs orval (wall)", `< ${t.vsOrval.target}×`, times(t.vsOrval.measured), t.vsOrval.met));
    rows.push(row("1. generate vs floor (node + TypeScript)", `≤ ${t.vsFloor.target}×`, times(t.vsFloor.measured), t.vsFloor.met));
  }
  if (f.lint) rows.push(row("2. lint vs redocly lint (wall)", `≤ ${f.lint.targets.vsRedocly.target}×`, times(f.lint.targets.vsRedocly.measured), f.lint.targets.vsRedocly.met));
  if (f.contract && !f.contract.skipped) {
    const s = Object.values(f.contract.stats)[0];
    const check = s.checkMs?.median;
    rows.push(row(
      "3. contract check, in process (validators compiled once)",
      `< ${ms(CONTRACT_TARGET_MS)}`,
      check === undefined ? "not reported" : `${ms(check)} for ${f.contract.recordings} recordings (whole process ${ms(s.wallMs.median)})`,
      check === undefined ? undefined : check < CONTRACT_TARGET_MS,
    ));
  } else rows.push(row("3. contract check", `< ${ms(CONTRACT_TARGET_MS)}`, "skipped"));
  if (f["bundle-size"]) {
    const t = f["bundle-size"].targets.oneOperationGzipBytes;
    rows.push(row("4. bundle of one call (min + gzip)", "≤ 6 KiB", `${num(t.measured)} B`, t.met));
  }
  if (f.overhead) rows.push(row("5. per-request time vs bare fetch", `≤ ${f.overhead.targets.vsFetch.target}×`, times(f.overhead.targets.vsFetch.measured), f.overhead.targets.vsFetch.met));
  if (f.typecheck) {
    const t = f.typecheck.targets.instantiations;
    rows.push(row("6. type instantiations, 30 calls", "≤ openapi-fetch", `${num(t.measured)} vs ${num(t.peer)}`, t.met));
  }
  if (f.scaling) rows.push(row("7. generate, cost per operation", "none", `${f.scaling.fit.wallMs.msPerOperation.toFixed(1)} ms (R² ${f.scaling.fit.wallMs.r2.toFixed(2)})`));
  if (f.throughput) {
    const t = f.throughput.targets;
    const pct = (x) => `${(x * 100).toFixed(1)}%`;
    rows.push(row("8. one client at the 300/min ceiling", `≥ ${pct(t.oneClientShare.target)}, no 429`, `${pct(t.oneClientShare.measured)}, ${num(t.oneClientRateLimited.measured)} 429s`, t.oneClientShare.met && t.oneClientRateLimited.met));
    rows.push(row("8. two programs sharing the key", `≥ ${pct(t.sharedKeyShare.target)}, none lost`, `${pct(t.sharedKeyShare.measured)}, ${num(t.sharedKeyLost.measured)} lost`, t.sharedKeyShare.met && t.sharedKeyLost.met));
  }
  if (f["mcp-tools"]) {
    const t = f["mcp-tools"].targets;
    rows.push(row("9. MCP tools/list, compact mode", `≤ ${num(t.compactTokens.target)} tokens`, `≈ ${num(t.compactTokens.measured)}`, t.compactTokens.met));
    rows.push(row(
      "9. MCP tools/list, full mode, one category",
      `≤ ${num(t.oneCategoryTokens.target)} tokens`,
      `${t.oneCategoryTokens.within} of ${t.oneCategoryTokens.of} categories; largest ${t.oneCategoryTokens.largest.label.replace("full, ", "")} ≈ ${num(t.oneCategoryTokens.largest.tokensAt4Bytes)}`,
      t.oneCategoryTokens.within === t.oneCategoryTokens.of,
    ));
  }
  if (f.validation) {
    const t = f.validation.targets;
    rows.push(row("10. validateResponses: report vs off, 50-item list", `≤ ${t.reportVsOff.target}×`, times(t.reportVsOff.measured), t.reportVsOff.met));
    if (t.offGrowthGzipBytes.measured !== null) {
      rows.push(row("10. one-call bundle growth, validation off", `≤ ${t.offGrowthGzipBytes.target} B`, `${num(t.offGrowthGzipBytes.measured)} B`, t.offGrowthGzipBytes.met));
    }
  }
  return table(["figure", "target", "measured", ""], rows);
}

function throughputBlock(r) {
  const pct = (x) => `${(x * 100).toFixed(1)}%`;
  const rows = Object.entries(r.summary).map(([name, s]) => [
    name,
    `${s.sustainedPerMinute.median.toFixed(1)} (${s.sustainedPerMinute.min.toFixed(1)}–${s.sustainedPerMinute.max.toFixed(1)})`,
    `${pct(s.shareOfCeiling.median)} (${pct(s.shareOfCeiling.min)}–${pct(s.shareOfCeiling.max)})`,
    `${(s.durationMs.median / 60_000).toFixed(2)} min`,
    `${num(s.rateLimited.median)} (${num(s.rateLimited.min)}–${num(s.rateLimited.max)})`,
    num(s.lost.max),
    num(s.duplicatePosts.max),
    num(s.maxAcceptedInAnyWindow.max),
  ]);
  const t = r.targets;
  return [
    table([`${num(r.calls)} calls`, "sustained calls/min, median (min–max)", `share of the ${r.ceilingPerMinute}/min ceiling`, "job took", "429s received", "lost calls (max)", "duplicate POSTs (max)", "most accepted in a 60 s window"], rows),
    "",
    `Targets: one client ≥ ${pct(t.oneClientShare.target)} of the ceiling — worst seed ${pct(t.oneClientShare.measured)}, ${met(t.oneClientShare)}; ` +
      `with no 429 — at most ${num(t.oneClientRateLimited.measured)}, ${met(t.oneClientRateLimited)}. ` +
      `Two programs sharing the key within 10% of the ceiling (≥ ${pct(t.sharedKeyShare.target)}) — worst seed of either scenario ${pct(t.sharedKeyShare.measured)}, ${met(t.sharedKeyShare)}; ` +
      `no call lost — at most ${num(t.sharedKeyLost.measured)}, ${met(t.sharedKeyLost)}. Duplicate POSTs: ${num(t.duplicatePosts.measured)}, ${met(t.duplicatePosts)}.`,
    "",
    `Method: ${r.method} ${when(r)}`,
  ].join("\n");
}

function mcpToolsBlock(r) {
  const p = r.publicServer;
  const rows = r.rows.map((x) => [x.label, num(x.tools), `${num(x.annotated)} of ${num(x.tools)}`, num(x.bytes), num(x.tokensAt4Bytes), num(x.tokens)]);
  rows.push([
    "hand-written public Grinfi MCP server (published figures)",
    num(p.tools),
    `${num(p.annotated)} of ${num(p.tools)}`,
    `≈ ${num(p.bytes)}`,
    `≈ ${num(p.tokensAt4Bytes)}`,
    "—",
  ]);
  return [
    table(["tools/list", "tools", "annotated", "bytes", "tokens (bytes / 4)", "tokens (o200k_base)"], rows),
    "",
    r.method,
    "",
    when(r),
  ].join("\n");
}

function validationBlock(r) {
  const rows = Object.entries(r.stats).map(([name, s]) => [name, range(s.totalMs, ms), `${Math.round(s.perRequestUs.median)} µs`]);
  const paired = r.ratios["report / off"].paired;
  const t = r.targets;
  const b = r.bundle;
  const bytes = (x) => `${num(x)} B`;
  return [
    table([`variant (${num(r.requests)} sequential searchContacts, ${r.pageSize} items)`, "total, median (min–max)", "per request (median)"], rows),
    "",
    `report / off, per round: ${times(paired.median)} (${times(paired.min)}–${times(paired.max)}). ` +
      `Target ≤ ${t.reportVsOff.target}× — measured ${times(t.reportVsOff.measured)}, ${met(t.reportVsOff)}.`,
    "",
    table(["one-call bundle (min + gzip)", "loaded up front", "loaded when validation or capture is on"], [
      ["now", bytes(b.now.upFrontGzipBytes), bytes(b.now.lazyGzipBytes)],
      ...(b.base ? [["base (before validation)", bytes(b.base.upFrontGzipBytes), bytes(b.base.lazyGzipBytes)]] : []),
    ]),
    "",
    b.base
      ? `Growth up front with validation off: ${bytes(t.offGrowthGzipBytes.measured)}; target ≤ ${t.offGrowthGzipBytes.target} B, ${met(t.offGrowthGzipBytes)}.`
      : b.note,
    "",
    `Method: ${r.method} ${when(r)}`,
  ].join("\n");
}

const BLOCKS = {
  summary: (latest) => summaryBlock(latest),
  machine: (latest) => machineBlock(latest),
  generation: (latest) => latest.figures.generation && generationBlock(latest.figures.generation),
  lint: (latest) => latest.figures.lint && lintBlock(latest.figures.lint),
  contract: (latest) => contractBlock(latest.figures.contract),
  "bundle-size": (latest) => latest.figures["bundle-size"] && bundleBlock(latest.figures["bundle-size"]),
  overhead: (latest) => latest.figures.overhead && overheadBlock(latest.figures.overhead),
  typecheck: (latest) => latest.figures.typecheck && typecheckBlock(latest.figures.typecheck),
  scaling: (latest) => latest.figures.scaling && scalingBlock(latest.figures.scaling),
  throughput: (latest) => latest.figures.throughput && throughputBlock(latest.figures.throughput),
  "mcp-tools": (latest) => latest.figures["mcp-tools"] && mcpToolsBlock(latest.figures["mcp-tools"]),
  validation: (latest) => latest.figures.validation && validationBlock(latest.figures.validation),
};

export function writeReport() {
  const latest = JSON.parse(readFileSync(join(resultsDir, "latest.json"), "utf8"));
  let text = existsSync(REPORT) ? readFileSync(REPORT, "utf8") : "# Benchmarks\n";
  for (const [name, render] of Object.entries(BLOCKS)) {
    const body = render(latest) ?? "_not measured yet: run `node bench/run.mjs`._";
    const start = `<!-- bench:${name} -->`;
    const end = `<!-- /bench:${name} -->`;
    const block = `${start}\n${body}\n${end}`;
    const re = new RegExp(`${start.replace(/[.*+?^${}()|[\]\\]/g, "\\$&")}[\\s\\S]*?${end.replace(/[.*+?^${}()|[\]\\]/g, "\\$&")}`);
    text = re.test(text) ? text.replace(re, () => block) : `${text.trimEnd()}\n\n${block}\n`;
  }
  writeFileSync(REPORT, text);
  return REPORT;
}

if (isMain(import.meta.url)) process.stdout.write(`${writeReport()} regenerated from bench/results/latest.json\n`);
