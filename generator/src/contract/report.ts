import type { ContractIssue, ContractResult, IssueKind, OperationSummary, RequiredNeverSeen } from "./check.ts";

/**
 * `grinfi-codegen contract --format json`. Deterministic for the same inputs (no timings, fixed key and list order),
 * so two runs can be diffed. `version` changes when a field changes meaning or goes away; fields may be added.
 *
 * - `ok`: no issue has severity `error` (the command exits 0 exactly then).
 * - `operations`: every operation of the spec, by operationId; `result` is `fail` when it has an error (including
 *   no 2xx recording), `warn` when it has warnings but no error, `pass` otherwise (information included).
 * - `issues`: in recording order (recordings sorted by folder and file), then the `missing-2xx` ones. `file` and
 *   `pointer` locate the problem inside the recording (`/response/body/...` for the body); `schema` and `source`
 *   name the schema concerned and where the spec defines it. All keys are always present (null when not relevant).
 * - `requiredNeverSeen`: informational, never affects `ok`.
 */
export interface ContractJsonReport {
  version: 1;
  ok: boolean;
  strict: boolean;
  totals: {
    operations: number;
    /** Operations with at least one 2xx recording. */
    covered: number;
    recordings: number;
    errors: number;
    warnings: number;
    /** Values outside an open set: never a failure. */
    information: number;
    /** Schemas listed in `requiredNeverSeen`. */
    requiredNeverSeen: number;
  };
  operations: OperationSummary[];
  issues: ContractIssue[];
  requiredNeverSeen: RequiredNeverSeen[];
}

export function contractJsonReport(result: ContractResult): ContractJsonReport {
  const errors = result.issues.filter((issue) => issue.severity === "error").length;
  const warnings = result.issues.filter((issue) => issue.severity === "warning").length;
  return {
    version: 1,
    ok: errors === 0,
    strict: result.strict,
    totals: {
      operations: result.operations.length,
      covered: result.operations.filter((operation) => operation.covered).length,
      recordings: result.recordings,
      errors,
      warnings,
      information: result.issues.length - errors - warnings,
      requiredNeverSeen: result.requiredNeverSeen.length,
    },
    operations: result.operations.map(({ operationId, method, path, recordings, statuses, covered, result }) => ({ operationId, method, path, recordings, statuses, covered, result })),
    issues: result.issues.map(({ kind, severity, operationId, file, pointer, schema, source, message }) => ({ kind, severity, operationId, file, pointer, schema, source, message })),
    requiredNeverSeen: result.requiredNeverSeen.map(({ schema, pointer, source, objectsSeen, fields }) => ({ schema, pointer, source, objectsSeen, fields })),
  };
}

export function formatContractJson(result: ContractResult): string {
  return JSON.stringify(contractJsonReport(result), null, 2) + "\n";
}

/** Headings of the problem lists, in the order they are printed. */
const PROBLEM_TITLES: [IssueKind, string][] = [
  ["unknown-operation", "Recordings of unknown operations"],
  ["operation-mismatch", "Requests that do not match their operation"],
  ["undocumented-status", "Undocumented statuses"],
  ["undocumented-media-type", "Undocumented content types"],
  ["unexpected-body", "Bodies where none is documented"],
  ["missing-body", "No body where one is documented"],
  ["invalid-body", "Bodies that do not match their schema"],
  ["missing-2xx", "Operations without a 2xx recording"],
];
const DRIFT_TITLES: [IssueKind, string][] = [
  ["undocumented-field", "Undocumented fields"],
  ["undeclared-enum-value", "Enum values not declared"],
  ["open-set-value", "Values an open set does not list yet (information)"],
];

/** What to do about each kind of issue, printed under it in the table. */
export const ISSUE_HINTS: Record<IssueKind, string> = {
  "unknown-operation": "file the recording under the operationId of a spec operation, or document the operation",
  "operation-mismatch": "file the recording under the operation it exercised, or fix its request",
  "undocumented-status": "document the status in the operation's responses, or delete the recording if the API no longer answers it",
  "undocumented-media-type": "document the content type for this status, or fix the recorded content-type header",
  "unexpected-body": "document the body's content for this status, or drop the body from the recording",
  "missing-body": "record the body, or document this status without content",
  "invalid-body": "make the schema admit what the API really answers (see the schema's source), or correct the recording",
  "missing-2xx": "record a successful exchange (grinfi-codegen record --only <operationId>) or write a documented-example recording",
  "undocumented-field": "add the field to the schema (or to an allOf part of it)",
  "undeclared-enum-value": "add the value to the enum, or check whether the API changed",
  "open-set-value": "nothing breaks (the set is open); list the value in the spec once its meaning is known, citing this recording",
};

