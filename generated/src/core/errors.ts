/** Field → messages, as sent by the API on 422 (and sometimes on other errors). */
export type FieldErrors = Record<string, string[]>;

export interface GrinfiErrorOptions {
  status?: number | undefined;
  reason?: string | undefined;
  data?: FieldErrors | undefined;
  requestId?: string | undefined;
  cause?: unknown;
}

/** What `toJSON()` exposes: never headers, request bodies, causes or credentials. */
export interface GrinfiErrorJSON {
  name: string;
  message: string;
  status: number | undefined;
  reason: string | undefined;
  data: FieldErrors | undefined;
  requestId: string | undefined;
}

/** Base class of every error the SDK throws. */
export class GrinfiError extends Error {
  // Names are set explicitly because minifiers rename classes.
  override name = "GrinfiError";
  readonly status: number | undefined;
  readonly reason: string | undefined;
  readonly data: FieldErrors | undefined;
  readonly requestId: string | undefined;

  constructor(message: string, options: GrinfiErrorOptions = {}) {
    super(message, "cause" in options ? { cause: options.cause } : undefined);
    this.status = options.status;
    this.reason = options.reason;
    this.data = options.data;
    this.requestId = options.requestId;
  }

  toJSON(): GrinfiErrorJSON {
    const { name, message, status, reason, data, requestId } = this;
    return { name, message, status, reason, data, requestId };
  }
}

/** The API answered with a non-2xx status (or an unreadable 2xx body). */
export class APIError extends GrinfiError {
  override name = "APIError";
}
export class BadRequestError extends APIError {
  override name = "BadRequestError";
}
export class AuthenticationError extends APIError {
  override name = "AuthenticationError";
}
export class PermissionDeniedError extends APIError {
  override name = "PermissionDeniedError";
}
export class NotFoundError extends APIError {
  override name = "NotFoundError";
}
export class ConflictError extends APIError {
  override name = "ConflictError";
}
export class ValidationError extends APIError {
  override name = "ValidationError";
  /** Same object as `data`, never undefined. */
  readonly fieldErrors: FieldErrors;

  constructor(message: string, options: GrinfiErrorOptions = {}) {
    super(message, options);
    this.fieldErrors = options.data ?? {};
  }
}
export class RateLimitError extends APIError {
  override name = "RateLimitError";
  /** From the Retry-After header, already capped (see `parseRetryAfter`). */
  readonly retryAfterMs: number | undefined;

  constructor(message: string, options: GrinfiErrorOptions & { retryAfterMs?: number | undefined } = {}) {
    super(message, options);
    this.retryAfterMs = options.retryAfterMs;
  }

  override toJSON(): GrinfiErrorJSON & { retryAfterMs: number | undefined } {
    return { ...super.toJSON(), retryAfterMs: this.retryAfterMs };
  }
}
export class ServerError extends APIError {
  override name = "ServerError";
}

/** No usable response: DNS, TCP, TLS failure, connection reset, unreadable body. */
export class ConnectionError extends GrinfiError {
  override name = "ConnectionError";
}
/** The attempt exceeded `timeoutMs`. A ConnectionError, since no response arrived in time. */
export class TimeoutError extends ConnectionError {
  override name = "TimeoutError";
}
/** The caller's AbortSignal fired. Never retried. */
export class RequestAbortedError extends GrinfiError {
  override name = "RequestAbortedError";
}

export const abortError = (signal: AbortSignal | undefined): RequestAbortedError =>
  new RequestAbortedError("Request aborted by the caller", { cause: signal?.reason });

export function throwIfAborted(signal: AbortSignal | undefined): void {
  if (signal?.aborted) throw abortError(signal);
}

/** Longest wait we honour: the API's window is one minute, so a longer Retry-After is not meaningful. */
export const MAX_RETRY_AFTER_MS = 60_000;

/**
 * Retry-After → milliseconds, capped to MAX_RETRY_AFTER_MS; undefined when absent or unparsable.
 * Accepts delay-seconds (decimals tolerated) or an HTTP-date (a date in the past gives 0).
 */
export function parseRetryAfter(value: string | null | undefined, now: number = Date.now()): number | undefined {
  if (!value) return undefined;
  // HTTP-dates always contain letters; without this check Date.parse would accept e.g. "-5" as a year.
  const ms = /^\s*\d+(\.\d+)?\s*$/.test(value)
    ? Number(value) * 1000
    : /[a-z]/i.test(value)
      ? Date.parse(value) - now
      : NaN;
  return Number.isNaN(ms) ? undefined : Math.min(Math.max(0, Math.ceil(ms)), MAX_RETRY_AFTER_MS);
}

const isRecord = (value: unknown): value is Record<string, unknown> =>
  typeof value === "object" && value !== null && !Array.isArray(value);

const firstString = (...values: unknown[]): string | undefined =>
  values.find((value): value is string => typeof value === "string" && value !== "");

/** Keeps only entries shaped like field → messages; a lone string becomes a one-item list. */
function toFieldErrors(value: unknown): FieldErrors | undefined {
  if (!isRecord(value)) return undefined;
  const errors: FieldErrors = {};
  for (const [field, messages] of Object.entries(value)) {
    const list = Array.isArray(messages) ? messages : [messages];
    errors[field] = list.filter((message): message is string => typeof message === "string");
  }
  return errors;
}

const ERROR_CLASS_BY_STATUS: Partial<Record<number, typeof APIError>> = {
  400: BadRequestError,
  401: AuthenticationError,
  403: PermissionDeniedError,
  404: NotFoundError,
  409: ConflictError,
  422: ValidationError,
};

/**
 * Builds the error for a non-2xx response. `body` is whatever came back: the parsed
 * `{ error: { reason, message, data }, message, code }` envelope, a string (HTML, plain text) or undefined.
 */
export function errorFromResponse(status: number, body: unknown, headers: Headers, statusText = ""): APIError {
  const envelope = isRecord(body) ? body : {};
  const inner = isRecord(envelope["error"]) ? envelope["error"] : {};
  const message =
    firstString(inner["message"], envelope["message"], envelope["error"]) ?? (statusText || `HTTP ${status}`);
  const options: GrinfiErrorOptions = {
    status,
    reason: firstString(inner["reason"]),
    data: toFieldErrors(inner["data"]),
    requestId: headers.get("x-request-id") ?? undefined,
  };
  if (status === 429) {
    return new RateLimitError(message, { ...options, retryAfterMs: parseRetryAfter(headers.get("retry-after")) });
  }
  const ErrorClass = ERROR_CLASS_BY_STATUS[status] ?? (status >= 500 ? ServerError : APIError);
  return new ErrorClass(message, options);
}
