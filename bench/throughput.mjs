// Figure 8: throughput at the API's rate ceiling. A bulk job of 3,000 calls (every other one a POST that sends a
// LinkedIn message, the rest GETs) against a simulated API that enforces 300 requests per rolling minute per key the
// way the API does: 429 with Retry-After, by the mock's own rule (generator/src/mock/rate-limit.ts, refused requests
// do not count). Run first by one client, then by two programs sharing the key (two clients, each with its own
// limiter, one server budget). Everything runs on a fake clock (@sinonjs/fake-timers), so ten simulated minutes
// take a few seconds; the API is the client's `fetch` option, in this process, with a random network delay.
//
//   node bench/throughput.mjs [--calls 3000] [--workers 50] [--seeds 5]
//
// A third scenario runs the two programs with 300 workers each: bursts that fill the whole window at once.
import FakeTimers from "@sinonjs/fake-timers";
import { build } from "esbuild";
import { join } from "node:path";
import { pathToFileURL } from "node:url";
import { context, isMain, load, removeDir, repoRoot, runStandalone, scratch, stats, versionOf } from "./lib/common.mjs";

export const TARGETS = { oneClientShare: 0.98, oneClientRateLimited: 0, sharedKeyShare: 0.9, sharedKeyLost: 0 };
const API_KEY = "gk_live_bench_throughput_0123456789";
const LIMIT = 300;
const WINDOW_MS = 60_000;
/** One-way network delay, uniform in [min, max] ms, drawn per request and direction. */
const DELAY_MS = { min: 20, max: 80 };

/** The SDK and the mock's rate-limit rule as one ESM file (esbuild), loaded like a built package. */
async function loadModules() {
  const dir = scratch("throughput", { inRepo: true });
  const outfile = join(dir, "modules.mjs");
  await build({
    stdin: {
      contents: 'export { Grinfi } from "./generated/src/index.ts";\nexport { RollingRateLimit } from "./generator/src/mock/rate-limit.ts";\n',
      resolveDir: repoRoot,
      loader: "ts",
    },
    bundle: true,
    format: "esm",
    platform: "node",
    target: "node20",
    outfile,
    logLevel: "silent",
  });
  const modules = await import(pathToFileURL(outfile).href);
  removeDir(dir);
  return modules;
}

