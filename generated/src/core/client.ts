import createClient, { createQuerySerializer, type Client } from "openapi-fetch";
import {
  APIError,
  ConnectionError,
  errorFromResponse,
  GrinfiError,
  RateLimitError,
  throwIfAborted,
  TimeoutError,
  abortError,
} from "./errors.js";
import { RateLimiter, type RateLimitOptions, type RequestLimiter } from "./rate-limit.js";
import { isRetryable, resolveRetryPolicy, retryDelay, sleep, type HttpMethod, type RetryPolicy } from "./retry.js";

export const DEFAULT_BASE_URL = "https://leadgen.grinfi.io";

export interface TransportOptions {
  /** Defaults to the GRINFI_API_KEY environment variable where `process` exists. */
  apiKey?: string | undefined;
  baseUrl?: string | undefined;
  fetch?: ((request: Request) => Promise<Response>) | undefined;
  /** Per attempt, from the moment the rate limiter lets it start until the body is read. Default 60 000; Infinity disables. */
  timeoutMs?: number | undefined;
  retry?: Partial<RetryPolicy> | undefined;
  /** Default 300 requests per 60 s. Pass a shared RateLimiter (or any RequestLimiter) for several clients, false for none. */
  rateLimit?: RateLimitOptions | RequestLimiter | false | undefined;
  /** Called before every attempt with the outgoing request (headers may be changed; it carries the API key). */
  onRequest?: ((request: Request) => void | Promise<void>) | undefined;
  /** Called for every response, errors included, before its body is read: clone it if you need the body. */
  onResponse?: ((response: Response, request: Request) => void | Promise<void>) | undefined;
  /** Sent as User-Agent (ignored by browsers). */
  userAgent?: string | undefined;
  defaultHeaders?: Record<string, string> | undefined;
}

export interface RequestOptions {
  params?: { path?: Record<string, unknown> | undefined; query?: Record<string, unknown> | undefined } | undefined;
  body?: unknown;
  /** Extra query pairs, not yet escaped, appended after `params.query` (see encodeFilterQuery). */
  filterQuery?: [string, string][] | undefined;
  signal?: AbortSignal | undefined;
  timeoutMs?: number | undefined;
  /** Merged over the transport's policy; false disables retries for this call. */
  retry?: Partial<RetryPolicy> | false | undefined;
}

export interface ApiResponse<T> {
  /** Parsed JSON body; undefined for 204 or an empty body. */
  data: T;
  response: Response;
}

/**
 * What openapi-fetch builds in place of a Request (its `Request` option) when no one is handed the request:
 * just the arguments of `fetch(url, init)`. An undici Request is costly, and fetch() builds its own anyway.
 * openapi-fetch reads `method` (to spot HEAD).
 */
class FetchArgs {
  readonly method: string;

  constructor(
    readonly url: string,
    readonly init: RequestInit & { method: string },
  ) {
    this.method = init.method;
  }
}

/** openapi-fetch's `request` without its path-level typing, which the generated code already provides. */
type UntypedRequest = (
  method: HttpMethod,
  path: string,
  init: {
    params: RequestOptions["params"];
    body: unknown;
    signal: AbortSignal;
    parseAs: "text";
    Request: typeof FetchArgs | typeof Request;
    fetch: (input: FetchArgs | Request) => Promise<Response>;
    querySerializer: (query: Record<string, unknown>) => string;
  },
) => Promise<{ data?: unknown; error?: unknown; response: Response }>;

const LOOPBACK_HOSTS = ["localhost", "127.0.0.1", "[::1]"];
const serializeQuery = createQuerySerializer<Record<string, unknown>>();

function readEnvApiKey(): string | undefined {
  return (globalThis as { process?: { env?: Record<string, string | undefined> } }).process?.env?.["GRINFI_API_KEY"];
}

function toLimiter(option: TransportOptions["rateLimit"]): RequestLimiter {
  if (option === false) return new RateLimiter({ limit: Infinity });
  return option && "acquire" in option ? option : new RateLimiter(option);
}

/**
 * The request pipeline: rate limit → timeout/abort → openapi-fetch → error mapping → retry.
 * The API key lives in a private field and inside the raw client's closure, so neither
 * JSON.stringify nor util.inspect of a Transport can reveal it.
 */
export class Transport<Paths extends {}> {
  readonly baseUrl: string;
  #apiKey: string;
  #client: Client<Paths>;
  #fetch: ((request: Request) => Promise<Response>) | undefined;
  #timeoutMs: number;
  #retry: RetryPolicy;
  #limiter: RequestLimiter;
  #onRequest: TransportOptions["onRequest"];
  #onResponse: TransportOptions["onResponse"];
  /** Whether someone is handed the request, and so needs a real Request: a custom fetch, a hook or middleware. */
  #realRequests: boolean;

