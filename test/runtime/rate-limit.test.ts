import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import { RequestAbortedError } from "../../generator/runtime/errors.js";
import { RateLimiter } from "../../generator/runtime/rate-limit.js";

/** Largest number of timestamps inside any half-open window [t, t + windowMs). */
function maxInAnyWindow(times: number[], windowMs: number): number {
  const sorted = [...times].sort((a, b) => a - b);
  let max = 0;
  let first = 0;
  for (let last = 0; last < sorted.length; last++) {
    while ((sorted[last] ?? 0) - (sorted[first] ?? 0) >= windowMs) first++;
    max = Math.max(max, last - first + 1);
  }
  return max;
}

describe("RateLimiter", () => {
  beforeEach(() => {
    vi.useFakeTimers({ now: 0 });
  });
  afterEach(() => {
    vi.useRealTimers();
  });

  it("defaults to 300 per minute", () => {
    const limiter = new RateLimiter();
    expect([limiter.limit, limiter.windowMs]).toEqual([300, 60_000]);
  });

  it("rejects nonsensical settings", () => {
    expect(() => new RateLimiter({ limit: 0 })).toThrow(RangeError);
    expect(() => new RateLimiter({ windowMs: -1 })).toThrow(RangeError);
    expect(() => new RateLimiter({ limit: Number.NaN })).toThrow(RangeError);
  });

  it("lets a burst of 1000 through at no more than 300 per rolling minute, in FIFO order", async () => {
    const limiter = new RateLimiter();
    const startedAt: number[] = [];
    const order: number[] = [];
    const all = Array.from({ length: 1000 }, (_, index) =>
      limiter.acquire().then(() => {
        startedAt.push(Date.now());
        order.push(index);
      }),
    );
    await vi.advanceTimersByTimeAsync(0);
    expect(startedAt).toHaveLength(300);

    await vi.runAllTimersAsync();
    await Promise.all(all);
    expect(startedAt).toHaveLength(1000);
    expect(order).toEqual(Array.from({ length: 1000 }, (_, index) => index));
    expect(maxInAnyWindow(startedAt, 60_000)).toBe(300);
    // ceil(1000 / 300) = 4 windows: the last batch starts at the beginning of the 4th.
    expect(Math.max(...startedAt)).toBe(3 * 60_000);
    expect(vi.getTimerCount()).toBe(0);
  });

  it("slides: a slot frees exactly one window after each start", async () => {
    const limiter = new RateLimiter({ limit: 2, windowMs: 1000 });
    const startedAt: number[] = [];
    const record = () => startedAt.push(Date.now());
    await limiter.acquire().then(record);
    vi.advanceTimersByTime(400);
    await limiter.acquire().then(record);
    const third = limiter.acquire().then(record);
    const fourth = limiter.acquire().then(record);
    await vi.advanceTimersByTimeAsync(2000);
    await Promise.all([third, fourth]);
    expect(startedAt).toEqual([0, 400, 1000, 1400]);
  });

  it("does not let a newcomer take a freed slot ahead of someone already waiting", async () => {
    const limiter = new RateLimiter({ limit: 1, windowMs: 1000 });
    const order: string[] = [];
    await limiter.acquire();
    const waiting = limiter.acquire().then(() => order.push("waiting"));
    vi.setSystemTime(1000); // the slot is free, but the limiter's timer has not fired yet
    const newcomer = limiter.acquire().then(() => order.push("newcomer"));
    await vi.advanceTimersByTimeAsync(1000);
    await Promise.all([waiting, newcomer]);
    expect(order).toEqual(["waiting", "newcomer"]);
  });

  it("removes an aborted waiter from the queue and lets the next one take its place", async () => {
    const limiter = new RateLimiter({ limit: 1, windowMs: 1000 });
    await limiter.acquire();
    const controller = new AbortController();
    const aborted = limiter.acquire(controller.signal);
    const next = limiter.acquire();
    let nextStarted = false;
    void next.then(() => (nextStarted = true));

    controller.abort();
    await expect(aborted).rejects.toBeInstanceOf(RequestAbortedError);
    await vi.advanceTimersByTimeAsync(1000);
    expect(nextStarted).toBe(true);
  });

  it("clears its timer when the last waiter aborts", async () => {
    const limiter = new RateLimiter({ limit: 1, windowMs: 1000 });
    await limiter.acquire();
    const controller = new AbortController();
    const waiting = limiter.acquire(controller.signal);
    expect(vi.getTimerCount()).toBe(1);
    controller.abort();
    await expect(waiting).rejects.toBeInstanceOf(RequestAbortedError);
    expect(vi.getTimerCount()).toBe(0);
  });

  it("rejects immediately for an already aborted signal without using a slot", async () => {
    const limiter = new RateLimiter({ limit: 1, windowMs: 1000 });
    await expect(limiter.acquire(AbortSignal.abort())).rejects.toBeInstanceOf(RequestAbortedError);
    await limiter.acquire(); // the only slot is still free
  });

  it("counts the window from the answer when the caller reports it, so a slow request cannot let the next one in early", async () => {
    const limiter = new RateLimiter({ limit: 1, windowMs: 1000 });
    const release = await limiter.acquire();
    vi.advanceTimersByTime(300); // the request takes 300 ms; the server counted it somewhere in between
    release();
    release(); // a second call changes nothing
    let startedAt: number | undefined;
    const next = limiter.acquire().then(() => (startedAt = Date.now()));
    await vi.advanceTimersByTimeAsync(700);
    expect(startedAt).toBeUndefined(); // one window after the start (t = 1000) is not enough
    await vi.advanceTimersByTimeAsync(300);
    await next;
    expect(startedAt).toBe(1300);
  });

  it("is shared: two users of one instance together stay under the limit", async () => {
    const limiter = new RateLimiter({ limit: 3, windowMs: 1000 });
    const startedAt: number[] = [];
    const user = () => Array.from({ length: 5 }, () => limiter.acquire().then(() => startedAt.push(Date.now())));
    const all = [...user(), ...user()];
    await vi.runAllTimersAsync();
    await Promise.all(all);
    expect(maxInAnyWindow(startedAt, 1000)).toBe(3);
  });

  it("is a no-op with limit Infinity", async () => {
    const limiter = new RateLimiter({ limit: Infinity });
    await Promise.all(Array.from({ length: 10_000 }, () => limiter.acquire()));
    expect(vi.getTimerCount()).toBe(0);
    await expect(limiter.acquire(AbortSignal.abort())).rejects.toBeInstanceOf(RequestAbortedError);
  });
});

