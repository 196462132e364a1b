import { abortError } from "./errors.js";

export interface AcquireOptions {
  /** The call already had an attempt: it goes ahead of calls that have not started yet (oldest call first). */
  retry?: boolean | undefined;
}

/** Anything that can hold a request back until it may start, e.g. a limiter shared across processes. */
export interface RequestLimiter {
  /**
   * Resolves when a request may start. It may resolve with a function, which the client calls once the
   * request's answer (or failure) is in.
   */
  acquire(signal?: AbortSignal, options?: AcquireOptions): Promise<void | (() => void)>;
  /**
   * Takes a start at once if one is free, returning what `acquire` would resolve with, or undefined. Optional: the
   * client then skips arming a deadline signal for the common case where no one has to wait.
   */
  tryAcquire?(options?: AcquireOptions): (() => void) | undefined;
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
  resolve: (release: () => void) => void;
  onAbort: () => void;
  signal: AbortSignal | undefined;
  retry: boolean;
}

/** One request's place in the window: taken until `until`. */
interface Slot {
  until: number;
}

/**
 * Sliding-window limiter: at most `limit` requests in any `windowMs`, granted in FIFO order (retries of calls
 * already started first). Share one instance between clients that use the same API key.
 *
 * A request holds its slot from its start until one window after its answer came back (when the client calls
 * the function `acquire` resolves with), or after its start if nobody calls it. The server counts a request
 * when it arrives, somewhere between the two, so however the network delays vary the server never sees more
 * than `limit` in its window.
 *
 * A 429 from the server pauses it (`pause`), for every client sharing it. It then resumes at the ceiling's pace,
 * one start every `windowMs / limit`, for one window before it lets bursts through again: after a 429 someone
 * else is using the key, and a burst would mostly collect more 429s.
 *
 * A timer exists only while someone is queued, and it is deliberately not unref'd: a queued
 * acquisition is pending work, and letting Node exit would silently drop it.
 */
export class RateLimiter implements RequestLimiter {
  readonly limit: number;
  readonly windowMs: number;
  #slots: Slot[] = [];
  #queue: Waiter[] = [];
  #timer: ReturnType<typeof setTimeout> | undefined;
  #pausedUntil = 0;
  /** After a pause, until then, starts are spaced evenly (`windowMs / limit` apart) instead of bursting. */
  #pacedUntil = 0;
  #lastStart = -Infinity;

  constructor({ limit = 300, windowMs = 60_000 }: RateLimitOptions = {}) {
    if (!(limit > 0 && windowMs > 0)) throw new RangeError("RateLimiter: limit and windowMs must be positive");
    this.limit = limit;
    this.windowMs = windowMs;
  }

  /**
   * Resolves when the caller may start, with a function to call once its answer is in (calling it is optional,
   * see the class); rejects (see `abortError`) and leaves the queue if `signal` fires first.
   */
  acquire(signal?: AbortSignal, options?: AcquireOptions): Promise<() => void> {
    return new Promise((resolve, reject) => {
      if (signal?.aborted) return reject(abortError(signal));
      const slot = this.#queue.length === 0 ? this.#tryStart() : undefined;
      if (slot) return resolve(this.#releaser(slot));
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

  /** A start now, if one is free and no one is queued ahead; see `acquire` for the function it returns. */
  tryAcquire(): (() => void) | undefined {
    const slot = this.#queue.length === 0 ? this.#tryStart() : undefined;
    return slot && this.#releaser(slot);
  }

  /**
   * Grants nothing for the next `ms` (a longer pause already running is kept), then paces starts for one window
   * (see the class). A wake-up already set for an earlier slot finds the limiter paused and sets the next one.
   */
  pause(ms: number): void {
    if (!(ms > 0)) return;
    this.#pausedUntil = Math.max(this.#pausedUntil, Date.now() + ms);
    this.#pacedUntil = this.#pausedUntil + this.windowMs;
    // The first request after the pause goes at its end; the pace counts from there.
    this.#lastStart = -Infinity;
  }

  /** Keeps `slot` taken until one window from the moment the returned function is called (once). */
  #releaser(slot: Slot): () => void {
    let released = false;
    return () => {
      if (released) return;
      released = true;
      slot.until = Math.max(slot.until, Date.now() + this.windowMs);
    };
  }

  /** Takes a slot at `now` if the window has one left, no pause holds and, when pacing, the spacing allows. */
  #tryStart(now = Date.now()): Slot | undefined {
    if (now < this.#pausedUntil || (now < this.#pacedUntil && now < this.#nextPacedStart())) return undefined;
    const slot = { until: now + this.windowMs };
    if (this.limit !== Infinity) {
      // Expired slots leave from the front as they go; when the window looks full, from anywhere in it.
      while ((this.#slots[0]?.until ?? Infinity) <= now) this.#slots.shift();
      if (this.#slots.length >= this.limit) this.#slots = this.#slots.filter((taken) => taken.until > now);
      if (this.#slots.length >= this.limit) return undefined;
      this.#slots.push(slot);
    }
    this.#lastStart = now;
    return slot;
  }

  #nextPacedStart(): number {
    return this.#lastStart + this.windowMs / this.limit;
  }

  /** When #tryStart can next succeed: every constraint that holds now must have lifted. */
  #opensAt(now: number): number {
    let opensAt = now;
    if (now < this.#pausedUntil) opensAt = this.#pausedUntil;
    if (now < this.#pacedUntil) opensAt = Math.max(opensAt, this.#nextPacedStart());
    if (this.#slots.length >= this.limit) {
      opensAt = Math.max(opensAt, Math.min(...this.#slots.map((slot) => slot.until)));
    }
    return opensAt;
  }

  #drain(): void {
    const now = Date.now();
    while (this.#queue.length > 0) {
      const slot = this.#tryStart(now);
      if (!slot) break;
      const waiter = this.#queue.shift();
      waiter?.signal?.removeEventListener("abort", waiter.onAbort);
      waiter?.resolve(this.#releaser(slot));
    }
    if (this.#queue.length > 0 && this.#timer === undefined) {
      this.#timer = setTimeout(() => {
        this.#timer = undefined;
        this.#drain();
      }, this.#opensAt(now) - now);
    }
  }

  #stopTimer(): void {
    clearTimeout(this.#timer);
    this.#timer = undefined;
  }
}
