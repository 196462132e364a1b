import { readFileSync } from "node:fs";
import { join, relative } from "node:path";
import { performance } from "node:perf_hooks";
import type { Ajv2020, ErrorObject, ValidateFunction } from "ajv/dist/2020.js";
import { loadSpec } from "../load/index.ts";
import type { Bundle } from "../load/bundle.ts";
import { escapeSegment, followRefs, getAtPointer, isRecord, joinPointer, parentPointer, splitPointer } from "../load/pointer.ts";
import { parseYamlText, type YamlFile } from "../load/yaml-file.ts";
import { createOpenApiAjv } from "../validate/ajv.ts";
import { buildModel } from "../model/build.ts";
import { readEnumSet } from "../model/enums.ts";
import type { ApiModel } from "../model/types.ts";
import { loadRecordings, type LoadedRecording, type Recording } from "./recording.ts";
import { formatContractJson, formatContractTable } from "./report.ts";

export const CONTRACT_FORMATS = ["table", "json"] as const;
export type ContractFormat = (typeof CONTRACT_FORMATS)[number];

export interface ContractOptions {
  specDir: string;
  recordingsDir: string;
  format: ContractFormat;
  /** Drift (undocumented fields, undeclared enum values) is an error when true, a warning otherwise. */
  strict: boolean;
}

/**
 * What went wrong. The first group is always an error; `undocumented-field` and `undeclared-enum-value` are drift,
 * errors in strict mode and warnings otherwise; `open-set-value` (a value an open set does not list yet: the spec
 * says the API may send others) is information, never a failure.
 */
export type IssueKind =
  | "unknown-operation"
  | "operation-mismatch"
  | "undocumented-status"
  | "undocumented-media-type"
  | "unexpected-body"
  | "missing-body"
  | "invalid-body"
  | "missing-2xx"
  | "undocumented-field"
  | "undeclared-enum-value"
  | "open-set-value";

export interface ContractIssue {
  kind: IssueKind;
  severity: "error" | "warning" | "info";
  operationId: string;
  /** The recording, relative to the working directory; null for `missing-2xx`. */
  file: string | null;
  /** JSON pointer into the recording file (`/response/body/data/0/status`); null for `missing-2xx`. */
  pointer: string | null;
  /** The schema concerned, by component name where there is one (`Contact`, `Contact /properties/owner`). */
  schema: string | null;
  /** Where that schema (or, for `missing-2xx`, the operation) is defined: `spec/resources/contacts.yaml:120`. */
  source: string | null;
  message: string;
}

/** A documented `required` field that no recorded body ever contained where that schema applied. */
export interface RequiredNeverSeen {
  schema: string;
  /** The schema's pointer in the bundled document. */
  pointer: string;
  source: string | null;
  /** How many recorded objects this schema was checked against (0: no recording reached it). */
  objectsSeen: number;
  fields: string[];
}

export interface OperationSummary {
  operationId: string;
  method: string;
  path: string;
  recordings: number;
  /** Distinct recorded statuses, ascending. */
  statuses: number[];
  /** At least one 2xx recording. */
  covered: boolean;
  result: "pass" | "warn" | "fail";
}

export interface ContractResult {
  strict: boolean;
  recordings: number;
  operations: OperationSummary[];
  issues: ContractIssue[];
  requiredNeverSeen: RequiredNeverSeen[];
  /** Time spent compiling validators, validating and walking every body (not loading files). */
  checkMilliseconds: number;
}

/** `grinfi-codegen contract`: loads the spec and recordings, checks, prints; 1 on any error, 2 on a bad format. */
export async function runContract(options: ContractOptions): Promise<number> {
  if (!(CONTRACT_FORMATS as readonly string[]).includes(options.format)) {
    process.stderr.write(`unknown format "${String(options.format)}"; use one of ${CONTRACT_FORMATS.join(", ")}\n`);
    return 2;
  }
  // Spec and recording problems surface as SpecError, which the CLI prints like every other command's.
  const bundle = await loadSpec(options.specDir);
  const model = buildModel(bundle);
  const recordings = loadRecordings(options.recordingsDir);
  const result = checkContract(bundle, model, recordings, { strict: options.strict, recordingsDir: options.recordingsDir });
  process.stdout.write(options.format === "json" ? formatContractJson(result) : formatContractTable(result, { lineOf: recordingLines() }));
  return result.issues.some((issue) => issue.severity === "error") ? 1 : 0;
}

