import { mkdirSync, writeFileSync } from "node:fs";
import { afterAll, afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import {
  DeadlineExceededError,
  Grinfi,
  TimeoutError,
  RateLimiter,
  RateLimitError,
  RequestAbortedError,
  type GrinfiOptions,
} from "../../generated/src/index.ts";

/**
 * The generated client under load, on fake time: a fake `fetch` (no sockets) answers after a fixed fake latency
 * and records when each request started, so the default limiter (300 per rolling 60 s) can be checked exactly.
 */

const API_KEY = "gk_live_SECRET_0123456789abcdef";
const WINDOW_MS = 60_000;
const LIMIT = 300;
const CALLS = 1_000;
/** Fake time a request takes once started, so that requests overlap and concurrency means something. */
const LATENCY_MS = 250;
const TASK_TOTAL = 1_000;

interface Started {
  at: number;
  url: URL;
  method: string;
}

interface Recorder {
  fetch: (request: Request) => Promise<Response>;
  started: Started[];
  inFlight: number;
  peakInFlight: number;
}

const figures: Record<string, unknown> = {};

function jsonResponse(body: unknown, status = 200): Response {
  return new Response(JSON.stringify(body), { status, headers: { "content-type": "application/json" } });
}

const taskUuid = (i: number): string => `00000000-0000-4000-8000-${String(i).padStart(12, "0")}`;

/**
 * A fake fetch: records the start, answers after LATENCY_MS of (fake) time, honours the request's signal.
 * `hold(url)` returning true leaves that request hanging until it is aborted.
 */
function recorder(hold: (url: URL) => boolean = () => false): Recorder {
  const rec: Recorder = {
    started: [],
    inFlight: 0,
    peakInFlight: 0,
    fetch: (request) => {
      const url = new URL(request.url);
      rec.started.push({ at: Date.now(), url, method: request.method });
      rec.inFlight++;
      rec.peakInFlight = Math.max(rec.peakInFlight, rec.inFlight);
      return new Promise<Response>((resolve, reject) => {
        const finish = (): void => {
          rec.inFlight--;
          request.signal.removeEventListener("abort", onAbort);
        };
        const onAbort = (): void => {
          clearTimeout(timer);
          finish();
          reject(request.signal.reason);
        };
        request.signal.addEventListener("abort", onAbort, { once: true });
        const timer = hold(url)
          ? undefined
          : setTimeout(() => {
              finish();
              resolve(answer(url));
            }, LATENCY_MS);
      });
    },
  };
  return rec;
}

/** contacts.get echoes the uuid; tasks.list pages TASK_TOTAL synthetic tasks; tasks.get echoes the uuid. */
function answer(url: URL): Response {
  const contact = /^\/leads\/api\/leads\/([^/]+)$/.exec(url.pathname);
  if (contact) return jsonResponse({ uuid: contact[1] });
  if (url.pathname === "/flows/api/tasks") {
    const limit = Number(url.searchParams.get("limit") ?? 20);
    const offset = Number(url.searchParams.get("offset") ?? 0);
    const data = Array.from({ length: Math.max(0, Math.min(limit, TASK_TOTAL - offset)) }, (_, i) => ({ uuid: taskUuid(offset + i) }));
    return jsonResponse({ data, limit, offset, total: TASK_TOTAL, has_more: offset + data.length < TASK_TOTAL });
  }
  const task = /^\/flows\/api\/tasks\/([^/]+)$/.exec(url.pathname);
  if (task) return jsonResponse({ uuid: task[1] });
  return jsonResponse({ error: { reason: "not_found", message: "no route", data: {} }, message: "no route", code: 0 }, 404);
}

/** The most starts inside any half-open window [t, t + WINDOW_MS) beginning at a start. */
function maxStartsInWindow(starts: number[]): number {
  const sorted = [...starts].sort((a, b) => a - b);
  let max = 0;
  let lo = 0;
  for (let hi = 0; hi < sorted.length; hi++) {
    while ((sorted[hi] ?? 0) - (sorted[lo] ?? 0) >= WINDOW_MS) lo++;
    max = Math.max(max, hi - lo + 1);
  }
  return max;
}

/** Advances fake time in steps until `done()` or `maxMs` of fake time has passed (hang guard). */
async function advanceUntil(done: () => boolean, maxMs: number, stepMs = 1_000): Promise<void> {
  for (let elapsed = 0; !done() && elapsed <= maxMs; elapsed += stepMs) await vi.advanceTimersByTimeAsync(stepMs);
}

/** Lets pending promise chains (limiter grants, openapi-fetch, body reading) run without moving the clock. */
async function settle(): Promise<void> {
  for (let i = 0; i < 20; i++) await vi.advanceTimersByTimeAsync(0);
}

const client = (fetch: Recorder["fetch"], options: GrinfiOptions = {}): Grinfi =>
  new Grinfi({ apiKey: API_KEY, baseUrl: "https://leadgen.grinfi.io", fetch, ...options });

beforeEach(() => {
  vi.useFakeTimers({ toFake: ["setTimeout", "clearTimeout", "setInterval", "clearInterval", "Date"], now: 1_700_000_000_000 });
});

afterEach(() => {
  vi.useRealTimers();
});

afterAll(() => {
  mkdirSync("test-artifacts", { recursive: true });
  writeFileSync("test-artifacts/concurrency.json", `${JSON.stringify(figures, null, 2)}\n`);
});

interface LoadResult {
  settled: number;
  lost: number;
  durationMs: number;
  maxInWindow: number;
  peakInFlight: number;
  windowsUsed: number;
}

/** Fires `calls` contacts.get calls spread over `clients` at t0 and runs fake time until all settle. */
async function runLoad(clients: Grinfi[], rec: Recorder): Promise<LoadResult> {
  const t0 = Date.now();
  let settled = 0;
  let lastSettledAt = t0;
  const results = Array.from({ length: CALLS }, (_, i) => {
    const uuid = taskUuid(i);
    return (clients[i % clients.length] as Grinfi).contacts.get({ uuid }).then((contact) => {
      settled++;
      lastSettledAt = Date.now();
      return (contact as { uuid: string }).uuid === uuid;
    });
  });
  // Hang guard: ten windows more than necessary is far beyond any correct schedule.
  await advanceUntil(() => settled === CALLS, (Math.ceil(CALLS / LIMIT) + 10) * WINDOW_MS);
  const correct = (await Promise.all(results)).filter(Boolean).length;
  const starts = rec.started.map((start) => start.at);
  return {
    settled,
    lost: CALLS - correct,
    durationMs: lastSettledAt - t0,
    maxInWindow: maxStartsInWindow(starts),
    peakInFlight: rec.peakInFlight,
    windowsUsed: new Set(starts.map((at) => Math.floor((at - t0) / WINDOW_MS))).size,
  };
}

describe("1,000 concurrent calls under the default limiter (300 per rolling 60 s)", () => {
  // The limit makes ceil(1000/300) = 4 batches necessary, the last starting 3 windows after the first.
  const necessaryMs = (Math.ceil(CALLS / LIMIT) - 1) * WINDOW_MS + LATENCY_MS;
  const boundMs = necessaryMs + WINDOW_MS;

  it("one client: ≤ 300 starts in any 60 s window, none lost, all resolve, done within the limit's schedule + one window", async () => {
    const rec = recorder();
    const result = await runLoad([client(rec.fetch)], rec);
    figures["oneClient"] = { calls: CALLS, requests: rec.started.length, ...result, boundMs };

    expect(result.settled).toBe(CALLS);
    expect(result.lost).toBe(0);
    expect(rec.started).toHaveLength(CALLS);
    expect(new Set(rec.started.map((start) => start.url.pathname)).size).toBe(CALLS);
    expect(result.maxInWindow).toBeLessThanOrEqual(LIMIT);
    expect(result.maxInWindow).toBe(LIMIT); // the limiter does use what it is allowed
    expect(result.peakInFlight).toBeLessThanOrEqual(LIMIT);
    expect(result.durationMs).toBeLessThanOrEqual(boundMs);
    expect(result.durationMs).toBeGreaterThanOrEqual(necessaryMs);
    expect(result.windowsUsed).toBe(Math.ceil(CALLS / LIMIT));
    expect(vi.getTimerCount()).toBe(0);
  });

  it("four clients sharing one RateLimiter: combined starts stay ≤ 300 per window", async () => {
    const rec = recorder();
    const limiter = new RateLimiter();
    const clients = Array.from({ length: 4 }, () => client(rec.fetch, { rateLimit: limiter }));
    const result = await runLoad(clients, rec);
    figures["fourClientsSharedLimiter"] = { calls: CALLS, requests: rec.started.length, ...result, boundMs };

    expect(result.settled).toBe(CALLS);
    expect(result.lost).toBe(0);
    expect(rec.started).toHaveLength(CALLS);
    expect(result.maxInWindow).toBeLessThanOrEqual(LIMIT);
    expect(result.peakInFlight).toBeLessThanOrEqual(LIMIT);
    expect(result.durationMs).toBeLessThanOrEqual(boundMs);
    expect(vi.getTimerCount()).toBe(0);
  });

  it("the window check has teeth: four clients with a limiter each exceed 300 in a window", async () => {
    const rec = recorder();
    const clients = Array.from({ length: 4 }, () => client(rec.fetch));
    const result = await runLoad(clients, rec);
    figures["fourClientsOwnLimiters_control"] = { calls: CALLS, ...result };
    expect(result.maxInWindow).toBe(CALLS);
  });

  it("rateLimit: false lets all 1,000 start at once (control for the peak-concurrency figure)", async () => {
    const rec = recorder();
    const result = await runLoad([client(rec.fetch, { rateLimit: false })], rec);
    figures["noLimiter_control"] = { calls: CALLS, ...result };
    expect(result.settled).toBe(CALLS);
    expect(result.peakInFlight).toBe(CALLS);
  });
});

describe("cancelling pagination", () => {
  it("aborting between pages stops further requests (items of the page already fetched may still arrive)", async () => {
    const rec = recorder();
    const grinfi = client(rec.fetch);
    const controller = new AbortController();
    const seen: string[] = [];
    const consume = (async () => {
      for await (const task of grinfi.tasks.listAll({ limit: 10 }, { signal: controller.signal })) {
        seen.push(task.uuid);
        if (seen.length === 25) controller.abort();
      }
    })();
    const outcome = consume.then(
      () => "completed",
      (error: unknown) => error,
    );
    await advanceUntil(() => rec.started.length >= 3 && rec.inFlight === 0, 10_000, 50);
    await vi.advanceTimersByTimeAsync(5 * WINDOW_MS);

    expect(await outcome).toBeInstanceOf(RequestAbortedError);
    // Today the rest of the third page (items 26-30) is still yielded before the loop throws: the signal is
    // checked before each request, not before each item. Nothing beyond the pages already fetched, ever.
    expect(seen.length).toBeGreaterThanOrEqual(25);
    expect(seen.length).toBeLessThanOrEqual(30);
    expect(rec.started.map((start) => start.url.searchParams.get("offset"))).toEqual(["0", "10", "20"]);
    figures["abortBetweenPages"] = { pagesRequested: rec.started.length, itemsSeen: seen.length };
    expect(vi.getTimerCount()).toBe(0);
  });

  it("aborting while a page is in flight cancels it and sends nothing more", async () => {
    const rec = recorder((url) => url.searchParams.get("offset") === "20");
    const grinfi = client(rec.fetch);
    const controller = new AbortController();
    const seen: string[] = [];
    const outcome = (async () => {
      for await (const task of grinfi.tasks.listAll({ limit: 10 }, { signal: controller.signal })) seen.push(task.uuid);
    })().then(
      () => "completed",
      (error: unknown) => error,
    );
    await advanceUntil(() => rec.started.length === 3, 10_000, 50);
    expect(rec.inFlight).toBe(1);
    controller.abort();
    await settle();
    await vi.advanceTimersByTimeAsync(5 * WINDOW_MS);

    expect(await outcome).toBeInstanceOf(RequestAbortedError);
    expect(seen).toHaveLength(20);
    expect(rec.started).toHaveLength(3);
    expect(rec.inFlight).toBe(0);
    figures["abortInFlight"] = { pagesRequested: rec.started.length, itemsSeen: seen.length };
    // The per-attempt timeout timer was cleared along with everything else.
    expect(vi.getTimerCount()).toBe(0);
  });

  it("aborting while queued in the limiter leaves the queue: the call behind it takes the slot, none is used up", async () => {
    const rec = recorder();
    const limiter = new RateLimiter({ limit: 3, windowMs: WINDOW_MS });
    const paging = client(rec.fetch, { rateLimit: limiter });
    const other = client(rec.fetch, { rateLimit: limiter });
    const controller = new AbortController();
    const seen: string[] = [];
    const outcome = (async () => {
      for await (const task of paging.tasks.listAll({ limit: 10 }, { signal: controller.signal })) seen.push(task.uuid);
    })().then(
      () => "completed",
      (error: unknown) => error,
    );
    // Three pages use the three slots; the fourth page waits in the limiter.
    await advanceUntil(() => seen.length === 30, 10_000, 50);
    await settle();
    expect(rec.started).toHaveLength(3);

    const t0 = Date.now();
    const behind = other.tasks.get({ uuid: taskUuid(999) }).then(() => Date.now());
    await settle();
    controller.abort();
    expect(await outcome).toBeInstanceOf(RequestAbortedError);
    expect(rec.started).toHaveLength(3); // the aborted page was never sent

    await advanceUntil(() => rec.started.length === 4 && rec.inFlight === 0, 3 * WINDOW_MS, 50);
    const behindStartedAt = await behind;
    expect(rec.started[3]?.url.pathname).toBe(`/flows/api/tasks/${taskUuid(999)}`);
    // It started as soon as the first slot freed, one window after the first page's answer: first in line, not second.
    expect((rec.started[3]?.at ?? 0) - (rec.started[0]?.at ?? 0)).toBe(LATENCY_MS + WINDOW_MS);
    expect(behindStartedAt - t0).toBeLessThanOrEqual(LATENCY_MS + WINDOW_MS);

    // The aborted waiter holds nothing: once pages 2 and 3 leave the window (one window after their answers),
    // exactly two slots are free again (the third is the queued call's), and a third acquisition has to wait.
    await vi.advanceTimersByTimeAsync(Math.max(0, (rec.started[2]?.at ?? 0) + LATENCY_MS + WINDOW_MS - Date.now()));
    let granted = 0;
    const third = new AbortController();
    void limiter.acquire().then(() => granted++);
    void limiter.acquire().then(() => granted++);
    const waiting = limiter.acquire(third.signal).then(
      () => "granted",
      (error: unknown) => error,
    );
    await settle();
    expect(granted).toBe(2);
    expect(vi.getTimerCount()).toBe(1); // the limiter's wake-up for the third
    third.abort();
    expect(await waiting).toBeInstanceOf(RequestAbortedError);
    expect(vi.getTimerCount()).toBe(0); // nobody queued, no timer
    figures["abortWhileQueued"] = { pagesRequested: 3, queuedCallStartedAfterMs: (rec.started[3]?.at ?? 0) - (rec.started[0]?.at ?? 0) };
  });

  it("breaking out of the loop stops further requests", async () => {
    const rec = recorder();
    const grinfi = client(rec.fetch);
    const seen: string[] = [];
    const done = (async () => {
      for await (const task of grinfi.tasks.listAll({ limit: 10 })) {
        seen.push(task.uuid);
        if (seen.length === 15) break;
      }
    })();
    await advanceUntil(() => seen.length === 15, 10_000, 50);
    await done;
    await vi.advanceTimersByTimeAsync(5 * WINDOW_MS);
    expect(rec.started).toHaveLength(2);
    expect(vi.getTimerCount()).toBe(0);
  });
});

describe("waits the server asks for (429 with Retry-After), on fake time", () => {
  /** Answers 429 with `Retry-After: retryAfter` to the first `refusals` requests, then 201; records each start. */
  function refusing(refusals: number, retryAfter: string) {
    const started: number[] = [];
    const fetch = async (request: Request): Promise<Response> => {
      started.push(Date.now());
      if (started.length <= refusals) {
        return new Response(JSON.stringify({ error: { reason: "too_many_requests", message: "slow down", data: {} } }), {
          status: 429,
          headers: { "content-type": "application/json", "retry-after": retryAfter },
        });
      }
      return jsonResponse({ uuid: taskUuid(1), method: request.method }, 201);
    };
    return { fetch, started };
  }

  async function settleCall<T>(call: Promise<T>, maxMs: number): Promise<T | unknown> {
    const outcome = call.then(
      (value) => value,
      (error: unknown) => error,
    );
    let done = false;
    void outcome.then(() => (done = true));
    await advanceUntil(() => done, maxMs, 500);
    return outcome;
  }

  it("do not use up maxRetries: five 429s with Retry-After: 10, then the POST goes through (maxRetries 2)", async () => {
    const server = refusing(5, "10");
    const grinfi = client(server.fetch, { retry: { maxRetries: 2 } });
    const result = await settleCall(grinfi.linkedinMessages.send({ sender_profile_uuid: taskUuid(2), lead_uuid: taskUuid(3), text: "Hi" }), 5 * WINDOW_MS);
    expect(result).toMatchObject({ uuid: taskUuid(1) });
    // Six attempts, ten seconds apart: each waited exactly what the server asked.
    expect(server.started.map((at) => at - (server.started[0] ?? 0))).toEqual([0, 10_000, 20_000, 30_000, 40_000, 50_000]);
    expect(vi.getTimerCount()).toBe(0);
  });

  it("are bounded by the call's timeoutMs: with 25 s left, a third 10 s wait is not begun", async () => {
    const server = refusing(Infinity, "10");
    const grinfi = client(server.fetch, { timeoutMs: 25_000 });
    const error = await settleCall(grinfi.contacts.get({ uuid: taskUuid(4) }), 5 * WINDOW_MS);
    expect(error).toBeInstanceOf(RateLimitError);
    expect(error).not.toBeInstanceOf(DeadlineExceededError);
    expect(server.started.map((at) => at - (server.started[0] ?? 0))).toEqual([0, 10_000, 20_000]);
    expect(vi.getTimerCount()).toBe(0);
  });

  it("the call's own maxRetryAfterMs decides how long it waits: Retry-After: 90 fails at once by default, waits at 120 s", async () => {
    const hurried = refusing(1, "90");
    const error = await settleCall(client(hurried.fetch).contacts.get({ uuid: taskUuid(6) }), WINDOW_MS);
    expect(error).toMatchObject({ name: "RateLimitError", retryAfterMs: 90_000 });
    expect(hurried.started).toHaveLength(1);
    const patient = refusing(1, "90");
    const call = client(patient.fetch).contacts.get({ uuid: taskUuid(6) }, { retry: { maxRetryAfterMs: 120_000 } });
    expect(await settleCall(call, 5 * WINDOW_MS)).toMatchObject({ uuid: taskUuid(1) });
    expect(patient.started.map((at) => at - (patient.started[0] ?? 0))).toEqual([0, 90_000]);
  });

  /** One call meets a 429 (Retry-After: 30) with `callOptions`; when it has failed, another call starts on the same client. */
  async function secondCallAfterA429(clientOptions: GrinfiOptions, callOptions: { retry?: false | { maxRetryAfterMs: number } }) {
    const server = refusing(1, "30");
    const grinfi = client(server.fetch, { rateLimit: new RateLimiter(), ...clientOptions });
    const first = await settleCall(grinfi.contacts.get({ uuid: taskUuid(7) }, callOptions), WINDOW_MS);
    const secondAt = Date.now();
    const second = await settleCall(grinfi.contacts.get({ uuid: taskUuid(8) }, { timeoutMs: 10_000 }), WINDOW_MS);
    return { first, second, secondStartsMs: server.started.slice(1).map((at) => at - secondAt) };
  }

  it.each([
    ["retry: false", { retry: false as const }],
    ["its own maxRetryAfterMs of 5 s", { retry: { maxRetryAfterMs: 5_000 } }],
  ])("a call with %s fails at once on Retry-After: 30, yet the limiter pauses the others by the client's limit", async (_name, callOptions) => {
    const { first, second, secondStartsMs } = await secondCallAfterA429({}, callOptions);
    expect(first).toMatchObject({ name: "RateLimitError", retryAfterMs: 30_000 });
    // The next call would be refused too: it is held back, and its own timeoutMs (10 s) is what bounds its wait.
    expect(second).toBeInstanceOf(DeadlineExceededError);
    expect(secondStartsMs).toEqual([]);
  });

  it("a client whose maxRetryAfterMs is below the server's ask does not pause: the next call goes at once", async () => {
    const { first, second, secondStartsMs } = await secondCallAfterA429({ retry: { maxRetryAfterMs: 5_000 } }, {});
    expect(first).toMatchObject({ name: "RateLimitError", retryAfterMs: 30_000 });
    expect(second).toMatchObject({ uuid: taskUuid(1) });
    expect(secondStartsMs).toEqual([0]);
  });

  it("a paused limiter holds the next call until the pause ends, when its timeoutMs allows", async () => {
    const server = refusing(1, "30");
    const grinfi = client(server.fetch, { rateLimit: new RateLimiter() });
    await settleCall(grinfi.contacts.get({ uuid: taskUuid(7) }, { retry: false }), WINDOW_MS);
    expect(await settleCall(grinfi.contacts.get({ uuid: taskUuid(8) }), WINDOW_MS)).toMatchObject({ uuid: taskUuid(1) });
    // The pause ran from the 429: the second call started exactly 30 s after the first.
    expect(server.started.map((at) => at - (server.started[0] ?? 0))).toEqual([0, 30_000]);
  });

  it("a Retry-After: 0 storm (no pacing from the server) still stops after maxRetries", async () => {
    const server = refusing(Infinity, "0");
    const grinfi = client(server.fetch, { retry: { maxRetries: 2 } });
    expect(await settleCall(grinfi.contacts.get({ uuid: taskUuid(5) }), WINDOW_MS)).toBeInstanceOf(RateLimitError);
    expect(server.started).toHaveLength(3);
  });
});

describe("defaults and options, on fake time", () => {
  it("attemptTimeoutMs defaults to 60 s: a GET that never answers fails with TimeoutError after three 60 s attempts", async () => {
    const rec = recorder(() => true);
    let outcome: unknown;
    void client(rec.fetch, { retry: { initialDelayMs: 1, maxDelayMs: 1 } })
      .contacts.get({ uuid: taskUuid(9) })
      .catch((error: unknown) => (outcome = error));
    const t0 = Date.now();
    await advanceUntil(() => outcome !== undefined, 10 * WINDOW_MS);
    expect(outcome).toBeInstanceOf(TimeoutError);
    expect(outcome).not.toBeInstanceOf(DeadlineExceededError);
    expect((outcome as Error).message).toContain("60000 ms");
    // Each retry follows its timeout after the backoff, which a fake clock runs 1 ms later (a 0 ms timer).
    expect(rec.started.map((start) => start.at - t0)).toEqual([0, 60_001, 120_002]);
  });

  it("timeoutMs defaults to 300 s: with retries to spare, the fifth attempt is cut at 300 s by DeadlineExceededError", async () => {
    const rec = recorder(() => true);
    let outcome: unknown;
    let endedAt = 0;
    const t0 = Date.now();
    void client(rec.fetch, { retry: { maxRetries: 10, initialDelayMs: 1, maxDelayMs: 1 } })
      .contacts.get({ uuid: taskUuid(9) })
      .catch((error: unknown) => {
        outcome = error;
        endedAt = Date.now();
      });
    await advanceUntil(() => outcome !== undefined, 10 * WINDOW_MS);
    expect(outcome).toMatchObject({ name: "DeadlineExceededError", timeoutMs: 300_000 });
    expect(endedAt - t0).toBe(300_000);
    expect(rec.started.map((start) => start.at - t0)).toEqual([0, 60_001, 120_002, 180_003, 240_004]);
  });

  it.each([
    ["{ limit: 2, windowMs: 1_000 }", { limit: 2, windowMs: 1_000 }, [0, 0, 1_250, 1_250, 2_500]],
    ["{ limit: 2 } (the window stays 60 s)", { limit: 2 }, [0, 0, 60_250, 60_250, 120_500]],
  ])("rateLimit: %s lowers the ceiling: five calls start two per window, counted from the answers", async (_name, rateLimit, expected) => {
    const rec = recorder();
    const grinfi = client(rec.fetch, { rateLimit });
    const t0 = Date.now();
    let settled = 0;
    const calls = Array.from({ length: 5 }, (_, i) => grinfi.contacts.get({ uuid: taskUuid(i) }).finally(() => settled++));
    await advanceUntil(() => settled === 5, 5 * WINDOW_MS, 250);
    await Promise.all(calls);
    expect(rec.started.map((start) => start.at - t0)).toEqual(expected);
  });
});
