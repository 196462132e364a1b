// Figure 5: what the SDK adds per request. 5,000 sequential small GETs against a local node:http server
// (127.0.0.1, keep-alive) through (1) bare fetch, (2) openapi-fetch's client.GET, (3) grinfi.contacts.get — each
// round runs all three in turn, over several rounds; the ratio to bare fetch is taken per round.
//
//   node bench/overhead.mjs [--runs 7] [--requests 5000]
import { spawn } from "node:child_process";
import { join } from "node:path";
import { performance } from "node:perf_hooks";
import { Session } from "node:inspector/promises";
import { mkdirSync, writeFileSync } from "node:fs";
import { pathToFileURL } from "node:url";
import { analyseProfile } from "./lib/cpuprofile.mjs";
import { build } from "esbuild";
import createClient from "openapi-fetch";
import {
  benchDir, context, scratchRoot, isMain, load, ratio, removeDir, repoRoot, roundRobin, runStandalone, scratch, summarise, versionOf,
} from "./lib/common.mjs";

export const TARGETS = { vsFetch: 1.05 };
const UUID = "3a4ac30b-1321-449c-9b37-e9fe3174e00e";

function startServer() {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [join(benchDir, "lib", "http-server.mjs")], { stdio: ["pipe", "pipe", "inherit"] });
    child.once("error", reject);
    child.stdout.once("data", (d) => resolve({ port: Number(String(d).trim()), stop: () => child.stdin.end() }));
  });
}

/** The SDK as one ESM file (esbuild, not minified): loaded like a built package, without a TS loader in the way. */
async function loadSdk() {
  const dir = scratch("overhead", { inRepo: true });
  const outfile = join(dir, "sdk.mjs");
  await build({ entryPoints: [join(repoRoot, "generated", "src", "index.ts")], bundle: true, format: "esm", platform: "node", target: "node20", outfile, logLevel: "silent" });
  const mod = await import(pathToFileURL(outfile).href);
  removeDir(dir);
  return mod;
}

export async function run({ runs = 7, requests = 5000 } = {}) {
  const startLoad = load();
  const server = await startServer();
  const base = `http://127.0.0.1:${server.port}`;
  try {
    const { Grinfi } = await loadSdk();
    const grinfi = new Grinfi({ apiKey: "bench-key", baseUrl: base, rateLimit: { limit: 1e9 } });
    const client = createClient({ baseUrl: base, headers: { Authorization: "Bearer bench-key" } });
    const url = `${base}/leads/api/leads/${UUID}`;
    const headers = { Authorization: "Bearer bench-key" };
    const calls = {
      "bare fetch": async () => {
        const res = await fetch(url, { headers });
        if (!res.ok) throw new Error(String(res.status));
        return res.json();
      },
      // Diagnostic: what building a Request object (as openapi-fetch does) costs on top of bare fetch.
      "fetch(new Request(…))": async () => {
        const res = await fetch(new Request(url, { headers }));
        if (!res.ok) throw new Error(String(res.status));
        return res.json();
      },
      "openapi-fetch": async () => {
        const { data, error } = await client.GET("/leads/api/leads/{uuid}", { params: { path: { uuid: UUID } } });
        if (error) throw new Error("error");
        return data;
      },
      "grinfi SDK": () => grinfi.contacts.get({ uuid: UUID }),
    };
    // Every variant answers the same record.
    for (const call of Object.values(calls)) if ((await call()).uuid !== UUID) throw new Error("unexpected answer");
    const variants = Object.keys(calls);
    process.stderr.write(`overhead: ${requests} sequential GETs per run, 1 warm-up + ${runs} rounds, interleaved\n`);
    const samples = await roundRobin(variants, async (variant) => {
      const call = calls[variant];
      const started = performance.now();
      for (let i = 0; i < requests; i++) await call();
      const totalMs = performance.now() - started;
      return { totalMs, perRequestUs: (totalMs * 1000) / requests };
    }, { runs });
    const stats = summarise(samples);
    // Where the time goes: one more loop of bare fetch and one of the SDK, each under V8's sampling profiler.
    const profile = {};
    const session = new Session();
    session.connect();
    await session.post("Profiler.enable");
    await session.post("Profiler.setSamplingInterval", { interval: 250 });
    mkdirSync(scratchRoot, { recursive: true });
    for (const variant of ["bare fetch", "grinfi SDK"]) {
      await session.post("Profiler.start");
      for (let i = 0; i < requests; i++) await calls[variant]();
      const { profile: cpu } = await session.post("Profiler.stop");
      const file = join(scratchRoot, `overhead-${variant.replace(/\W+/g, "-")}.cpuprofile`);
      writeFileSync(file, JSON.stringify(cpu));
      const summary = analyseProfile(file, { top: 12 });
      const rename = (x) => ({ ...x, name: x.name.replace(/\S*grinfi-bench-overhead-[^/]+\/sdk\.mjs/, "SDK bundle (generated/src + openapi-fetch)") });
      profile[variant] = {
        file: file.replace(repoRoot + "/", ""),
        totalMs: summary.totalMs,
        selfByModule: summary.selfByModule.map(rename),
        selfByFunction: summary.selfByFunction.map(rename),
      };
    }
    await session.post("Profiler.disable");
    session.disconnect();
    const vsFetch = ratio(samples, "grinfi SDK", "bare fetch", "totalMs");
    const result = {
      figure: "overhead",
      method:
        `${requests} sequential GETs (await each) of GET /leads/api/leads/{uuid} from this process to a node:http server in a child process on 127.0.0.1 ` +
        "(keep-alive: undici's default pool for every variant, server keepAliveTimeout 120 s; a ~250-byte JSON answer, parsed by every variant). " +
        "The SDK is bundled by esbuild into one ESM file and constructed with rateLimit { limit: 1e9 } (never throttles); retries never trigger (every answer is 200). " +
        `1 warm-up round, then ${runs} rounds of bare fetch → fetch(new Request(…)) (a diagnostic: what openapi-fetch's Request object costs) → openapi-fetch → SDK. The ratio is the median of the per-round ratios.`,
      versions: { node: process.version, "openapi-fetch": versionOf("openapi-fetch") },
      requests,
      stats,
      ratios: {
        "grinfi SDK / bare fetch": vsFetch,
        "openapi-fetch / bare fetch": ratio(samples, "openapi-fetch", "bare fetch", "totalMs"),
        "fetch(new Request(…)) / bare fetch": ratio(samples, "fetch(new Request(…))", "bare fetch", "totalMs"),
        "grinfi SDK / openapi-fetch": ratio(samples, "grinfi SDK", "openapi-fetch", "totalMs"),
      },
      profile,
      targets: { vsFetch: { target: TARGETS.vsFetch, measured: vsFetch.paired.median, met: vsFetch.paired.median <= TARGETS.vsFetch } },
      ...context(startLoad),
    };
    return result;
  } finally {
    server.stop();
  }
}

if (isMain(import.meta.url)) {
  const arg = (name, fallback) => {
    const at = process.argv.indexOf(name);
    return at >= 0 ? Number(process.argv[at + 1]) : fallback;
  };
  await runStandalone("overhead", () => run({ runs: arg("--runs", 7), requests: arg("--requests", 5000) }));
}
