import { createServer, STATUS_CODES, type IncomingMessage, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";
import { setTimeout as delay } from "node:timers/promises";
import { loadRecordings, type LoadedRecording } from "../contract/recording.ts";
import type { OpenApiDocument } from "../load/bundle.ts";
import { loadSpec } from "../load/index.ts";
import { buildModel } from "../model/build.ts";
import type { ApiModel } from "../model/types.ts";
import { AnswerBook, DEFAULT_PAGE_LIMIT, type Answer, type PageRequest } from "./answers.ts";
import { FAULT_HEADER, FaultPlan, faultDelay, parseFaultHeader, type Fault, type FaultKind, type FaultRule } from "./faults.ts";
import { API_RATE_LIMIT, RollingRateLimit, type RateLimitSettings } from "./rate-limit.ts";
import { RequestChecker, type IncomingCall } from "./request-check.ts";
import { buildRoutes, matchRoute, type RouteMatch, type SpecRoute } from "./routes.ts";
import { SchemaCompiler, type FieldErrors } from "./schemas.ts";

/** The only address the mock listens on. */
export const MOCK_HOST = "127.0.0.1";
/** Bodies above this are refused (413) unread, so a runaway client cannot exhaust memory. */
const MAX_BODY_BYTES = 1024 * 1024;

/** The spec's routes with their compiled request checkers, and the answers: built once, shared by any number of servers. */
export interface MockApi {
  routes: SpecRoute[];
  checkers: Map<string, RequestChecker>;
  answers: AnswerBook;
}

export function createMockApi(document: OpenApiDocument, model: ApiModel, recordings: readonly LoadedRecording[]): MockApi {
  const routes = buildRoutes(model);
  const compiler = new SchemaCompiler(document);
  const checkers = new Map(routes.map((route) => [route.operationId, new RequestChecker(route, document, compiler)]));
  return { routes, checkers, answers: new AnswerBook(routes, recordings) };
}

/** Bundles and checks the spec (a SpecError when it is broken) and reads the recordings (a SpecError for a bad file). */
export async function loadMockApi(source: { specDir: string; recordingsDir?: string | undefined }): Promise<MockApi> {
  const bundle = await loadSpec(source.specDir);
  return createMockApi(bundle.document, buildModel(bundle), source.recordingsDir ? loadRecordings(source.recordingsDir) : []);
}

/** One request as the mock saw it: never its headers, so never its key. */
export interface RequestLogEntry {
  method: string;
  /** The path without the query string. */
  path: string;
  /** The operation it was routed to; undefined when no route matched. */
  operationId: string | undefined;
  /** The status sent; null when the connection was reset instead. */
  status: number | null;
  fault?: FaultKind;
  /** For answers replayed from the spec: the recording's file, or "spec example". */
  answeredFrom?: string;
}

export type MockOptions = ({ specDir: string; recordingsDir?: string | undefined } | { api: MockApi }) & {
  /** Default 0: any free port. */
  port?: number | undefined;
  /** Default: the API's 300 requests per rolling 60 s per key. */
  rateLimit?: Partial<RateLimitSettings> | undefined;
  faults?: readonly FaultRule[] | undefined;
  /** Called once per request, when its answer goes out (or its connection is reset). */
  onRequest?: ((entry: RequestLogEntry) => void) | undefined;
};

export interface MockServer {
  /** `http://127.0.0.1:<port>`, to use as the client's base URL. */
  url: string;
  port: number;
  /** Every request so far, oldest first. */
  requests: RequestLogEntry[];
  /** Stops listening, drops open connections and cancels pending delayed answers. */
  close(): Promise<void>;
}

const REASON_BY_STATUS: Record<number, string> = {
  400: "bad_request",
  401: "auth_exception",
  402: "payment_required",
  403: "access_denied",
  404: "not_found",
  413: "bad_request",
  422: "validation_error",
  429: "too_many_requests",
};

const MESSAGE_BY_STATUS: Record<number, string> = {
  401: "Unauthenticated.",
  402: "Your plan or credit balance does not cover this action.",
  403: "This action is unauthorized.",
  404: "Record not found.",
  422: "The given data was invalid.",
  429: "Too Many Attempts.",
};

/** The API's error envelope: `{ error: { reason, message, data }, message, code }`. */
export function errorEnvelope(status: number, message?: string, data: FieldErrors = {}): Record<string, unknown> {
  const reason = REASON_BY_STATUS[status] ?? (status >= 500 ? "internal" : "bad_request");
  const summary = MESSAGE_BY_STATUS[status] ?? (status >= 500 ? "Server Error" : "Bad Request");
  // Like the API on 422: the inner message is the first field's first message, the outer one the summary.
  const firstFieldMessage = Object.values(data)[0]?.[0];
  return { error: { reason, message: message ?? firstFieldMessage ?? summary, data }, message: summary, code: status };
}

class BodyTooLarge extends Error {}

async function readBody(request: IncomingMessage): Promise<Buffer> {
  const declared = Number(request.headers["content-length"]);
  if (declared > MAX_BODY_BYTES) throw new BodyTooLarge();
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of request) {
    size += (chunk as Buffer).length;
    if (size > MAX_BODY_BYTES) throw new BodyTooLarge();
    chunks.push(chunk as Buffer);
  }
  return Buffer.concat(chunks);
}

