import type { LoadedRecording, Recording } from "../contract/recording.ts";
import { isRecord } from "../load/pointer.ts";
import type { SpecRoute } from "./routes.ts";

/** What the mock sends back for a request that passed every check. `body` undefined means no body at all. */
export interface Answer {
  status: number;
  headers: Record<string, string>;
  body: unknown;
  /** Where the answer came from, for the request log: a recording's file, or the spec's example. */
  source: string;
}

export interface PageRequest {
  limit: number;
  offset: number;
}

/** The spec: "Lists are paged with limit (20 when omitted) and offset (0 when omitted)". */
export const DEFAULT_PAGE_LIMIT = 20;

const isSuccess = (recording: Recording) => recording.response.status >= 200 && recording.response.status < 300;

/** Identity of a list item for pooling pages: its uuid or id, else its whole content. */
function itemKey(item: unknown): string {
  if (isRecord(item) && (typeof item.uuid === "string" || typeof item.id === "number" || typeof item.id === "string")) {
    return `${typeof item.uuid === "string" ? "uuid" : "id"}:${String(item.uuid ?? item.id)}`;
  }
  return `json:${JSON.stringify(item)}`;
}

/** How well a recorded request fits this one: the exact path matters most, then each query value that agrees. */
function fitScore(recording: Recording, path: string, query: URLSearchParams): number {
  let score = recording.request.path === path ? 1000 : 0;
  for (const [key, value] of Object.entries(recording.request.query ?? {})) {
    const recorded = Array.isArray(value) ? value : [value];
    const sent = query.getAll(key);
    score += recorded.length === sent.length && recorded.every((v, i) => v === sent[i]) ? 1 : -1;
  }
  return score;
}

/**
 * Answers from the recordings (`spec/recordings/<operationId>/*.json`, 2xx only) and else from the spec's 2xx
 * example. Paged lists are cut from a pool of every item the operation's recordings hold, so a client can walk
 * several pages even though each recording is one page.
 */
export class AnswerBook {
  readonly #recordings = new Map<string, LoadedRecording[]>();
  readonly #pools = new Map<string, unknown[]>();

  constructor(routes: readonly SpecRoute[], recordings: readonly LoadedRecording[]) {
    const known = new Set(routes.map((route) => route.operationId));
    for (const loaded of recordings) {
      if (!known.has(loaded.recording.operationId) || !isSuccess(loaded.recording)) continue;
      const list = this.#recordings.get(loaded.recording.operationId) ?? [];
      list.push(loaded);
      this.#recordings.set(loaded.recording.operationId, list);
    }
    for (const route of routes) {
      if (!route.pagination) continue;
      const pages = this.#recordings.get(route.operationId)?.map((loaded) => loaded.recording.response.body) ?? [route.success.example];
      const pool = new Map<string, unknown>();
      for (const page of pages) {
        if (!isRecord(page) || !Array.isArray(page.data)) continue;
        for (const item of page.data) if (!pool.has(itemKey(item))) pool.set(itemKey(item), item);
      }
      this.#pools.set(route.operationId, [...pool.values()]);
    }
  }

  /** How many 2xx recordings each operation has (operations without any are absent). */
  get recordingCounts(): Map<string, number> {
    return new Map([...this.#recordings].map(([id, list]) => [id, list.length]));
  }

  answer(route: SpecRoute, path: string, query: URLSearchParams, page: PageRequest | undefined): Answer {
    const candidates = this.#recordings.get(route.operationId) ?? [];
    let best: LoadedRecording | undefined;
    let bestScore = -Infinity;
    for (const candidate of candidates) {
      const score = fitScore(candidate.recording, path, query);
      if (score > bestScore) [best, bestScore] = [candidate, score];
    }
    const answer: Answer = best
      ? { status: best.recording.response.status, headers: { ...best.recording.response.headers }, body: best.recording.response.body, source: best.file }
      : {
          status: route.success.status,
          headers: route.success.mediaType ? { "content-type": route.success.mediaType } : {},
          body: route.success.hasBody ? route.success.example : undefined,
          source: "spec example",
        };
    if (answer.status === 204) answer.body = undefined;
    if (page && isRecord(answer.body)) answer.body = this.#page(route, answer.body, page);
    return answer;
  }

  /** The recorded envelope with `data`, `limit`, `offset`, `total` and `has_more` recomputed for this page. */
  #page(route: SpecRoute, envelope: Record<string, unknown>, { limit, offset }: PageRequest): Record<string, unknown> {
    const pool = this.#pools.get(route.operationId) ?? [];
    const data = pool.slice(offset, offset + limit);
    return { ...envelope, data, limit, offset, total: pool.length, has_more: offset + data.length < pool.length };
  }
}