/** `file at /pointer: message`, the way every issue is printed. */
export function describeIssue(issue: ContractIssue): string {
  const where = issue.file === null ? "" : issue.pointer ? `${issue.file} at ${issue.pointer}: ` : `${issue.file}: `;
  return `${where}${issue.message}`;
}

function table(rows: string[][]): string[] {
  const widths = rows[0]?.map((_, column) => Math.max(...rows.map((row) => row[column]?.length ?? 0))) ?? [];
  return rows.map((row) => row.map((cell, column) => cell.padEnd(widths[column] ?? 0)).join("  ").trimEnd());
}

/** `1 error`, `2 errors`. */
function count(n: number, noun: string): string {
  return `${n} ${noun}${n === 1 ? "" : "s"}`;
}

function resultText(operation: OperationSummary): string {
  if (!operation.covered) return "FAIL (no 2xx)";
  return { pass: "ok", warn: "drift", fail: "FAIL" }[operation.result];
}

function schemaHeading(issue: ContractIssue): string {
  const name = issue.schema ?? "(no schema)";
  return issue.source ? `${name} (${issue.source})` : name;
}

export interface TableOptions {
  /** The line of a pointer inside a recording file, when it can be found: printed under the issue, before the hint. */
  lineOf?: (file: string, pointer: string) => number | undefined;
}

/** The report for people: the per-operation table, the problems, the drift grouped by schema, then the totals. */
export function formatContractTable(result: ContractResult, options: TableOptions = {}): string {
  const report = contractJsonReport(result);
  const lines: string[] = [];
  lines.push(`Contract check: ${count(report.totals.recordings, "recording")} against ${count(report.totals.operations, "operation")} (${result.strict ? "strict: drift is an error" : "lenient: drift is a warning"})`, "");
  lines.push(
    ...table([
      ["operationId", "recordings", "statuses", "result"],
      ...result.operations.map((operation) => [operation.operationId, String(operation.recordings), operation.statuses.join(", ") || "-", resultText(operation)]),
    ]),
  );

  const describe = (issue: ContractIssue, indent: string) => {
    const line = issue.file !== null && issue.pointer !== null ? options.lineOf?.(issue.file, issue.pointer) : undefined;
    lines.push(`${indent}${issue.severity.padEnd(7)} ${describeIssue(issue)}`);
    lines.push(`${indent}${" ".repeat(8)}${line === undefined ? "" : `line ${line} `}→ ${ISSUE_HINTS[issue.kind]}`);
  };
  const section = (title: string, issues: ContractIssue[], bySchema: boolean) => {
    if (issues.length === 0) return;
    lines.push("", `${title} (${issues.length})`);
    if (!bySchema) {
      for (const issue of issues) describe(issue, "  ");
      return;
    }
    const groups = new Map<string, ContractIssue[]>();
    for (const issue of issues) groups.set(schemaHeading(issue), [...(groups.get(schemaHeading(issue)) ?? []), issue]);
    for (const [heading, grouped] of [...groups].sort(([a], [b]) => a.localeCompare(b))) {
      lines.push(`  ${heading}`);
      for (const issue of grouped) describe(issue, "    ");
    }
  };
  for (const [kind, title] of PROBLEM_TITLES) section(title, result.issues.filter((issue) => issue.kind === kind), false);
  for (const [kind, title] of DRIFT_TITLES) section(title, result.issues.filter((issue) => issue.kind === kind), true);

  if (result.requiredNeverSeen.length) {
    lines.push("", `Required fields never seen in a recording (informational, ${count(result.requiredNeverSeen.length, "schema")})`);
    for (const entry of result.requiredNeverSeen) {
      const where = entry.source ? ` (${entry.source})` : "";
      const why = entry.objectsSeen === 0 ? "no recorded object reached this schema" : `absent from all ${entry.objectsSeen} recorded objects`;
      lines.push(`  ${entry.schema}${where}: ${entry.fields.join(", ")} — ${why}`);
    }
  }

  const { totals } = report;
  lines.push(
    "",
    `Totals: ${count(totals.operations, "operation")}, ${totals.covered} with a 2xx recording; ${count(totals.recordings, "recording")} checked in ${Math.round(result.checkMilliseconds)} ms; ` +
      `${count(totals.errors, "error")}, ${count(totals.warnings, "warning")}, ${totals.information ? `${totals.information} information, ` : ""}` +
      `${count(totals.requiredNeverSeen, "schema")} with required fields never seen`,
    report.ok ? "contract check passed" : "contract check FAILED",
  );
  return lines.join("\n") + "\n";
}