/** A small seeded PRNG (mulberry32), so that every run of a seed draws the same delays. */
function random(seed) {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/**
 * The simulated API, as a fetch function: after the outbound delay the request "arrives" and the rolling window
 * decides (accepted requests are recorded with their arrival time; a POST's call number is read from its text);
 * the answer comes back after the return delay.
 */
function simulatedApi(RollingRateLimit, rng, log) {
  const rate = new RollingRateLimit({ limit: LIMIT, windowMs: WINDOW_MS });
  const delay = () => DELAY_MS.min + rng() * (DELAY_MS.max - DELAY_MS.min);
  const wait = (ms) => new Promise((resolve) => setTimeout(resolve, ms));
  return async (request) => {
    const body = request.method === "POST" ? await request.text() : "";
    await wait(delay());
    const decision = rate.take(request.headers.get("authorization") ?? "", Date.now());
    let answer;
    if (decision.allowed) {
      log.accepted.push(Date.now());
      if (request.method === "POST") {
        const call = JSON.parse(body).text;
        log.postsActedOn.set(call, (log.postsActedOn.get(call) ?? 0) + 1);
      }
      answer = new Response(JSON.stringify({ uuid: "3f6c2a1e-8b4d-4c7a-9e2f-1a5b7c9d0e11" }), { status: request.method === "POST" ? 201 : 200, headers: { "content-type": "application/json" } });
    } else {
      log.rateLimited++;
      const message = "Too many requests";
      answer = new Response(JSON.stringify({ error: { reason: "too_many_requests", message, data: {} }, message, code: 429 }), {
        status: 429,
        headers: { "content-type": "application/json", "retry-after": String(decision.retryAfterSeconds) },
      });
    }
    await wait(delay());
    return answer;
  };
}

const uuidOf = (i) => `00000000-0000-4000-8000-${String(i).padStart(12, "0")}`;

/** `workers` loops each taking the next call of `calls` until none is left; failures are collected, not thrown. */
async function bulkJob(grinfi, calls, workers, results) {
  let next = 0;
  const worker = async () => {
    while (next < calls.length) {
      const i = calls[next++];
      try {
        if (i % 2) await grinfi.linkedinMessages.send({ sender_profile_uuid: uuidOf(1), lead_uuid: uuidOf(i), text: `call ${i}` });
        else await grinfi.contacts.get({ uuid: uuidOf(i) });
        results.succeeded++;
        results.lastDoneAt = Date.now();
      } catch (error) {
        results.failed.push(error?.name ?? String(error));
      }
    }
  };
  await Promise.all(Array.from({ length: workers }, worker));
}

/** The most accepted requests inside any window [t, t + WINDOW_MS) that starts at one. */
function maxInWindow(times) {
  let max = 0;
  for (let lo = 0, hi = 0; hi < times.length; hi++) {
    while (times[hi] - times[lo] >= WINDOW_MS) lo++;
    max = Math.max(max, hi - lo + 1);
  }
  return max;
}

/**
 * One scenario on a fresh fake clock: `programs` clients (each its own Grinfi, so its own limiter) share the key
 * and split the calls between them.
 */
async function scenario(modules, { programs, calls, workers, seed }) {
  const clock = FakeTimers.install({ now: Date.UTC(2026, 4, 1), toFake: ["setTimeout", "clearTimeout", "setInterval", "clearInterval", "Date"] });
  try {
    const log = { accepted: [], rateLimited: 0, postsActedOn: new Map() };
    const fetch = simulatedApi(modules.RollingRateLimit, random(seed), log);
    const results = { succeeded: 0, failed: [], lastDoneAt: 0 };
    const startedAt = Date.now();
    const ids = Array.from({ length: calls }, (_, i) => i);
    const jobs = Array.from({ length: programs }, (_, p) => {
      const grinfi = new modules.Grinfi({ apiKey: API_KEY, fetch });
      return bulkJob(grinfi, ids.filter((i) => i % programs === p), workers, results);
    });
    let settled = false;
    void Promise.all(jobs).then(() => (settled = true));
    while (!settled) {
      if (clock.countTimers() === 0) await clock.tickAsync(0);
      if (!settled && clock.countTimers() === 0) throw new Error("the job stalled: nothing left to wait for");
      await clock.nextAsync();
    }
    const accepted = log.accepted.sort((a, b) => a - b);
    const span = accepted[accepted.length - 1] - accepted[0];
    // The first window's allowance comes at once; the sustained rate is what follows it.
    const sustainedPerMinute = span > 0 ? ((accepted.length - LIMIT) * WINDOW_MS) / span : NaN;
    return {
      calls,
      succeeded: results.succeeded,
      lost: results.failed.length,
      lostBy: Object.fromEntries([...new Set(results.failed)].map((name) => [name, results.failed.filter((f) => f === name).length])),
      rateLimited: log.rateLimited,
      duplicatePosts: [...log.postsActedOn.values()].filter((n) => n > 1).length,
      acceptedRequests: accepted.length,
      maxAcceptedInAnyWindow: maxInWindow(accepted),
      durationMs: results.lastDoneAt - startedAt,
      perMinute: (results.succeeded * WINDOW_MS) / (results.lastDoneAt - startedAt),
      sustainedPerMinute,
      shareOfCeiling: sustainedPerMinute / LIMIT,
    };
  } finally {
    clock.uninstall();
  }
}

export const BURST_WORKERS = 300;

export async function run({ calls = 3000, workers = 50, seeds = 5 } = {}) {
  const startLoad = load();
  const modules = await loadModules();
  const variants = {
    "one client": { programs: 1, workers },
    "two programs sharing the key": { programs: 2, workers },
    [`two programs, ${BURST_WORKERS} workers each`]: { programs: 2, workers: BURST_WORKERS },
  };
  const runs = {};
  for (const [name, { programs, workers: perProgram }] of Object.entries(variants)) {
    runs[name] = [];
    for (let seed = 1; seed <= seeds; seed++) {
      const result = await scenario(modules, { programs, calls, workers: perProgram, seed });
      process.stderr.write(`  ${name}, seed ${seed}: ${JSON.stringify(result, (k, v) => (typeof v === "number" ? Math.round(v * 1000) / 1000 : v))}\n`);
      runs[name].push(result);
    }
  }
  const summary = Object.fromEntries(
    Object.entries(runs).map(([name, list]) => [
      name,
      Object.fromEntries(["sustainedPerMinute", "shareOfCeiling", "perMinute", "durationMs", "rateLimited", "lost", "duplicatePosts", "maxAcceptedInAnyWindow"].map((metric) => [metric, stats(list.map((r) => r[metric]))])),
    ]),
  );
  const one = summary["one client"];
  const two = summary["two programs sharing the key"];
  const burst = summary[`two programs, ${BURST_WORKERS} workers each`];
  // The shared-key targets must hold in both shared-key scenarios: the worse of the two is the figure.
  const sharedShare = Math.min(two.shareOfCeiling.min, burst.shareOfCeiling.min);
  const sharedLost = Math.max(two.lost.max, burst.lost.max);
  const duplicatePosts = Math.max(...Object.values(summary).map((s) => s.duplicatePosts.max));
  return {
    figure: "throughput",
    method:
      `A bulk job of ${calls} calls (odd-numbered ones POST /flows/api/linkedin-messages, the others GET /leads/api/leads/{uuid}) run by ${workers} concurrent workers per program ` +
      `(${BURST_WORKERS} in the third scenario), ` +
      `with the SDK's defaults (bundled by esbuild), against a simulated API in the same process (the client's fetch option) that applies the mock's RollingRateLimit: ` +
      `${LIMIT} accepted requests per rolling ${WINDOW_MS / 1000} s per key, 429 + Retry-After (whole seconds) beyond, refused requests not counted. ` +
      `Each request takes a one-way delay drawn uniformly from ${DELAY_MS.min}–${DELAY_MS.max} ms each way (seeded). Fake clock (@sinonjs/fake-timers ${versionOf("@sinonjs/fake-timers")}), ${seeds} seeds per scenario. ` +
      `"Two programs": two Grinfi instances, each with its own default limiter, splitting the calls. The sustained rate is (accepted − ${LIMIT}) per minute between the first and the last accepted request: ` +
      "the first minute's allowance comes at once, so it is left out. Duplicate POSTs: calls whose POST the server acted on more than once. Lost: calls that ended in an error.",
    calls,
    workers,
    seeds,
    ceilingPerMinute: LIMIT,
    summary,
    runs,
    targets: {
      oneClientShare: { target: TARGETS.oneClientShare, measured: one.shareOfCeiling.min, met: one.shareOfCeiling.min >= TARGETS.oneClientShare },
      oneClientRateLimited: { target: TARGETS.oneClientRateLimited, measured: one.rateLimited.max, met: one.rateLimited.max <= TARGETS.oneClientRateLimited },
      sharedKeyShare: { target: TARGETS.sharedKeyShare, measured: sharedShare, met: sharedShare >= TARGETS.sharedKeyShare },
      sharedKeyLost: { target: TARGETS.sharedKeyLost, measured: sharedLost, met: sharedLost <= TARGETS.sharedKeyLost },
      duplicatePosts: { target: 0, measured: duplicatePosts, met: duplicatePosts === 0 },
    },
    ...context(startLoad),
  };
}

if (isMain(import.meta.url)) {
  const arg = (name, fallback) => {
    const at = process.argv.indexOf(name);
    return at >= 0 ? Number(process.argv[at + 1]) : fallback;
  };
  await runStandalone("throughput", () => run({ calls: arg("--calls", 3000), workers: arg("--workers", 50), seeds: arg("--seeds", 5) }));
}
