import { mkdirSync, writeFileSync } from "node:fs";
import { createServer, type IncomingMessage, type Server, type ServerResponse } from "node:http";
import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import {
  APIError,
  ConnectionError,
  DeadlineExceededError,
  Grinfi,
  InvalidParameterError,
  RateLimiter,
  RateLimitError,
  RequestAbortedError,
  ServerError,
  TimeoutError,
  type CallOptions,
  type GrinfiOptions,
} from "../../generated/src/index.ts";
import { closeServer, listenLocally } from "../helpers/local-server.ts";

/**
 * Fault matrix of the generated client over real HTTP on 127.0.0.1: every case runs once as an idempotent GET
 * (contacts.get) and once as a POST that may reach the server (linkedinMessages.send). Attempts are counted
 * server-side; a "duplicate POST" is a POST that arrives after an earlier attempt of the same call that the
 * server did anything with other than refusing it with 429. The table goes to test-artifacts/fault-matrix.json.
 */

const API_KEY = "gk_live_SECRET_0123456789abcdef";
const CONTACT_UUID = "3f6c2a1e-8b4d-4c7a-9e2f-1a5b7c9d0e11";
const MESSAGE = {
  sender_profile_uuid: "2e8f4a6c-1b3d-4f5e-a7c9-8d0e2f4a6b15",
  lead_uuid: CONTACT_UUID,
  text: "Hi Dana, following up on our call.",
};
/** Each attempt's limit (attemptTimeoutMs); the call's own deadline (timeoutMs) stays at its default unless a case sets it. */
const TIMEOUT_MS = 300;
const RETRY = { maxRetries: 2, initialDelayMs: 1, maxDelayMs: 5 } as const;
const MAX_ATTEMPTS = RETRY.maxRetries + 1;
/** Generous slack for a busy two-core machine on top of what timeouts and waits make necessary. */
const MARGIN_MS = 2_500;
const TEN_MB = 10 * 1024 * 1024;

type Method = "GET" | "POST";

/** What the server did with one request, to tell a refused (429) attempt from one the server may have acted on. */
type Action = "429" | "acted";
const ACTED: Action = "acted";

interface Hit {
  method: string;
  url: string;
  action: Action;
  authorization: string | undefined;
  /** performance.now() when the request's head arrived. */
  at: number;
}

/** `n` is the 1-based number of this request within the current call (per method). */
type Responder = (req: IncomingMessage, res: ServerResponse, n: number) => Action | Promise<Action>;

type Expected = { ok: true } | { error: typeof APIError | typeof ConnectionError | typeof RequestAbortedError };

interface FaultCase {
  name: string;
  respond: Responder;
  get: Expected;
  post: Expected;
  attempts: { GET: number; POST: number };
  attemptTimeoutMs?: number;
  /** Server-imposed waits the client must honour (Retry-After), added to the time bound. */
  extraWaitMs?: number;
  /** A lower bound on the duration, for cases where honouring Retry-After is the point. */
  minMs?: number;
  check?: (method: Method, result: unknown, error: unknown) => void;
  /** Runs before the call with the same client; the requests it makes are not counted. */
  prepare?: (grinfi: Grinfi) => Promise<void>;
  callOptions?: () => CallOptions;
  /** Other acceptable (outcome, attempts) pairs where the outcome depends on a race the test cannot control. */
  alternatives?: Partial<Record<Method, { expected: Expected; attempts: number }[]>>;
}

interface Row {
  case: string;
  method: Method;
  expected: string;
  outcome: string;
  attempts: number;
  expectedAttempts: number;
  duplicatePosts: number;
  elapsedMs: number;
  boundMs: number;
  pass: boolean;
}

let server: Server;
let baseUrl: string;
let responder: Responder;
const hits: Hit[] = [];
const rows: Row[] = [];
/** Timers and intervals the responders start, cleared after each case so nothing trickles into the next. */
const pending = new Set<ReturnType<typeof setTimeout>>();

const later = (ms: number, fn: () => void): void => {
  const timer = setTimeout(() => {
    pending.delete(timer);
    fn();
  }, ms);
  pending.add(timer);
};

const readBody = (req: IncomingMessage): Promise<string> =>
  new Promise((resolve) => {
    let body = "";
    req.setEncoding("utf8");
    req.on("data", (chunk: string) => (body += chunk));
    req.on("end", () => resolve(body));
    req.on("error", () => resolve(body));
    req.on("close", () => resolve(body));
  });

function json(req: IncomingMessage, res: ServerResponse, status = req.method === "POST" ? 201 : 200): Action {
  const body = req.method === "POST" ? { uuid: "5b6c7d8e-9f0a-4b1c-8d2e-3f4a5b6c7d8e", ...MESSAGE } : { uuid: CONTACT_UUID };
  res.writeHead(status, { "content-type": "application/json" });
  res.end(JSON.stringify(body));
  return ACTED;
}