/**
 * Lines of pointers inside recording files, for the table: each file is parsed again with positions (only files
 * that have issues, once each); a file that cannot be read that way just gets no line.
 */
function recordingLines(): (file: string, pointer: string) => number | undefined {
  const parsed = new Map<string, YamlFile | undefined>();
  return (file, pointer) => {
    if (!parsed.has(file)) {
      try {
        parsed.set(file, parseYamlText(readFileSync(file, "utf8"), file));
      } catch {
        parsed.set(file, undefined);
      }
    }
    const yaml = parsed.get(file);
    for (let p: string | undefined = pointer; yaml && p !== undefined; p = parentPointer(p)) {
      const location = yaml.locate(p);
      if (location) return location.line;
    }
    return undefined;
  };
}

/** The contract check on already loaded inputs: no I/O, so tests and the CLI share it. */
export function checkContract(bundle: Bundle, model: ApiModel, recordings: LoadedRecording[], options: { strict: boolean; recordingsDir: string }): ContractResult {
  const started = performance.now();
  const checker = new ContractChecker(bundle, model, options.strict);
  for (const loaded of recordings) checker.check(loaded);
  const result = checker.finish(options.recordingsDir);
  return { ...result, recordings: recordings.length, checkMilliseconds: performance.now() - started };
}

// ---------------------------------------------------------------------------------------------------------------

/** `$id`s the bundle is registered under: once as written, once with every `enum` opened (see `openEnums`). */
const DOCUMENT_ID = "https://grinfi.invalid/openapi.json";
const OPEN_ENUMS_ID = "https://grinfi.invalid/openapi-open-enums.json";
/** A body with more problems than this is reported by its first ones and a count. */
const MAX_BODY_ERRORS = 25;

type Json = Record<string, unknown>;
interface SchemaAt {
  schema: Json;
  /** Where the schema is in the bundled document: its validator is compiled from there, its label made from it. */
  pointer: string;
}
/** Where a recording's issues go: errors always, drift as errors or warnings by mode. */
interface Report {
  error(kind: IssueKind, pointer: string, message: string, schemaPointer?: string): void;
  drift(kind: IssueKind, pointer: string, message: string, schemaPointer: string): void;
  info(kind: IssueKind, pointer: string, message: string, schemaPointer: string): void;
}
interface OperationInfo {
  operationId: string;
  method: string;
  path: string;
  pointer: string;
  operation: Json;
  pathPattern: RegExp;
}

/**
 * One ajv instance for the whole run. The bundle is added once with its enums opened (and, only if needed, once as
 * written); a validator is `getSchema("<id>#<pointer>")`, which ajv compiles once and caches under that key, so
 * pointers are first taken through pure `$ref`s (every answer that is a `Contact` shares one function), and
 * `inlineRefs: false` keeps each referenced component its own, shared function. Compiling is most of a run's cost;
 * `optimize: false` makes it about a third cheaper at no visible cost in validation.
 */
class Validators {
  private readonly ajv: Ajv2020;
  private documentAdded = false;

  constructor(private readonly document: Json) {
    this.ajv = createOpenApiAjv({ allErrors: true });
    this.ajv.addSchema(openEnums(document) as Json, OPEN_ENUMS_ID);
  }

