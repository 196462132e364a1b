import createClient, { createQuerySerializer, type Client } from "openapi-fetch";
import {
  abortError,
  APIError,
  ConnectionError,
  DeadlineExceededError,
  errorFromResponse,
  GrinfiError,
  InvalidParameterError,
  RateLimitError,
  ResponseValidationError,
  TimeoutError,
} from "./errors.js";
import { FileDownload, MultipartForm } from "./files.js";
import type { AnswerInspector, InspectorModule } from "./answers.js";
import type { CaptureOptions } from "./capture.js";
import type { DriftReport, ResponseValidation } from "./drift.js";
import { RateLimiter, type RateLimitOptions, type RequestLimiter } from "./rate-limit.js";
import { createRedactor, type Redactor } from "./redact.js";
import { isRetryable, resolveRetryPolicy, retryDelay, sleep, type HttpMethod, type RetryPolicy } from "./retry.js";

export const DEFAULT_BASE_URL = "https://leadgen.grinfi.io";

export interface TransportOptions {
  /** Defaults to the GRINFI_API_KEY environment variable where `process` exists. */
  apiKey?: string | undefined;
  baseUrl?: string | undefined;
  fetch?: ((request: Request) => Promise<Response>) | undefined;
  /**
   * How long a call may take in all: queueing in the rate limiter, every attempt and the waits between them.
   * When it passes, the call fails with DeadlineExceededError. Default 300 000 (5 minutes); Infinity disables.
   */
  timeoutMs?: number | undefined;
  /**
   * How long one attempt may take, from the moment the rate limiter lets it start until its body is read; then it
   * fails with TimeoutError, retried like a network error. Default 60 000; never beyond the call's `timeoutMs`.
   */
  attemptTimeoutMs?: number | undefined;
  retry?: Partial<RetryPolicy> | undefined;
  /** Default 300 requests per 60 s. Pass a shared RateLimiter (or any RequestLimiter) for several clients, false for none. */
  rateLimit?: RateLimitOptions | RequestLimiter | false | undefined;
  /** Called before every attempt with the outgoing request (headers may be changed; it carries the API key). */
  onRequest?: ((request: Request) => void | Promise<void>) | undefined;
  /**
   * Called for every response, errors included, before its body is read: clone it if you need the body. The API
   * key is removed from its status text and headers, and from the body of an error.
   */
  onResponse?: ((response: Response, request: Request) => void | Promise<void>) | undefined;
  /** Sent as User-Agent (ignored by browsers). */
  userAgent?: string | undefined;
  defaultHeaders?: Record<string, string> | undefined;
}

/**
 * Checking and keeping real answers, for `new Grinfi()` (or a Transport given the validators, see its
 * constructor). Both are off by default, and a client without them loads none of their code.
 */
export interface AnswerOptions {
  /**
   * Checks every answer against the spec: `"report"` hands a DriftReport to `onDrift` for an answer that differs
   * (an undeclared field, a value outside a known set, a missing field, a wrong type, an undocumented status);
   * `"throw"` also fails a successful call with ResponseValidationError. Default `"off"`.
   */
  validateResponses?: ResponseValidation | undefined;
  /** Receives each drift report (default: one line on console.warn). It may be async; the call waits for it. */
  onDrift?: ((report: DriftReport) => void | Promise<void>) | undefined;
  /** Puts in each problem the value found (the API key removed). Off by default: answers hold personal data. */
  driftValues?: boolean | undefined;
  /** Keeps redacted answers of the operations you list, as recordings for `grinfi-codegen contract --import`. */
  capture?: CaptureOptions | undefined;
}