function errorEnvelope(res: ServerResponse, status: number, headers: Record<string, string> = {}): Action {
  res.writeHead(status, { "content-type": "application/json", ...headers });
  res.end(JSON.stringify({ error: { reason: "test", message: `status ${status}`, data: {} }, message: `status ${status}`, code: 0 }));
  return status === 429 ? "429" : ACTED;
}

const HTML_PAGE = "<!DOCTYPE html><html><head><title>502 Bad Gateway</title></head><body><h1>502 Bad Gateway</h1><hr>nginx</body></html>";

/** After reading the whole request, 429 the first `times` requests (with the given headers), then answer normally. */
const rateLimitedThenOk =
  (times: number, headers: () => Record<string, string>): Responder =>
  async (req, res, n) => {
    await readBody(req);
    return n <= times ? errorEnvelope(res, 429, headers()) : json(req, res);
  };

const statusStorm =
  (status: number): Responder =>
  async (req, res) => {
    await readBody(req);
    return errorEnvelope(res, status);
  };

const ok: Expected = { ok: true };
const fails = (error: typeof APIError | typeof ConnectionError | typeof RequestAbortedError): Expected => ({ error });
const all = { GET: MAX_ATTEMPTS, POST: MAX_ATTEMPTS };
/** GET is retried to exhaustion; the POST is sent once and never again. */
const getRetriedPostOnce = { GET: MAX_ATTEMPTS, POST: 1 };
const once = { GET: 1, POST: 1 };

const expectRetryAfter = (expected: number | undefined) => (_method: Method, _result: unknown, error: unknown) =>
  expect((error as RateLimitError).retryAfterMs).toBe(expected);

