import { existsSync } from "node:fs";
import { join, relative } from "node:path";
import { RateLimiter } from "../../runtime/rate-limit.ts";
import { parseRetryAfter, sleep } from "../../runtime/retry.ts";
import { loadSpec } from "../load/index.ts";
import { buildModel } from "../model/build.ts";
import { getAtPointer, isRecord } from "../load/pointer.ts";
import { writeFileAtomic } from "../write/atomic.ts";
import { redact, scanForPersonalData } from "../../runtime/privacy.ts";
import type { Recording } from "./recording.ts";
import { defaultIdCacheDir, IdMapCache, type ResumableIdMap } from "./record-ids.ts";
import {
  fillTemplate,
  orderByNeeds,
  planOperations,
  type ConcreteRequest,
  type IdSlot,
  type PlannedOperation,
  type Provision,
  type RecordPool,
} from "./record-plan.ts";
import { formatDuration, RecordProgress } from "./record-progress.ts";
import { newSandboxState, SANDBOX_STEPS, sandboxStepsToSend, writeSkipReason, type SandboxState, type SandboxStep } from "./record-sandbox.ts";

export interface RecordOptions {
  specDir: string;
  recordingsDir: string;
  /** Default https://leadgen.grinfi.io. Plain http only to this machine (the key must not travel in clear). */
  baseUrl?: string;
  /** Also send the sandbox-safe writes (see record-sandbox.ts); needs `sandboxList`. */
  allowWrites?: boolean;
  /** UUID of a contact list the user created for tests: the only place writes may touch. */
  sandboxList?: string;
  /** Record only these operationIds (ids they need still come from the operations that list them). */
  only?: string[];
  /** Record again what was already recorded today. */
  force?: boolean;
  /** Where GRINFI_API_KEY (and XDG_CACHE_HOME) are read from; default process.env. */
  env?: Record<string, string | undefined>;
  /** Progress and results; default process.stderr. */
  out?: NodeJS.WritableStream;
  /** Stops the run; what was recorded stays, and the same command resumes. */
  signal?: AbortSignal;
  /** Where a run keeps its id map for a resumption the same day (default: the user's cache folder). */
  idCacheDir?: string;
  /** How the run waits out a 429's Retry-After; tests pass a fake. */
  sleep?: (ms: number, signal?: AbortSignal) => Promise<void>;
}

export const DEFAULT_BASE_URL = "https://leadgen.grinfi.io";
/** Exit code of an interrupted run, as for SIGINT. */
export const EXIT_INTERRUPTED = 130;
const REQUEST_TIMEOUT_MS = 30_000;
const RATE_LIMIT_RETRIES = 5;
/** Wait after a 429 that carries no usable Retry-After. */
const DEFAULT_RETRY_AFTER_MS = 10_000;
/** Stop instead of timing out on every remaining operation when the API cannot be reached at all. */
const MAX_NETWORK_FAILURES_IN_A_ROW = 3;
const KEPT_HEADERS = ["content-type", "retry-after", "x-request-id"];
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
const REDACTION_NOTE = "Ids, emails, phones, LinkedIn ids and secrets were replaced by synthetic values before writing.";

export const MISSING_KEY_MESSAGE =
  "GRINFI_API_KEY is not set: export GRINFI_API_KEY=<a team API key from Settings → API Keys in Grinfi> and run `grinfi-codegen record` again.";

/**
 * `grinfi-codegen record`: calls the live API with requests built from the spec's examples and writes each
 * answer, redacted, to `<recordingsDir>/<operationId>/recorded-<yyyy-mm-dd>.json`. Read-only unless
 * `allowWrites` and `sandboxList` are both given. Exit codes: 0 done, 1 an operation failed or the key was
 * refused, 2 bad options (no key, writes without a sandbox, unknown operation), 130 interrupted.
 */
