import { GrinfiError, throwIfAborted } from "./errors.js";

/**
 * One page of a list. Every list answers `data`; only some also send `limit`, `offset`, `total` or `has_more`,
 * so none of them is promised.
 */
export interface Page<T> {
  data: T[];
  limit?: number | null | undefined;
  offset?: number | null | undefined;
  total?: number | null | undefined;
  has_more?: boolean | null | undefined;
}

export interface PageRequest {
  limit: number;
  offset: number;
  signal?: AbortSignal | undefined;
}

export type FetchPage<T> = (request: PageRequest) => Promise<Page<T>>;

export interface PaginateOptions {
  /** Items requested per page. Default 100. */
  pageSize?: number | undefined;
  /** Default 0. */
  startOffset?: number | undefined;
  /** Stop after this many items; the last request asks only for what is still needed. */
  maxItems?: number | undefined;
  /** Aborting stops further requests with RequestAbortedError (and cancels one in flight if fetchPage passes it on). */
  signal?: AbortSignal | undefined;
}

/** A page held the same items as the page before it: the server ignores `offset`, and paging would never end. */
export class PaginationError extends GrinfiError {
  override name = "PaginationError";
  /** The offset of the repeated page. */
  readonly offset: number;

  constructor(message: string, options: { offset: number }) {
    super(message);
    this.offset = options.offset;
  }
}

const samePage = <T>(a: T[], b: T[]): boolean => a.length === b.length && JSON.stringify(a) === JSON.stringify(b);

/**
 * Lazily yields whole pages. The next offset advances by the number of items actually received, so a server that
 * caps `limit` below `pageSize` loses nothing. Stops
 * - after an empty page, or once `maxItems` items came;
 * - after a page with `has_more: false`, or one that reaches `total`;
 * - when neither `has_more` nor `total` came back, after a page shorter than asked (and than the `limit` the
 *   page reports, when it reports one): the lists that document only `data` end that way.
 * Throws PaginationError, before yielding it, when a page repeats the previous one.
 */
export async function* pages<T>(
  fetchPage: FetchPage<T>,
  options: PaginateOptions = {},
): AsyncIterableIterator<Page<T>> {
  const { pageSize = 100, maxItems = Infinity, signal } = options;
  let offset = options.startOffset ?? 0;
  let remaining = maxItems;
  let previous: { offset: number; data: T[] } | undefined;
  while (remaining > 0) {
    throwIfAborted(signal);
    const limit = Math.min(pageSize, remaining);
    const page = await fetchPage({ limit, offset, signal });
    if (page.data.length === 0) return;
    if (previous && samePage(previous.data, page.data)) {
      throw new PaginationError(
        `The page at offset ${offset} holds the same items as the page at offset ${previous.offset}: ` +
          "the server ignores `offset`, so paging stopped instead of looping forever",
        { offset },
      );
    }
    const data = page.data.length > remaining ? page.data.slice(0, remaining) : page.data;
    yield data === page.data ? page : { ...page, data };
    remaining -= data.length;
    previous = { offset, data: page.data };
    offset += page.data.length;
    if (page.has_more === false) return;
    const total = page.total ?? undefined;
    if (total !== undefined && offset >= total) return;
    const short = page.data.length < Math.min(limit, page.limit ?? limit);
    if (page.has_more !== true && total === undefined && short) return;
  }
}

/** Lazily yields items across pages; see `pages` for when it stops. */
export async function* paginate<T>(fetchPage: FetchPage<T>, options: PaginateOptions = {}): AsyncIterableIterator<T> {
  for await (const page of pages(fetchPage, options)) yield* page.data;
}
