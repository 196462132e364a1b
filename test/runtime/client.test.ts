import { createServer, type IncomingHttpHeaders, type IncomingMessage, type Server, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";
import { inspect } from "node:util";
import { afterAll, beforeAll, beforeEach, describe, expect, it, vi } from "vitest";
import { createTransport, Transport, type TransportOptions } from "../../generator/runtime/client.js";
import {
  APIError,
  AuthenticationError,
  BadRequestError,
  ConflictError,
  ConnectionError,
  DeadlineExceededError,
  GrinfiError,
  NotFoundError,
  PermissionDeniedError,
  RateLimitError,
  RequestAbortedError,
  ServerError,
  TimeoutError,
  ValidationError,
} from "../../generator/runtime/errors.js";
import { RateLimiter } from "../../generator/runtime/rate-limit.js";
import { listenLocally } from "../helpers/local-server.ts";

const API_KEY = "gk_live_S3CR3T_do_not_leak_0123456789";

interface Received {
  method: string;
  url: string;
  headers: IncomingHttpHeaders;
  body: string;
  at: number;
}

type Handler = (req: IncomingMessage, res: ServerResponse, count: number) => void;

let server: Server;
let baseUrl: string;
let handler: Handler;
const received: Received[] = [];

function sendJson(res: ServerResponse, status: number, body: unknown, headers: Record<string, string> = {}): void {
  res.writeHead(status, { "content-type": "application/json", ...headers });
  res.end(JSON.stringify(body));
}

const envelope = (message: string, data: Record<string, string[]> = {}) => ({
  error: { reason: "test_reason", message, data },
  message,
  code: 0,
});

beforeAll(async () => {
  server = createServer((req, res) => {
    let body = "";
    req.setEncoding("utf8");
    req.on("data", (chunk: string) => (body += chunk));
    req.on("end", () => {
      received.push({ method: req.method ?? "", url: req.url ?? "", headers: req.headers, body, at: performance.now() });
      handler(req, res, received.length);
    });
  });
  baseUrl = await listenLocally(server);
});

afterAll(() => {
  server.closeAllConnections();
  server.close();
});

beforeEach(() => {
  received.length = 0;
  handler = (_req, res) => sendJson(res, 200, { ok: true });
});

/** Fast by default: no rate limit, retry backoff of a few ms. */
const makeTransport = (options: TransportOptions = {}) =>
  createTransport<{}>({
    apiKey: API_KEY,
    baseUrl,
    rateLimit: false,
    ...options,
    retry: { initialDelayMs: 1, maxDelayMs: 5, ...options.retry },
  });

async function catchError(promise: Promise<unknown>): Promise<unknown> {
  try {
    await promise;
  } catch (error) {
    return error;
  }
  throw new Error("expected a rejection");
}

describe("requests", () => {
  it("sends path params, query, JSON body and headers, and parses the JSON response", async () => {
    handler = (_req, res) => sendJson(res, 201, { id: 7, name: "Ada" });
    const transport = makeTransport({ userAgent: "grinfi-sdk/1.0", defaultHeaders: { "X-Extra": "yes" } });
    const { data, response } = await transport.request<{ id: number; name: string }>("POST", "/leads/{id}/notes", {
      params: { path: { id: "a/b 7" }, query: { include: "tags", page: 2, skip: undefined } },
      body: { text: "héllo & bye" },
    });
    expect(data).toEqual({ id: 7, name: "Ada" });
    expect(response.status).toBe(201);
    const [request] = received;
    expect(request?.method).toBe("POST");
    expect(request?.url).toBe("/leads/a%2Fb%207/notes?include=tags&page=2");
    expect(JSON.parse(request?.body ?? "")).toEqual({ text: "héllo & bye" });
    expect(request?.headers["authorization"]).toBe(`Bearer ${API_KEY}`);
    expect(request?.headers["content-type"]).toBe("application/json");
    expect(request?.headers["user-agent"]).toBe("grinfi-sdk/1.0");
    expect(request?.headers["x-extra"]).toBe("yes");
  });

  it("does not let defaultHeaders override the Authorization header", async () => {
    await makeTransport({ defaultHeaders: { Authorization: "Bearer other" } }).request("GET", "/x");
    expect(received[0]?.headers["authorization"]).toBe(`Bearer ${API_KEY}`);
  });

  it("appends filterQuery pairs after the query, escaped losslessly", async () => {
    const tricky = 'a&b=c "d" é 漢 +%20';
    await makeTransport().request("GET", "/leads", {
      params: { query: { limit: 10 } },
      filterQuery: [
        ["filter[name]", tricky],
        ["filter[id][]", "1"],
        ["filter[id][]", "2"],
        ["filter[created_at][>=]", "2025-01-01"],
      ],
    });
    const url = new URL(received[0]?.url ?? "", baseUrl);
    expect(url.pathname).toBe("/leads");
    expect([...url.searchParams]).toEqual([
      ["limit", "10"],
      ["filter[name]", tricky],
      ["filter[id][]", "1"],
      ["filter[id][]", "2"],
      ["filter[created_at][>=]", "2025-01-01"],
    ]);
  });

  it("sends filterQuery alone when there is no other query", async () => {
    await makeTransport().request("GET", "/leads", { filterQuery: [["filter[a]", "1"]] });
    expect(received[0]?.url).toBe("/leads?filter%5Ba%5D=1");
  });

  it("resolves undefined data for 204, an empty 200 and a whitespace-only 200", async () => {
    const transport = makeTransport();
    handler = (_req, res) => res.writeHead(204).end();
    expect((await transport.request("DELETE", "/leads/1")).data).toBeUndefined();
    handler = (_req, res) => res.writeHead(200, { "content-type": "application/json" }).end();
    expect((await transport.request("GET", "/empty")).data).toBeUndefined();
    handler = (_req, res) => res.writeHead(200).end("  \n");
    expect((await transport.request("GET", "/blank")).data).toBeUndefined();
  });

  it("turns malformed JSON on a 2xx into an APIError and does not retry it", async () => {
    handler = (_req, res) => res.writeHead(200, { "content-type": "application/json", "x-request-id": "req_9" }).end("{not json");
    const error = await catchError(makeTransport().request("GET", "/broken"));
    expect(error).toBeInstanceOf(APIError);
    expect(error).toMatchObject({ status: 200, requestId: "req_9" });
    expect((error as APIError).message).toMatch(/not valid JSON/);
    expect(received).toHaveLength(1);
  });

  it("exposes the raw openapi-fetch client with auth and base URL set", async () => {
    const raw = makeTransport().raw as unknown as {
      GET: (path: string) => Promise<{ data?: unknown; response: Response }>;
    };
    const { data } = await raw.GET("/raw");
    expect(data).toEqual({ ok: true });
    expect(received[0]?.headers["authorization"]).toBe(`Bearer ${API_KEY}`);
  });
});

describe("what fetch is given", () => {
  it("without hooks or a custom fetch, calls fetch(url, init): method, URL, headers and body reach the server exactly", async () => {
    const spy = vi.spyOn(globalThis, "fetch");
    let calls: Parameters<typeof fetch>[];
    try {
      const transport = makeTransport({ userAgent: "grinfi-sdk/1.0", defaultHeaders: { "X-Extra": "yes" } });
      await transport.request("PATCH", "/leads/{id}", { params: { path: { id: "a/b" }, query: { q: "x y" } }, body: { name: "Zoë" } });
      await transport.request("GET", "/leads", { filterQuery: [["filter[a]", "1"]] });
      calls = [...spy.mock.calls];
    } finally {
      spy.mockRestore();
    }
    const [patchArgs, getArgs] = calls;
    expect(patchArgs?.[0]).toBe(`${baseUrl}/leads/a%2Fb?q=x%20y`);
    expect(patchArgs?.[1]).toMatchObject({ method: "PATCH", body: '{"name":"Zoë"}', redirect: "follow" });
    expect(patchArgs?.[1]?.signal).toBeInstanceOf(AbortSignal);
    expect(getArgs?.[0]).toBe(`${baseUrl}/leads?filter%5Ba%5D=1`);
    expect(getArgs?.[1]).toMatchObject({ method: "GET", body: undefined });
    expect(received.map(({ method, url, body }) => ({ method, url, body }))).toEqual([
      { method: "PATCH", url: "/leads/a%2Fb?q=x%20y", body: '{"name":"Zoë"}' },
      { method: "GET", url: "/leads?filter%5Ba%5D=1", body: "" },
    ]);
    expect(received[0]?.headers).toMatchObject({
      authorization: `Bearer ${API_KEY}`,
      "content-type": "application/json",
      "user-agent": "grinfi-sdk/1.0",
      "x-extra": "yes",
    });
    expect(received[1]?.headers["content-type"]).toBeUndefined();
  });

  it("hands a custom fetch a real Request with method, URL, headers, body and the attempt's signal", async () => {
    const seen: { request: Request; body: string }[] = [];
    const transport = makeTransport({
      userAgent: "grinfi-sdk/1.0",
      fetch: async (request) => {
        seen.push({ request, body: await request.text() });
        return new Response(JSON.stringify({ id: 1 }), { status: 201, headers: { "content-type": "application/json" } });
      },
    });
    const { data } = await transport.request("POST", "/leads/{id}/notes", { params: { path: { id: 7 } }, body: { text: "hi" } });
    expect(data).toEqual({ id: 1 });
    const [{ request, body } = { request: undefined, body: "" }] = seen;
    expect(request).toBeInstanceOf(Request);
    expect(request?.method).toBe("POST");
    expect(request?.url).toBe(`${baseUrl}/leads/7/notes`);
    expect(body).toBe('{"text":"hi"}');
    expect(Object.fromEntries(request?.headers ?? [])).toEqual({
      authorization: `Bearer ${API_KEY}`,
      "content-type": "application/json",
      "user-agent": "grinfi-sdk/1.0",
    });
    expect(request?.signal.aborted).toBe(false);
    expect(received).toHaveLength(0);
  });

  it("hands middleware added through raw a real Request, whose changes are sent", async () => {
    const transport = makeTransport();
    const seen: unknown[] = [];
    transport.raw.use({
      onRequest: ({ request }) => {
        seen.push(request);
        request.headers.set("x-trace", "t1");
      },
    });
    await transport.request("GET", "/x");
    expect(seen[0]).toBeInstanceOf(Request);
    expect(received[0]?.headers["x-trace"]).toBe("t1");
  });

  it("sends HEAD and resolves without data", async () => {
    handler = (_req, res) => res.writeHead(200, { "content-type": "application/json", "content-length": "11" }).end();
    const { data, response } = await makeTransport().request("HEAD", "/leads");
    expect(data).toBeUndefined();
    expect(response.status).toBe(200);
    expect(received[0]?.method).toBe("HEAD");
  });

  it.each([
    ["no hooks", {}],
    ["an onRequest hook", { onRequest: () => {} }],
  ])("rejects a GET with a body with fetch's own TypeError, unsent and not retried (%s)", async (_name, hooks) => {
    let acquired = 0;
    const transport = makeTransport({ ...hooks, rateLimit: { acquire: async () => void acquired++ } });
    const error = await catchError(transport.request("GET", "/x", { body: { a: 1 } }));
    expect(error).toBeInstanceOf(TypeError);
    expect(error).not.toBeInstanceOf(GrinfiError);
    expect(acquired).toBe(1);
    expect(received).toHaveLength(0);
  });
});

describe("errors over HTTP", () => {
  it.each([
    [400, BadRequestError],
    [401, AuthenticationError],
    [403, PermissionDeniedError],
    [404, NotFoundError],
    [409, ConflictError],
    [422, ValidationError],
    [429, RateLimitError],
    [500, ServerError],
    [503, ServerError],
    [418, APIError],
  ])("maps %i to %s", async (status, ErrorClass) => {
    handler = (_req, res) => sendJson(res, status, envelope(`failed with ${status}`, { email: ["is invalid"] }), { "x-request-id": "req_1" });
    const error = await catchError(makeTransport().request("GET", "/thing", { retry: false }));
    expect(error).toBeInstanceOf(ErrorClass);
    expect(error).toMatchObject({ status, message: `failed with ${status}`, reason: "test_reason", requestId: "req_1" });
    if (error instanceof ValidationError) expect(error.fieldErrors).toEqual({ email: ["is invalid"] });
  });

  it("uses the status text for an HTML error page", async () => {
    handler = (_req, res) => res.writeHead(502, { "content-type": "text/html" }).end("<html><body><h1>502 Bad Gateway</h1></body></html>");
    const error = await catchError(makeTransport().request("GET", "/proxy", { retry: false }));
    expect(error).toBeInstanceOf(ServerError);
    expect(error).toMatchObject({ status: 502, message: "Bad Gateway" });
  });

  it("uses the status text for an empty error body", async () => {
    handler = (_req, res) => res.writeHead(404).end();
    const error = await catchError(makeTransport().request("GET", "/gone", { retry: false }));
    expect(error).toBeInstanceOf(NotFoundError);
    expect((error as NotFoundError).message).toBe("Not Found");
  });

  it("raises ConnectionError when the body is cut off mid-way", async () => {
    handler = (_req, res) => {
      res.writeHead(200, { "content-type": "application/json", "content-length": "1000" });
      res.write('{"data": [');
      setTimeout(() => res.destroy(), 10);
    };
    const error = await catchError(makeTransport().request("GET", "/cut", { retry: false }));
    expect(error).toBeInstanceOf(ConnectionError);
    expect((error as ConnectionError).message).toMatch(/reading the response/);
  });

  it("raises ConnectionError with a cause when nothing listens; GET is retried, POST is not", async () => {
    const closed = createServer();
    await new Promise<void>((resolve) => closed.listen(0, "127.0.0.1", resolve));
    const port = (closed.address() as AddressInfo).port;
    await new Promise((resolve) => closed.close(resolve));

    const attempts: string[] = [];
    const transport = makeTransport({ baseUrl: `http://127.0.0.1:${port}`, onRequest: (req) => void attempts.push(req.method) });
    const getError = await catchError(transport.request("GET", "/x"));
    expect(getError).toBeInstanceOf(ConnectionError);
    expect(getError).not.toBeInstanceOf(TimeoutError);
    expect((getError as ConnectionError).cause).toBeInstanceOf(Error);
    expect(attempts).toEqual(["GET", "GET", "GET"]);

    attempts.length = 0;
    expect(await catchError(transport.request("POST", "/x", { body: {} }))).toBeInstanceOf(ConnectionError);
    expect(attempts).toEqual(["POST"]);
  });
});

describe("retries", () => {
  it("honours Retry-After on 429, then succeeds", async () => {
    handler = (_req, res, count) =>
      count === 1 ? sendJson(res, 429, envelope("Too many requests"), { "retry-after": "1" }) : sendJson(res, 200, { ok: 1 });
    const { data } = await makeTransport().request("GET", "/limited");
    expect(data).toEqual({ ok: 1 });
    expect(received).toHaveLength(2);
    // The computed backoff would be ≤ 5 ms here, so the gap proves the header was used.
    expect((received[1]?.at ?? 0) - (received[0]?.at ?? 0)).toBeGreaterThanOrEqual(990);
  });

  it("ignores a Retry-After that is neither whole seconds nor an HTTP-date, and backs off instead", async () => {
    handler = (_req, res, count) =>
      count === 1 ? sendJson(res, 429, envelope("Too many requests"), { "retry-after": "0.3" }) : sendJson(res, 200, { ok: 1 });
    const { data } = await makeTransport().request("GET", "/limited");
    expect(data).toEqual({ ok: 1 });
    expect((received[1]?.at ?? 0) - (received[0]?.at ?? 0)).toBeLessThan(290);
  });

  it("retries a POST after 429 (the server did not act on it)", async () => {
    handler = (_req, res, count) => (count === 1 ? sendJson(res, 429, envelope("slow"), { "retry-after": "0" }) : sendJson(res, 201, { id: 1 }));
    const { data } = await makeTransport().request("POST", "/leads", { body: { a: 1 } });
    expect(data).toEqual({ id: 1 });
    expect(received.map((r) => r.body)).toEqual(['{"a":1}', '{"a":1}']);
  });

  it("throws RateLimitError with retryAfterMs once retries are exhausted", async () => {
    handler = (_req, res) => sendJson(res, 429, envelope("slow"), { "retry-after": "0" });
    const error = await catchError(makeTransport().request("GET", "/limited"));
    expect(error).toBeInstanceOf(RateLimitError);
    expect((error as RateLimitError).retryAfterMs).toBe(0);
    expect(received).toHaveLength(3);
  });

  it.each(["POST", "PATCH"] as const)("never re-sends a %s after a 500", async (method) => {
    handler = (_req, res) => sendJson(res, 500, envelope("boom"));
    expect(await catchError(makeTransport().request(method, "/leads", { body: { a: 1 } }))).toBeInstanceOf(ServerError);
    expect(received).toHaveLength(1);
  });

  it("re-sends a POST after a 500 when retryNonIdempotent is set", async () => {
    handler = (_req, res, count) => (count === 1 ? sendJson(res, 500, envelope("boom")) : sendJson(res, 200, { ok: 1 }));
    const { data } = await makeTransport({ retry: { retryNonIdempotent: true } }).request("POST", "/leads", { body: {} });
    expect(data).toEqual({ ok: 1 });
    expect(received).toHaveLength(2);
  });

  it("retries a GET after 503, then succeeds", async () => {
    handler = (_req, res, count) => (count === 1 ? sendJson(res, 503, envelope("busy")) : sendJson(res, 200, { ok: 2 }));
    expect((await makeTransport().request("GET", "/leads")).data).toEqual({ ok: 2 });
    expect(received).toHaveLength(2);
  });

  it("gives up after maxRetries and throws the last error", async () => {
    handler = (_req, res) => sendJson(res, 503, envelope("still busy"));
    expect(await catchError(makeTransport({ retry: { maxRetries: 3 } }).request("GET", "/leads"))).toBeInstanceOf(ServerError);
    expect(received).toHaveLength(4);
  });

  it("lets a request override or disable the policy", async () => {
    handler = (_req, res) => sendJson(res, 503, envelope("busy"));
    const transport = makeTransport();
    await catchError(transport.request("GET", "/a", { retry: false }));
    expect(received).toHaveLength(1);
    received.length = 0;
    await catchError(transport.request("GET", "/a", { retry: { maxRetries: 1 } }));
    expect(received).toHaveLength(2);
  });

  it("keeps the default maxRetries when an override leaves it undefined", async () => {
    handler = (_req, res) => sendJson(res, 503, envelope("busy"));
    await catchError(makeTransport().request("GET", "/a", { retry: { maxRetries: undefined } }));
    expect(received).toHaveLength(3);
  });

  it("calls the hooks once per attempt and lets onRequest add headers", async () => {
    handler = (_req, res, count) => (count === 1 ? sendJson(res, 503, envelope("busy")) : sendJson(res, 200, {}));
    const statuses: number[] = [];
    const transport = makeTransport({
      onRequest: (req) => req.headers.set("x-trace", "t1"),
      onResponse: async (res, req) => {
        statuses.push(res.status);
        expect(req.url).toBe(`${baseUrl}/hooked`);
      },
    });
    await transport.request("GET", "/hooked");
    expect(statuses).toEqual([503, 200]);
    expect(received.map((r) => r.headers["x-trace"])).toEqual(["t1", "t1"]);
  });

  it("propagates a hook's own error unchanged and does not retry it", async () => {
    const bug = new Error("hook bug");
    const transport = makeTransport({
      onRequest: () => {
        throw bug;
      },
    });
    expect(await catchError(transport.request("GET", "/x"))).toBe(bug);
    expect(received).toHaveLength(0);
  });
});

describe("timeouts and aborts", () => {
  const hang: Handler = () => {
    // never answer
  };

  it("throws TimeoutError when an attempt is too slow", async () => {
    handler = hang;
    const error = await catchError(makeTransport({ attemptTimeoutMs: 50 }).request("POST", "/slow", { body: {} }));
    expect(error).toBeInstanceOf(TimeoutError);
    expect(error).not.toBeInstanceOf(DeadlineExceededError);
    expect((error as TimeoutError).message).toBe("POST /slow: the attempt timed out after 50 ms (attemptTimeoutMs)");
    expect(received).toHaveLength(1);
  });

  it("throws DeadlineExceededError when the call's timeoutMs passes during an attempt, and does not retry", async () => {
    handler = hang;
    const error = await catchError(makeTransport({ timeoutMs: 50 }).request("GET", "/slow"));
    expect(error).toBeInstanceOf(DeadlineExceededError);
    expect(error).toBeInstanceOf(TimeoutError);
    expect((error as DeadlineExceededError).timeoutMs).toBe(50);
    expect((error as DeadlineExceededError).message).toBe("GET /slow did not finish within its timeoutMs of 50 ms");
    expect(received).toHaveLength(1);
  });

  it("bounds the whole call, retries included: the retry is cut at the deadline, long before its own attempt timeout", async () => {
    // The first attempt fails fast (503), the retry hangs: only the 1 s deadline can end it before 10 s.
    handler = (req, res, count) => (count === 1 ? sendJson(res, 503, envelope("busy")) : hang(req, res, count));
    const started = performance.now();
    const error = await catchError(makeTransport({ timeoutMs: 1_000, attemptTimeoutMs: 10_000 }).request("GET", "/busy"));
    expect(error).toBeInstanceOf(DeadlineExceededError);
    expect(received).toHaveLength(2);
    expect(performance.now() - started).toBeLessThan(8_000);
  });

  it("does not begin a wait that would outlast the deadline: it fails at once with the server's answer", async () => {
    handler = (_req, res) => sendJson(res, 429, envelope("slow down"), { "retry-after": "30" });
    const started = performance.now();
    const error = await catchError(makeTransport({ timeoutMs: 5_000 }).request("GET", "/limited"));
    expect(error).toBeInstanceOf(RateLimitError);
    expect((error as RateLimitError).retryAfterMs).toBe(30_000);
    expect(received).toHaveLength(1);
    expect(performance.now() - started).toBeLessThan(4_000);
  });

  it("counts the time queued in the rate limiter against the deadline, and leaves the queue", async () => {
    const limiter = new RateLimiter({ limit: 1, windowMs: 60_000 });
    const transport = makeTransport({ rateLimit: limiter });
    await transport.request("GET", "/1");
    const error = await catchError(transport.request("GET", "/2", { timeoutMs: 50 }));
    expect(error).toBeInstanceOf(DeadlineExceededError);
    expect((error as Error).message).toBe(
      "GET /2 did not finish within its timeoutMs of 50 ms, queued by the rate limiter (start fewer calls at once, or raise timeoutMs)",
    );
    expect(received).toHaveLength(1);
  });

  it("rejects a timeout that is not a positive number", () => {
    expect(() => makeTransport({ timeoutMs: 0 })).toThrow(RangeError);
    expect(() => makeTransport({ attemptTimeoutMs: Number.NaN })).toThrow(RangeError);
  });

  it("times out while the body is still streaming", async () => {
    handler = (_req, res) => {
      res.writeHead(200, { "content-type": "application/json" });
      res.write('{"data": [');
    };
    const error = await catchError(makeTransport({ timeoutMs: 50 }).request("GET", "/trickle", { retry: false }));
    expect(error).toBeInstanceOf(TimeoutError);
  });

  it("applies a per-request attempt timeout and retries a timed-out GET", async () => {
    handler = (_req, res, count) => (count === 1 ? hang(_req, res, count) : sendJson(res, 200, { ok: 3 }));
    // Long enough that the second attempt, answered at once, never times out on a busy machine.
    const { data } = await makeTransport().request("GET", "/slow", { attemptTimeoutMs: 1_000 });
    expect(data).toEqual({ ok: 3 });
    expect(received).toHaveLength(2);
  });

  it("treats timeoutMs: Infinity as no timeout", async () => {
    handler = (_req, res) => setTimeout(() => sendJson(res, 200, { late: true }), 30);
    expect((await makeTransport({ timeoutMs: Infinity }).request("GET", "/late")).data).toEqual({ late: true });
  });

  it("throws RequestAbortedError when the caller aborts an in-flight request", async () => {
    const controller = new AbortController();
    // Aborted once the server has the request (not after a fixed delay, which a busy machine could outlast).
    handler = () => controller.abort();
    const error = await catchError(makeTransport().request("GET", "/slow", { signal: controller.signal }));
    expect(error).toBeInstanceOf(RequestAbortedError);
    expect(received).toHaveLength(1); // not retried
  });

  it("sends nothing for an already aborted signal", async () => {
    const error = await catchError(makeTransport().request("GET", "/x", { signal: AbortSignal.abort() }));
    expect(error).toBeInstanceOf(RequestAbortedError);
    expect(received).toHaveLength(0);
  });

  it("stops waiting between retries when the caller aborts", async () => {
    handler = (_req, res) => sendJson(res, 429, envelope("slow"), { "retry-after": "30" });
    const controller = new AbortController();
    const started = performance.now();
    const pending = makeTransport({ onResponse: () => void setTimeout(() => controller.abort(), 10) }).request("GET", "/x", {
      signal: controller.signal,
    });
    expect(await catchError(pending)).toBeInstanceOf(RequestAbortedError);
    expect(performance.now() - started).toBeLessThan(2000);
    expect(received).toHaveLength(1);
  });
});

describe("fetch implementations that abort with a generic AbortError", () => {
  // Older browsers and some polyfills error the body with a DOMException instead of signal.reason.
  const stallingFetch = async (request: Request): Promise<Response> => {
    const body = new ReadableStream<Uint8Array>({
      start(controller) {
        request.signal.addEventListener("abort", () => controller.error(new DOMException("The user aborted a request.", "AbortError")));
      },
    });
    return new Response(body, { status: 200, headers: { "content-type": "application/json" } });
  };

  it("still reports TimeoutError", async () => {
    const transport = makeTransport({ fetch: stallingFetch, timeoutMs: 20 });
    expect(await catchError(transport.request("GET", "/x", { retry: false }))).toBeInstanceOf(TimeoutError);
  });

  it("still reports RequestAbortedError", async () => {
    const controller = new AbortController();
    setTimeout(() => controller.abort(), 20);
    const transport = makeTransport({ fetch: stallingFetch });
    expect(await catchError(transport.request("GET", "/x", { signal: controller.signal, retry: false }))).toBeInstanceOf(RequestAbortedError);
  });
});

describe("rate limiting", () => {
  it("queues requests over the limit, across transports sharing a limiter", async () => {
    const limiter = new RateLimiter({ limit: 2, windowMs: 250 });
    const first = makeTransport({ rateLimit: limiter });
    const second = makeTransport({ rateLimit: limiter });
    await Promise.all([first.request("GET", "/1"), second.request("GET", "/2"), first.request("GET", "/3")]);
    expect(received).toHaveLength(3);
    const [a, , c] = received.map((r) => r.at);
    expect((c ?? 0) - (a ?? 0)).toBeGreaterThanOrEqual(240);
  });

  it("applies the limit per attempt", async () => {
    const acquired: number[] = [];
    const limiter = { acquire: async () => void acquired.push(1) };
    handler = (_req, res, count) => (count === 1 ? sendJson(res, 503, envelope("busy")) : sendJson(res, 200, {}));
    await makeTransport({ rateLimit: limiter }).request("GET", "/x");
    expect(acquired).toHaveLength(2);
  });

  it("rejects with RequestAbortedError when aborted while queued, without sending", async () => {
    const limiter = new RateLimiter({ limit: 1, windowMs: 60_000 });
    const transport = makeTransport({ rateLimit: limiter });
    await transport.request("GET", "/1");
    const controller = new AbortController();
    const queued = transport.request("GET", "/2", { signal: controller.signal });
    setTimeout(() => controller.abort(), 20);
    expect(await catchError(queued)).toBeInstanceOf(RequestAbortedError);
    expect(received).toHaveLength(1);
  });
});

describe("construction and secrecy", () => {
  it("requires an API key, falling back to GRINFI_API_KEY", () => {
    vi.stubEnv("GRINFI_API_KEY", "");
    try {
      expect(() => createTransport({ baseUrl })).toThrow(GrinfiError);
      expect(() => createTransport({ baseUrl })).toThrow(/GRINFI_API_KEY/);
      vi.stubEnv("GRINFI_API_KEY", "from-env");
      expect(createTransport({ baseUrl })).toBeInstanceOf(Transport);
    } finally {
      vi.unstubAllEnvs();
    }
  });

  it("uses the env key for requests", async () => {
    vi.stubEnv("GRINFI_API_KEY", "env-key");
    try {
      await createTransport({ baseUrl, rateLimit: false }).request("GET", "/x");
      expect(received[0]?.headers["authorization"]).toBe("Bearer env-key");
    } finally {
      vi.unstubAllEnvs();
    }
  });

  it("refuses plain http except to loopback hosts", () => {
    let error: unknown;
    try {
      createTransport({ apiKey: API_KEY, baseUrl: "http://leadgen.grinfi.io" });
    } catch (caught) {
      error = caught;
    }
    expect(error).toBeInstanceOf(GrinfiError);
    expect(String(error)).toMatch(/Refusing to send the API key to http:\/\/leadgen\.grinfi\.io: use https/);
    expect(String(error)).not.toContain(API_KEY);
    expect(() => createTransport({ apiKey: API_KEY, baseUrl: "http://192.168.1.10:8080" })).toThrow(/use https/);
    expect(() => createTransport({ apiKey: API_KEY, baseUrl: "ftp://localhost" })).toThrow(/use https/);
    for (const url of ["http://localhost:3000", "http://127.0.0.1:1", "http://[::1]:8080/api", "https://example.com"]) {
      expect(createTransport({ apiKey: API_KEY, baseUrl: url })).toBeInstanceOf(Transport);
    }
  });

  it("defaults to the production base URL and trims a trailing slash", () => {
    expect(createTransport({ apiKey: API_KEY }).baseUrl).toBe("https://leadgen.grinfi.io");
    expect(createTransport({ apiKey: API_KEY, baseUrl: "http://localhost:1/api/" }).baseUrl).toBe("http://localhost:1/api");
  });

  it("never reveals the key through JSON.stringify or inspect of the transport", () => {
    const transport = makeTransport();
    expect(JSON.stringify(transport)).not.toContain(API_KEY);
    expect(inspect(transport, { showHidden: true, depth: Infinity, getters: true })).not.toContain(API_KEY);
    expect(String(transport)).not.toContain(API_KEY);
  });

  it("keeps the key out of errors, even when the server echoes it", async () => {
    handler = (_req, res) =>
      sendJson(res, 401, { error: { reason: "invalid_token", message: `Token ${API_KEY} is invalid`, data: { token: [API_KEY] } } });
    const error = await catchError(makeTransport().request("GET", "/me"));
    expect(error).toBeInstanceOf(AuthenticationError);
    const authError = error as AuthenticationError;
    expect(authError.message).toBe("Token [redacted] is invalid");
    expect(authError.data).toEqual({ token: ["[redacted]"] });
    for (const text of [authError.message, String(authError), JSON.stringify(authError), inspect(authError, { depth: Infinity }), authError.stack ?? ""]) {
      expect(text).not.toContain(API_KEY);
    }
  });

  it("keeps the key out of connection, timeout and parse errors", async () => {
    handler = () => {};
    const timeout = await catchError(makeTransport({ timeoutMs: 20 }).request("GET", "/t", { retry: false }));
    handler = (_req, res) => res.writeHead(200).end("<html>");
    const parse = await catchError(makeTransport().request("GET", "/p"));
    const connection = await catchError(makeTransport({ baseUrl: "http://127.0.0.1:9" }).request("POST", "/c"));
    for (const error of [timeout, parse, connection]) {
      expect(error).toBeInstanceOf(GrinfiError);
      expect(JSON.stringify(error)).not.toContain(API_KEY);
      expect(inspect(error, { depth: Infinity, showHidden: true })).not.toContain(API_KEY);
    }
  });
});