  constructor(options: TransportOptions = {}) {
    const apiKey = options.apiKey ?? readEnvApiKey();
    if (!apiKey) throw new GrinfiError("Missing API key: pass `apiKey` or set the GRINFI_API_KEY environment variable");
    const url = new URL(options.baseUrl ?? DEFAULT_BASE_URL);
    if (url.protocol !== "https:" && !(url.protocol === "http:" && LOOPBACK_HOSTS.includes(url.hostname))) {
      throw new GrinfiError(`Refusing to send the API key to ${url.origin}: use https (plain http is allowed for localhost only)`);
    }
    this.baseUrl = url.href.replace(/\/$/, "");
    this.#apiKey = apiKey;
    this.#fetch = options.fetch;
    this.#timeoutMs = options.timeoutMs ?? 60_000;
    this.#retry = resolveRetryPolicy(options.retry);
    this.#limiter = toLimiter(options.rateLimit);
    this.#onRequest = options.onRequest;
    this.#onResponse = options.onResponse;
    this.#realRequests = Boolean(options.fetch || options.onRequest || options.onResponse);
    this.#client = createClient<Paths>({
      baseUrl: this.baseUrl,
      ...(options.fetch && { fetch: options.fetch }),
      headers: {
        ...options.defaultHeaders,
        "User-Agent": options.userAgent,
        Authorization: `Bearer ${apiKey}`,
      },
    });
    // Middleware added through `raw` also runs on this transport's requests, and is handed them.
    const use = this.#client.use;
    this.#client.use = (...middleware) => {
      this.#realRequests = true;
      use.apply(this.#client, middleware);
    };
  }

  /** The underlying openapi-fetch client (auth and base URL set; no retries, rate limiting, timeout or hooks). */
  get raw(): Client<Paths> {
    return this.#client;
  }

  async request<T>(method: HttpMethod, path: string, options: RequestOptions = {}): Promise<ApiResponse<T>> {
    const policy = options.retry === undefined ? this.#retry : resolveRetryPolicy(options.retry, this.#retry);
    for (let attempt = 0; ; attempt++) {
      try {
        return await this.#attempt<T>(method, path, options);
      } catch (error) {
        // Written as !(<) so that a NaN maxRetries stops instead of retrying forever.
        if (!(attempt < policy.maxRetries) || !isRetryable({ method, error, policy })) throw error;
        const retryAfterMs = error instanceof RateLimitError ? error.retryAfterMs : undefined;
        await sleep(retryDelay(attempt, policy, retryAfterMs), options.signal);
      }
    }
  }

  async #attempt<T>(method: HttpMethod, path: string, options: RequestOptions): Promise<ApiResponse<T>> {
    const { signal, filterQuery } = options;
    await this.#limiter.acquire(signal);
    throwIfAborted(signal);

    const timeoutMs = options.timeoutMs ?? this.#timeoutMs;
    const controller = new AbortController();
    const abortFromCaller = (): void => controller.abort(abortError(signal));
    signal?.addEventListener("abort", abortFromCaller, { once: true });
    const timer = setTimeout(
      () => controller.abort(new TimeoutError(`${method} ${path} timed out after ${timeoutMs} ms`)),
      // setTimeout fires at once above 2^31-1 ms, so Infinity must be clamped to mean "no timeout".
      Math.min(timeoutMs, 2 ** 31 - 1),
    );

    let responded = false;
    const send = async (input: FetchArgs | Request): Promise<Response> => {
      const direct = input instanceof FetchArgs;
      if (!direct) await this.#onRequest?.(input);
      let response: Response;
      try {
        response = await (direct ? fetch(input.url, input.init) : (this.#fetch ?? fetch)(input));
      } catch (cause) {
        if (controller.signal.aborted) throw controller.signal.reason;
        // fetch(url, init) also rejects for invalid arguments (e.g. a GET with a body): building the Request
        // throws those unwrapped, so not retried, as openapi-fetch does when it builds one.
        if (direct) new Request(input.url, input.init);
        throw new ConnectionError(`${method} ${path} failed: no response`, { cause });
      }
      if (!direct) await this.#onResponse?.(response, input);
      responded = true;
      return response;
    };

    try {
      const { data, error, response } = await (this.#client.request as unknown as UntypedRequest)(method, path, {
        params: options.params,
        body: options.body,
        signal: controller.signal,
        parseAs: "text",
        Request: this.#realRequests ? Request : FetchArgs,
        fetch: send,
        querySerializer: filterQuery?.length
          ? (query) =>
              [serializeQuery(query), ...filterQuery.map((pair) => pair.map(encodeURIComponent).join("="))]
                .filter(Boolean)
                .join("&")
          : serializeQuery,
      });
      if (!response.ok) {
        const headers = new Headers([...response.headers].map(([name, value]): [string, string] => [name, this.#redactText(value)]));
        throw errorFromResponse(response.status, this.#redact(error), headers, this.#redactText(response.statusText));
      }
      if (typeof data !== "string" || data.trim() === "") return { data: undefined as T, response };
      try {
        return { data: JSON.parse(data) as T, response };
      } catch (cause) {
        throw new APIError(`${method} ${path}: response ${response.status} is not valid JSON`, {
          status: response.status,
          requestId: this.#redactText(response.headers.get("x-request-id") ?? "") || undefined,
          cause,
        });
      }
    } catch (error) {
      if (error instanceof GrinfiError) throw error;
      if (controller.signal.aborted) throw controller.signal.reason;
      // Once `send` has returned, only reading the body can throw here.
      if (responded) throw new ConnectionError(`${method} ${path} failed while reading the response`, { cause: error });
      throw error;
    } finally {
      clearTimeout(timer);
      signal?.removeEventListener("abort", abortFromCaller);
    }
  }

  /**
   * Servers sometimes echo credentials in error messages; keep the key out of anything we surface
   * (the body, and the status text and headers an error is built from).
   */
  #redact(body: unknown): unknown {
    const json = JSON.stringify(body);
    return json?.includes(this.#apiKey) ? JSON.parse(this.#redactText(json)) : body;
  }

  #redactText(text: string): string {
    return text.replaceAll(this.#apiKey, "[redacted]");
  }
}

export const createTransport = <Paths extends {}>(options?: TransportOptions): Transport<Paths> =>
  new Transport<Paths>(options);