const CASES: FaultCase[] = [
  {
    name: "429 storm, no Retry-After",
    respond: rateLimitedThenOk(Infinity, () => ({})),
    get: fails(RateLimitError),
    post: fails(RateLimitError),
    attempts: all,
    check: expectRetryAfter(undefined),
  },
  {
    name: "429 storm, Retry-After: 0 (seconds)",
    respond: rateLimitedThenOk(Infinity, () => ({ "retry-after": "0" })),
    get: fails(RateLimitError),
    post: fails(RateLimitError),
    attempts: all,
    check: expectRetryAfter(0),
  },
  {
    name: "429 storm, Retry-After: HTTP-date in the past",
    respond: rateLimitedThenOk(Infinity, () => ({ "retry-after": new Date(Date.now() - 60_000).toUTCString() })),
    get: fails(RateLimitError),
    post: fails(RateLimitError),
    attempts: all,
    check: expectRetryAfter(0),
  },
  {
    name: "429 twice without Retry-After, then 2xx",
    respond: rateLimitedThenOk(2, () => ({})),
    get: ok,
    post: ok,
    attempts: all,
  },
  {
    name: "429 once with Retry-After: 1 (seconds), then 2xx",
    respond: rateLimitedThenOk(1, () => ({ "retry-after": "1" })),
    get: ok,
    post: ok,
    attempts: { GET: 2, POST: 2 },
    extraWaitMs: 1_000,
    minMs: 900,
  },
  {
    name: "429 once with Retry-After: HTTP-date ~2 s ahead, then 2xx",
    // HTTP-dates have whole seconds: 2 s ahead, truncated, is a wait of 1-2 s.
    respond: rateLimitedThenOk(1, () => ({ "retry-after": new Date(Date.now() + 2_000).toUTCString() })),
    get: ok,
    post: ok,
    attempts: { GET: 2, POST: 2 },
    extraWaitMs: 2_000,
    minMs: 900,
  },
  {
    name: "429 storm, Retry-After: 30 (seconds), caller's AbortSignal.timeout(300)",
    // Retry-After is honoured up to maxRetryAfterMs (60 s): the caller's signal must cut the wait short.
    respond: rateLimitedThenOk(Infinity, () => ({ "retry-after": "30" })),
    get: fails(RequestAbortedError),
    post: fails(RequestAbortedError),
    attempts: once,
    callOptions: () => ({ signal: AbortSignal.timeout(TIMEOUT_MS) }),
  },
  {
    name: "429 with Retry-After: 3600 (above maxRetryAfterMs): fails at once, retryAfterMs says how long",
    respond: rateLimitedThenOk(Infinity, () => ({ "retry-after": "3600" })),
    get: fails(RateLimitError),
    post: fails(RateLimitError),
    attempts: once,
    check: expectRetryAfter(3_600_000),
  },
  {
    name: "429 with Retry-After: an HTTP-date two hours ahead: fails at once",
    respond: rateLimitedThenOk(Infinity, () => ({ "retry-after": new Date(Date.now() + 7_200_000).toUTCString() })),
    get: fails(RateLimitError),
    post: fails(RateLimitError),
    attempts: once,
    check: (_method, _result, error) => expect((error as RateLimitError).retryAfterMs).toBeGreaterThan(7_100_000),
  },
  ...["x 1", "soon 12", "May 3", "1.5", "-5"].map(
    (junk): FaultCase => ({
      name: `429 storm, junk Retry-After ${JSON.stringify(junk)}: ignored, backoff and the retry budget apply`,
      respond: rateLimitedThenOk(Infinity, () => ({ "retry-after": junk })),
      get: fails(RateLimitError),
      post: fails(RateLimitError),
      attempts: all,
      check: expectRetryAfter(undefined),
    }),
  ),
  {
    name: "429 storm, Retry-After: 1, call timeoutMs 1500: the wait that would outlast the deadline is not begun",
    // Paced by the server, these retries do not use up maxRetries; the deadline ends them: after the second 429
    // (at about 1 s) another 1 s wait would pass 1.5 s, so the call fails at once with the server's answer.
    respond: rateLimitedThenOk(Infinity, () => ({ "retry-after": "1" })),
    get: fails(RateLimitError),
    post: fails(RateLimitError),
    attempts: { GET: 2, POST: 2 },
    extraWaitMs: 1_000,
    minMs: 900,
    callOptions: () => ({ timeoutMs: 1_500 }),
    check: expectRetryAfter(1_000),
  },
  {
    name: "slow headers, call timeoutMs 450: the deadline ends the second attempt (DeadlineExceededError)",
    respond: async (req, res) => {
      await readBody(req);
      later(TIMEOUT_MS * 4, () => {
        if (!res.destroyed) json(req, res);
      });
      return ACTED;
    },
    // GET: attempt 1 times out at 300 ms (TimeoutError, retried), attempt 2 is cut at 450 ms by the deadline.
    get: fails(DeadlineExceededError),
    // POST: its attempt times out at 300 ms and is not retried.
    post: fails(TimeoutError),
    attempts: { GET: 2, POST: 1 },
    callOptions: () => ({ timeoutMs: 450 }),
    check: (method, _result, error) => method === "POST" && expect(error).not.toBeInstanceOf(DeadlineExceededError),
  },
  ...[500, 502, 503, 504].map(
    (status): FaultCase => ({
      name: `${status} storm`,
      respond: statusStorm(status),
      get: fails(ServerError),
      post: fails(ServerError),
      attempts: getRetriedPostOnce,
      check: (_method, _result, error) => expect((error as ServerError).status).toBe(status),
    }),
  ),
  {
    name: "503 once, then 2xx",
    respond: async (req, res, n) => {
      await readBody(req);
      return n === 1 ? errorEnvelope(res, 503) : json(req, res);
    },
    get: ok,
    post: fails(ServerError),
    attempts: { GET: 2, POST: 1 },
  },
  {
    name: "connection reset before the request body was read",
    respond: (req) => {
      req.socket.destroy();
      return ACTED;
    },
    get: fails(ConnectionError),
    post: fails(ConnectionError),
    attempts: getRetriedPostOnce,
    check: (_method, _result, error) => expect(error).not.toBeInstanceOf(TimeoutError),
  },
  {
    name: "connection reset after the request body was read",
    respond: async (req) => {
      await readBody(req);
      req.socket.destroy();
      return ACTED;
    },
    get: fails(ConnectionError),
    post: fails(ConnectionError),
    attempts: getRetriedPostOnce,
    check: (_method, _result, error) => expect(error).not.toBeInstanceOf(TimeoutError),
  },
  {
    name: "stale keep-alive connection (server closed it while idle)",
    // The call starts on a pooled socket the server has just closed: the request never arrives. The GET is
    // retried on a fresh connection; the POST fails, since the client cannot know that it was not received.
    respond: async (req, res) => {
      await readBody(req);
      return json(req, res);
    },
    prepare: async (grinfi) => {
      await grinfi.contacts.get({ uuid: CONTACT_UUID });
      server.closeAllConnections();
    },
    get: ok,
    post: fails(ConnectionError),
    attempts: { GET: 1, POST: 0 },
    // Whether the client notices the close before it writes depends on event-loop timing: then it is sent once.
    alternatives: { POST: [{ expected: ok, attempts: 1 }] },
  },
  {
    name: "slow headers (head after 2x the timeout)",
    respond: async (req, res) => {
      await readBody(req);
      later(TIMEOUT_MS * 2, () => {
        if (!res.destroyed) json(req, res);
      });
      return ACTED;
    },
    get: fails(TimeoutError),
    post: fails(TimeoutError),
    attempts: getRetriedPostOnce,
  },
  {
    name: "slow headers on the first attempt only",
    respond: async (req, res, n) => {
      await readBody(req);
      if (n > 1) return json(req, res);
      later(TIMEOUT_MS * 2, () => {
        if (!res.destroyed) json(req, res);
      });
      return ACTED;
    },
    get: ok,
    post: fails(TimeoutError),
    attempts: { GET: 2, POST: 1 },
  },
  {
    name: "slow body (head at once, 1 byte per 40 ms, never ends in time)",
    respond: async (req, res) => {
      await readBody(req);
      res.writeHead(200, { "content-type": "application/json" });
      res.write("{");
      const drip = (i: number): void =>
        later(40, () => {
          if (res.destroyed || i > 200) return void res.destroy();
          res.write(" ");
          drip(i + 1);
        });
      drip(0);
      return ACTED;
    },
    get: fails(TimeoutError),
    post: fails(TimeoutError),
    attempts: getRetriedPostOnce,
  },
  {
    name: "slow body that completes within the timeout",
    respond: async (req, res) => {
      await readBody(req);
      res.writeHead(req.method === "POST" ? 201 : 200, { "content-type": "application/json" });
      const chunks = [`{"uuid":`, `"${CONTACT_UUID}"`, `,"note":`, `"slow"`, `}`];
      const drip = (i: number): void =>
        later(20, () => {
          if (res.destroyed) return;
          if (i === chunks.length - 1) return void res.end(chunks[i]);
          res.write(chunks[i]);
          drip(i + 1);
        });
      drip(0);
      return ACTED;
    },
    get: ok,
    post: ok,
    attempts: once,
    check: (_method, result) => expect(result).toMatchObject({ uuid: CONTACT_UUID, note: "slow" }),
  },
  {
    name: "truncated JSON (Content-Length promises more, connection closes)",
    respond: async (req, res) => {
      await readBody(req);
      res.writeHead(200, { "content-type": "application/json", "content-length": "200" });
      res.write(`{"uuid":"${CONTACT_UUID.slice(0, 8)}`);
      later(5, () => res.destroy());
      return ACTED;
    },
    get: fails(ConnectionError),
    post: fails(ConnectionError),
    attempts: getRetriedPostOnce,
    check: (_method, _result, error) => expect(error).not.toBeInstanceOf(TimeoutError),
  },
  {
    name: "truncated JSON (complete response, body cut short)",
    respond: async (req, res) => {
      await readBody(req);
      res.writeHead(200, { "content-type": "application/json" });
      res.end(`{"uuid":"${CONTACT_UUID.slice(0, 8)}`);
      return ACTED;
    },
    get: fails(APIError),
    post: fails(APIError),
    attempts: once,
    check: (_method, _result, error) => expect(error).not.toBeInstanceOf(ServerError),
  },
  {
    name: "malformed JSON on 2xx",
    respond: async (req, res) => {
      await readBody(req);
      res.writeHead(200, { "content-type": "application/json" });
      res.end(`{uuid: '${CONTACT_UUID}',}`);
      return ACTED;
    },
    get: fails(APIError),
    post: fails(APIError),
    attempts: once,
    check: (_method, _result, error) => expect((error as APIError).message).toMatch(/not valid JSON/),
  },
  {
    name: "HTML error page (502 from a proxy)",
    respond: async (req, res) => {
      await readBody(req);
      res.writeHead(502, { "content-type": "text/html" });
      res.end(HTML_PAGE);
      return ACTED;
    },
    get: fails(ServerError),
    post: fails(ServerError),
    attempts: getRetriedPostOnce,
    check: (_method, _result, error) => expect((error as ServerError).message).toBe("Bad Gateway"),
  },
  {
    name: "HTML page with 200 (captive portal)",
    respond: async (req, res) => {
      await readBody(req);
      res.writeHead(200, { "content-type": "text/html" });
      res.end(HTML_PAGE);
      return ACTED;
    },
    get: fails(APIError),
    post: fails(APIError),
    attempts: once,
  },
  {
    name: "2xx with an empty body",
    respond: async (req, res) => {
      await readBody(req);
      res.writeHead(req.method === "POST" ? 201 : 200, { "content-type": "application/json" });
      res.end();
      return ACTED;
    },
    get: ok,
    post: ok,
    attempts: once,
    check: (_method, result) => expect(result).toBeUndefined(),
  },
  {
    name: "10 MB JSON response",
    respond: async (req, res) => {
      await readBody(req);
      res.writeHead(req.method === "POST" ? 201 : 200, { "content-type": "application/json" });
      res.end(JSON.stringify({ uuid: CONTACT_UUID, about: "x".repeat(TEN_MB) }));
      return ACTED;
    },
    get: ok,
    post: ok,
    attempts: once,
    attemptTimeoutMs: 15_000,
    check: (_method, result) => expect((result as { about: string }).about).toHaveLength(TEN_MB),
  },
  {
    name: "10 MB HTML error page (500)",
    respond: async (req, res) => {
      await readBody(req);
      res.writeHead(500, { "content-type": "text/html" });
      res.end(`<html><body>${"x".repeat(TEN_MB)}</body></html>`);
      return ACTED;
    },
    get: fails(ServerError),
    post: fails(ServerError),
    attempts: getRetriedPostOnce,
    attemptTimeoutMs: 15_000,
    check: (_method, _result, error) => expect((error as ServerError).message.length).toBeLessThan(100),
  },
];