  /** `open`: enums accept any value of their type (how the SDK reads answers); `closed`: the spec as written. */
  get(pointer: string, enums: "open" | "closed"): ValidateFunction {
    const id = enums === "open" ? OPEN_ENUMS_ID : DOCUMENT_ID;
    // The document as written is only needed to tell apart branches that differ by enum values: added on demand.
    if (id === DOCUMENT_ID && !this.documentAdded) {
      this.ajv.addSchema(this.document, DOCUMENT_ID);
      this.documentAdded = true;
    }
    const target = throughPureRefs(this.document, pointer);
    const fragment = splitPointer(target).map((segment) => "/" + encodeURIComponent(escapeSegment(segment))).join("");
    // ajv caches what getSchema compiles under this key; inner `$ref`s of compiled schemas are shared too.
    const validator = this.ajv.getSchema(`${id}#${fragment}`);
    if (!validator) throw new Error(`the bundle has no schema at ${target}`);
    return validator;
  }
}

/** Keywords whose value maps names to schemas: a key there is a name, even one spelled `enum`. */
const NAME_MAPS = new Set(["properties", "patternProperties", "$defs", "dependentSchemas", "schemas", "paths", "responses", "content"]);
/** Keywords whose values are data, left as they are. */
const DATA_KEYWORDS = new Set(["example", "examples", "default", "const", "enum"]);

/**
 * The document with every `enum` removed, so an answer carrying a value the spec does not list still validates:
 * response enums are open in the SDK, and the value is reported as drift instead. An enum without a `type` gets the
 * types of its values, so `{ enum: [1, 2] }` still rejects a string.
 */
function openEnums(node: unknown, isNameMap = false): unknown {
  if (Array.isArray(node)) return node.map((item) => openEnums(item));
  if (!isRecord(node)) return node;
  const out: Json = {};
  for (const [key, value] of Object.entries(node)) {
    if (isNameMap) out[key] = openEnums(value);
    else if (key === "enum" && Array.isArray(value)) {
      if (node.type === undefined) out.type = [...new Set(value.map(jsonType))];
    } else out[key] = DATA_KEYWORDS.has(key) ? value : openEnums(value, NAME_MAPS.has(key));
  }
  return out;
}

/** Keywords that do not change what a schema accepts: a `$ref` with only these beside it is the schema it names. */
const ANNOTATIONS = new Set(["$ref", "description", "title", "example", "examples", "deprecated", "readOnly", "writeOnly"]);

function throughPureRefs(document: Json, pointer: string): string {
  let current = pointer;
  for (let hops = 0; hops < 32; hops++) {
    const node = getAtPointer(document, current);
    if (!isRecord(node) || typeof node.$ref !== "string" || !node.$ref.startsWith("#/") || !Object.keys(node).every((key) => ANNOTATIONS.has(key))) break;
    current = node.$ref.slice(1);
  }
  return current;
}

function jsonType(value: unknown): string {
  if (value === null) return "null";
  if (Array.isArray(value)) return "array";
  if (typeof value === "number") return Number.isInteger(value) ? "integer" : "number";
  return typeof value;
}

function sameJson(a: unknown, b: unknown): boolean {
  return a === b || (typeof a === "object" && typeof b === "object" && JSON.stringify(a) === JSON.stringify(b));
}

function typeAdmits(schema: Json, value: unknown): boolean {
  const declared = schema.type;
  if (declared === undefined) return true;
  const types = Array.isArray(declared) ? declared : [declared];
  const actual = jsonType(value);
  return types.includes(actual) || (actual === "integer" && types.includes("number"));
}

/** Path template → anchored pattern: `/leads/{uuid}` matches `/leads/3a4a…` and nothing longer. */
function pathPattern(template: string): RegExp {
  const source = template
    .split(/(\{[^}]+\})/)
    .map((part) => (/^\{[^}]+\}$/.test(part) ? "[^/]+" : part.replace(/[.*+?^${}()|[\]\\]/g, "\\$&")))
    .join("");
  return new RegExp(`^${source}$`);
}

