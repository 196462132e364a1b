import { abortError } from "./errors.js";

export interface AcquireOptions {
  /** The call already had an attempt: it goes ahead of calls that have not started yet (oldest call first). */
  retry?: boolean | undefined;
}

/** Anything that can hold a request back until it may start, e.g. a limiter shared across processes. */
export interface RequestLimiter {
  acquire(signal?: AbortSignal, options?: AcquireOptions): Promise<void>;
  /**
   * Holds every request back for `ms`: called when the server answers 429 with a Retry-After the client waits
   * for, since every other request with the same key would be refused too. Optional; without it each call
   * waits on its own.
   */
  pause?(ms: number): void;
}

export interface RateLimitOptions {
  /** Starts allowed per window; Infinity lifts the cap (a 429's pause still holds). Default 300. */
  limit?: number;
  /** Default 60 000 (the API allows 300 requests per minute per key). */
  windowMs?: number;
}

interface Waiter {
  resolve: () => void;
  onAbort: () => void;
  signal: AbortSignal | undefined;
  retry: boolean;
}

/**
 * Sliding-window limiter: at most `limit` acquisitions in any `windowMs` interval, granted in FIFO order (retries
 * of calls already started first). A 429 from the server pauses it (`pause`), for every client sharing it; it
 * then resumes at the full rate. Share one instance between clients that use the same API key.
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
  #pausedUntil = 0;

  constructor({ limit = 300, windowMs = 60_000 }: RateLimitOptions = {}) {
    if (!(limit > 0 && windowMs > 0)) throw new RangeError("RateLimiter: limit and windowMs must be positive");
    this.limit = limit;
    this.windowMs = windowMs;
  }

  /** Resolves when the caller may start; rejects (see `abortError`) and leaves the queue if `signal` fires first. */
  acquire(signal?: AbortSignal, options?: AcquireOptions): Promise<void> {
    return new Promise((resolve, reject) => {
      if (signal?.aborted) return reject(abortError(signal));
      if (this.#queue.length === 0 && this.#tryStart()) return resolve();
      const waiter: Waiter = {
        resolve,
        signal,
        retry: options?.retry === true,
        onAbort: () => {
          this.#queue.splice(this.#queue.indexOf(waiter), 1);
          if (this.#queue.length === 0) this.#stopTimer();
          reject(abortError(signal));
        },
      };
      signal?.addEventListener("abort", waiter.onAbort, { once: true });
      const firstNew = waiter.retry ? this.#queue.findIndex((queued) => !queued.retry) : -1;
      this.#queue.splice(firstNew === -1 ? this.#queue.length : firstNew, 0, waiter);
      this.#drain();
    });
  }

  /**
   * Grants nothing for the next `ms` (a longer pause already running is kept). A wake-up already set for an
   * earlier slot finds the limiter paused and sets the next one for the pause's end.
   */
  pause(ms: number): void {
    if (ms > 0) this.#pausedUntil = Math.max(this.#pausedUntil, Date.now() + ms);
  }

  /** Takes a slot at `now` if the window has one left and no pause holds. */
  #tryStart(now = Date.now()): boolean {
    if (now < this.#pausedUntil) return false;
    if (this.limit === Infinity) return true;
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
      // Wake up when the pause ends or the oldest start leaves the window (> now: #tryStart just pruned).
      const opensAt = now < this.#pausedUntil ? this.#pausedUntil : (this.#starts[0] ?? now) + this.windowMs;
      this.#timer = setTimeout(() => {
        this.#timer = undefined;
        this.#drain();
      }, opensAt - now);
    }
  }

  #stopTimer(): void {
    clearTimeout(this.#timer);
    this.#timer = undefined;
  }
}
