import { describe, expect, it } from "vitest";
import * as runtime from "../../generator/runtime/index.js";

describe("runtime index", () => {
  it("re-exports the public API", () => {
    expect(Object.keys(runtime).sort()).toEqual(
      [
        "APIError",
        "AuthenticationError",
        "BadRequestError",
        "ConflictError",
        "ConnectionError",
        "DEFAULT_BASE_URL",
        "DEFAULT_RETRY_POLICY",
        "DeadlineExceededError",
        "FileDownload",
        "FilterBuilder",
        "GrinfiError",
        "InvalidParameterError",
        "MultipartForm",
        "NotFoundError",
        "PaginationError",
        "PermissionDeniedError",
        "RateLimitError",
        "RateLimiter",
        "RequestAbortedError",
        "ResponseValidationError",
        "ServerError",
        "TimeoutError",
        "Transport",
        "ValidationError",
        "createTransport",
        "encodeFilterJson",
        "encodeFilterQuery",
        "errorFromResponse",
        "fileFromPath",
        "isRetryable",
        "pages",
        "paginate",
        "parseRetryAfter",
        "resolveRetryPolicy",
        "retryDelay",
        "toFilterObject",
      ].sort(),
    );
  });

  it("exposes one shared error hierarchy", () => {
    expect(new runtime.ValidationError("x")).toBeInstanceOf(runtime.APIError);
    expect(new runtime.TimeoutError("x")).toBeInstanceOf(runtime.ConnectionError);
    expect(new runtime.RequestAbortedError("x")).toBeInstanceOf(runtime.GrinfiError);
    // A deadline is a timeout (one `instanceof TimeoutError` catches both), but never retried.
    expect(new runtime.DeadlineExceededError("x", { timeoutMs: 1 })).toBeInstanceOf(runtime.TimeoutError);
    expect(new runtime.InvalidParameterError("x", { parameter: "q" })).toBeInstanceOf(runtime.GrinfiError);
    expect(new runtime.PaginationError("x", { offset: 1 })).toBeInstanceOf(runtime.GrinfiError);
  });
});
