import { IdMap, redact, scanRecording } from "./privacy.js";
import type { Redactor } from "./redact.js";

/**
 * Keeps real answers of the operations you list, redacted, as recordings `grinfi-codegen contract --import` takes
 * in (spec/recordings/README.md): the way a team with an API key shows the spec what the API really answers.
 * Off unless set. Give `dir` (Node 20.16 or later) or `write` (any runtime).
 */
export interface CaptureOptions {
  /** The operationIds whose answers are kept, as the spec names them (`searchContacts`); no other answer is. */
  operations: readonly string[];
  /** A folder: each answer becomes `<dir>/<operationId>/captured-<time>-<n>.json`. */
  dir?: string | undefined;
  /** Instead of `dir`: receives each recording, already redacted, to store wherever you like. */
  write?: ((recording: CapturedRecording) => void | Promise<void>) | undefined;
  /** At most this many answers per operation (in `dir`, counting files already there). Default 5. */
  maxPerOperation?: number | undefined;
  /** At most this many bytes in all (in `dir`, counting files already there). Default 5 MiB. */
  maxBytes?: number | undefined;
  /** Who captured, written into each recording: a team or environment (`acme-staging`), not a person. */
  by?: string | undefined;
}

/** One captured exchange, in the recordings format with `source: "captured"`. */
export interface CapturedRecording {
  operationId: string;
  source: "captured";
  /** When (ISO date and time). */
  capturedAt: string;
  /** Who (CaptureOptions.by). */
  capturedBy: string;
  /** What: the package and version that captured it (`@grinfi/sdk 3.0.0`). */
  sdk: string;
  note: string;
  request: { method: string; path: string; query?: Record<string, string | string[]>; body?: unknown };
  response: { status: number; headers: Record<string, string>; body?: unknown };
}

/** One exchange as the transport saw it, the API key already removed from all but a success's body. */
export interface CapturedExchange {
  method: string;
  /** The path as the spec writes it: `/leads/api/leads/{uuid}`. */
  path: string;
  /** The URL the request went to. */
  url: string;
  requestBody: unknown;
  status: number;
  headers: Headers;
  body: unknown;
}

const DEFAULT_MAX_PER_OPERATION = 5;
const DEFAULT_MAX_BYTES = 5 * 1024 * 1024;
const KEPT_HEADERS = ["content-type", "x-request-id"];
const FILE_PREFIX = "captured-";

/** The parts of node:fs/promises a folder capture uses. */
interface FileSystem {
  mkdir(path: string, options: { recursive: true }): Promise<unknown>;
  writeFile(path: string, data: string, options: { flag: "wx" }): Promise<void>;
  rename(from: string, to: string): Promise<void>;
  readdir(path: string): Promise<string[]>;
  stat(path: string): Promise<{ size: number; isDirectory(): boolean }>;
}

/**
 * Decides which answers to keep, redacts them and stores them. Everything a recording holds goes through the
 * API key's redactor, then the privacy rules of `grinfi-codegen record` (emails, phones, names of people, free
 * text, LinkedIn ids, tokens; ids made synthetic, the same id the same way in every file), then their strict scan:
 * a recording in which the scan still finds something is not stored at all.
 */
export class Capture {
  readonly #operations: ReadonlySet<string>;
  readonly #maxPerOperation: number;
  readonly #maxBytes: number;
  readonly #by: string;
  readonly #sdk: string;
  readonly #redactor: Redactor;
  readonly #ids = new IdMap();
  readonly #store: (operationId: string, text: string, recording: CapturedRecording) => Promise<void>;
  /** Answers and bytes kept so far (in `dir`: including earlier runs'), counted before each is stored. */
  #kept: Promise<{ perOperation: Map<string, number>; bytes: number }> | undefined;
  #sequence = 0;