describe("RateLimiter.pause (a 429 with Retry-After)", () => {
  beforeEach(() => {
    vi.useFakeTimers({ now: 0 });
  });
  afterEach(() => {
    vi.useRealTimers();
  });

  /** Starts `count` acquisitions and records when each is granted. */
  const startAll = (limiter: RateLimiter, count: number, startedAt: number[]) =>
    Array.from({ length: count }, () => limiter.acquire().then(() => startedAt.push(Date.now())));

  it("grants nothing until the pause ends, then resumes at the ceiling's pace for a window, then bursts again", async () => {
    const limiter = new RateLimiter({ limit: 4, windowMs: 10_000 });
    const startedAt: number[] = [];
    await limiter.acquire();
    limiter.pause(2_000);
    const paused = startAll(limiter, 3, startedAt);
    await vi.advanceTimersByTimeAsync(1_999);
    expect(startedAt).toEqual([]);
    // From the pause's end (2 000) until one window later (12 000): one start every 10 000 / 4 ms.
    await vi.advanceTimersByTimeAsync(1);
    expect(startedAt).toEqual([2_000]);
    await vi.runAllTimersAsync();
    await Promise.all(paused);
    expect(startedAt).toEqual([2_000, 4_500, 7_000]);
    // Past the paced window, the free slots are granted at once again.
    vi.setSystemTime(30_000);
    const later: number[] = [];
    await Promise.all(startAll(limiter, 4, later));
    expect(later).toEqual([30_000, 30_000, 30_000, 30_000]);
    expect(vi.getTimerCount()).toBe(0);
  });

  it("keeps the longer of two pauses", async () => {
    const limiter = new RateLimiter({ limit: 10, windowMs: 1_000 });
    const startedAt: number[] = [];
    limiter.pause(3_000);
    limiter.pause(1_000); // does not shorten it
    const all = startAll(limiter, 1, startedAt);
    await vi.runAllTimersAsync();
    await Promise.all(all);
    expect(startedAt).toEqual([3_000]);
  });

  it("a pause that starts while someone waits for a slot moves their start to the pause's end", async () => {
    const limiter = new RateLimiter({ limit: 1, windowMs: 1_000 });
    const startedAt: number[] = [];
    await limiter.acquire();
    const all = startAll(limiter, 1, startedAt);
    vi.advanceTimersByTime(500);
    limiter.pause(5_000);
    await vi.runAllTimersAsync();
    await Promise.all(all);
    expect(startedAt).toEqual([5_500]);
  });

  it("holds even with limit Infinity", async () => {
    const limiter = new RateLimiter({ limit: Infinity });
    const startedAt: number[] = [];
    limiter.pause(1_000);
    const all = startAll(limiter, 3, startedAt);
    await vi.runAllTimersAsync();
    await Promise.all(all);
    expect(startedAt).toEqual([1_000, 1_000, 1_000]);
  });

  it("ignores a pause of zero, a negative or NaN", async () => {
    const limiter = new RateLimiter({ limit: 5 });
    for (const ms of [0, -1, Number.NaN]) limiter.pause(ms);
    await limiter.acquire();
    expect(vi.getTimerCount()).toBe(0);
  });

  it("lets a waiter abort during the pause, leaving no timer", async () => {
    const limiter = new RateLimiter();
    limiter.pause(60_000);
    const controller = new AbortController();
    const waiting = limiter.acquire(controller.signal);
    expect(vi.getTimerCount()).toBe(1);
    controller.abort();
    await expect(waiting).rejects.toBeInstanceOf(RequestAbortedError);
    expect(vi.getTimerCount()).toBe(0);
  });

  it("puts retries of calls already started ahead of new calls, oldest retry first", async () => {
    const limiter = new RateLimiter({ limit: 1, windowMs: 1_000 });
    const order: string[] = [];
    await limiter.acquire();
    const queued = [
      limiter.acquire().then(() => order.push("new 1")),
      limiter.acquire().then(() => order.push("new 2")),
      limiter.acquire(undefined, { retry: true }).then(() => order.push("retry 1")),
      limiter.acquire().then(() => order.push("new 3")),
      limiter.acquire(undefined, { retry: true }).then(() => order.push("retry 2")),
    ];
    await vi.runAllTimersAsync();
    await Promise.all(queued);
    expect(order).toEqual(["retry 1", "retry 2", "new 1", "new 2", "new 3"]);
  });
});