beforeAll(async () => {
  server = createServer((req, res) => {
    const n = hits.filter((hit) => hit.method === req.method).length + 1;
    const hit: Hit = { method: req.method ?? "", url: req.url ?? "", action: "acted", authorization: req.headers.authorization, at: performance.now() };
    hits.push(hit);
    // A request is counted as soon as its head arrives: it may have reached the application from then on.
    void Promise.resolve(responder(req, res, n)).then((action) => (hit.action = action));
  });
  baseUrl = await listenLocally(server);
});

afterEach(async () => {
  for (const timer of pending) clearTimeout(timer);
  pending.clear();
  // Close every connection and let the client's pool see it: otherwise the next case would start on a dead
  // keep-alive socket, which is a case of its own (below), not the one under test.
  server.closeAllConnections();
  await new Promise((resolve) => setTimeout(resolve, 25));
});

afterAll(async () => {
  await closeServer(server);
  const passing = rows.filter((row) => row.pass).length;
  const summary = {
    description:
      "Generated client (generated/src) against a local node:http server. attempts = requests that reached the server; duplicatePosts = POSTs sent after an earlier attempt of the same call that the server did not refuse with 429.",
    settings: { attemptTimeoutMs: TIMEOUT_MS, retry: RETRY, rateLimit: false, marginMs: MARGIN_MS },
    casesTried: rows.length,
    casesPassing: passing,
    duplicatePosts: rows.reduce((sum, row) => sum + row.duplicatePosts, 0),
    rows,
  };
  mkdirSync("test-artifacts", { recursive: true });
  writeFileSync("test-artifacts/fault-matrix.json", `${JSON.stringify(summary, null, 2)}\n`);
  if (process.env["FAULT_MATRIX_TABLE"]) console.table(rows);
});