export async function runRecord(options: RecordOptions): Promise<number> {
  const out = options.out ?? process.stderr;
  const env = options.env ?? process.env;
  const key = env.GRINFI_API_KEY?.trim();
  if (!key) {
    out.write(`${MISSING_KEY_MESSAGE}\n`);
    return 2;
  }
  const scrub = (text: string) => text.split(key).join("[api key]");
  const say = (text: string) => void out.write(`${scrub(text)}\n`);
  const baseUrl = (options.baseUrl ?? DEFAULT_BASE_URL).replace(/\/+$/, "");
  const problem = optionProblem(options, baseUrl);
  if (problem) {
    say(problem);
    return 2;
  }

  const bundle = await loadSpec(options.specDir);
  const planned = planOperations(bundle.document, buildModel(bundle));
  const known = new Set(planned.map((p) => p.operationId));
  const unknown = (options.only ?? []).filter((id) => !known.has(id));
  if (unknown.length > 0) {
    say(`--only names operations the spec does not have: ${unknown.join(", ")}`);
    return 2;
  }
  const recorder = new Recorder(options, planned, key, baseUrl, out, scrub);
  return recorder.run();
}

function optionProblem(options: RecordOptions, baseUrl: string): string | undefined {
  if (options.allowWrites && !options.sandboxList) {
    return "--allow-writes needs --sandbox-list <uuid>: the UUID of a contact list you created for tests. Writes only touch a contact the run creates in that list.";
  }
  if (options.sandboxList !== undefined && !options.allowWrites) return "--sandbox-list only matters with --allow-writes; add it, or leave both out for a read-only run.";
  if (options.sandboxList !== undefined && !UUID.test(options.sandboxList)) return `--sandbox-list must be a list's UUID (8-4-4-4-12 hex digits), not "${options.sandboxList}".`;
  let url: URL;
  try {
    url = new URL(baseUrl);
  } catch {
    return `--base-url "${baseUrl}" is not a URL.`;
  }
  const loopback = ["127.0.0.1", "localhost", "[::1]"].includes(url.hostname);
  if (url.protocol !== "https:" && !(url.protocol === "http:" && loopback)) {
    return `--base-url must use https (plain http only to this machine): the API key would travel in clear to ${url.host}.`;
  }
  return undefined;
}

interface Exchange {
  status: number;
  headers: Record<string, string>;
  body: unknown;
}

/** The run was stopped through its signal. */
class Interrupted extends Error {}
/** The API answered 401: every further request would too. */
class KeyRejected extends Error {}
/** No answer: refused connection, reset, timeout. */
class NetworkFailure extends Error {}

type Outcome = { text: string; problem: boolean; failed?: boolean; written?: boolean };

class Recorder {
  readonly #options: RecordOptions;
  readonly #reads: PlannedOperation[];
  readonly #byId: Map<string, PlannedOperation>;
  readonly #key: string;
  readonly #baseUrl: string;
  readonly #out: NodeJS.WritableStream;
  readonly #scrub: (text: string) => string;
  readonly #day = new Date().toISOString().slice(0, 10);
  readonly #limiter = new RateLimiter({ limit: 300, windowMs: 60_000 });
  readonly #pool: RecordPool = new Map();
  /** Providers already asked in this run, whether or not their answer listed anything. */
  readonly #asked = new Set<string>();
  readonly #idCache: IdMapCache;
  readonly #ids: ResumableIdMap;
  readonly #idMapProblem: string | undefined;
  #progress: RecordProgress | undefined;
  #networkFailuresInARow = 0;

  constructor(options: RecordOptions, planned: PlannedOperation[], key: string, baseUrl: string, out: NodeJS.WritableStream, scrub: (text: string) => string) {
    this.#options = options;
    this.#reads = orderByNeeds(planned.filter((p) => p.access === "read"));
    this.#byId = new Map(planned.map((p) => [p.operationId, p]));
    this.#key = key;
    this.#baseUrl = baseUrl;
    this.#out = out;
    this.#scrub = scrub;
    // One id map for the whole run (and for its resumption today), so a record keeps one synthetic id in every file.
    this.#idCache = new IdMapCache(options.idCacheDir ?? defaultIdCacheDir(options.env ?? process.env), options.recordingsDir, this.#day);
    const { ids, problem } = this.#idCache.load();
    this.#ids = ids;
    this.#idMapProblem = problem;
  }