export interface RequestOptions {
  params?: { path?: Record<string, unknown> | undefined; query?: Record<string, unknown> | undefined } | undefined;
  /** Sent as JSON; a MultipartForm is sent as multipart/form-data. */
  body?: unknown;
  /**
   * What a success answers: `json` (the default; parsed, undefined when empty) or `file`, a FileDownload whose body
   * is left unread (the call's timeouts end with its headers, its `signal` still cancels the read).
   */
  answer?: "json" | "file" | undefined;
  /** Extra query pairs, not yet escaped, appended after `params.query` (see encodeFilterQuery). */
  filterQuery?: [string, string][] | undefined;
  signal?: AbortSignal | undefined;
  /** The whole call's deadline, over the transport's (see TransportOptions.timeoutMs). */
  timeoutMs?: number | undefined;
  /** Each attempt's limit, over the transport's (see TransportOptions.attemptTimeoutMs). */
  attemptTimeoutMs?: number | undefined;
  /** Merged over the transport's policy; false disables retries for this call. */
  retry?: Partial<RetryPolicy> | false | undefined;
}

export interface ApiResponse<T> {
  /** Parsed JSON body (undefined for 204 or an empty body), or the FileDownload of a file answer. */
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
    /** Set for a body openapi-fetch must send as it is (a stream); FormData it sends as it is anyway. */
    bodySerializer?: (body: unknown) => unknown;
    headers?: Record<string, string>;
    /** Required by fetch for a stream body. */
    duplex?: "half";
    redirect?: "error";
    signal: AbortSignal;
    parseAs: "text" | "stream";
    Request: typeof FetchArgs | typeof Request;
    fetch: (input: FetchArgs | Request) => Promise<Response>;
    querySerializer: (query: Record<string, unknown>) => string;
  },
) => Promise<{ data?: unknown; error?: unknown; response: Response }>;

