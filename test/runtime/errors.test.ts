import { describe, expect, it } from "vitest";
import {
  APIError,
  AuthenticationError,
  BadRequestError,
  ConflictError,
  ConnectionError,
  errorFromResponse,
  GrinfiError,
  NotFoundError,
  parseRetryAfter,
  PermissionDeniedError,
  RateLimitError,
  RequestAbortedError,
  ServerError,
  throwIfAborted,
  TimeoutError,
  ValidationError,
} from "../../generator/runtime/errors.js";

const envelope = (message: string, reason = "some_reason", data: unknown = {}) => ({
  error: { reason, message, data },
  message: `outer ${message}`,
  code: 1,
});

describe("errorFromResponse", () => {
  it.each([
    [400, BadRequestError],
    [401, AuthenticationError],
    [403, PermissionDeniedError],
    [404, NotFoundError],
    [409, ConflictError],
    [422, ValidationError],
    [429, RateLimitError],
    [500, ServerError],
    [502, ServerError],
    [503, ServerError],
    [418, APIError],
    [410, APIError],
  ])("maps %i to %s", (status, ErrorClass) => {
    const error = errorFromResponse(status, envelope("boom"), new Headers());
    expect(error).toBeInstanceOf(ErrorClass);
    expect(error).toBeInstanceOf(APIError);
    expect(error).toBeInstanceOf(GrinfiError);
    expect(error).toBeInstanceOf(Error);
    expect(error.name).toBe(ErrorClass.name);
    expect(error.status).toBe(status);
    expect(error.message).toBe("boom");
    expect(error.reason).toBe("some_reason");
  });

  it("reads field errors, the request id and the outer message", () => {
    const body = { error: { reason: "validation", data: { email: ["is invalid", "is taken"], name: "required" } }, message: "Invalid data" };
    const error = errorFromResponse(422, body, new Headers({ "x-request-id": "req_123" }));
    expect(error).toBeInstanceOf(ValidationError);
    expect(error.message).toBe("Invalid data");
    expect(error.requestId).toBe("req_123");
    expect((error as ValidationError).fieldErrors).toEqual({ email: ["is invalid", "is taken"], name: ["required"] });
    expect(error.data).toBe((error as ValidationError).fieldErrors);
  });

  it("gives ValidationError an empty fieldErrors object when the body has none", () => {
    const error = errorFromResponse(422, undefined, new Headers(), "Unprocessable Entity") as ValidationError;
    expect(error.fieldErrors).toEqual({});
    expect(error.data).toBeUndefined();
  });

  it.each([
    ["HTML", "<html><body><h1>502 Bad Gateway</h1></body></html>"],
    ["empty", undefined],
    ["empty string", ""],
    ["array", [1, 2]],
    ["number", 42],
    ["null", null],
    ["envelope without messages", { error: { reason: 7, message: 9 } }],
  ])("falls back to the status text for a %s body", (_label, body) => {
    const error = errorFromResponse(502, body, new Headers(), "Bad Gateway");
    expect(error).toBeInstanceOf(ServerError);
    expect(error.message).toBe("Bad Gateway");
    expect(error.reason).toBeUndefined();
  });

  it("falls back to the status code when there is no status text either", () => {
    expect(errorFromResponse(500, "", new Headers()).message).toBe("HTTP 500");
  });

  it("uses a string `error` field as the message", () => {
    expect(errorFromResponse(401, { error: "Unauthenticated." }, new Headers()).message).toBe("Unauthenticated.");
  });

  it("parses Retry-After into RateLimitError.retryAfterMs", () => {
    const withHeader = errorFromResponse(429, envelope("slow down"), new Headers({ "retry-after": "12" }));
    expect((withHeader as RateLimitError).retryAfterMs).toBe(12_000);
    const without = errorFromResponse(429, envelope("slow down"), new Headers());
    expect((without as RateLimitError).retryAfterMs).toBeUndefined();
  });
});