const MULTIPART = /^multipart\/form-data\s*(?:;|$)/i;
const JSON_TYPE = /^application\/(?:[\w.+-]+\+)?json\s*(?:;|$)/i;

/** A multipart/form-data body as FormData (Node's own parser, the one `Request.formData()` uses); "unreadable" when it is broken. */
async function readForm(body: Buffer, contentType: string | undefined): Promise<FormData | "unreadable" | undefined> {
  if (!contentType || !MULTIPART.test(contentType)) return undefined;
  try {
    return await new Request("http://mock.invalid/", { method: "POST", headers: { "content-type": contentType }, body: new Uint8Array(body) }).formData();
  } catch {
    return "unreadable";
  }
}

/** `Authorization: Bearer <token>` → the token; undefined when missing, empty or another scheme. */
function bearerToken(header: string | undefined): string | undefined {
  const match = /^Bearer\s+(\S.*)$/i.exec(header ?? "");
  return match?.[1]?.trim() || undefined;
}

/** Starts the mock on 127.0.0.1. See `MockOptions`; the request log is `server.requests`. */
export async function startMockServer(options: MockOptions): Promise<MockServer> {
  const api = "api" in options ? options.api : await loadMockApi(options);
  const limiter = new RollingRateLimit({ ...API_RATE_LIMIT, ...definedEntries(options.rateLimit) });
  const faults = new FaultPlan(options.faults ?? []);
  const requests: RequestLogEntry[] = [];
  const closing = new AbortController();
  let requestCount = 0;

  /** Where one request's answer goes: sends it, and logs it once it is on its way. */
  const exchange = (request: IncomingMessage, response: ServerResponse) => {
    const url = new URL(request.url ?? "/", `http://${MOCK_HOST}`);
    const entry: RequestLogEntry = { method: (request.method ?? "GET").toUpperCase(), path: url.pathname, operationId: undefined, status: null };
    const headers: Record<string, string> = { "x-request-id": `mock-${String(++requestCount).padStart(6, "0")}` };
    const log = (status: number | null): void => {
      entry.status = status;
      requests.push(entry);
      options.onRequest?.(entry);
    };
    const finish: Finish = (status, body, contentType = "application/json") => {
      log(status);
      if (body !== undefined) headers["content-type"] = contentType;
      response.writeHead(status, { ...headers, "content-length": String(Buffer.byteLength(body ?? "")) });
      response.end(body);
    };
    const fail: Fail = (status, message, data) => finish(status, JSON.stringify(errorEnvelope(status, message, data)));
    const reset = (): void => {
      log(null);
      request.socket.destroy();
    };
    return { url, entry, headers, finish, fail, reset };
  };

  const handle = async (request: IncomingMessage, { url, entry, headers, finish, fail, reset }: ReturnType<typeof exchange>): Promise<void> => {
    let body: Buffer;
    try {
      body = await readBody(request);
    } catch (error) {
      if (!(error instanceof BodyTooLarge)) throw error;
      headers.connection = "close";
      return fail(413, `The body is larger than ${MAX_BODY_BYTES} bytes.`);
    }

    const token = bearerToken(request.headers.authorization);
    if (!token) return fail(401);
    const decision = limiter.take(token);
    headers["x-ratelimit-limit"] = String(limiter.limit);
    if (!decision.allowed) {
      headers["retry-after"] = String(decision.retryAfterSeconds);
      headers["x-ratelimit-remaining"] = "0";
      return fail(429);
    }
    headers["x-ratelimit-remaining"] = String(decision.remaining);

    const match = matchRoute(api.routes, entry.method, url.pathname);
    const routed = "route" in match ? match : undefined;
    entry.operationId = routed?.route.operationId;

    let fault: Fault | undefined;
    const faultHeader = request.headers[FAULT_HEADER];
    if (typeof faultHeader === "string") {
      const parsed = parseFaultHeader(faultHeader);
      if ("problem" in parsed) return fail(400, parsed.problem);
      fault = parsed;
    } else {
      fault = faults.take({ method: entry.method, path: url.pathname, operationId: routed?.route.operationId, template: routed?.route.template });
    }
    if (fault) {
      entry.fault = fault.kind;
      await delay(faultDelay(fault), undefined, { signal: closing.signal });
      if (fault.kind === "reset") return reset();
      if (fault.kind !== "latency") return sendFault(fault, routed?.route, finish, fail);
    }

    if (!routed) {
      const allowed = "allowed" in match ? match.allowed : [];
      return fail(404, allowed.length ? `${url.pathname} takes ${allowed.join(", ")}, not ${entry.method}.` : `No route ${entry.method} ${url.pathname} in the spec.`);
    }
    const form = await readForm(body, request.headers["content-type"]);
    const reply = answer(api, routed, url, { rawBody: body.toString("utf8"), form }, request);
    if ("fieldErrors" in reply) return fail(reply.status, reply.message, reply.fieldErrors);
    entry.answeredFrom = reply.source;
    const contentType = reply.headers["content-type"] ?? "application/json";
    // A file (a CSV export) is recorded as its text and sent as it is; anything else is JSON.
    const text = typeof reply.body === "string" && !JSON_TYPE.test(contentType) ? reply.body : JSON.stringify(reply.body);
    finish(reply.status, reply.body === undefined ? undefined : text, contentType);
  };

  const server = createServer((request, response) => {
    const current = exchange(request, response);
    handle(request, current).catch((error: unknown) => {
      // Closing cancels pending delays; a client gone mid-body leaves nobody to answer.
      if (closing.signal.aborted || response.destroyed) {
        request.socket.destroy();
        return;
      }
      if (!response.headersSent) current.fail(500, `The mock failed: ${(error as Error).message}`);
    });
  });

  await new Promise<void>((resolve, reject) => {
    server.once("error", reject);
    server.listen(options.port ?? 0, MOCK_HOST, () => {
      server.off("error", reject);
      resolve();
    });
  });
  const port = (server.address() as AddressInfo).port;

  return {
    url: `http://${MOCK_HOST}:${port}`,
    port,
    requests,
    close: () =>
      new Promise<void>((resolve, reject) => {
        closing.abort();
        server.close((error) => (error ? reject(error) : resolve()));
        server.closeAllConnections();
      }),
  };
}