const LOOPBACK_HOSTS = ["localhost", "127.0.0.1", "[::1]"];
const serializeQuery = createQuerySerializer<Record<string, unknown>>();
/** setTimeout fires at once above 2^31-1 ms, so longer delays are clamped (24.8 days: never, in practice). */
const MAX_TIMER_MS = 2 ** 31 - 1;
const DEFAULT_TIMEOUT_MS = 300_000;
const DEFAULT_ATTEMPT_TIMEOUT_MS = 60_000;
const AS_RETRY = { retry: true } as const;
/** Statuses whose responses cannot carry a body (the Response constructor refuses one). */
const NULL_BODY_STATUSES = new Set([101, 103, 204, 205, 304]);
/** A UTF-16 surrogate without its other half: encodeURIComponent throws URIError on it. */
const LONE_SURROGATE = /[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/;

/** `rateLimit: false`: every request starts at once, and a 429 makes only its own call wait. */
const NO_LIMIT: RequestLimiter = {
  acquire: (signal) => (signal?.aborted ? Promise.reject(abortError(signal)) : Promise.resolve()),
  tryAcquire: () => () => {},
};

function readEnvApiKey(): string | undefined {
  return (globalThis as { process?: { env?: Record<string, string | undefined> } }).process?.env?.["GRINFI_API_KEY"];
}

function toLimiter(option: TransportOptions["rateLimit"]): RequestLimiter {
  if (option === false) return NO_LIMIT;
  return option && "acquire" in option ? option : new RateLimiter(option);
}

function checkDuration(name: string, value: number): number {
  if (!(value > 0)) throw new RangeError(`${name} must be a positive number of milliseconds or Infinity, not ${value}`);
  return value;
}

/**
 * One call's deadline. Attempts arm their own timer for whichever comes first, their `attemptTimeoutMs` or the
 * deadline, and a wait between attempts is never begun past it, so only a wait in the rate limiter's queue needs
 * a signal that fires at the deadline: it is made the first time one is needed (creating an AbortController for
 * every call costs more than the rest of the SDK's work for it).
 */
class CallDeadline {
  readonly timeoutMs: number;
  readonly #label: string;
  readonly #endsAt: number;
  readonly #callerSignal: AbortSignal | undefined;
  #queueSignal: AbortSignal | undefined;
  #dispose: (() => void) | undefined;

  constructor(label: string, timeoutMs: number, callerSignal: AbortSignal | undefined) {
    this.timeoutMs = timeoutMs;
    this.#label = label;
    this.#endsAt = Date.now() + timeoutMs;
    this.#callerSignal = callerSignal;
  }

  remainingMs(): number {
    return this.#endsAt - Date.now();
  }

  /** The error the call ends with; `where` adds what it was doing. */
  error(where = ""): DeadlineExceededError {
    const message = `${this.#label} did not finish within its timeoutMs of ${this.timeoutMs} ms${where}`;
    return new DeadlineExceededError(message, { timeoutMs: this.timeoutMs });
  }

  /** A signal for waiting in the limiter's queue: the caller's abort, or the deadline. */
  queueSignal(): AbortSignal | undefined {
    if (this.timeoutMs === Infinity) return this.#callerSignal;
    if (this.#queueSignal) return this.#queueSignal;
    const controller = new AbortController();
    const queued = ", queued by the rate limiter (start fewer calls at once, or raise timeoutMs)";
    const delayMs = Math.min(Math.max(0, this.remainingMs()), MAX_TIMER_MS);
    const timer = setTimeout(() => controller.abort(this.error(queued)), delayMs);
    const caller = this.#callerSignal;
    const forward = (): void => controller.abort(caller?.reason);
    if (caller?.aborted) forward();
    else caller?.addEventListener("abort", forward, { once: true });
    this.#dispose = () => {
      clearTimeout(timer);
      caller?.removeEventListener("abort", forward);
    };
    return (this.#queueSignal = controller.signal);
  }

  dispose(): void {
    this.#dispose?.();
  }
}

/** The first parameter whose value (or name) holds a lone surrogate, named as it would appear in the URL. */
function unencodable(value: unknown, name: string): string | undefined {
  if (typeof value === "string") return LONE_SURROGATE.test(value) ? name : undefined;
  if (typeof value !== "object" || value === null) return undefined;
  for (const [key, item] of Object.entries(value)) {
    const itemName = Array.isArray(value) ? name : `${name}[${key}]`;
    if (LONE_SURROGATE.test(key)) return itemName;
    const found = unencodable(item, itemName);
    if (found !== undefined) return found;
  }
  return undefined;
}

/** The first of `params` whose value (or name) holds a lone surrogate. */
function firstUnencodable(params: Record<string, unknown> | undefined): string | undefined {
  for (const name in params) {
    const found = LONE_SURROGATE.test(name) ? name : unencodable(params[name], name);
    if (found !== undefined) return found;
  }
  return undefined;
}

/** Throws InvalidParameterError for a path or query value no URL can carry, before anything is queued or sent. */
function checkEncodable(method: HttpMethod, path: string, options: RequestOptions): void {
  const inPath = firstUnencodable(options.params?.path);
  const parameter =
    inPath ??
    firstUnencodable(options.params?.query) ??
    options.filterQuery?.find(([name, value]) => LONE_SURROGATE.test(name) || LONE_SURROGATE.test(value))?.[0];
  if (parameter === undefined) return;
  const where = inPath === undefined ? "query" : "path";
  throw new InvalidParameterError(
    `${method} ${path}: ${where} parameter "${parameter}" holds an unpaired UTF-16 surrogate, ` +
      "which no URL can carry; nothing was sent",
    { parameter },
  );
}

/** `original` with another body, status text and headers; a constructed Response has no URL, so it is copied. */
function replaceResponse(original: Response, body: BodyInit | null, statusText: string, headers: Headers): Response {
  const response = new Response(body, { status: original.status, statusText, headers });
  Object.defineProperty(response, "url", { value: original.url });
  return response;
}

/**
 * The request pipeline: deadline → rate limit → attempt timeout/abort → openapi-fetch → redaction → error
 * mapping → retry. The API key lives in private fields and inside closures, so neither JSON.stringify nor
 * util.inspect of a Transport can reveal it.
 */
export class Transport<Paths extends {}> {
  readonly baseUrl: string;
  #redactor: Redactor;
  #client: Client<Paths>;
  #fetch: ((request: Request) => Promise<Response>) | undefined;
  #timeoutMs: number;
  #attemptTimeoutMs: number;
  #retry: RetryPolicy;
  #limiter: RequestLimiter;
  #onRequest: TransportOptions["onRequest"];
  #onResponse: TransportOptions["onResponse"];
  /** Whether someone is handed the request, and so needs a real Request: a custom fetch, a hook or middleware. */
  #realRequests: boolean;
  /** Validation and capture of answers, when either is on. */
  #inspect: Promise<AnswerInspector> | undefined;

  constructor(options?: TransportOptions);
  /**
   * With `loadInspector`, which loads the spec's validators (the generated `src/validators.ts`; `new Grinfi()`
   * passes it), the transport also checks and keeps answers as `AnswerOptions` say.
   */
  constructor(options: TransportOptions & AnswerOptions, loadInspector: () => Promise<InspectorModule>);
  constructor(options: TransportOptions & AnswerOptions = {}, loadInspector?: () => Promise<InspectorModule>) {
    const apiKey = options.apiKey ?? readEnvApiKey();
    if (!apiKey) throw new GrinfiError("Missing API key: pass `apiKey` or set the GRINFI_API_KEY environment variable");
    const url = new URL(options.baseUrl ?? DEFAULT_BASE_URL);
    if (url.protocol !== "https:" && !(url.protocol === "http:" && LOOPBACK_HOSTS.includes(url.hostname))) {
      throw new GrinfiError(`Refusing to send the API key to ${url.origin}: use https (plain http is allowed for localhost only)`);
    }
    this.baseUrl = url.href.replace(/\/$/, "");
    this.#redactor = createRedactor(apiKey);
    this.#fetch = options.fetch;
    this.#timeoutMs = checkDuration("timeoutMs", options.timeoutMs ?? DEFAULT_TIMEOUT_MS);
    this.#attemptTimeoutMs = checkDuration("attemptTimeoutMs", options.attemptTimeoutMs ?? DEFAULT_ATTEMPT_TIMEOUT_MS);
    this.#retry = resolveRetryPolicy(options.retry);
    this.#limiter = toLimiter(options.rateLimit);
    this.#onRequest = options.onRequest;
    this.#onResponse = options.onResponse;
    this.#realRequests = Boolean(options.fetch || options.onRequest || options.onResponse);
    if (options.capture || (options.validateResponses ?? "off") !== "off") {
      // A dynamic import: bundlers put the validators in a chunk of their own, which only such a client loads.
      // Should it fail, every call fails before it is sent (see #exchange); until one does, the rejection is
      // handled here rather than reported as unhandled.
      this.#inspect = loadInspector?.().then(
        (module) => module.inspector(options, this.#redactor, GrinfiError, ResponseValidationError),
        // The loader's own message names the file that did not load.
        (cause) => {
          throw new GrinfiError(String(cause), { cause });
        },
      );
      this.#inspect?.catch(() => {});
    }
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

  /**
   * The underlying openapi-fetch client (auth and base URL set; no retries, rate limiting, timeouts, hooks or
   * redaction of the key from what the server echoes).
   */
  get raw(): Client<Paths> {
    return this.#client;
  }

  async request<T>(method: HttpMethod, path: string, options: RequestOptions = {}): Promise<ApiResponse<T>> {
    checkEncodable(method, path, options);
    const policy = options.retry === undefined ? this.#retry : resolveRetryPolicy(options.retry, this.#retry);
    const timeoutMs = options.timeoutMs === undefined ? this.#timeoutMs : checkDuration("timeoutMs", options.timeoutMs);
    const deadline = new CallDeadline(`${method} ${path}`, timeoutMs, options.signal);
    try {
      for (let attempt = 0, retries = 0; ; attempt++) {
        try {
          return await this.#attempt<T>(method, path, options, deadline, attempt > 0);
        } catch (error) {
          const pausedEveryone = error instanceof RateLimitError && this.#pauseLimiter(error.retryAfterMs);
          if (!isRetryable({ method, error, policy }) || !(policy.maxRetries > 0)) throw error;
          // A file given as a stream went out with the first attempt: there is nothing left to send again.
          if (options.body instanceof MultipartForm && !options.body.repeatable) throw error;
          const retryAfterMs = error instanceof RateLimitError ? error.retryAfterMs : undefined;
          // The server said when to come back: such a wait does not use up a retry, and one too long fails now.
          const paced = retryAfterMs !== undefined && retryAfterMs > 0;
          if (paced && retryAfterMs > policy.maxRetryAfterMs) throw error;
          // Written as !(<) so that a NaN maxRetries stops instead of retrying forever.
          if (!paced && !(retries++ < policy.maxRetries)) throw error;
          const delayMs = retryDelay(Math.max(0, retries - 1), policy, retryAfterMs);
          // A wait that would outlast the deadline only postpones the same failure.
          if (delayMs >= deadline.remainingMs()) throw error;
          // When the limiter pauses everyone, the retry waits in its queue (first in line) instead of on its own.
          // The wait ends before the deadline (checked above), so only the caller can cut it short.
          if (!pausedEveryone) await sleep(delayMs, options.signal);
        }
      }
    } finally {
      deadline.dispose();
    }
  }

  /**
   * Pauses the limiter for a Retry-After the client will wait for; true when it did. The client's policy decides,
   * not the call's: the server would refuse every call with this key, whether or not this one retries.
   */
  #pauseLimiter(retryAfterMs: number | undefined): boolean {
    const honoured = retryAfterMs !== undefined && retryAfterMs > 0 && retryAfterMs <= this.#retry.maxRetryAfterMs;
    if (!honoured || !this.#limiter.pause) return false;
    this.#limiter.pause(retryAfterMs);
    return true;
  }

  async #attempt<T>(
    method: HttpMethod,
    path: string,
    options: RequestOptions,
    deadline: CallDeadline,
    retry: boolean,
  ): Promise<ApiResponse<T>> {
    const acquireOptions = retry ? AS_RETRY : undefined;
    // Most calls find a slot free: no need to arm the deadline's queue signal for them.
    const limiter = this.#limiter;
    const release =
      limiter.tryAcquire?.(acquireOptions) ?? (await limiter.acquire(deadline.queueSignal(), acquireOptions));
    try {
      if (options.signal?.aborted) throw abortError(options.signal);
      return await this.#exchange<T>(method, path, options, deadline);
    } finally {
      // The answer is in (or the attempt failed): the limiter counts its window from now.
      if (typeof release === "function") release();
    }
  }

  /** One attempt: the request, its timeout, the response redacted and turned into data or an error. */
  async #exchange<T>(
    method: HttpMethod,
    path: string,
    options: RequestOptions,
    deadline: CallDeadline,
  ): Promise<ApiResponse<T>> {
    // Before anything is sent: a client whose validators did not load fails here (a GrinfiError, not retried).
    const inspect = this.#inspect && (await this.#inspect);
    const { filterQuery, signal } = options;
    const file = options.answer === "file";
    const attemptTimeoutMs =
      options.attemptTimeoutMs === undefined
        ? this.#attemptTimeoutMs
        : checkDuration("attemptTimeoutMs", options.attemptTimeoutMs);
    const controller = new AbortController();
    const abortFromCaller = (): void => controller.abort(abortError(signal));
    signal?.addEventListener("abort", abortFromCaller, { once: true });
    // One timer for whichever ends the attempt first: its own limit or the call's deadline.
    const untilDeadlineMs = Math.max(0, deadline.remainingMs());
    const deadlineFirst = untilDeadlineMs <= attemptTimeoutMs;
    const timedOut = (): GrinfiError =>
      deadlineFirst
        ? deadline.error()
        : new TimeoutError(`${method} ${path}: the attempt timed out after ${attemptTimeoutMs} ms (attemptTimeoutMs)`);
    const timer =
      Math.min(untilDeadlineMs, attemptTimeoutMs) === Infinity
        ? undefined
        : setTimeout(() => controller.abort(timedOut()), Math.min(untilDeadlineMs, attemptTimeoutMs, MAX_TIMER_MS));

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
      responded = true;
      response = response.ok ? this.#redactSuccess(response) : await this.#redactFailure(response);
      if (!direct) await this.#onResponse?.(response, input);
      return response;
    };

    // A file's body is read after the call returns: the caller's signal must still reach it then.
    const fetchSignal = file && signal ? AbortSignal.any([controller.signal, signal]) : controller.signal;
    const form = options.body instanceof MultipartForm ? options.body.encode() : undefined;
    const streamed = form && "contentType" in form ? form : undefined;

    try {
      const { data, error, response } = await (this.#client.request as unknown as UntypedRequest)(method, path, {
        params: options.params,
        body: form ? form.body : options.body,
        ...(streamed && {
          bodySerializer: (body: unknown) => body,
          headers: { "Content-Type": streamed.contentType },
          duplex: "half",
        }),
        // Following a redirect means sending the body again, so fetch keeps a copy of the whole upload while it is
        // sent (undici tees it): a 50 MB file would be held in memory. An upload is not redirected.
        ...(form && { redirect: "error" }),
        signal: fetchSignal,
        parseAs: file ? "stream" : "text",
        Request: this.#realRequests ? Request : FetchArgs,
        fetch: send,
        querySerializer: filterQuery?.length
          ? (query) =>
              [serializeQuery(query), ...filterQuery.map((pair) => pair.map(encodeURIComponent).join("="))]
                .filter(Boolean)
                .join("&")
          : serializeQuery,
      });
      // Status text, headers and an error's body were redacted in `send`.
      if (file) {
        if (!response.ok) throw errorFromResponse(response.status, error, response.headers, response.statusText);
        return { data: new FileDownload(response) as T, response };
      }
      let body: unknown = error;
      if (response.ok && typeof data === "string" && data.trim() !== "") {
        try {
          body = JSON.parse(data);
        } catch {
          // No cause: the parser's message quotes the start of the body, which may hold a fragment of the key.
          throw new APIError(`${method} ${path}: response ${response.status} is not valid JSON`, {
            status: response.status,
            requestId: response.headers.get("x-request-id") ?? undefined,
          });
        }
      }
      // Only a client with validation or capture on waits here.
      if (inspect) await inspect(method, path, options, response, body);
      if (!response.ok) throw errorFromResponse(response.status, error, response.headers, response.statusText);
      return { data: body as T, response };
    } catch (error) {
      if (error instanceof GrinfiError) throw error;
      if (controller.signal.aborted) throw controller.signal.reason;
      // Once `send` has had a response, only reading the body can throw here.
      if (responded) throw new ConnectionError(`${method} ${path} failed while reading the response`, { cause: error });
      throw error;
    } finally {
      clearTimeout(timer);
      signal?.removeEventListener("abort", abortFromCaller);
    }
  }

  /**
   * Servers echo credentials in error messages and headers, in any case and encoded: the key is kept out of
   * everything an error, a hook or the caller sees of a response. A success keeps its body, the caller's data.
   */
  #redactSuccess(response: Response): Response {
    const statusText = this.#redactor.text(response.statusText);
    const headers = this.#redactHeaders(response.headers);
    if (headers === response.headers && statusText === response.statusText) return response;
    return replaceResponse(response, response.body, statusText, headers);
  }

  /** An error's body is read here, whole, and redacted along with its status text and headers. */
  async #redactFailure(response: Response): Promise<Response> {
    const body = await response.text();
    const nullBody = body === "" && NULL_BODY_STATUSES.has(response.status);
    const statusText = this.#redactor.text(response.statusText);
    const headers = this.#redactHeaders(response.headers);
    return replaceResponse(response, nullBody ? null : this.#redactBody(body), statusText, headers);
  }

  /** The same Headers when no value holds the key (the common case, checked in one pass), else a cleaned copy. */
  #redactHeaders(headers: Headers): Headers {
    // A line break is in no spelling of the key, so no match can span two values.
    const values = [...headers.values()].join("\n");
    if (this.#redactor.text(values) === values) return headers;
    return new Headers([...headers].map(([name, value]): [string, string] => [name, this.#redactor.text(value)]));
  }

  /** A JSON body stays JSON (its strings redacted); anything else is redacted as text. */
  #redactBody(body: string): string {
    let parsed: unknown;
    try {
      parsed = JSON.parse(body);
    } catch {
      return this.#redactor.text(body);
    }
    const clean = this.#redactor.value(parsed);
    return clean === parsed ? body : JSON.stringify(clean);
  }
}

export const createTransport = <Paths extends {}>(options?: TransportOptions): Transport<Paths> =>
  new Transport<Paths>(options);