function mediaTypeOf(headers: Record<string, string> | undefined): string | undefined {
  const header = Object.entries(headers ?? {}).find(([name]) => name.toLowerCase() === "content-type")?.[1];
  return header?.split(";")[0]?.trim().toLowerCase() || undefined;
}

function isJsonMediaType(mediaType: string): boolean {
  return mediaType === "application/json" || mediaType.endsWith("+json") || mediaType === "*/*";
}

function describeAjvError(error: ErrorObject): { pointer: string; message: string } {
  const params = error.params as Record<string, unknown>;
  let pointer = error.instancePath;
  let message = error.message ?? "is invalid";
  if (error.keyword === "const") message += ` ${JSON.stringify(params.allowedValue)}`;
  if (error.keyword === "additionalProperties" && typeof params.additionalProperty === "string") {
    pointer = joinPointer(pointer, params.additionalProperty);
    message = "is not allowed: the schema has additionalProperties: false";
  }
  if (error.keyword === "unevaluatedProperties" && typeof params.unevaluatedProperty === "string") {
    pointer = joinPointer(pointer, params.unevaluatedProperty);
    message = "is not allowed: the schema has unevaluatedProperties: false";
  }
  return { pointer, message };
}

/**
 * ajv's errors, one per body location. When an `anyOf`/`oneOf` fails, ajv reports every branch; if a branch got
 * deeper into the value than the others, its errors are the real cause and the failure of the alternatives at the
 * parent is dropped.
 */
function groupAjvErrors(errors: ErrorObject[]): { pointer: string; message: string }[] {
  const groups = new Map<string, { messages: string[]; composite: string[] }>();
  for (const error of errors) {
    const { pointer, message } = describeAjvError(error);
    const group = groups.get(pointer) ?? { messages: [], composite: [] };
    const list = error.keyword === "anyOf" || error.keyword === "oneOf" ? group.composite : group.messages;
    if (!list.includes(message)) list.push(message);
    groups.set(pointer, group);
  }
  const pointers = [...groups.keys()];
  return [...groups]
    .filter(([pointer, group]) => !(group.composite.length && pointers.some((other) => other.startsWith(pointer + "/"))))
    .map(([pointer, { messages, composite }]) => ({
      pointer,
      // `must match a schema in anyOf (must be string; must be null)`: the alternatives' reasons in brackets.
      message: composite.length ? `${composite.join("; ")}${messages.length ? ` (${messages.join("; ")})` : ""}` : messages.join("; "),
    }));
}

/**
 * Label of a schema pointer for people: the component name (`Contact`, `Contact /properties/owner`), or the response
 * it belongs to (`response NotFound`, `getContact 200 response`), or else the pointer itself.
 */
function schemaLabel(pointer: string, operationAt: (pointer: string) => string | undefined): string {
  const segments = splitPointer(pointer);
  const [first, second, third] = segments;
  let name: string | undefined;
  let rest: string[] = [];
  if (first === "components" && second === "schemas" && third !== undefined) {
    name = third;
    rest = segments.slice(3);
  } else {
    if (first === "components" && second === "responses" && third !== undefined) {
      name = `response ${third}`;
      rest = segments.slice(3);
    } else if (first === "paths" && segments[3] === "responses" && segments[4] !== undefined) {
      const operationId = operationAt(joinPointer("", ...segments.slice(0, 3)));
      name = operationId && `${operationId} ${segments[4]} response`;
      rest = segments.slice(5);
    }
    // `content/application~1json/schema` is where every response keeps its schema: not worth spelling out.
    if (rest[0] === "content" && rest[2] === "schema") rest = rest.slice(3);
  }
  if (!name) return pointer;
  return rest.length ? `${name} ${joinPointer("", ...rest)}` : name;
}

class ContractChecker {
  private readonly document: Json;
  private readonly validators: Validators;
  private readonly byId = new Map<string, OperationInfo>();
  private readonly operationIdAt = new Map<string, string>();
  private readonly issues: ContractIssue[] = [];
  private readonly recordingsOf = new Map<string, LoadedRecording[]>();
  /** Response schemas some recording was checked against: where `required` fields are looked for. */
  private readonly recordedSchemas = new Set<string>();
  /** For each object schema with `required`: how many recorded objects it applied to and the keys they had. */
  private readonly requiredSeen = new Map<string, { objects: number; keys: Set<string> }>();

