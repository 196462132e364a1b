import { throwIfAborted } from "./errors.js";

/** The API's list envelope: only `data` is promised (some lists document nothing else). */
export interface Page<T> {
  data: T[];
  limit?: number;
  offset?: number;
  total?: number;
  has_more?: boolean;
}

export interface PageRequest {
  limit: number;
  offset: number;
  signal?: AbortSignal | undefined;
}

export type FetchPage<T> = (request: PageRequest) => Promise<Page<T>>;

export interface PaginateOptions {
  /** Items requested per page. Default 100. */
  pageSize?: number;
  /** Default 0. */
  startOffset?: number;
  /** Stop after this many items; the last request asks only for what is still needed. */
  maxItems?: number;
  /** Aborting stops further requests with RequestAbortedError (and cancels the one in flight if fetchPage passes it on). */
  signal?: AbortSignal;
}

/**
 * Lazily yields whole pages. The next offset advances by the number of items actually received,
 * so a server that caps `limit` below `pageSize` loses nothing. Stops after a page with
 * `has_more: false`, a page reaching `total`, an empty page, or `maxItems`.
 */
export async function* pages<T>(fetchPage: FetchPage<T>, options: PaginateOptions = {}): AsyncIterableIterator<Page<T>> {
  const { pageSize = 100, maxItems = Infinity, signal } = options;
  let offset = options.startOffset ?? 0;
  let remaining = maxItems;
  while (remaining > 0) {
    throwIfAborted(signal);
    const page = await fetchPage({ limit: Math.min(pageSize, remaining), offset, signal });
    const data = page.data.length > remaining ? page.data.slice(0, remaining) : page.data;
    if (data.length === 0) return;
    yield data === page.data ? page : { ...page, data };
    remaining -= data.length;
    offset += page.data.length;
    if (page.has_more === false || (page.total !== undefined && offset >= page.total)) return;
  }
}

/** Lazily yields items across pages; see `pages` for when it stops. */
export async function* paginate<T>(fetchPage: FetchPage<T>, options: PaginateOptions = {}): AsyncIterableIterator<T> {
  for await (const page of pages(fetchPage, options)) yield* page.data;
}
