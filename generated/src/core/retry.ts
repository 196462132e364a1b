import {
  abortError,
  ConnectionError,
  DeadlineExceededError,
  RateLimitError,
  ServerError,
  throwIfAborted,
} from "./errors.js";

export { parseRetryAfter } from "./errors.js";

export type HttpMethod = "GET" | "HEAD" | "OPTIONS" | "PUT" | "DELETE" | "POST" | "PATCH";

export interface RetryPolicy {
  /**
   * Retries after the first attempt; 0 disables retrying. A 429 whose Retry-After the client waits for (a wait
   * above 0 and up to `maxRetryAfterMs`) does not use one up: the server did nothing and said when to come back,
   * so such a call keeps its turn until the call's `timeoutMs`.
   */
  maxRetries: number;
  /** Upper bound of the first backoff; doubles each retry. */
  initialDelayMs: number;
  /** Upper bound of any computed backoff (a server Retry-After is honoured as sent, up to `maxRetryAfterMs`). */
  maxDelayMs: number;
  /**
   * Longest Retry-After the client waits for. A 429 asking for longer fails at once with a RateLimitError whose
   * `retryAfterMs` says how long the server asked for. The API's window is one minute. The client's own value
   * (not a call's) also decides whether a 429 pauses its rate limiter for everyone.
   */
  maxRetryAfterMs: number;
  /** Also retry POST/PATCH after a 5xx or network failure, accepting that the server may act twice. */
  retryNonIdempotent: boolean;
}

export const DEFAULT_RETRY_POLICY: Readonly<RetryPolicy> = {
  maxRetries: 2,
  initialDelayMs: 500,
  maxDelayMs: 8000,
  maxRetryAfterMs: 60_000,
  retryNonIdempotent: false,
};

/** `base` with `override` applied; undefined entries are ignored, `false` means no retries. */
export function resolveRetryPolicy(
  override: Partial<RetryPolicy> | false | undefined,
  base: RetryPolicy = DEFAULT_RETRY_POLICY,
): RetryPolicy {
  if (override === false) return { ...base, maxRetries: 0 };
  const defined = Object.entries(override ?? {}).filter(([, value]) => value !== undefined);
  return { ...base, ...Object.fromEntries(defined) };
}

const IDEMPOTENT_METHODS: ReadonlySet<string> = new Set(["GET", "HEAD", "OPTIONS", "PUT", "DELETE"]);

/**
 * Wait before retry number `attempt` (0 for the first retry): the server's Retry-After when given,
 * otherwise "full jitter" exponential backoff, a random value in [0, min(maxDelayMs, initialDelayMs · 2^attempt)).
 */
export function retryDelay(
  attempt: number,
  policy: RetryPolicy,
  retryAfterMs?: number,
  random: () => number = Math.random,
): number {
  if (retryAfterMs !== undefined) return retryAfterMs;
  return Math.floor(random() * Math.min(policy.maxDelayMs, policy.initialDelayMs * 2 ** attempt));
}

export interface RetryCheck {
  method: HttpMethod;
  error: unknown;
  policy: RetryPolicy;
  /**
   * Whether the request may have reached the server. Defaults to true: a network error can happen after
   * the server acted, so it only makes a POST retryable when you know for certain nothing was sent.
   */
  requestSent?: boolean;
}

/** Whether `error` is worth another attempt. Does not count attempts: compare with `policy.maxRetries` yourself. */
export function isRetryable({ method, error, policy, requestSent = true }: RetryCheck): boolean {
  // A 429 means the server refused without acting, so even a POST is safe to repeat.
  if (error instanceof RateLimitError) return true;
  // The call is out of time: another attempt would only fail the same way.
  if (error instanceof DeadlineExceededError) return false;
  if (!(error instanceof ServerError || error instanceof ConnectionError)) return false;
  return !requestSent || policy.retryNonIdempotent || IDEMPOTENT_METHODS.has(method);
}

/** Resolves after `ms`, or rejects as soon as `signal` fires (see `abortError`). */
export function sleep(ms: number, signal?: AbortSignal): Promise<void> {
  return new Promise((resolve, reject) => {
    throwIfAborted(signal);
    const onAbort = (): void => {
      clearTimeout(timer);
      reject(abortError(signal));
    };
    const timer = setTimeout(() => {
      signal?.removeEventListener("abort", onAbort);
      resolve();
    }, ms);
    signal?.addEventListener("abort", onAbort, { once: true });
  });
}