  async run(): Promise<number> {
    const selected = (id: string) => !this.#options.only?.length || this.#options.only.includes(id);
    const reads = this.#reads.filter((p) => selected(p.operationId));
    const sandboxIds = new Set(SANDBOX_STEPS.map((step) => step.operationId));
    const sandboxSelected = this.#options.allowWrites ? SANDBOX_STEPS.filter((step) => this.#byId.has(step.operationId) && selected(step.operationId)) : [];
    const toSend = sandboxStepsToSend(new Set(sandboxSelected.filter((step) => !this.#recordedToday(step.operationId)).map((step) => step.operationId)));
    const sandboxShown = SANDBOX_STEPS.filter((step) => sandboxSelected.includes(step) || toSend.includes(step));
    const unsent = [...this.#byId.values()].filter((p) => p.access === "write" && selected(p.operationId) && !(this.#options.allowWrites && sandboxIds.has(p.operationId)));

    const total = reads.length + sandboxShown.length;
    const progress = new RecordProgress(this.#out, total, this.#scrub);
    this.#progress = progress;
    progress.note(`recording ${total} operation(s) from ${this.#baseUrl} into ${this.#display(this.#options.recordingsDir)}`);
    this.#reportUnsent(unsent);
    if (this.#idMapProblem) progress.note(this.#idMapProblem);

    const tally = { recorded: 0, skipped: 0, failed: 0 };
    const state = newSandboxState(this.#options.sandboxList ?? "");
    const count = (outcome: Outcome) => {
      if (outcome.written) tally.recorded++;
      else if (outcome.failed) tally.failed++;
      else tally.skipped++;
    };
    try {
      if (toSend.length > 0) {
        const sandboxProblem = await this.#checkSandboxList();
        if (sandboxProblem) {
          progress.note(sandboxProblem);
          return 2;
        }
      }
      let position = 0;
      for (const operation of reads) {
        progress.begin(++position, operation.operationId);
        const outcome = await this.#recordRead(operation);
        count(outcome);
        progress.end(position, operation.operationId, outcome.text, outcome.problem);
        if (this.#networkFailuresInARow >= MAX_NETWORK_FAILURES_IN_A_ROW) return this.#stop(`stopping: ${MAX_NETWORK_FAILURES_IN_A_ROW} requests in a row got no answer from ${this.#baseUrl}`);
      }
      let stopped: string | undefined;
      for (const step of sandboxShown) {
        progress.begin(++position, step.operationId);
        const outcome = toSend.includes(step)
          ? await this.#recordSandboxStep(step, state, stopped, (reason) => (stopped ??= reason))
          : { text: "skipped: recorded today (--force records it again)", problem: false };
        count(outcome);
        progress.end(position, step.operationId, outcome.text, outcome.problem);
      }
    } catch (error) {
      if (error instanceof Interrupted) {
        progress.close();
        this.#say(`interrupted: the ${tally.recorded} recording(s) written so far are kept; run the same command again to resume (operations recorded today are skipped).`);
        this.#warnLeftovers(state);
        return EXIT_INTERRUPTED;
      }
      if (error instanceof KeyRejected) return this.#stop("the API refused the key (401): check GRINFI_API_KEY; nothing more was sent");
      if (error instanceof NetworkFailure) return this.#stop(`no answer from ${this.#baseUrl}: ${error.message}`);
      throw error;
    } finally {
      progress.close();
    }
    this.#warnLeftovers(state);
    this.#say(`done: ${tally.recorded} recorded, ${tally.skipped} skipped, ${tally.failed} failed (of ${total}); ${unsent.length} write(s) not sent.`);
    if (tally.recorded > 0) {
      this.#say("Names of people are not replaced by the redaction: before committing, check the recordings, and record against a team whose contacts are invented.");
    }
    return tally.failed > 0 ? 1 : 0;
  }

  /** The sandbox records a run created and could not delete: the user should know which. */
  #warnLeftovers(state: SandboxState): void {
    if (state.contactUuid) this.#say(`left in the sandbox list: the test contact ${state.contactUuid} (${state.email}); delete it in Grinfi.`);
    if (state.noteUuid) this.#say(`left behind: the test note ${state.noteUuid}; delete it in Grinfi.`);
  }

  #stop(message: string): number {
    this.#progress?.close();
    this.#say(message);
    return 1;
  }

  #say(text: string): void {
    this.#out.write(`${this.#scrub(text)}\n`);
  }

  #display(path: string): string {
    return relative(process.cwd(), path) || path;
  }

  #fileFor(operationId: string): string {
    return join(this.#options.recordingsDir, operationId, `recorded-${this.#day}.json`);
  }

  #recordedToday(operationId: string): boolean {
    return !this.#options.force && existsSync(this.#fileFor(operationId));
  }

  #reportUnsent(unsent: PlannedOperation[]): void {
    if (unsent.length === 0) return;
    if (!this.#options.allowWrites) {
      this.#progress?.note(`not sent, they change data (read-only run; --allow-writes --sandbox-list <uuid> records the sandbox-safe ones): ${unsent.map((p) => p.operationId).join(", ")}`);
      return;
    }
    const byReason = new Map<string, string[]>();
    for (const p of unsent) byReason.set(writeSkipReason(p.operationId), [...(byReason.get(writeSkipReason(p.operationId)) ?? []), p.operationId]);
    for (const [reason, ids] of byReason) this.#progress?.note(`not sent, ${reason}: ${ids.join(", ")}`);
  }

  /** Writes go nowhere until the sandbox list is known to exist in this team. */
  async #checkSandboxList(): Promise<string | undefined> {
    const getList = this.#byId.get("getList");
    const parameter = getList ? /\{([^}]+)\}/.exec(getList.path)?.[1] : undefined;
    const list = this.#options.sandboxList ?? "";
    if (!getList || !parameter) return "cannot check the sandbox list: the spec has no getList operation; no writes were sent";
    const path = getList.path.replace(`{${parameter}}`, encodeURIComponent(list));
    const exchange = await this.#send({ method: "GET", pathTemplate: getList.path, path, query: {}, pathValues: { [parameter]: list } });
    if (exchange.status !== 200) return `the sandbox list ${list} was not found (GET ${getList.path} answered ${exchange.status}); create a list for tests and pass its UUID. Nothing was recorded.`;
    return undefined;
  }

