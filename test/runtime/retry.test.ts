import { afterEach, describe, expect, it, vi } from "vitest";
import {
  APIError,
  BadRequestError,
  ConnectionError,
  DeadlineExceededError,
  InvalidParameterError,
  RateLimitError,
  RequestAbortedError,
  ServerError,
  TimeoutError,
  ValidationError,
} from "../../generator/runtime/errors.js";
import {
  DEFAULT_RETRY_POLICY,
  isRetryable,
  parseRetryAfter,
  resolveRetryPolicy,
  retryDelay,
  sleep,
  type HttpMethod,
  type RetryPolicy,
} from "../../generator/runtime/retry.js";

const policy: RetryPolicy = { ...DEFAULT_RETRY_POLICY };

describe("DEFAULT_RETRY_POLICY", () => {
  it("matches the documented defaults", () => {
    expect(DEFAULT_RETRY_POLICY).toEqual({ maxRetries: 2, initialDelayMs: 500, maxDelayMs: 8000, maxRetryAfterMs: 60_000, retryNonIdempotent: false });
  });
});

describe("resolveRetryPolicy", () => {
  it("applies overrides over the defaults or a given base", () => {
    expect(resolveRetryPolicy({ maxRetries: 5 })).toEqual({ ...DEFAULT_RETRY_POLICY, maxRetries: 5 });
    const base = { ...DEFAULT_RETRY_POLICY, initialDelayMs: 1 };
    expect(resolveRetryPolicy({ retryNonIdempotent: true }, base)).toEqual({ ...base, retryNonIdempotent: true });
    expect(resolveRetryPolicy(undefined, base)).toEqual(base);
  });

  it("ignores undefined entries instead of erasing defaults", () => {
    expect(resolveRetryPolicy({ maxRetries: undefined, maxDelayMs: 100 })).toEqual({ ...DEFAULT_RETRY_POLICY, maxDelayMs: 100 });
  });

  it("turns false into zero retries", () => {
    expect(resolveRetryPolicy(false, { ...DEFAULT_RETRY_POLICY, maxRetries: 9 }).maxRetries).toBe(0);
  });

  it("does not mutate the defaults", () => {
    resolveRetryPolicy({ maxRetries: 7 });
    expect(DEFAULT_RETRY_POLICY.maxRetries).toBe(2);
  });
});

describe("retryDelay", () => {
  it("grows exponentially up to maxDelayMs (random → 1 gives the ceiling)", () => {
    const almostOne = () => 0.999_999_9;
    expect([0, 1, 2, 3, 4, 5].map((attempt) => retryDelay(attempt, policy, undefined, almostOne))).toEqual([
      499, 999, 1999, 3999, 7999, 7999,
    ]);
  });

  it("uses full jitter: random → 0 gives 0, 0.5 gives half the ceiling", () => {
    expect(retryDelay(3, policy, undefined, () => 0)).toBe(0);
    expect(retryDelay(3, policy, undefined, () => 0.5)).toBe(2000);
  });

  it("stays within [0, ceiling) with the real Math.random", () => {
    for (let i = 0; i < 200; i++) {
      const delay = retryDelay(2, policy);
      expect(delay).toBeGreaterThanOrEqual(0);
      expect(delay).toBeLessThan(2000);
    }
  });

  it("honours Retry-After as given, even above maxDelayMs or at 0", () => {
    expect(retryDelay(0, policy, 12_000, () => 0.5)).toBe(12_000);
    expect(retryDelay(5, policy, 0, () => 0.5)).toBe(0);
  });

  it("re-exports parseRetryAfter", () => {
    expect(parseRetryAfter("2")).toBe(2000);
  });
});

describe("isRetryable", () => {
  const rateLimited = new RateLimitError("slow down", { status: 429 });
  const server = new ServerError("oops", { status: 503 });
  const network = new ConnectionError("reset");
  const timeout = new TimeoutError("slow");
  const allMethods: HttpMethod[] = ["GET", "HEAD", "OPTIONS", "PUT", "DELETE", "POST", "PATCH"];

  it.each(allMethods)("retries 429 for %s", (method) => {
    expect(isRetryable({ method, error: rateLimited, policy })).toBe(true);
  });

  it.each(["GET", "HEAD", "OPTIONS", "PUT", "DELETE"] as const)("retries 5xx, network errors and timeouts for idempotent %s", (method) => {
    for (const error of [server, network, timeout]) expect(isRetryable({ method, error, policy })).toBe(true);
  });

  it.each(["POST", "PATCH"] as const)("does not retry %s after a 5xx, network error or timeout", (method) => {
    for (const error of [server, network, timeout]) expect(isRetryable({ method, error, policy })).toBe(false);
  });

  it.each(["POST", "PATCH"] as const)("retries %s after a 5xx when retryNonIdempotent is set", (method) => {
    const optedIn = { ...policy, retryNonIdempotent: true };
    for (const error of [server, network, timeout]) expect(isRetryable({ method, error, policy: optedIn })).toBe(true);
  });

  it("retries a POST whose request is known not to have been sent", () => {
    expect(isRetryable({ method: "POST", error: network, policy, requestSent: false })).toBe(true);
  });

  it.each(allMethods)("never retries client errors, aborts or foreign errors (%s)", (method) => {
    const optedIn = { ...policy, retryNonIdempotent: true };
    for (const error of [
      new BadRequestError("bad", { status: 400 }),
      new ValidationError("invalid", { status: 422 }),
      new APIError("teapot", { status: 418 }),
      new RequestAbortedError("aborted"),
      new DeadlineExceededError("out of time", { timeoutMs: 10 }),
      new InvalidParameterError("lone surrogate", { parameter: "q" }),
      new TypeError("bug"),
      "string",
    ]) {
      expect(isRetryable({ method, error, policy: optedIn, requestSent: false })).toBe(false);
    }
  });
});

describe("sleep", () => {
  afterEach(() => {
    vi.useRealTimers();
  });

  it("resolves after the delay", async () => {
    vi.useFakeTimers();
    let done = false;
    const sleeping = sleep(1000).then(() => (done = true));
    await vi.advanceTimersByTimeAsync(999);
    expect(done).toBe(false);
    await vi.advanceTimersByTimeAsync(1);
    await sleeping;
    expect(done).toBe(true);
  });

  it("rejects with RequestAbortedError when aborted, and clears its timer", async () => {
    vi.useFakeTimers();
    const controller = new AbortController();
    const sleeping = sleep(1000, controller.signal);
    controller.abort();
    await expect(sleeping).rejects.toBeInstanceOf(RequestAbortedError);
    expect(vi.getTimerCount()).toBe(0);
  });

  it("rejects at once for an already aborted signal", async () => {
    await expect(sleep(10, AbortSignal.abort())).rejects.toBeInstanceOf(RequestAbortedError);
  });
});