describe("toJSON", () => {
  it("exposes only safe fields, never the cause", () => {
    const error = new ConnectionError("GET /leads failed", { cause: new Error("secret-in-cause") });
    expect(JSON.parse(JSON.stringify(error))).toEqual({ name: "ConnectionError", message: "GET /leads failed" });
    expect(JSON.stringify(error)).not.toContain("secret-in-cause");
  });

  it("includes status, reason, data, requestId and retryAfterMs", () => {
    const error = errorFromResponse(429, envelope("slow", "rate", { a: ["b"] }), new Headers({ "retry-after": "1", "x-request-id": "r1" }));
    expect(error.toJSON()).toEqual({
      name: "RateLimitError",
      message: "slow",
      status: 429,
      reason: "rate",
      data: { a: ["b"] },
      requestId: "r1",
      retryAfterMs: 1000,
    });
    expect(String(error)).toBe("RateLimitError: slow");
  });
});

describe("non-HTTP errors", () => {
  it("TimeoutError is a ConnectionError; RequestAbortedError is not", () => {
    expect(new TimeoutError("t")).toBeInstanceOf(ConnectionError);
    expect(new RequestAbortedError("a")).not.toBeInstanceOf(ConnectionError);
    expect(new TimeoutError("t").name).toBe("TimeoutError");
  });

  it("keeps the cause of a ConnectionError", () => {
    const cause = new TypeError("fetch failed");
    expect(new ConnectionError("x", { cause }).cause).toBe(cause);
  });

  it("throwIfAborted throws RequestAbortedError carrying the abort reason", () => {
    throwIfAborted(undefined);
    throwIfAborted(new AbortController().signal);
    const controller = new AbortController();
    controller.abort("stop");
    expect(() => throwIfAborted(controller.signal)).toThrow(RequestAbortedError);
    try {
      throwIfAborted(controller.signal);
    } catch (error) {
      expect((error as RequestAbortedError).cause).toBe("stop");
    }
  });
});

describe("parseRetryAfter", () => {
  const now = Date.parse("2025-01-01T00:00:00Z");

  it.each([
    ["0", 0],
    ["1", 1000],
    ["30", 30_000],
    [" 2 ", 2000],
    ["007", 7000],
    // Not capped: what a long wait means is the client's decision (RetryPolicy.maxRetryAfterMs).
    ["3600", 3_600_000],
    ["Wed, 01 Jan 2025 00:00:05 GMT", 5000],
    ["wed, 01 jan 2025 00:00:05 gmt", 5000],
    ["Tue, 31 Dec 2024 23:59:00 GMT", 0],
    ["Wed, 01 Jan 2025 01:00:00 GMT", 3_600_000],
    // The obsolete forms RFC 9110 still requires a recipient to read: RFC 850 and asctime.
    ["Wednesday, 01-Jan-25 00:00:10 GMT", 10_000],
    ["Wed Jan  1 00:00:20 2025", 20_000],
  ])("%j → %i ms", (value, expected) => {
    expect(parseRetryAfter(value, now)).toBe(expected);
  });

  it.each([
    null,
    undefined,
    "",
    "soon",
    "-5",
    "1.5",
    "0.25",
    "1e3",
    "+3",
    "x 1",
    "soon 12",
    "May 3",
    "12 May",
    "2025-01-01T00:00:05Z",
    "Wed, 01 Jan 2025 00:00:05",
    "Wed, 31 Feb 2025 00:00:05 GMT",
    "Wed, 01 Jan 2025 24:00:05 GMT",
    "Wed, 01 Foo 2025 00:00:05 GMT",
  ])("%j → undefined (not delta-seconds nor an HTTP-date: ignored)", (value) => {
    expect(parseRetryAfter(value, now)).toBeUndefined();
  });

  it("reads a two-digit RFC 850 year in the nearest century that is not more than 50 years ahead", () => {
    expect(parseRetryAfter("Sunday, 06-Nov-94 08:49:37 GMT", now)).toBe(0);
    expect(parseRetryAfter("Thursday, 01-Jan-70 00:00:00 GMT", now)).toBe(Date.UTC(2070, 0, 1) - now);
  });
});