  async #recordRead(operation: PlannedOperation): Promise<Outcome> {
    if (this.#recordedToday(operation.operationId)) return { text: "skipped: recorded today (--force records it again)", problem: false };
    const template = operation.template;
    if (!template) return { text: `skipped: ${operation.problem ?? "no request can be built from the spec"}`, problem: true };
    try {
      for (const slot of template.slots) await this.#ensureRecordsOf(slot.kind);
      const filled = fillTemplate(template, this.#pool);
      if ("missing" in filled) return { text: `skipped: ${this.#missingReason(filled.missing)}`, problem: true };
      this.#asked.add(operation.operationId);
      const exchange = await this.#exchange(filled.request);
      if (operation.provides) this.#remember(operation.provides, exchange);
      const adjustments = [...new Set(template.adjustments)];
      const note =
        `Captured from the live API by \`grinfi-codegen record\` from the spec's example request` +
        (adjustments.length ? ` (${adjustments.join("; ")})` : "") +
        (template.slots.length ? ", with ids taken from earlier answers. " : ". ") +
        REDACTION_NOTE;
      return this.#capture(operation.operationId, filled.request, exchange, note);
    } catch (error) {
      if (error instanceof NetworkFailure) return { text: `failed: ${error.message}`, problem: true, failed: true };
      throw error;
    }
  }

  async #recordSandboxStep(step: SandboxStep, state: SandboxState, stopped: string | undefined, stop: (reason: string) => void): Promise<Outcome> {
    const operation = this.#byId.get(step.operationId);
    if (!operation) return { text: "skipped: not in the spec", problem: true };
    if (stopped && !step.cleans) return { text: `skipped: ${stopped}`, problem: true };
    try {
      for (const kind of step.uses ?? []) await this.#ensureRecordsOf(kind);
      const request = step.build(operation, state, this.#pool);
      if (typeof request === "string") return { text: `skipped: ${request}`, problem: true };
      const exchange = await this.#exchange(request);
      const reason = step.accept?.(exchange.status, exchange.body, state);
      if (reason) stop(`${step.operationId}: ${reason}`);
      if (this.#recordedToday(step.operationId)) return { text: `sent (the sequence needs it); today's recording kept`, problem: false };
      const note = `Captured from the live API by \`grinfi-codegen record --allow-writes\`, on an invented contact the run created in a sandbox list and deleted again. ${REDACTION_NOTE}`;
      return this.#capture(step.operationId, request, exchange, note);
    } catch (error) {
      if (error instanceof NetworkFailure) {
        if (step.operationId === "upsertContact") stop("upsertContact got no answer (a test contact may have been created in the sandbox list)");
        return { text: `failed: ${error.message}`, problem: true, failed: true };
      }
      throw error;
    }
  }

  /** Ids for a kind of record: from an answer seen in this run, else by asking an operation that lists them. */
  async #ensureRecordsOf(kind: string, depth = 0): Promise<void> {
    if (this.#pool.has(kind) || depth > 3) return;
    for (const provider of this.#reads) {
      if (provider.provides?.kind !== kind || !provider.template || this.#asked.has(provider.operationId)) continue;
      this.#asked.add(provider.operationId);
      for (const slot of provider.template.slots) await this.#ensureRecordsOf(slot.kind, depth + 1);
      const filled = fillTemplate(provider.template, this.#pool);
      if ("missing" in filled) continue;
      this.#progress?.note(`asking ${provider.operationId} for ${kind} ids (it is not recorded in this run)`);
      this.#remember(provider.provides, await this.#exchange(filled.request));
      if (this.#pool.has(kind)) return;
    }
  }

  #missingReason(slot: IdSlot): string {
    const where = slot.in === "path" ? `{${slot.name}}` : slot.in === "body" ? `body ${slot.pointer}` : `query ${slot.name}${slot.pointer}`;
    const providers = this.#reads.filter((p) => p.provides?.kind === slot.kind).map((p) => p.operationId);
    return providers.length === 0
      ? `no operation in the spec lists ${slot.kind} records to take ${where} from`
      : `no ${slot.kind} to take ${where} from (${providers.join(", ")} listed none)`;
  }

  #remember(provides: Provision, exchange: Exchange): void {
    if (exchange.status < 200 || exchange.status >= 300 || this.#pool.has(provides.kind)) return;
    const items = provides.itemsPointer ? getAtPointer(exchange.body, provides.itemsPointer) : exchange.body;
    if (Array.isArray(items) && items.length > 0 && items.every(isRecord)) this.#pool.set(provides.kind, items);
  }

  /** `#send`, counting answers and failures in a row (many failures in a row end the run). */
  async #exchange(request: ConcreteRequest): Promise<Exchange> {
    try {
      const exchange = await this.#send(request);
      this.#networkFailuresInARow = 0;
      return exchange;
    } catch (error) {
      if (error instanceof NetworkFailure) this.#networkFailuresInARow++;
      throw error;
    }
  }

  /** One request through the rate limiter, waiting out 429s as Retry-After asks. Never follows redirects. */
  async #send(request: ConcreteRequest): Promise<Exchange> {
    const signal = this.#options.signal;
    const url = new URL(this.#baseUrl + request.path);
    for (const [name, value] of Object.entries(request.query)) for (const item of Array.isArray(value) ? value : [value]) url.searchParams.append(name, item);
    for (let attempt = 0; ; attempt++) {
      await this.#limiter.acquire(signal).catch(() => {
        throw new Interrupted();
      });
      let response: Response;
      let text: string;
      try {
        response = await fetch(url, {
          method: request.method,
          headers: {
            authorization: `Bearer ${this.#key}`,
            accept: "application/json",
            ...(request.body !== undefined && { "content-type": "application/json" }),
          },
          ...(request.body !== undefined && { body: JSON.stringify(request.body) }),
          redirect: "manual",
          signal: signal ? AbortSignal.any([signal, AbortSignal.timeout(REQUEST_TIMEOUT_MS)]) : AbortSignal.timeout(REQUEST_TIMEOUT_MS),
        });
        text = await response.text();
      } catch (error) {
        if (signal?.aborted) throw new Interrupted();
        throw new NetworkFailure(describeFailure(error));
      }
      if (response.status === 401) throw new KeyRejected();
      if (response.status === 429 && attempt < RATE_LIMIT_RETRIES) {
        const waitMs = parseRetryAfter(response.headers.get("retry-after")) ?? DEFAULT_RETRY_AFTER_MS;
        this.#progress?.note(`rate limited (429) on ${request.method} ${request.pathTemplate}: waiting ${formatDuration(waitMs)} as Retry-After asks`);
        await (this.#options.sleep ?? sleep)(waitMs, signal).catch(() => {
          throw new Interrupted();
        });
        continue;
      }
      const headers: Record<string, string> = {};
      for (const name of KEPT_HEADERS) {
        const value = response.headers.get(name);
        if (value !== null) headers[name] = value;
      }
      return { status: response.status, headers, body: parseBody(text, headers["content-type"]) };
    }
  }