  constructor(
    private readonly bundle: Bundle,
    model: ApiModel,
    private readonly strict: boolean,
  ) {
    this.document = bundle.document;
    this.validators = new Validators(this.document);
    for (const { operationId, httpMethod, path, pointer } of model.operations) {
      const operation = getAtPointer(this.document, pointer) as Json;
      this.byId.set(operationId, { operationId, method: httpMethod, path, pointer, operation, pathPattern: pathPattern(path) });
      this.operationIdAt.set(pointer, operationId);
    }
  }

  check(loaded: LoadedRecording): void {
    const { recording, file } = loaded;
    const operationId = recording.operationId;
    const report: Report = {
      error: (kind, pointer, message, schemaPointer) => this.issues.push({ kind, severity: "error", operationId, file, pointer, message, ...this.schemaFields(schemaPointer) }),
      drift: (kind, pointer, message, schemaPointer) =>
        this.issues.push({ kind, severity: this.strict ? "error" : "warning", operationId, file, pointer, message, ...this.schemaFields(schemaPointer) }),
      info: (kind, pointer, message, schemaPointer) => this.issues.push({ kind, severity: "info", operationId, file, pointer, message, ...this.schemaFields(schemaPointer) }),
    };
    const operation = this.byId.get(operationId);
    if (!operation) {
      report.error("unknown-operation", "/operationId", `operationId "${operationId}" is not an operation of the spec`);
      return;
    }
    this.recordingsOf.set(operationId, [...(this.recordingsOf.get(operationId) ?? []), loaded]);
    const documented = `${operationId} is ${operation.method.toUpperCase()} ${operation.path}`;
    if (recording.request.method.toLowerCase() !== operation.method) {
      report.error("operation-mismatch", "/request/method", `request method ${recording.request.method} does not match the operation: ${documented}`);
    }
    if (!operation.pathPattern.test(recording.request.path)) {
      report.error("operation-mismatch", "/request/path", `request path ${recording.request.path} does not match the operation's template: ${documented}`);
    }
    const schema = this.documentedBodySchema(operation, recording, report);
    if (schema) this.checkBody(recording.response.body, schema, report);
  }

  /**
   * Finds the documented answer for the recorded status (exact, then `4XX`-style range, then `default`) and checks
   * that body and content type agree with it; returns the JSON schema the body must match, if there is one.
   */
  private documentedBodySchema(operation: OperationInfo, recording: Recording, report: Report): SchemaAt | undefined {
    const status = recording.response.status;
    const responses = isRecord(operation.operation.responses) ? operation.operation.responses : {};
    const statusKey = [String(status), `${Math.floor(status / 100)}XX`, "default"].find((key) => key in responses);
    if (statusKey === undefined) {
      report.error("undocumented-status", "/response/status", `status ${status} is not documented for ${operation.operationId} (documented: ${Object.keys(responses).join(", ")})`);
      return undefined;
    }
    const response = followRefs(this.document, responses[statusKey], joinPointer(operation.pointer, "responses", statusKey));
    const content = isRecord(response.value) && isRecord(response.value.content) ? response.value.content : {};
    const mediaTypes = Object.keys(content);
    const hasBody = recording.response.body !== undefined;
    const answer = statusKey === String(status) ? `status ${status}` : `status ${status} (documented as ${statusKey})`;
    if (mediaTypes.length === 0) {
      if (hasBody) report.error("unexpected-body", "/response/body", `${answer} is documented without a body, but the recording has one`);
      return undefined;
    }
    if (!hasBody) {
      report.error("missing-body", "/response", `${answer} is documented with a body (${mediaTypes.join(", ")}), but the recording has none`);
      return undefined;
    }
    const recorded = mediaTypeOf(recording.response.headers);
    const mediaType = recorded !== undefined ? [recorded, `${recorded.split("/")[0]}/*`, "*/*"].find((type) => type in content) : (mediaTypes.find(isJsonMediaType) ?? mediaTypes[0]);
    if (mediaType === undefined) {
      report.error("undocumented-media-type", "/response/headers/content-type", `content-type ${recorded} is not documented for ${answer} (documented: ${mediaTypes.join(", ")})`);
      return undefined;
    }
    const media = content[mediaType];
    if (!isJsonMediaType(mediaType) || !isRecord(media) || !isRecord(media.schema)) return undefined;
    return { schema: media.schema, pointer: joinPointer(response.pointer, "content", mediaType, "schema") };
  }

