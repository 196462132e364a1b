import { describe, expect, it, vi } from "vitest";
import { RequestAbortedError } from "../../generator/runtime/errors.js";
import { pages, paginate, PaginationError, type Page, type PageRequest } from "../../generator/runtime/pagination.js";

/** A fake list endpoint over `items`, recording every request; `serverMaxLimit` mimics a server-side cap. */
function fakeEndpoint(items: number[], { serverMaxLimit = Infinity, hasMore = true, total = items.length } = {}) {
  const requests: PageRequest[] = [];
  const fetchPage = vi.fn(async (request: PageRequest): Promise<Page<number>> => {
    requests.push(request);
    const limit = Math.min(request.limit, serverMaxLimit);
    const data = items.slice(request.offset, request.offset + limit);
    const page: Page<number> = { data, limit, offset: request.offset, total };
    if (hasMore) page.has_more = request.offset + data.length < items.length;
    return page;
  });
  return { fetchPage, requests };
}

async function collect<T>(iterable: AsyncIterable<T>): Promise<T[]> {
  const out: T[] = [];
  for await (const item of iterable) out.push(item);
  return out;
}

const range = (n: number) => Array.from({ length: n }, (_, i) => i);

describe("paginate", () => {
  it("yields every item, page by page, stopping on has_more: false", async () => {
    const { fetchPage, requests } = fakeEndpoint(range(25));
    expect(await collect(paginate(fetchPage, { pageSize: 10 }))).toEqual(range(25));
    expect(requests.map(({ limit, offset }) => [limit, offset])).toEqual([
      [10, 0],
      [10, 10],
      [10, 20],
    ]);
  });

  it("stops on offset + data.length >= total when has_more is absent", async () => {
    const { fetchPage } = fakeEndpoint(range(20), { hasMore: false });
    await collect(paginate(fetchPage, { pageSize: 10 }));
    expect(fetchPage).toHaveBeenCalledTimes(2);
  });

  it("stops on an empty page even if total claims more", async () => {
    const { fetchPage } = fakeEndpoint(range(5), { hasMore: false, total: 1000 });
    expect(await collect(paginate(fetchPage, { pageSize: 5 }))).toEqual(range(5));
    expect(fetchPage).toHaveBeenCalledTimes(2);
  });

  it("stops after one request for an empty list", async () => {
    const { fetchPage } = fakeEndpoint([]);
    expect(await collect(paginate(fetchPage))).toEqual([]);
    expect(fetchPage).toHaveBeenCalledTimes(1);
    expect(fetchPage.mock.calls[0]?.[0]).toMatchObject({ limit: 100, offset: 0 });
  });

  it("is lazy: fetches the next page only when the consumer gets there", async () => {
    const { fetchPage } = fakeEndpoint(range(30));
    const iterator = paginate(fetchPage, { pageSize: 10 });
    expect(fetchPage).not.toHaveBeenCalled();
    await iterator.next();
    expect(fetchPage).toHaveBeenCalledTimes(1);
    for (let i = 0; i < 9; i++) await iterator.next();
    expect(fetchPage).toHaveBeenCalledTimes(1);
    await iterator.next();
    expect(fetchPage).toHaveBeenCalledTimes(2);
  });

  it("stops requesting when the consumer breaks out", async () => {
    const { fetchPage } = fakeEndpoint(range(100));
    for await (const item of paginate(fetchPage, { pageSize: 10 })) if (item === 3) break;
    expect(fetchPage).toHaveBeenCalledTimes(1);
  });

  it("advances by the items received when the server caps the page size", async () => {
    const { fetchPage, requests } = fakeEndpoint(range(12), { serverMaxLimit: 5 });
    expect(await collect(paginate(fetchPage, { pageSize: 100 }))).toEqual(range(12));
    expect(requests.map((r) => r.offset)).toEqual([0, 5, 10]);
  });

  it("honours startOffset and maxItems, asking only for what is still needed", async () => {
    const { fetchPage, requests } = fakeEndpoint(range(100));
    expect(await collect(paginate(fetchPage, { pageSize: 10, startOffset: 50, maxItems: 25 }))).toEqual(range(75).slice(50));
    expect(requests.map(({ limit, offset }) => [limit, offset])).toEqual([
      [10, 50],
      [10, 60],
      [5, 70],
    ]);
  });

  it("truncates to maxItems when the server returns more than asked", async () => {
    const fetchPage = async ({ offset }: PageRequest): Promise<Page<number>> => ({ data: range(10), limit: 10, offset, total: 100 });
    expect(await collect(paginate(fetchPage, { maxItems: 3 }))).toEqual([0, 1, 2]);
  });

  it("passes the signal to fetchPage and stops with RequestAbortedError once aborted", async () => {
    const controller = new AbortController();
    const { fetchPage } = fakeEndpoint(range(30));
    const seen: number[] = [];
    const run = async () => {
      for await (const item of paginate(fetchPage, { pageSize: 10, signal: controller.signal })) {
        seen.push(item);
        if (item === 12) controller.abort();
      }
    };
    await expect(run()).rejects.toBeInstanceOf(RequestAbortedError);
    expect(fetchPage).toHaveBeenCalledTimes(2);
    expect(fetchPage.mock.calls[0]?.[0].signal).toBe(controller.signal);
    expect(seen).toEqual(range(20));
  });

  it("makes no request when the signal is already aborted", async () => {
    const { fetchPage } = fakeEndpoint(range(30));
    await expect(collect(paginate(fetchPage, { signal: AbortSignal.abort() }))).rejects.toBeInstanceOf(RequestAbortedError);
    expect(fetchPage).not.toHaveBeenCalled();
  });

  it("propagates fetchPage errors", async () => {
    const failing = async (): Promise<Page<number>> => {
      throw new Error("boom");
    };
    await expect(collect(paginate(failing))).rejects.toThrow("boom");
  });
});

