import { abortError } from "./errors.js";

/** Anything that can hold a request back until it may start, e.g. a limiter shared across processes. */
export interface RequestLimiter {
  acquire(signal?: AbortSignal): Promise<void>;
}

export interface RateLimitOptions {
  /** Starts allowed per window; Infinity turns the limiter into a no-op. Default 300. */
  limit?: number;
  /** Default 60 000 (the API allows 300 requests per minute per key). */
  windowMs?: number;
}

interface Waiter {
  resolve: () => void;
  onAbort: () => void;
  signal: AbortSignal | undefined;
}

/**
 * Sliding-window limiter: at most `limit` acquisitions in any `windowMs` interval, granted in FIFO order.
 * Share one instance between clients that use the same API key.
 *
 * A timer exists only while someone is queued, and it is deliberately not unref'd: a queued
 * acquisition is pending work, and letting Node exit would silently drop it.
 */
export class RateLimiter implements RequestLimiter {
  readonly limit: number;
  readonly windowMs: number;
  #starts: number[] = []; // start times still inside the window, oldest first
  #queue: Waiter[] = [];
  #timer: ReturnType<typeof setTimeout> | undefined;

  constructor({ limit = 300, windowMs = 60_000 }: RateLimitOptions = {}) {
    if (!(limit > 0 && windowMs > 0)) throw new RangeError("RateLimiter: limit and windowMs must be positive");
    this.limit = limit;
    this.windowMs = windowMs;
  }

  /** Resolves when the caller may start; rejects with RequestAbortedError (and leaves the queue) if `signal` fires first. */
  acquire(signal?: AbortSignal): Promise<void> {
    return new Promise((resolve, reject) => {
      if (signal?.aborted) return reject(abortError(signal));
      if (this.limit === Infinity) return resolve();
      if (this.#queue.length === 0 && this.#tryStart()) return resolve();
      const waiter: Waiter = {
        resolve,
        signal,
        onAbort: () => {
          this.#queue.splice(this.#queue.indexOf(waiter), 1);
          if (this.#queue.length === 0) this.#stopTimer();
          reject(abortError(signal));
        },
      };
      signal?.addEventListener("abort", waiter.onAbort, { once: true });
      this.#queue.push(waiter);
      this.#drain();
    });
  }

  /** Takes a slot at `now` if the window has one left. */
  #tryStart(now = Date.now()): boolean {
    const starts = this.#starts;
    while (starts.length > 0 && (starts[0] ?? 0) <= now - this.windowMs) starts.shift();
    if (starts.length >= this.limit) return false;
    starts.push(now);
    return true;
  }

  #drain(): void {
    const now = Date.now();
    while (this.#queue.length > 0 && this.#tryStart(now)) {
      const waiter = this.#queue.shift();
      waiter?.signal?.removeEventListener("abort", waiter.onAbort);
      waiter?.resolve();
    }
    if (this.#queue.length > 0 && this.#timer === undefined) {
      // Wake up when the oldest start leaves the window (> 0 because #tryStart just pruned).
      this.#timer = setTimeout(() => {
        this.#timer = undefined;
        this.#drain();
      }, (this.#starts[0] ?? now) + this.windowMs - now);
    }
  }

  #stopTimer(): void {
    clearTimeout(this.#timer);
    this.#timer = undefined;
  }
}