  /** ajv on the body (enums open), then the drift walk. */
  private checkBody(body: unknown, { schema, pointer }: SchemaAt, report: Report): void {
    this.recordedSchemas.add(pointer);
    const validate = this.validators.get(pointer, "open");
    if (!validate(body)) {
      const errors = groupAjvErrors(validate.errors ?? []);
      const named = followRefs(this.document, schema, pointer).pointer;
      errors.slice(0, MAX_BODY_ERRORS).forEach((error, index) => {
        const more = index === MAX_BODY_ERRORS - 1 && errors.length > MAX_BODY_ERRORS ? ` (and ${errors.length - MAX_BODY_ERRORS} more problems in this body)` : "";
        report.error("invalid-body", "/response/body" + error.pointer, `${error.message}${more}`, named);
      });
    }
    this.walk(body, [{ schema, pointer }], "/response/body", report);
  }

  private schemaFields(schemaPointer: string | undefined): Pick<ContractIssue, "schema" | "source"> {
    if (schemaPointer === undefined) return { schema: null, source: null };
    return { schema: this.label(schemaPointer), source: this.source(schemaPointer) };
  }

  private label(pointer: string): string {
    return schemaLabel(pointer, (at) => this.operationIdAt.get(at));
  }

  private source(pointer: string): string | null {
    const location = this.bundle.locate(pointer);
    return location ? `${location.file}:${location.line}` : null;
  }

  /**
   * The schemas that apply to a value, flattened: the schema itself, what its `$ref` points to, every `allOf` part,
   * and the `anyOf`/`oneOf` branches the value matches (with enums as declared; failing that, the first branch it
   * matches with enums open; failing that, the first whose `type` admits it, so drift inside an invalid value is
   * still found).
   */
  private applicable(start: SchemaAt[], value: unknown): SchemaAt[] {
    const found: SchemaAt[] = [];
    const seen = new Set<string>();
    const visit = (node: unknown, pointer: string): void => {
      if (!isRecord(node) || seen.has(pointer)) return;
      seen.add(pointer);
      found.push({ schema: node, pointer });
      if (typeof node.$ref === "string" && node.$ref.startsWith("#")) visit(getAtPointer(this.document, node.$ref.slice(1)), node.$ref.slice(1));
      if (Array.isArray(node.allOf)) node.allOf.forEach((part, index) => visit(part, joinPointer(pointer, "allOf", index)));
      for (const keyword of ["anyOf", "oneOf"] as const) {
        const branches = node[keyword];
        if (!Array.isArray(branches)) continue;
        const at = branches.map((branch, index) => ({ branch, pointer: joinPointer(pointer, keyword, index) }));
        const matching = at.filter((b) => this.validators.get(b.pointer, "open")(value));
        // Only branches that differ by enum values alone need the closed check (rare: it compiles them again).
        const declared = matching.length > 1 ? matching.filter((b) => this.validators.get(b.pointer, "closed")(value)) : matching;
        const chosen = declared.length ? declared : [matching[0] ?? at.find((b) => isRecord(b.branch) && typeAdmits(followRefs(this.document, b.branch).value as Json, value))];
        for (const branch of chosen) if (branch) visit(branch.branch, branch.pointer);
      }
    };
    for (const { schema, pointer } of start) visit(schema, pointer);
    return found;
  }

