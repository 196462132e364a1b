import { createHash } from "node:crypto";
import { existsSync, readdirSync, readFileSync } from "node:fs";
import { basename, dirname, join, relative } from "node:path";
import { scanRecording } from "../../runtime/privacy.ts";
import { loadSpec } from "../load/index.ts";
import { isRecord } from "../load/pointer.ts";
import { buildModel } from "../model/build.ts";
import { writeFileAtomic } from "../write/atomic.ts";
import { checkContract, CONTRACT_FORMATS, type ContractFormat, type ContractIssue, type IssueKind } from "./check.ts";
import { loadRecordings, shapeProblem, type Recording } from "./recording.ts";
import { formatContractJson, formatContractTable } from "./report.ts";

/**
 * `grinfi-codegen contract --import <dir>`: takes in the answers an SDK client captured (`capture: { dir }`, see
 * generator/runtime/capture.ts), files them as recordings and checks the spec against them. Nothing is filed
 * unless every file is a captured recording that passes the privacy scan: the SDK redacted them, and this is
 * the second look before they enter the repository.
 */
export interface ImportOptions {
  specDir: string;
  recordingsDir: string;
  importDir: string;
  format: ContractFormat;
  strict: boolean;
}

/** Where the spec must change for a captured answer: it promises what the API does not do, or says too little. */
export const SPEC_IS_WRONG: ReadonlySet<IssueKind> = new Set([
  "operation-mismatch",
  "undocumented-status",
  "undocumented-media-type",
  "unexpected-body",
  "missing-body",
  "invalid-body",
]);
export const SPEC_IS_INCOMPLETE: ReadonlySet<IssueKind> = new Set([
  "unknown-operation",
  "undocumented-field",
  "undeclared-enum-value",
  "open-set-value",
]);

export interface ImportResult {
  /** Recordings written, relative to the working directory. */
  filed: string[];
  /** Captured files whose exchange is already a recording (here or earlier in the same import). */
  duplicates: string[];
  /** Files refused, with why: nothing is filed when there is one. */
  refused: { file: string; problems: string[] }[];
}

export async function runImport(options: ImportOptions): Promise<number> {
  if (!(CONTRACT_FORMATS as readonly string[]).includes(options.format)) {
    process.stderr.write(`unknown format "${String(options.format)}"; use one of ${CONTRACT_FORMATS.join(", ")}\n`);
    return 2;
  }
  const bundle = await loadSpec(options.specDir);
  const model = buildModel(bundle);
  const imported = importCaptured(options.importDir, options.recordingsDir);
  if (imported.refused.length > 0) {
    process.stderr.write(`contract --import: nothing filed; ${imported.refused.length} file(s) refused:\n`);
    for (const { file, problems } of imported.refused) {
      process.stderr.write(`  ${file}\n${problems.map((problem) => `    ${problem}\n`).join("")}`);
    }
    return 1;
  }
  process.stderr.write(
    `contract --import: filed ${imported.filed.length} recording(s)` +
      (imported.duplicates.length ? `, skipped ${imported.duplicates.length} already recorded` : "") +
      `${imported.filed.map((file) => `\n  ${file}`).join("")}\n`,
  );

  const result = checkContract(bundle, model, loadRecordings(options.recordingsDir), {
    strict: options.strict,
    recordingsDir: options.recordingsDir,
  });
  const fromCapture = new Set(imported.filed);
  const captured = result.issues.filter((issue) => issue.file !== null && fromCapture.has(issue.file));
  const wrong = captured.filter((issue) => SPEC_IS_WRONG.has(issue.kind));
  const incomplete = captured.filter((issue) => SPEC_IS_INCOMPLETE.has(issue.kind));
  if (options.format === "json") {
    const report: unknown = JSON.parse(formatContractJson(result));
    const json = { ...(isRecord(report) ? report : {}), import: { ...imported, specIsWrong: wrong, specIsIncomplete: incomplete } };
    process.stdout.write(`${JSON.stringify(json, null, 2)}\n`);
  } else {
    process.stdout.write(formatContractTable(result));
    process.stdout.write(formatCapturedFindings(wrong, incomplete));
  }
  return result.issues.some((issue) => issue.severity === "error") ? 1 : 0;
}

