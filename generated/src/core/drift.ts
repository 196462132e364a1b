/**
 * What the client does with an answer that differs from the spec: nothing (`off`, the default), hand a report to
 * `onDrift` (`report`), or also fail the call with ResponseValidationError (`throw`, errors.ts).
 */
export type ResponseValidation = "off" | "report" | "throw";

/**
 * - `undeclared-field`: the answer has a field the spec does not declare (the spec is incomplete);
 * - `unknown-value`: a value outside the values the spec lists; for an open set (which says more may come) this
 *   is information, for a closed one drift (the spec is incomplete);
 * - `missing-field`: a field the spec promises is absent (the spec is wrong);
 * - `wrong-type`: a value of another type than the spec's, or outside its format, range or length (the spec is wrong);
 * - `undocumented-status`: a status the operation does not document.
 */
export type DriftKind = "undeclared-field" | "unknown-value" | "missing-field" | "wrong-type" | "undocumented-status";

export interface DriftProblem {
  kind: DriftKind;
  /** JSON pointer into the answer's body: `/data/0/email_status`; `""` for the body itself and for a status. */
  pointer: string;
  /** What the spec says there, in words: `string (date-time)`, `one of "ok", "invalid"`. Never the value found. */
  expected: string;
  /** `info` for a value an open set does not list yet (the spec says others may come); `drift` for the rest. */
  severity: "drift" | "info";
  /** The value found at `pointer` (the API key removed), only when the client has `driftValues: true`. */
  value?: unknown;
}

/** How one answer differs from the spec. It holds no value from the answer unless `driftValues` asks for them. */
export interface DriftReport {
  operationId: string;
  method: string;
  /** The path as the spec writes it (`/leads/api/leads/{uuid}`), so no id of a record. */
  path: string;
  status: number;
  problems: DriftProblem[];
}

/** One error of a generated (ajv standalone) validator: the fields the classification reads. */
export interface ValidatorError {
  keyword: string;
  instancePath: string;
  params: Record<string, unknown>;
}

/** A value of an open set that its list does not hold, noted by a validator without failing it. */
export interface UnknownValueNote {
  instancePath: string;
  known: readonly (string | number)[];
}

/** What a validator is called with as `this`: where it notes open sets' unknown values. */
export interface ValidationNotes {
  notes: UnknownValueNote[];
}

/** A generated validator of one answer: the spec's schema, with every object closed to undeclared fields. */
export interface AnswerValidator {
  (this: ValidationNotes, data: unknown): boolean;
  errors?: ValidatorError[] | null;
}

/** One operation's documented answers: status (`200`, `4XX`, `default`) → validator, or null for no JSON body. */
export interface OperationAnswers {
  operationId: string;
  responses: Readonly<Record<string, AnswerValidator | null>>;
}

/** The generated `src/validators.ts`: the package's name and version, and the operations by `METHOD /path`. */
export interface AnswerSpec {
  sdk: string;
  operations: Readonly<Record<string, OperationAnswers>>;
}

/** Keywords that only combine others: the errors of the parts they combine say what is wrong. */
const COMBINING = new Set(["anyOf", "oneOf", "allOf", "if", "not"]);
const UNDECLARED = new Set(["unevaluatedProperties", "additionalProperties"]);

/**
 * How an answer differs from the documented answer for its status (exact, then `4XX`, then `default`, as OpenAPI
 * reads them). `withValues` adds each problem's value.
 */
export function findDrift(operation: OperationAnswers, status: number, body: unknown, withValues: boolean): DriftProblem[] {
  const key = [String(status), `${Math.floor(status / 100)}XX`, "default"].find((k) => k in operation.responses);
  if (key === undefined) {
    const documented = Object.keys(operation.responses).join(", ");
    return [{ kind: "undocumented-status", pointer: "", expected: `a documented status (${documented})`, severity: "drift" }];
  }
  const validate = operation.responses[key];
  if (!validate || body === undefined) return [];
  const context: ValidationNotes = { notes: [] };
  const valid = validate.call(context, body);
  if (valid && context.notes.length === 0) return [];
  const problems = [...classify(valid ? [] : (validate.errors ?? [])), ...context.notes.map(unknownValue)];
  if (!valid && !problems.some((problem) => problem.severity === "drift")) {
    // Only combining keywords failed (a `not`, say): still drift, at the first place named.
    problems.push({ kind: "wrong-type", pointer: validate.errors?.[0]?.instancePath ?? "", expected: "a value the spec allows", severity: "drift" });
  }
  const unique = new Map(problems.map((problem) => [`${problem.pointer}\u0000${problem.kind}\u0000${problem.expected}`, problem]));
  const sorted = [...unique.values()].sort((a, b) => (a.pointer < b.pointer ? -1 : a.pointer > b.pointer ? 1 : 0));
  return withValues ? sorted.map((problem) => withValue(problem, body)) : sorted;
}

/**
 * ajv's errors as problems. Two kinds of noise are removed:
 * - where an `anyOf`/`oneOf` matched no branch, no branch's fields count as declared, so ajv calls every field of
 *   the object undeclared: those are dropped;
 * - each branch's mismatch at the union itself (`must be null`, `must be array`) is dropped when some branch got
 *   deeper into the value (its errors say what is wrong); otherwise they become one problem listing the branches.
 */