describe("stop rules for lists that promise only `data`", () => {
  /** A list answering only `{ data }`, like tags or notes; `ignoreOffset` answers the first page every time. */
  function dataOnly(items: number[], { ignoreOffset = false, serverMaxLimit = Infinity, reportLimit = false } = {}) {
    const requests: PageRequest[] = [];
    const fetchPage = async (request: PageRequest): Promise<Page<number>> => {
      requests.push(request);
      const limit = Math.min(request.limit, serverMaxLimit);
      const offset = ignoreOffset ? 0 : request.offset;
      return { data: items.slice(offset, offset + limit), ...(reportLimit && { limit }) };
    };
    return { fetchPage, requests };
  }

  it("stops after a page shorter than asked", async () => {
    const { fetchPage, requests } = dataOnly(range(45));
    expect(await collect(paginate(fetchPage, { pageSize: 20 }))).toEqual(range(45));
    expect(requests.map((r) => r.offset)).toEqual([0, 20, 40]);
  });

  it("stops after an empty page when the last full page ended the list", async () => {
    const { fetchPage, requests } = dataOnly(range(40));
    expect(await collect(paginate(fetchPage, { pageSize: 20 }))).toEqual(range(40));
    expect(requests.map((r) => r.offset)).toEqual([0, 20, 40]);
  });

  it("measures a short page against the limit the server reports, when it caps the page size", async () => {
    const { fetchPage, requests } = dataOnly(range(25), { serverMaxLimit: 10, reportLimit: true });
    expect(await collect(paginate(fetchPage, { pageSize: 20 }))).toEqual(range(25));
    expect(requests.map((r) => r.offset)).toEqual([0, 10, 20]);
  });

  it("keeps going on a short page when the server says has_more: true", async () => {
    const fetchPage = async ({ offset }: PageRequest): Promise<Page<number>> => ({ data: range(30).slice(offset, offset + 5), has_more: offset + 5 < 30 });
    expect(await collect(paginate(fetchPage, { pageSize: 20 }))).toEqual(range(30));
  });

  it("throws PaginationError, without yielding the repeat, when the server ignores offset", async () => {
    const { fetchPage, requests } = dataOnly(range(100), { ignoreOffset: true });
    const seen: number[] = [];
    const run = async () => {
      for await (const item of paginate(fetchPage, { pageSize: 20 })) seen.push(item);
    };
    const error = await run().then(
      () => undefined,
      (caught: unknown) => caught,
    );
    expect(error).toBeInstanceOf(PaginationError);
    expect((error as PaginationError).offset).toBe(20);
    expect((error as Error).message).toMatch(/page at offset 20 holds the same items as the page at offset 0/);
    expect(seen).toEqual(range(20));
    expect(requests).toHaveLength(2);
  });

  it("does the same when the server also claims more (has_more: true, or a total it never reaches)", async () => {
    for (const claim of [{ has_more: true }, { total: 1_000 }]) {
      const fetchPage = async (): Promise<Page<number>> => ({ data: range(20), ...claim });
      await expect(collect(paginate(fetchPage, { pageSize: 20 }))).rejects.toBeInstanceOf(PaginationError);
    }
  });

  it("accepts page fields sent as null like absent ones", async () => {
    const fetchPage = async ({ offset }: PageRequest): Promise<Page<number>> => ({ data: range(15).slice(offset, offset + 10), total: null, has_more: null, limit: null });
    expect(await collect(paginate(fetchPage, { pageSize: 10 }))).toEqual(range(15));
  });
});

describe("pages", () => {
  it("yields whole pages with their metadata", async () => {
    const { fetchPage } = fakeEndpoint(range(15));
    const result = await collect(pages(fetchPage, { pageSize: 10 }));
    expect(result).toEqual([
      { data: range(10), limit: 10, offset: 0, total: 15, has_more: true },
      { data: range(15).slice(10), limit: 10, offset: 10, total: 15, has_more: false },
    ]);
  });

  it("trims the last page to maxItems", async () => {
    const { fetchPage } = fakeEndpoint(range(15));
    const result = await collect(pages(fetchPage, { pageSize: 10, maxItems: 12 }));
    expect(result.map((page) => page.data.length)).toEqual([10, 2]);
  });
});
