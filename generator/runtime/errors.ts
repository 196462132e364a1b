import type { DriftReport } from "./drift.js";

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
  /**
   * How long the server asked to wait, from its Retry-After header (see `parseRetryAfter`); undefined when it sent
   * none or one that is not a number of seconds or an HTTP-date.
   */
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
/**
 * No complete response in time. Thrown as is when one attempt exceeds `attemptTimeoutMs` (retried for idempotent
 * methods); its subclass DeadlineExceededError when the whole call exceeds `timeoutMs`.
 */
export class TimeoutError extends ConnectionError {
  override name = "TimeoutError";
}
/** The call's `timeoutMs` passed: while queued by the rate limiter or during an attempt. Never retried. */
export class DeadlineExceededError extends TimeoutError {
  override name = "DeadlineExceededError";
  /** The deadline that passed, in milliseconds from the start of the call. */
  readonly timeoutMs: number;

  constructor(message: string, options: GrinfiErrorOptions & { timeoutMs: number }) {
    super(message, options);
    this.timeoutMs = options.timeoutMs;
  }
}
/** The caller's AbortSignal fired. Never retried. */
export class RequestAbortedError extends GrinfiError {
  override name = "RequestAbortedError";
}
/** A parameter cannot be put in a URL (an unpaired UTF-16 surrogate). Thrown before anything is sent. */
export class InvalidParameterError extends GrinfiError {
  override name = "InvalidParameterError";
  /** Where the value sits, e.g. `query.q`, `path.uuid` or `filter[first_name]`. */
  readonly parameter: string;

  constructor(message: string, options: GrinfiErrorOptions & { parameter: string }) {
    super(message, options);
    this.parameter = options.parameter;
  }
}

/**
 * The error a wait ends with when `signal` fires: the SDK's own deadline aborts with its DeadlineExceededError,
 * which is passed on as is; anything else is the caller's abort.
 */
export const abortError = (signal: AbortSignal | undefined): GrinfiError =>
  signal?.reason instanceof DeadlineExceededError
    ? signal.reason
    : new RequestAbortedError("Request aborted by the caller", { cause: signal?.reason });

export function throwIfAborted(signal: AbortSignal | undefined): void {
  if (signal?.aborted) throw abortError(signal);
}

const MONTHS = ["jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov", "dec"];
/** The three forms of HTTP-date that RFC 9110 (section 5.6.7) requires a recipient to read. */
const HTTP_DATES = [
  /^(?:mon|tue|wed|thu|fri|sat|sun), (?<day>\d{2}) (?<month>[a-z]{3}) (?<year>\d{4}) (?<time>\d{2}:\d{2}:\d{2}) GMT$/i,
  /^(?:mon|tues|wednes|thurs|fri|satur|sun)day, (?<day>\d{2})-(?<month>[a-z]{3})-(?<year>\d{2}) (?<time>\d{2}:\d{2}:\d{2}) GMT$/i,
  /^(?:mon|tue|wed|thu|fri|sat|sun) (?<month>[a-z]{3}) (?<day>[ \d]\d) (?<time>\d{2}:\d{2}:\d{2}) (?<year>\d{4})$/i,
];

/** An RFC 9110 HTTP-date → epoch milliseconds; undefined for anything else (Date.parse would take "May 3"). */
function parseHttpDate(value: string, now: number): number | undefined {
  const groups = HTTP_DATES.map((form) => form.exec(value)?.groups).find(Boolean);
  if (!groups) return undefined;
  const month = MONTHS.indexOf(groups["month"]?.toLowerCase() ?? "");
  const day = Number(groups["day"]);
  let year = Number(groups["year"]);
  if (groups["year"]?.length === 2) {
    // A two-digit year (RFC 850 form) more than 50 years ahead means the past century.
    year += 2000;
    while (year > new Date(now).getUTCFullYear() + 50) year -= 100;
  }
  const [hours = 0, minutes = 0, seconds = 0] = (groups["time"] ?? "").split(":").map(Number);
  if (month < 0 || hours > 23 || minutes > 59 || seconds > 60) return undefined;
  const ms = Date.UTC(year, month, day, hours, minutes, seconds);
  // A day the month does not have (31 Feb) would roll over into the next: refuse it.
  return new Date(ms).getUTCDate() === day ? ms : undefined;
}

/**
 * Retry-After → milliseconds to wait; undefined when absent or not one of the two forms RFC 9110 defines:
 * a non-negative whole number of seconds, or an HTTP-date (one in the past gives 0). Anything else
 * ("1.5", "-5", "soon 12", "May 3") is ignored, and the client backs off on its own.
 * Not capped: the client decides what to do with a long wait (see `RetryPolicy.maxRetryAfterMs`).
 */
export function parseRetryAfter(value: string | null | undefined, now: number = Date.now()): number | undefined {
  const trimmed = value?.trim();
  if (!trimmed) return undefined;
  if (/^\d+$/.test(trimmed)) return Number(trimmed) * 1000;
  const date = parseHttpDate(trimmed, now);
  return date === undefined ? undefined : Math.max(0, date - now);
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

/**
 * An answer differed from the spec and the client has `validateResponses: "throw"`. `report` says how, without the
 * answer's values unless the client has `driftValues: true`.
 */
export class ResponseValidationError extends GrinfiError {
  override name = "ResponseValidationError";
  // Set by the validation that throws this (core/answers.ts), which is loaded only when turned on: no constructor
  // of its own keeps the code every client loads as small as the other errors'.
  declare readonly report: DriftReport;
}