  /** Redacts, scans, and writes the recording atomically; refuses when anything personal or the key is left. */
  #capture(operationId: string, request: ConcreteRequest, exchange: Exchange, note: string): Outcome {
    if (exchange.status === 429) return { text: `failed: still rate limited after ${RATE_LIMIT_RETRIES} waits`, problem: true, failed: true };
    const ids = this.#ids;
    const path = request.pathTemplate.replace(/\{([^}]+)\}/g, (_m, name: string) => encodeURIComponent(ids.map(request.pathValues[name] ?? "")));
    const recording: Recording = {
      operationId,
      source: "recorded",
      recordedAt: this.#day,
      note,
      request: {
        method: request.method,
        path,
        ...(Object.keys(request.query).length > 0 && { query: redact(request.query, ids) as Record<string, string | string[]> }),
        ...(request.body !== undefined && { body: redact(request.body, ids) }),
      },
      response: {
        status: exchange.status,
        headers: redact(exchange.headers, ids) as Record<string, string>,
        ...(exchange.body !== undefined && { body: redact(exchange.body, ids) }),
      },
    };
    this.#idCache.save(ids);
    const findings = scanForPersonalData(recording);
    if (findings.length > 0) {
      const where = findings.slice(0, 5).map((f) => `${f.pointer} (${f.kind})`).join(", ") + (findings.length > 5 ? ` and ${findings.length - 5} more` : "");
      return { text: `NOT written: personal data left after redaction at ${where}`, problem: true, failed: true };
    }
    const text = `${JSON.stringify(recording, null, 2)}\n`;
    if (text.includes(this.#key)) return { text: "NOT written: the exchange contains the API key", problem: true, failed: true };
    const file = this.#fileFor(operationId);
    writeFileAtomic(file, text);
    const ok = exchange.status >= 200 && exchange.status < 300;
    return { text: `recorded ${exchange.status} → ${this.#display(file)}`, problem: !ok, written: true };
  }
}

function parseBody(text: string, contentType: string | undefined): unknown {
  if (text === "") return undefined;
  if (!/json/i.test(contentType ?? "")) return text;
  try {
    return JSON.parse(text);
  } catch {
    return text;
  }
}

function describeFailure(error: unknown): string {
  if (error instanceof Error && error.name === "TimeoutError") return `no answer within ${REQUEST_TIMEOUT_MS / 1000}s`;
  const cause = error instanceof Error && isRecord(error.cause) && typeof error.cause.code === "string" ? ` (${error.cause.code})` : "";
  return `${error instanceof Error ? error.message : String(error)}${cause}`;
}