/** Checks, de-duplicates and files every captured recording under `importDir`; files nothing if one is refused. */
export function importCaptured(importDir: string, recordingsDir: string, cwd = process.cwd()): ImportResult {
  const shown = (path: string) => relative(cwd, path) || path;
  if (!existsSync(importDir)) return { filed: [], duplicates: [], refused: [{ file: shown(importDir), problems: ["no such folder"] }] };
  const refused: ImportResult["refused"] = [];
  const candidates: { file: string; recording: Recording }[] = [];
  for (const path of jsonFiles(importDir)) {
    const problems: string[] = [];
    let value: unknown;
    try {
      value = JSON.parse(readFileSync(path, "utf8"));
    } catch (error) {
      refused.push({ file: shown(path), problems: [`not valid JSON: ${(error as Error).message}`] });
      continue;
    }
    // Captures are written as <dir>/<operationId>/<name>.json; a file straight in <dir> names its own operation.
    const folder = dirname(path) === importDir ? String(isRecord(value) ? value.operationId : "") : basename(dirname(path));
    const shape = shapeProblem(value, folder);
    if (shape) problems.push(`${shape.pointer || "(file)"}: ${shape.message}`);
    else if (isRecord(value) && value.source !== "captured") problems.push(`/source: only captured recordings are imported, not "${String(value.source)}"`);
    if (isRecord(value) && "request" in value && "response" in value) {
      for (const finding of scanRecording({ ...value, request: value.request, response: value.response })) {
        problems.push(`${finding.pointer}: ${finding.kind} (${finding.excerpt}) fails the privacy scan`);
      }
    }
    if (problems.length > 0) refused.push({ file: shown(path), problems });
    else candidates.push({ file: shown(path), recording: value as Recording });
  }
  if (refused.length > 0) return { filed: [], duplicates: [], refused };

  const known = new Set<string>();
  if (existsSync(recordingsDir)) {
    for (const path of jsonFiles(recordingsDir)) {
      try {
        const recording: unknown = JSON.parse(readFileSync(path, "utf8"));
        if (isRecord(recording)) known.add(exchangeKey(recording));
      } catch {
        // A broken recording is the contract check's to report.
      }
    }
  }
  const filed: string[] = [];
  const duplicates: string[] = [];
  for (const { file, recording } of candidates) {
    const key = exchangeKey(recording);
    if (known.has(key)) {
      duplicates.push(file);
      continue;
    }
    known.add(key);
    const target = join(recordingsDir, recording.operationId, `captured-${createHash("sha256").update(key).digest("hex").slice(0, 12)}.json`);
    writeFileAtomic(target, `${JSON.stringify(recording, null, 2)}\n`);
    filed.push(shown(target));
  }
  return { filed, duplicates, refused: [] };
}

/** Two recordings are the same exchange when operation, request and response agree, whoever captured them when. */
function exchangeKey(recording: Pick<Recording, "operationId" | "request" | "response"> | Record<string, unknown>): string {
  return canonical({ operationId: recording.operationId, request: recording.request, response: recording.response });
}

function canonical(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(canonical).join(",")}]`;
  if (isRecord(value)) {
    const keys = Object.keys(value).sort();
    return `{${keys.map((key) => `${JSON.stringify(key)}:${canonical(value[key])}`).join(",")}}`;
  }
  return JSON.stringify(value) ?? "null";
}

/** `.json` files in `dir` and its folders (a capture folder is one level deep), sorted. */
function jsonFiles(dir: string): string[] {
  const files: string[] = [];
  for (const entry of readdirSync(dir, { withFileTypes: true }).sort((a, b) => a.name.localeCompare(b.name))) {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) files.push(...jsonFiles(path));
    else if (entry.name.endsWith(".json")) files.push(path);
  }
  return files;
}

function formatCapturedFindings(wrong: ContractIssue[], incomplete: ContractIssue[]): string {
  const lines = ["", "Captured answers"];
  const section = (title: string, issues: ContractIssue[]) => {
    lines.push(`  ${title} (${issues.length})`);
    for (const issue of issues) {
      const schema = issue.schema ? ` [${issue.schema}${issue.source ? `, ${issue.source}` : ""}]` : "";
      lines.push(`    ${issue.file} at ${issue.pointer ?? "/"}: ${issue.message}${schema}`);
    }
  };
  section("the spec is wrong: it promises what the API did not do", wrong);
  section("the spec is incomplete: the API sent what it does not describe", incomplete);
  return `${lines.join("\n")}\n`;
}
