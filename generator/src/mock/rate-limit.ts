export interface RateLimitSettings {
  /** Requests allowed per key within any `windowMs`. The API's: 300. */
  limit: number;
  /** Length of the rolling window. The API's: 60 000 (one minute). */
  windowMs: number;
}

export const API_RATE_LIMIT: Readonly<RateLimitSettings> = { limit: 300, windowMs: 60_000 };

export type RateDecision = { allowed: true; remaining: number } | { allowed: false; retryAfterSeconds: number };

/** Keys tracked before idle ones are swept, so a client inventing keys cannot grow the map without bound. */
const SWEEP_ABOVE_KEYS = 1000;

/**
 * A rolling window per API key: a request is allowed when fewer than `limit` allowed requests with the same key
 * started in the last `windowMs`. Refused requests do not count, so a client that waits as told gets through.
 */
export class RollingRateLimit {
  readonly #settings: RateLimitSettings;
  /** Start times of the allowed requests in the window, oldest first, per key. */
  readonly #hits = new Map<string, number[]>();

  constructor(settings: RateLimitSettings) {
    if (!(Number.isInteger(settings.limit) && settings.limit > 0)) throw new TypeError(`rateLimit.limit ${settings.limit} must be a positive integer`);
    if (!(Number.isFinite(settings.windowMs) && settings.windowMs > 0)) throw new TypeError(`rateLimit.windowMs ${settings.windowMs} must be a positive number`);
    this.#settings = settings;
  }

  get limit(): number {
    return this.#settings.limit;
  }

  take(key: string, now = Date.now()): RateDecision {
    const { limit, windowMs } = this.#settings;
    const hits = (this.#hits.get(key) ?? []).filter((time) => time > now - windowMs);
    if (hits.length >= limit) {
      this.#hits.set(key, hits);
      const oldest = hits[0] as number;
      return { allowed: false, retryAfterSeconds: Math.max(1, Math.ceil((oldest + windowMs - now) / 1000)) };
    }
    hits.push(now);
    this.#hits.set(key, hits);
    if (this.#hits.size > SWEEP_ABOVE_KEYS) this.#sweep(now);
    return { allowed: true, remaining: limit - hits.length };
  }

  #sweep(now: number): void {
    for (const [key, hits] of this.#hits) {
      if (!hits.some((time) => time > now - this.#settings.windowMs)) this.#hits.delete(key);
    }
  }
}