function definedEntries<T extends object>(value: T | undefined): Partial<T> {
  return Object.fromEntries(Object.entries(value ?? {}).filter(([, v]) => v !== undefined)) as Partial<T>;
}

type Finish = (status: number, body: string | undefined, contentType?: string) => void;
type Fail = (status: number, message?: string, data?: FieldErrors) => void;

/** A truncated page: valid JSON up to the point where the connection seemingly gave out. */
const MALFORMED_JSON = '{"data":[{"uuid":"3a4ac30b-1321-449c-9b37-e9fe3174e00e","name":"Dana Exa';

function sendFault(fault: Fault, route: SpecRoute | undefined, finish: Finish, fail: Fail): void {
  const successStatus = route?.success.status ?? 200;
  switch (fault.kind) {
    case "status": {
      const status = fault.status ?? 500;
      return fail(status, status >= 500 ? "Server Error (injected by x-mock-fault or the mock's faults)" : undefined);
    }
    case "html": {
      const status = fault.status ?? 502;
      const title = `${status} ${STATUS_CODES[status] ?? "Error"}`;
      return finish(status, `<!DOCTYPE html>\n<html><head><title>${title}</title></head><body><center><h1>${title}</h1></center><hr><center>nginx</center></body></html>\n`, "text/html; charset=utf-8");
    }
    case "malformed-json":
      return finish(fault.status ?? successStatus, MALFORMED_JSON);
    case "empty":
      return finish(fault.status ?? successStatus, "");
    case "latency":
    case "reset":
      throw new Error(`fault ${fault.kind} is not an answer`);
  }
}

function pageRequest(route: SpecRoute, query: Record<string, unknown>, body: unknown): PageRequest | undefined {
  if (!route.pagination) return undefined;
  const source = route.pagination === "query" ? query : typeof body === "object" && body !== null ? (body as Record<string, unknown>) : {};
  const limit = source.limit;
  const offset = source.offset;
  return {
    limit: typeof limit === "number" && Number.isInteger(limit) && limit > 0 ? limit : DEFAULT_PAGE_LIMIT,
    offset: typeof offset === "number" && Number.isInteger(offset) && offset >= 0 ? offset : 0,
  };
}

function answer(
  api: MockApi,
  { route, pathParams }: RouteMatch,
  url: URL,
  body: Pick<IncomingCall, "rawBody" | "form">,
  request: IncomingMessage,
): Answer | { status: number; message: string | undefined; fieldErrors: FieldErrors } {
  const checker = api.checkers.get(route.operationId);
  if (!checker) throw new Error(`no request checker for ${route.operationId}`);
  const outcome = checker.check({ pathParams, query: url.searchParams, contentType: request.headers["content-type"], ...body });
  if (!outcome.ok) return { status: outcome.status, message: outcome.status === 404 ? outcome.message : undefined, fieldErrors: outcome.fieldErrors };
  return api.answers.answer(route, url.pathname, url.searchParams, pageRequest(route, outcome.query, outcome.body));
}