  private walk(value: unknown, schemas: SchemaAt[], at: string, report: Report): void {
    const applicable = this.applicable(schemas, value);
    const listed = (schema: Json) => readEnumSet(schema)?.values.some((known) => sameJson(known, value)) === true;
    // An open set admits any value, so it applies beside the set that does list it (`anyOf: [Colour, Shape]`).
    const listedAnywhere = applicable.some(({ schema }) => listed(schema));
    for (const { schema, pointer } of applicable) {
      const set = readEnumSet(schema);
      if (!set || listed(schema)) continue;
      if (set.open) {
        if (listedAnywhere) continue;
        report.info("open-set-value", at, `value ${JSON.stringify(value)} is not yet listed in ${this.label(pointer)}, an open set (${set.values.map((v) => JSON.stringify(v)).join(", ")})`, pointer);
      } else if (typeAdmits({ type: schema.type ?? set.values.map(jsonType) }, value)) {
        // A value of the wrong type is an invalid body (ajv reports it), not a new enum value.
        report.drift("undeclared-enum-value", at, `value ${JSON.stringify(value)} is not declared in ${this.label(pointer)} (${set.values.map((v) => JSON.stringify(v)).join(", ")})`, pointer);
      }
    }
    if (isRecord(value)) this.walkObject(value, applicable, at, report);
    else if (Array.isArray(value)) {
      value.forEach((item, index) => {
        const itemSchemas: SchemaAt[] = [];
        for (const { schema, pointer } of applicable) {
          if (Array.isArray(schema.prefixItems) && index < schema.prefixItems.length) itemSchemas.push({ schema: schema.prefixItems[index] as Json, pointer: joinPointer(pointer, "prefixItems", index) });
          else if (isRecord(schema.items)) itemSchemas.push({ schema: schema.items, pointer: joinPointer(pointer, "items") });
        }
        if (itemSchemas.length) this.walk(item, itemSchemas, joinPointer(at, index), report);
      });
    }
  }

  private walkObject(value: Json, applicable: SchemaAt[], at: string, report: Report): void {
    for (const { schema, pointer } of applicable) {
      if (!Array.isArray(schema.required)) continue;
      const seen = this.requiredSeen.get(pointer) ?? { objects: 0, keys: new Set<string>() };
      seen.objects++;
      for (const key of schema.required) if (typeof key === "string" && Object.hasOwn(value, key)) seen.keys.add(key);
      this.requiredSeen.set(pointer, seen);
    }
    // A schema that names no properties and says nothing of additional ones is a free-form object.
    const declaring = applicable.filter(({ schema }) => isRecord(schema.properties) || isRecord(schema.patternProperties) || "additionalProperties" in schema);
    for (const [key, child] of Object.entries(value)) {
      const childSchemas: SchemaAt[] = [];
      for (const { schema, pointer } of declaring) {
        if (isRecord(schema.properties) && Object.hasOwn(schema.properties, key)) {
          childSchemas.push({ schema: schema.properties[key] as Json, pointer: joinPointer(pointer, "properties", key) });
        }
        for (const [pattern, patternSchema] of Object.entries(isRecord(schema.patternProperties) ? schema.patternProperties : {})) {
          if (new RegExp(pattern, "u").test(key)) childSchemas.push({ schema: patternSchema as Json, pointer: joinPointer(pointer, "patternProperties", pattern) });
        }
      }
      if (childSchemas.length === 0) {
        for (const { schema, pointer } of declaring) {
          if (isRecord(schema.additionalProperties)) childSchemas.push({ schema: schema.additionalProperties, pointer: joinPointer(pointer, "additionalProperties") });
        }
      }
      if (childSchemas.length) {
        this.walk(child, childSchemas, joinPointer(at, key), report);
        continue;
      }
      const open = declaring.length === 0 || declaring.some(({ schema }) => schema.additionalProperties === true);
      // additionalProperties: false makes the body invalid, which ajv already reported.
      const closed = declaring.some(({ schema }) => schema.additionalProperties === false);
      if (open || closed) continue;
      const owner = declaring.find(({ schema }) => isRecord(schema.properties)) ?? declaring[0];
      if (owner) report.drift("undocumented-field", joinPointer(at, key), `field "${key}" is not documented in ${this.label(owner.pointer)}`, owner.pointer);
    }
  }

