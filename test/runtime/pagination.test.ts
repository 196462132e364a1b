import { describe, expect, it, vi } from "vitest";
import { RequestAbortedError } from "../../generator/runtime/errors.js";
import { pages, paginate, type Page, type PageRequest } from "../../generator/runtime/pagination.js";

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