const client = (options: GrinfiOptions = {}): Grinfi =>
  new Grinfi({ apiKey: API_KEY, baseUrl, attemptTimeoutMs: TIMEOUT_MS, retry: RETRY, rateLimit: false, ...options });

/** POSTs that followed an attempt the server did something with (anything but a 429 refusal). */
function duplicatePosts(calls: Hit[]): number {
  let duplicates = 0;
  calls.forEach((hit, i) => {
    if (hit.method === "POST" && calls.slice(0, i).some((earlier) => earlier.method === "POST" && earlier.action !== "429")) duplicates++;
  });
  return duplicates;
}

const describeExpected = (expected: Expected): string => ("ok" in expected ? "success" : expected.error.name);

describe("fault matrix of the generated client", () => {
  const matrix = CASES.flatMap((fault) => (["GET", "POST"] as const).map((method) => ({ fault, method })));

  it.each(matrix)("$fault.name — $method", async ({ fault, method }) => {
    hits.length = 0;
    responder = fault.respond;
    const timeoutMs = fault.attemptTimeoutMs ?? TIMEOUT_MS;
    const grinfi = client({ attemptTimeoutMs: timeoutMs });
    const expected = method === "GET" ? fault.get : fault.post;
    const expectedAttempts = fault.attempts[method];
    if (fault.prepare) {
      await fault.prepare(grinfi);
      hits.length = 0;
    }

    const started = performance.now();
    let result: unknown;
    let error: unknown;
    try {
      const options = fault.callOptions?.();
      result =
        method === "GET"
          ? await grinfi.contacts.get({ uuid: CONTACT_UUID }, options)
          : await grinfi.linkedinMessages.send(MESSAGE, options);
    } catch (caught) {
      error = caught;
    }
    const elapsedMs = Math.round(performance.now() - started);
    // Anything still in flight (it should not be) would show up as an extra hit: give it a moment.
    await new Promise((resolve) => setTimeout(resolve, 30));

    const calls = hits.filter((hit) => hit.method === method);
    const boundMs = Math.max(expectedAttempts, 1) * (timeoutMs + RETRY.maxDelayMs) + (fault.extraWaitMs ?? 0) + MARGIN_MS;
    const outcome = error === undefined ? "success" : error instanceof Error ? error.name : String(error);
    const matches = (candidate: Expected): boolean => ("ok" in candidate ? error === undefined : error instanceof candidate.error);
    const acceptable = [{ expected, attempts: expectedAttempts }, ...(fault.alternatives?.[method] ?? [])];
    const matched = acceptable.find((option) => matches(option.expected) && option.attempts === calls.length);
    const row: Row = {
      case: fault.name,
      method,
      expected: acceptable.map((option) => `${describeExpected(option.expected)} after ${option.attempts}`).join(" or "),
      outcome,
      attempts: calls.length,
      expectedAttempts: matched?.attempts ?? expectedAttempts,
      duplicatePosts: duplicatePosts(calls),
      elapsedMs,
      boundMs,
      pass: matched !== undefined && elapsedMs <= boundMs && duplicatePosts(calls) === 0,
    };
    rows.push(row);

    expect({ outcome, attempts: row.attempts }).toEqual({
      outcome: matched ? outcome : describeExpected(expected),
      attempts: matched?.attempts ?? expectedAttempts,
    });
    expect(row.duplicatePosts).toBe(0);
    expect(elapsedMs).toBeLessThanOrEqual(boundMs);
    if (fault.minMs !== undefined) expect(elapsedMs).toBeGreaterThanOrEqual(fault.minMs);
    expect(calls.every((hit) => hit.authorization === `Bearer ${API_KEY}`)).toBe(true);
    fault.check?.(method, result, error);
    if (error instanceof Error) expect(`${String(error)} ${error.stack ?? ""} ${JSON.stringify(error)}`).not.toContain(API_KEY);
  }, 30_000);

  it("retries a POST after a 5xx only when the caller opts in (retryNonIdempotent)", async () => {
    hits.length = 0;
    responder = statusStorm(503);
    const grinfi = client({ retry: { ...RETRY, retryNonIdempotent: true } });
    await expect(grinfi.linkedinMessages.send(MESSAGE)).rejects.toBeInstanceOf(ServerError);
    expect(hits.filter((hit) => hit.method === "POST")).toHaveLength(MAX_ATTEMPTS);
  });

  it("a call's own attemptTimeoutMs overrides the client's (an answer after 600 ms, client limit 300 ms)", async () => {
    hits.length = 0;
    responder = async (req, res) => {
      await readBody(req);
      later(600, () => void (res.destroyed || json(req, res)));
      return ACTED;
    };
    await expect(client().contacts.get({ uuid: CONTACT_UUID }, { attemptTimeoutMs: 5_000 })).resolves.toMatchObject({ uuid: CONTACT_UUID });
    expect(hits).toHaveLength(1);
  });

  it.each(["PUT", "DELETE"] as const)("retries an idempotent %s after a 503 and after a reset connection", async (method) => {
    hits.length = 0;
    responder = async (req, res, n) => {
      await readBody(req);
      if (n === 1) return errorEnvelope(res, 503);
      if (n === 2) {
        req.socket.destroy();
        return ACTED;
      }
      res.writeHead(200, { "content-type": "application/json" });
      res.end(JSON.stringify({ uuid: CONTACT_UUID }));
      return ACTED;
    };
    const notes = client({ attemptTimeoutMs: 10_000 }).notes;
    const uuid = CONTACT_UUID;
    await (method === "PUT" ? notes.update({ uuid, note: "Called back on Monday." }) : notes.delete({ uuid }));
    expect(hits.map((hit) => hit.method)).toEqual([method, method, method]);
  });

  it("sends a rate-limited POST exactly once when the call disables retries", async () => {
    hits.length = 0;
    responder = rateLimitedThenOk(Infinity, () => ({ "retry-after": "0" }));
    await expect(client().linkedinMessages.send(MESSAGE, { retry: false })).rejects.toBeInstanceOf(RateLimitError);
    expect(hits).toHaveLength(1);
  });
});

