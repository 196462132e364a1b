import type { RequestOptions, Transport } from "./client.js";
import type { RetryPolicy } from "./retry.js";
import type { HttpMethod } from "./retry.js";

/** Options every resource method takes as its last argument. */
export interface CallOptions {
  /** Cancels the call (and, for `…All` iterators, every later page). */
  signal?: AbortSignal | undefined;
  /** This call's deadline, retries and waits included (overrides the client's `timeoutMs`). */
  timeoutMs?: number | undefined;
  /** Each attempt's limit for this call (overrides the client's `attemptTimeoutMs`). */
  attemptTimeoutMs?: number | undefined;
  /** Overrides the client's retry policy for this call; `false` sends it once. */
  retry?: Partial<RetryPolicy> | false | undefined;
  /** Receives the raw `Response` (status, headers) of the successful attempt. */
  onResponse?: ((response: Response) => void) | undefined;
}

/** `Omit` that keeps a union a union (mass-action bodies are unions). */
export type DistributiveOmit<T, K extends PropertyKey> = T extends unknown ? Omit<T, K> : never;

/** Base of every generated resource: holds the shared transport. */
export abstract class APIResource {
  protected readonly transport: Transport<{}>;

  constructor(transport: Transport<{}>) {
    this.transport = transport;
  }

  /** Sends one request through the transport and hands the raw response to `onResponse`. */
  protected async call<T>(method: HttpMethod, path: string, init: RequestOptions, options: CallOptions = {}): Promise<T> {
    // Field by field rather than `...init`: one object shape for every operation, and V8 builds it far faster.
    const { data, response } = await this.transport.request<T>(method, path, {
      params: init.params,
      body: init.body,
      answer: init.answer,
      filterQuery: init.filterQuery,
      signal: options.signal,
      timeoutMs: options.timeoutMs,
      attemptTimeoutMs: options.attemptTimeoutMs,
      retry: options.retry,
    });
    options.onResponse?.(response);
    return data;
  }
}
