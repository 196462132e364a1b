import { existsSync, readdirSync, readFileSync } from "node:fs";
import { join, relative } from "node:path";
import { SpecError, type Finding } from "../errors.ts";
import { isRecord } from "../load/pointer.ts";

/**
 * One recorded exchange with the API, stored as `spec/recordings/<operationId>/<name>.json`.
 * `source` says where it came from, honestly: `recorded` only for answers captured from the live API by
 * `grinfi-codegen record` (with the date), `captured` for live answers an SDK user's client captured (redacted
 * there, taken in by `grinfi-codegen contract --import`), `documented-example` for exchanges built from published
 * examples.
 */
export interface Recording {
  operationId: string;
  source: "recorded" | "captured" | "documented-example";
  /** ISO date (YYYY-MM-DD) of the capture; required when `source` is `recorded`. */
  recordedAt?: string;
  /** When a `captured` answer was captured (ISO date and time). */
  capturedAt?: string;
  /** Who captured it: a team or an environment, never a person (`captured` only). */
  capturedBy?: string;
  /** The SDK and version that captured it (`@grinfi/sdk 3.0.0`; `captured` only). */
  sdk?: string;
  /** Why this exchange exists or where its facts come from. */
  note: string;
  request: {
    method: string;
    /** The concrete path, ids filled in: `/leads/api/leads/3a4ac30b-…`. */
    path: string;
    /** Query parameters as sent (repeated keys as arrays), e.g. `{ "filter[status]": "closed" }`. */
    query?: Record<string, string | string[]>;
    body?: unknown;
    /** A multipart/form-data body, part by part, in place of `body`. */
    form?: RecordedPart[];
  };
  response: {
    status: number;
    /** Selected headers, lower-case names (content-type, retry-after, x-request-id). Never authorization. */
    headers?: Record<string, string>;
    body?: unknown;
  };
}

/**
 * One part of a recorded multipart form: a field's `value` (a JSON part's as the JSON value), or a file: its name,
 * media type and content as text.
 */
export type RecordedPart =
  | { name: string; value: unknown }
  | { name: string; filename: string; contentType: string; content: string };

/** A recorded form as FormData, to send again (a JSON part's value as JSON text). */
export function recordedFormData(parts: readonly RecordedPart[]): FormData {
  const form = new FormData();
  for (const part of parts) {
    if ("filename" in part) form.append(part.name, new Blob([part.content], { type: part.contentType }), part.filename);
    else form.append(part.name, typeof part.value === "string" ? part.value : JSON.stringify(part.value));
  }
  return form;
}

export interface LoadedRecording {
  /** Path relative to the working directory, for messages. */
  file: string;
  /** File name without `.json`. */
  name: string;
  recording: Recording;
}

export const RECORDINGS_DIR = join("spec", "recordings");

/** Reads every `<operationId>/<name>.json` under `dir`, checking each file's shape; a SpecError lists bad files. */
export function loadRecordings(dir: string, cwd = process.cwd()): LoadedRecording[] {
  if (!existsSync(dir)) return [];
  const findings: Finding[] = [];
  const loaded: LoadedRecording[] = [];
  for (const folder of readdirSync(dir, { withFileTypes: true }).filter((e) => e.isDirectory()).map((e) => e.name).sort()) {
    for (const fileName of readdirSync(join(dir, folder)).filter((n) => n.endsWith(".json")).sort()) {
      const path = join(dir, folder, fileName);
      const file = relative(cwd, path) || path;
      const fail = (message: string, pointer = "", line = 1, column = 1) =>
        findings.push({ rule: "recording-shape", severity: "error", message, location: { file, line, column, pointer }, hint: "see spec/recordings/README.md for the format" });
      let value: unknown;
      const text = readFileSync(path, "utf8");
      try {
        value = JSON.parse(text);
      } catch (error) {
        // V8 says where the JSON broke as an offset ("at position 30"): shown as line and column.
        const offset = Number(/at position (\d+)/.exec((error as Error).message)?.[1] ?? NaN);
        const before = Number.isInteger(offset) ? text.slice(0, offset).split("\n") : [""];
        fail(`not valid JSON: ${(error as Error).message}`, "", before.length, (before[before.length - 1]?.length ?? 0) + 1);
        continue;
      }
      const problem = shapeProblem(value, folder);
      if (problem) {
        fail(problem.message, problem.pointer);
        continue;
      }
      loaded.push({ file, name: fileName.slice(0, -".json".length), recording: value as Recording });
    }
  }
  if (findings.length) throw new SpecError(findings);
  return loaded;
}

export function shapeProblem(value: unknown, folder: string): { message: string; pointer: string } | undefined {
  if (!isRecord(value)) return { message: "a recording is a JSON object", pointer: "" };
  if (value.operationId !== folder) return { message: `operationId "${String(value.operationId)}" does not match its folder "${folder}"`, pointer: "/operationId" };
  if (value.source !== "recorded" && value.source !== "captured" && value.source !== "documented-example") {
    return { message: 'source must be "recorded", "captured" or "documented-example"', pointer: "/source" };
  }
  if (value.source === "captured" && Number.isNaN(Date.parse(String(value.capturedAt ?? "")))) {
    return { message: "a captured exchange needs capturedAt (an ISO date and time)", pointer: "/capturedAt" };
  }
  if (value.source === "recorded" && !/^\d{4}-\d\d-\d\d$/.test(String(value.recordedAt ?? ""))) return { message: "a recorded exchange needs recordedAt (YYYY-MM-DD)", pointer: "/recordedAt" };
  if (typeof value.note !== "string" || value.note.trim() === "") return { message: "note must say where the exchange comes from", pointer: "/note" };
  const request = value.request;
  if (!isRecord(request) || typeof request.method !== "string" || typeof request.path !== "string" || !request.path.startsWith("/")) {
    return { message: "request needs method and an absolute path", pointer: "/request" };
  }
  if (request.form !== undefined) {
    if (request.body !== undefined) return { message: "a request has a JSON body or a form, not both", pointer: "/request/form" };
    if (!Array.isArray(request.form)) return { message: "request.form is a list of parts", pointer: "/request/form" };
    const index = request.form.findIndex((part) => !isRecordedPart(part));
    if (index >= 0) {
      return { message: "a form part is { name, value } or a file { name, filename, contentType, content }", pointer: `/request/form/${index}` };
    }
  }
  const response = value.response;
  if (!isRecord(response) || !Number.isInteger(response.status)) return { message: "response needs an integer status", pointer: "/response" };
  if (isRecord(response.headers) && Object.keys(response.headers).some((h) => h.toLowerCase() === "authorization")) {
    return { message: "recordings never keep an authorization header", pointer: "/response/headers" };
  }
  return undefined;
}

function isRecordedPart(part: unknown): part is RecordedPart {
  if (!isRecord(part) || typeof part.name !== "string") return false;
  if (!("filename" in part)) return "value" in part;
  return typeof part.filename === "string" && typeof part.contentType === "string" && typeof part.content === "string";
}