describe("a value no URL can carry (an unpaired UTF-16 surrogate)", () => {
  const calls: [string, string, (grinfi: Grinfi) => Promise<unknown>][] = [
    ["a path parameter", "uuid", (grinfi) => grinfi.contacts.get({ uuid: "3f6c2a1e-\uD800" })],
    ["a query parameter", "order_field", (grinfi) => grinfi.notes.list({ order_field: "created_at\uDC00" })],
    ["a filter value", "filter[domain]", (grinfi) => grinfi.companies.list({ filter: { domain: "example\uD83D.org" } })],
    ["an item of a filter list", "filter[domain][]", (grinfi) => grinfi.companies.list({ filter: { domain: ["example.org", "\uDFFF"] } })],
  ];

  it.each(calls)("in %s: InvalidParameterError naming %s, and nothing is sent", async (_where, parameter, call) => {
    hits.length = 0;
    responder = async (req, res) => {
      await readBody(req);
      return json(req, res);
    };
    let error: unknown;
    try {
      await call(client());
    } catch (caught) {
      error = caught;
    }
    expect(error).toBeInstanceOf(InvalidParameterError);
    expect((error as InvalidParameterError).parameter).toBe(parameter);
    expect((error as Error).message).toContain(`"${parameter}"`);
    expect(hits).toHaveLength(0);
  });

  it("a well-formed pair (an emoji) still goes through, encoded", async () => {
    hits.length = 0;
    responder = async (req, res) => {
      await readBody(req);
      return json(req, res);
    };
    await client().notes.list({ order_field: "created_at\uD83D\uDE00" });
    expect(hits[0]?.url).toContain("order_field=created_at%F0%9F%98%80");
  });
});