  /** Object schemas with `required`, reachable from a schema by any keyword a value could be checked against. */
  private requiredSchemasUnder(start: string, found: Map<string, string[]>, seen = new Set<string>()): void {
    const visit = (node: unknown, pointer: string): void => {
      if (!isRecord(node) || seen.has(pointer)) return;
      seen.add(pointer);
      if (Array.isArray(node.required)) found.set(pointer, node.required.filter((key): key is string => typeof key === "string"));
      if (typeof node.$ref === "string" && node.$ref.startsWith("#")) visit(getAtPointer(this.document, node.$ref.slice(1)), node.$ref.slice(1));
      for (const keyword of ["allOf", "anyOf", "oneOf", "prefixItems"]) {
        const list = node[keyword];
        if (Array.isArray(list)) list.forEach((child, index) => visit(child, joinPointer(pointer, keyword, index)));
      }
      for (const keyword of ["properties", "patternProperties"]) {
        const map = node[keyword];
        if (isRecord(map)) for (const [name, child] of Object.entries(map)) visit(child, joinPointer(pointer, keyword, name));
      }
      for (const keyword of ["items", "additionalProperties"]) visit(node[keyword], joinPointer(pointer, keyword));
    };
    visit(getAtPointer(this.document, start), start);
  }

  finish(recordingsDir: string): Omit<ContractResult, "recordings" | "checkMilliseconds"> {
    const summaries: OperationSummary[] = [];
    for (const operation of [...this.byId.values()].sort((a, b) => a.operationId.localeCompare(b.operationId))) {
      const recorded = this.recordingsOf.get(operation.operationId) ?? [];
      const statuses = [...new Set(recorded.map((r) => r.recording.response.status))].sort((a, b) => a - b);
      const covered = statuses.some((status) => status >= 200 && status < 300);
      if (!covered) {
        this.issues.push({
          kind: "missing-2xx",
          severity: "error",
          operationId: operation.operationId,
          file: null,
          pointer: null,
          schema: null,
          source: this.source(operation.pointer),
          message: `${operation.operationId} (${operation.method.toUpperCase()} ${operation.path}) has no 2xx recording; add one under ${relative(process.cwd(), join(recordingsDir, operation.operationId)) || "."}/`,
        });
      }
      const own = this.issues.filter((issue) => issue.operationId === operation.operationId);
      const result = own.some((issue) => issue.severity === "error") ? "fail" : own.some((issue) => issue.severity === "warning") ? "warn" : "pass";
      summaries.push({ operationId: operation.operationId, method: operation.method.toUpperCase(), path: operation.path, recordings: recorded.length, statuses, covered, result });
    }

    const required = new Map<string, string[]>();
    const seen = new Set<string>();
    for (const pointer of [...this.recordedSchemas].sort()) this.requiredSchemasUnder(pointer, required, seen);
    const requiredNeverSeen: RequiredNeverSeen[] = [];
    for (const [pointer, fields] of [...required].sort(([a], [b]) => a.localeCompare(b))) {
      const observed = this.requiredSeen.get(pointer);
      const missing = fields.filter((field) => !observed?.keys.has(field));
      if (missing.length) requiredNeverSeen.push({ schema: this.label(pointer), pointer, source: this.source(pointer), objectsSeen: observed?.objects ?? 0, fields: missing });
    }
    return { strict: this.strict, operations: summaries, issues: this.issues, requiredNeverSeen };
  }
}