function classify(errors: ValidatorError[]): DriftProblem[] {
  const unions = new Set(errors.filter((e) => e.keyword === "anyOf" || e.keyword === "oneOf").map((e) => e.instancePath));
  const problems: DriftProblem[] = [];
  for (const error of errors) {
    if (COMBINING.has(error.keyword)) continue;
    if (UNDECLARED.has(error.keyword) && unions.has(error.instancePath)) continue;
    problems.push(problemFor(error));
  }
  const kept = problems.filter((problem) => !unions.has(problem.pointer));
  for (const at of unions) {
    if (kept.some((problem) => problem.pointer.startsWith(`${at}/`))) continue;
    const branches = problems.filter((problem) => problem.pointer === at);
    const expected = [...new Set(branches.map((problem) => problem.expected))].join(" or ") || "one of the alternatives the spec allows";
    const kind = branches.some((problem) => problem.kind === "unknown-value") ? "unknown-value" : "wrong-type";
    kept.push({ kind, pointer: at, expected, severity: "drift" });
  }
  return kept;
}

function problemFor(error: ValidatorError): DriftProblem {
  const { keyword, instancePath: at, params } = error;
  const drift = (kind: DriftKind, pointer: string, expected: string): DriftProblem => ({ kind, pointer, expected, severity: "drift" });
  switch (keyword) {
    case "required":
    case "dependentRequired":
      return drift("missing-field", childPointer(at, params["missingProperty"]), "a field the spec promises");
    case "unevaluatedProperties":
    case "additionalProperties":
      return drift("undeclared-field", childPointer(at, params["unevaluatedProperty"] ?? params["additionalProperty"]), "no such field in the spec");
    case "type":
      return drift("wrong-type", at, [params["type"]].flat().join(" or "));
    case "format":
      return drift("wrong-type", at, `string (${String(params["format"])})`);
    case "enum":
      return drift("unknown-value", at, `one of ${listValues(params["allowedValues"])}`);
    case "const":
      return drift("unknown-value", at, JSON.stringify(params["allowedValue"]));
    case "minimum":
    case "maximum":
    case "exclusiveMinimum":
    case "exclusiveMaximum":
      return drift("wrong-type", at, `a number ${String(params["comparison"])} ${String(params["limit"])}`);
    case "multipleOf":
      return drift("wrong-type", at, `a multiple of ${String(params["multipleOf"])}`);
    case "minLength":
      return drift("wrong-type", at, `a string of at least ${String(params["limit"])} characters`);
    case "maxLength":
      return drift("wrong-type", at, `a string of at most ${String(params["limit"])} characters`);
    case "pattern":
      return drift("wrong-type", at, `a string matching ${String(params["pattern"])}`);
    case "minItems":
      return drift("wrong-type", at, `a list of at least ${String(params["limit"])} items`);
    case "maxItems":
      return drift("wrong-type", at, `a list of at most ${String(params["limit"])} items`);
    case "minProperties":
      return drift("wrong-type", at, `an object with at least ${String(params["limit"])} fields`);
    case "maxProperties":
      return drift("wrong-type", at, `an object with at most ${String(params["limit"])} fields`);
    case "uniqueItems":
      return drift("wrong-type", at, "a list without repeated items");
    default:
      return drift("wrong-type", at, `a value the spec allows (${keyword})`);
  }
}

function unknownValue(note: UnknownValueNote): DriftProblem {
  return {
    kind: "unknown-value",
    pointer: note.instancePath,
    expected: `one of ${listValues(note.known)}, or another value (an open set: the spec says others may come)`,
    severity: "info",
  };
}

function listValues(values: unknown): string {
  return Array.isArray(values) ? values.map((value) => JSON.stringify(value)).join(", ") : "the listed values";
}

function childPointer(pointer: string, name: unknown): string {
  return `${pointer}/${String(name).replace(/~/g, "~0").replace(/\//g, "~1")}`;
}

function withValue(problem: DriftProblem, body: unknown): DriftProblem {
  if (problem.kind === "missing-field" || problem.kind === "undocumented-status") return problem;
  return { ...problem, value: valueAt(body, problem.pointer) };
}

function valueAt(body: unknown, pointer: string): unknown {
  let value = body;
  for (const segment of pointer.split("/").slice(1)) {
    const key = segment.replace(/~1/g, "/").replace(/~0/g, "~");
    if (Array.isArray(value)) value = value[Number(key)];
    else if (isRecord(value) && Object.hasOwn(value, key)) value = value[key];
    else return undefined;
  }
  return value;
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}

/** `/data/0/status: unknown-value (expected one of "a", "b"); …`, at most three problems, never a value. */
export function describeProblems(report: DriftReport): string {
  const shown = report.problems
    .slice(0, 3)
    .map((problem) => `${problem.pointer || "(body)"}: ${problem.kind} (expected ${problem.expected})`);
  const more = report.problems.length > 3 ? `; and ${report.problems.length - 3} more` : "";
  return `${shown.join("; ")}${more}`;
}
