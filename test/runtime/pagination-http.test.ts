import { createServer, type Server } from "node:http";
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { Grinfi, pages, PaginationError, type Page } from "../../generated/src/index.ts";
import { closeServer, listenLocally } from "../helpers/local-server.ts";

/**
 * The stop rules of `…All` iterators over real HTTP, on a list that promises only `data` (notes, like tags, custom
 * fields, activities…): a local server plays the list and counts the requests.
 */

const NOTES = Array.from({ length: 45 }, (_, i) => ({ uuid: `00000000-0000-4000-8000-${String(i).padStart(12, "0")}`, text: `note ${i}` }));

interface ListBehaviour {
  items: unknown[];
  /** Answers the first page whatever offset is asked. */
  ignoreOffset?: boolean;
  /** Answers at most this many items, whatever limit is asked, without saying so. */
  pageCap?: number;
  /** Extra fields of every page, e.g. `{ has_more: true }`. */
  extra?: (offset: number, data: unknown[]) => Record<string, unknown>;
}

let server: Server;
let baseUrl: string;
let list: ListBehaviour;
const requested: { limit: number; offset: number }[] = [];

beforeAll(async () => {
  server = createServer((req, res) => {
    const url = new URL(req.url ?? "/", "http://localhost");
    const limit = Number(url.searchParams.get("limit") ?? 20);
    const offset = Number(url.searchParams.get("offset") ?? 0);
    requested.push({ limit, offset });
    const from = list.ignoreOffset ? 0 : offset;
    const data = list.items.slice(from, from + Math.min(limit, list.pageCap ?? limit));
    res.writeHead(200, { "content-type": "application/json" });
    res.end(JSON.stringify({ data, ...list.extra?.(offset, data) }));
  });
  baseUrl = await listenLocally(server);
});

afterAll(async () => {
  await closeServer(server);
});

beforeEach(() => {
  requested.length = 0;
});

const grinfi = (): Grinfi => new Grinfi({ apiKey: "pagination-test-key", baseUrl, rateLimit: false });

async function all(limit: number): Promise<{ items: unknown[]; error: unknown }> {
  const items: unknown[] = [];
  try {
    for await (const note of grinfi().notes.listAll({ limit })) items.push(note);
  } catch (error) {
    return { items, error };
  }
  return { items, error: undefined };
}

describe("notes.listAll over HTTP, when the answer has only `data`", () => {
  it("stops after a short page: 45 notes in pages of 20 take three requests", async () => {
    list = { items: NOTES };
    const { items, error } = await all(20);
    expect(error).toBeUndefined();
    expect(items).toEqual(NOTES);
    expect(requested).toEqual([
      { limit: 20, offset: 0 },
      { limit: 20, offset: 20 },
      { limit: 20, offset: 40 },
    ]);
  });

  it("stops after an empty page: 40 notes in pages of 20 take three requests, the last one empty", async () => {
    list = { items: NOTES.slice(0, 40) };
    const { items } = await all(20);
    expect(items).toHaveLength(40);
    expect(requested.map((r) => r.offset)).toEqual([0, 20, 40]);
  });

  it("an empty list takes one request", async () => {
    list = { items: [] };
    expect((await all(20)).items).toEqual([]);
    expect(requested).toHaveLength(1);
  });

  it("a server that ignores offset ends in PaginationError after two requests, not a loop", async () => {
    list = { items: NOTES, ignoreOffset: true };
    const { items, error } = await all(20);
    expect(error).toBeInstanceOf(PaginationError);
    expect((error as PaginationError).offset).toBe(20);
    expect(items).toEqual(NOTES.slice(0, 20)); // the repeated page is not yielded
    expect(requested).toHaveLength(2);
  });

  it("so does one that ignores offset and always says has_more: true", async () => {
    list = { items: NOTES, ignoreOffset: true, extra: () => ({ has_more: true }) };
    const { error } = await all(20);
    expect(error).toBeInstanceOf(PaginationError);
    expect(requested).toHaveLength(2);
  });

  it("trusts has_more over a short page when the server sends it", async () => {
    // Pages of 5 although 20 were asked (a cap the server does not report), with has_more telling the truth.
    list = { items: NOTES, pageCap: 5, extra: (offset, data) => ({ has_more: offset + data.length < NOTES.length }) };
    const { items } = await all(20);
    expect(items).toEqual(NOTES);
    expect(requested).toHaveLength(9);
  });
});

describe("pages() over HTTP", () => {
  it("yields whole pages that carry only what the server sent", async () => {
    list = { items: NOTES };
    const client = grinfi();
    const seen: Page<unknown>[] = [];
    for await (const page of pages((request) => client.notes.list({ limit: request.limit, offset: request.offset }), { pageSize: 20 })) seen.push(page);
    expect(seen.map((page) => page.data.length)).toEqual([20, 20, 5]);
    expect(seen.every((page) => Object.keys(page).join() === "data")).toBe(true);
  });

  it("Page<T> promises only `data`", () => {
    const page: Page<number> = { data: [1] };
    // @ts-expect-error -- `total` may be absent: a page does not promise it
    const total: number = page.total;
    // @ts-expect-error -- nor `offset`
    const offset: number = page.offset;
    // @ts-expect-error -- nor `limit`
    const limit: number = page.limit;
    expect([total, offset, limit]).toEqual([undefined, undefined, undefined]);
  });
});