describe("one client, one ceiling: a 429 pauses every call that shares the limiter", () => {
  /**
   * Refuses every request (429, `Retry-After: seconds`) until `seconds` after the first one arrived, then answers.
   * The client pauses from the moment the 429 reaches it, so its retry always finds the server open again.
   */
  const budgetExhaustedFor = (seconds: number): Responder => {
    let opensAt: number | undefined;
    return async (req, res) => {
      await readBody(req);
      opensAt ??= performance.now() + seconds * 1_000;
      return performance.now() < opensAt ? errorEnvelope(res, 429, { "retry-after": String(seconds) }) : json(req, res);
    };
  };

  /** A RateLimiter that says when it has been paused: the tests start their other calls on that event, not on a timer. */
  class WatchedLimiter extends RateLimiter {
    readonly pauses: number[] = [];
    #onPause: (() => void) | undefined;
    readonly paused = new Promise<void>((resolve) => (this.#onPause = resolve));

    override pause(ms: number): void {
      super.pause(ms);
      this.pauses.push(ms);
      this.#onPause?.();
    }
  }

  /** Attempts here wait in the limiter, not on the wire: a generous attempt limit keeps a loaded machine from mattering. */
  const patient = (options: GrinfiOptions = {}): Grinfi => client({ attemptTimeoutMs: 30_000, ...options });

  /** Starts `more` calls on `clients` (round robin; GET and POST in turn). */
  const moreCalls = (clients: Grinfi[], more: number): Promise<unknown>[] =>
    Array.from({ length: more }, (_, i) => {
      const grinfi = clients[i % clients.length] as Grinfi;
      return i % 2 ? grinfi.linkedinMessages.send(MESSAGE) : grinfi.contacts.get({ uuid: CONTACT_UUID });
    });

  it("the calls made during the pause wait it out: one 429 in all, none lost, no POST sent twice, then paced", async () => {
    hits.length = 0;
    responder = budgetExhaustedFor(1);
    // 1,200 per minute: after the pause, one start every 50 ms for a minute.
    const limiter = new WatchedLimiter({ limit: 1_200, windowMs: 60_000 });
    const sent: string[] = [];
    const grinfi = patient({ rateLimit: limiter, onRequest: (request) => void sent.push(request.method) });
    const firstCall = grinfi.contacts.get({ uuid: CONTACT_UUID });
    await limiter.paused;
    const results = await Promise.all([firstCall, ...moreCalls([grinfi], 6)]);
    expect(results).toHaveLength(7);
    expect(limiter.pauses).toEqual([1_000]);
    expect(hits.filter((hit) => hit.action === "429")).toHaveLength(1);
    expect(hits).toHaveLength(8); // the first call twice, the six others once each
    // The refused call goes first when it resumes, then the others in the order they were made (as the client
    // sent them: two connections may deliver out of order).
    expect(sent).toEqual(["GET", "GET", "GET", "POST", "GET", "POST", "GET", "POST"]);
    // Lower bounds only (a busy machine can delay a request, never hasten it): the pause began when the 429
    // arrived, after the server sent it; the seven starts after it are 50 ms apart, so the last comes at least
    // 6 × 50 ms after the pause's end. Bursting would have sent all seven at once. (3 ms: clock granularity.)
    const first = hits[0]?.at ?? 0;
    expect((hits[1]?.at ?? 0) - first).toBeGreaterThanOrEqual(1_000 - 3);
    expect((hits[7]?.at ?? 0) - first).toBeGreaterThanOrEqual(1_000 + 6 * 50 - 3);
    // Three POST calls, three POSTs: none was sent twice.
    expect(hits.filter((hit) => hit.method === "POST")).toHaveLength(3);
  });

  it("the check has teeth: without a shared limiter (rateLimit: false) each call collects its own 429", async () => {
    hits.length = 0;
    // Three seconds closed: the calls below reach it long before it opens, however busy the machine.
    responder = budgetExhaustedFor(3);
    const grinfi = patient({ rateLimit: false });
    const firstCall = grinfi.contacts.get({ uuid: CONTACT_UUID });
    while (!hits.some((hit) => hit.action === "429")) await new Promise((resolve) => setTimeout(resolve, 5));
    await Promise.all([firstCall, ...moreCalls([grinfi], 6)]);
    expect(hits.filter((hit) => hit.action === "429")).toHaveLength(7);
  });

  it("several clients sharing one RateLimiter share the pause", async () => {
    hits.length = 0;
    responder = budgetExhaustedFor(1);
    const limiter = new WatchedLimiter({ limit: 6_000, windowMs: 60_000 });
    const [first, second, third] = [patient({ rateLimit: limiter }), patient({ rateLimit: limiter }), patient({ rateLimit: limiter })];
    const firstCall = (first as Grinfi).contacts.get({ uuid: CONTACT_UUID });
    await limiter.paused;
    await Promise.all([firstCall, ...moreCalls([second as Grinfi, third as Grinfi], 4)]);
    expect(hits.filter((hit) => hit.action === "429")).toHaveLength(1);
    expect(hits).toHaveLength(6);
  });

  it("a Retry-After above maxRetryAfterMs does not pause anyone: that call fails at once, the others carry on", async () => {
    hits.length = 0;
    responder = async (req, res, n) => {
      await readBody(req);
      return n === 1 ? errorEnvelope(res, 429, { "retry-after": "3600" }) : json(req, res);
    };
    const limiter = new WatchedLimiter();
    const grinfi = patient({ rateLimit: limiter });
    const started = performance.now();
    await expect(grinfi.contacts.get({ uuid: CONTACT_UUID })).rejects.toMatchObject({ name: "RateLimitError", retryAfterMs: 3_600_000 });
    await grinfi.contacts.get({ uuid: CONTACT_UUID });
    expect(limiter.pauses).toEqual([]);
    expect(hits).toHaveLength(2);
    // An hour was asked for: anything short of that means nobody waited for it.
    expect(performance.now() - started).toBeLessThan(60_000);
  });

  it("a custom maxRetryAfterMs, the client's or the call's, is the limit: Retry-After: 10 fails at once above 5 s", async () => {
    hits.length = 0;
    responder = async (req, res) => {
      await readBody(req);
      return errorEnvelope(res, 429, { "retry-after": "10" });
    };
    const limiter = new WatchedLimiter();
    const perClient = patient({ rateLimit: limiter, retry: { ...RETRY, maxRetryAfterMs: 5_000 } });
    await expect(perClient.contacts.get({ uuid: CONTACT_UUID })).rejects.toMatchObject({ name: "RateLimitError", retryAfterMs: 10_000 });
    const perCall = patient({ rateLimit: new WatchedLimiter() });
    await expect(perCall.linkedinMessages.send(MESSAGE, { retry: { maxRetryAfterMs: 5_000 } })).rejects.toMatchObject({
      name: "RateLimitError",
      retryAfterMs: 10_000,
    });
    // Each call was sent once: neither waited the ten seconds to try again.
    expect(hits).toHaveLength(2);
    // The client's own limit also decides whether it pauses everyone: 10 s is above it, so nobody is held back.
    expect(limiter.pauses).toEqual([]);
  });

  it("the limiter pauses by the client's maxRetryAfterMs even when the call that met the 429 does not wait itself", async () => {
    hits.length = 0;
    responder = budgetExhaustedFor(1);
    const limiter = new WatchedLimiter({ limit: 6_000, windowMs: 60_000 });
    const grinfi = patient({ rateLimit: limiter });
    // `retry: false`: this call is sent once and fails; the others would be refused too, so they wait.
    await expect(grinfi.linkedinMessages.send(MESSAGE, { retry: false })).rejects.toMatchObject({ name: "RateLimitError", retryAfterMs: 1_000 });
    expect(limiter.pauses).toEqual([1_000]);
    await grinfi.contacts.get({ uuid: CONTACT_UUID });
    expect(hits.map((hit) => hit.action)).toEqual(["429", "acted"]);
    expect((hits[1]?.at ?? 0) - (hits[0]?.at ?? 0)).toBeGreaterThanOrEqual(1_000 - 3);
  });
});