  constructor(options: CaptureOptions, sdk: string, redactor: Redactor) {
    const { dir, write } = options;
    if ((dir === undefined) === (write === undefined)) {
      throw new Error("capture needs exactly one of `dir` (a folder, in Node) and `write` (a function)");
    }
    if (!Array.isArray(options.operations) || options.operations.length === 0) {
      throw new Error("capture.operations must list the operationIds to capture (e.g. [\"searchContacts\"])");
    }
    this.#operations = new Set(options.operations);
    this.#maxPerOperation = options.maxPerOperation ?? DEFAULT_MAX_PER_OPERATION;
    this.#maxBytes = options.maxBytes ?? DEFAULT_MAX_BYTES;
    this.#by = options.by ?? "unnamed";
    this.#sdk = sdk;
    this.#redactor = redactor;
    if (write) {
      this.#store = async (_operationId, _text, recording) => write(recording);
    } else {
      const fs = nodeFileSystem();
      const root = String(dir).replace(/[/\\]+$/, "");
      this.#kept = countKept(fs, root);
      this.#store = async (operationId, text) => {
        const folder = `${root}/${operationId}`;
        const name = `${FILE_PREFIX}${new Date().toISOString().replace(/[:.]/g, "-")}-${++this.#sequence}`;
        await fs.mkdir(folder, { recursive: true });
        // Written whole under a temporary name, then renamed: an interrupted write leaves no half recording.
        await fs.writeFile(`${folder}/.${name}.tmp`, text, { flag: "wx" });
        await fs.rename(`${folder}/.${name}.tmp`, `${folder}/${name}.json`);
      };
    }
  }

  /** Stores the exchange if its operation is listed, its limits allow, and it redacts clean. */
  async keep(operationId: string, exchange: CapturedExchange): Promise<void> {
    // A rate limit or a server failure says nothing about the operation's answer.
    if (!this.#operations.has(operationId) || exchange.status === 429 || exchange.status >= 500) return;
    const kept = await (this.#kept ??= Promise.resolve({ perOperation: new Map(), bytes: 0 }));
    const count = kept.perOperation.get(operationId) ?? 0;
    if (count >= this.#maxPerOperation) return;
    const recording = this.#recording(operationId, exchange);
    if (recording === undefined) return;
    const text = `${JSON.stringify(recording, null, 2)}\n`;
    const bytes = new TextEncoder().encode(text).length;
    if (kept.bytes + bytes > this.#maxBytes) return;
    // Counted before the write is awaited, so concurrent calls cannot overshoot the limits.
    kept.perOperation.set(operationId, count + 1);
    kept.bytes += bytes;
    await this.#store(operationId, text, recording);
  }

  #recording(operationId: string, exchange: CapturedExchange): CapturedRecording | undefined {
    const url = new URL(exchange.url);
    const query: Record<string, string | string[]> = {};
    for (const [name, value] of url.searchParams) {
      const known = query[name];
      query[name] = known === undefined ? value : [known, value].flat();
    }
    const headers: Record<string, string> = {};
    for (const name of KEPT_HEADERS) {
      const value = exchange.headers.get(name);
      if (value !== null) headers[name] = value;
    }
    const request = {
      method: exchange.method,
      path: concretePath(url.pathname, exchange.path),
      ...(Object.keys(query).length > 0 && { query }),
      ...(exchange.requestBody !== undefined && { body: exchange.requestBody }),
    };
    const response = { status: exchange.status, headers, ...(exchange.body !== undefined && { body: exchange.body }) };
    const clean = redact(this.#redactor.value({ request, response }), this.#ids);
    if (!isExchange(clean)) return undefined;
    const by = redact(this.#redactor.text(this.#by), this.#ids);
    const recording: CapturedRecording = {
      operationId,
      source: "captured",
      capturedAt: new Date().toISOString(),
      capturedBy: typeof by === "string" ? by : "unnamed",
      sdk: this.#sdk,
      note: `Captured by ${this.#sdk} from a live answer, redacted before it was written.`,
      request: clean.request,
      response: clean.response,
    };
    return scanRecording(recording).length === 0 ? recording : undefined;
  }
}

/** The request path as sent, without any prefix of the base URL: as many trailing segments as the template has. */
function concretePath(pathname: string, template: string): string {
  const segments = template.split("/").length - 1;
  return `/${pathname.split("/").slice(-segments).join("/")}`;
}

function isExchange(value: unknown): value is Pick<CapturedRecording, "request" | "response"> {
  return typeof value === "object" && value !== null && "request" in value && "response" in value;
}

/** node:fs/promises, reached without an import, so that bundlers for the browser have nothing to resolve. */
function nodeFileSystem(): FileSystem {
  type NodeProcess = { getBuiltinModule?: (name: string) => unknown };
  const process = (globalThis as { process?: NodeProcess }).process;
  const fs = process?.getBuiltinModule?.("node:fs/promises");
  if (!isFileSystem(fs)) {
    throw new Error("capture.dir needs Node 20.16 or later (process.getBuiltinModule); elsewhere pass capture.write");
  }
  return fs;
}

function isFileSystem(value: unknown): value is FileSystem {
  return typeof value === "object" && value !== null && "writeFile" in value && "rename" in value && "readdir" in value;
}

/** What earlier runs captured into `root`: answers per operation and bytes in all. */
async function countKept(fs: FileSystem, root: string): Promise<{ perOperation: Map<string, number>; bytes: number }> {
  const kept = { perOperation: new Map<string, number>(), bytes: 0 };
  const folders = await fs.readdir(root).catch(() => []);
  for (const folder of folders) {
    const files = await fs.readdir(`${root}/${folder}`).catch(() => []);
    for (const file of files.filter((name) => name.startsWith(FILE_PREFIX) && name.endsWith(".json"))) {
      const { size } = await fs.stat(`${root}/${folder}/${file}`);
      kept.perOperation.set(folder, (kept.perOperation.get(folder) ?? 0) + 1);
      kept.bytes += size;
    }
  }
  return kept;
}
