import { isRecord, joinPointer } from "../load/pointer.ts";
import type { OperationEntry } from "../load/traverse.ts";
import { readEnumSet } from "./enums.ts";
import { CAMEL_CASE } from "./names.ts";
import type { CategoryModel, Effect, FilterEncoding, FilterFieldModel, FilterFieldType, FilterModel, ModelFinding, PaginationModel, Preflight } from "./types.ts";

/*
 * The one reader of the spec's extensions (spec/README.md documents them): `x-tagGroups` (categories and which
 * tags are SDK resources), and per path operation `x-method`, `x-pagination`, `x-filter`, `x-effects` and
 * `x-preflight`. Each comes back as a value, or as findings at the pointer of what cannot be read; every other
 * part of the toolchain reads the values.
 */

export const FILTER_ENCODINGS: readonly FilterEncoding[] = ["body", "query", "query-json"];
/** What a call can do in the world (`x-effects`), in the order the spec and every output list them. */
export const EFFECTS: readonly Effect[] = ["read", "write", "send", "spend", "destroy", "reveal"];
export const FILTER_FIELD_TYPES: readonly FilterFieldType[] = ["string", "uuid", "integer", "number", "boolean", "date-time"];
/** The checks `x-preflight` can name: the SDK method runs it on its params before sending. */
export const PREFLIGHTS: readonly Preflight[] = ["validateFlow"];

export type Report = (finding: ModelFinding) => void;

/** The categories, from `x-tagGroups` (the bundler has checked its shape: it finds the resource files by it). */
export function readCategories(document: Record<string, unknown>): CategoryModel[] {
  const groups = document["x-tagGroups"];
  if (!Array.isArray(groups)) return [];
  return groups.filter(isRecord).map((group) => ({
    name: String(group.name),
    resources: Array.isArray(group.tags) ? group.tags.map(String) : [],
  }));
}

/** `searchContacts (POST /leads/api/leads/search)`, or the method and path alone when there is no operationId. */
export function operationLabel({ operation, method, path }: OperationEntry): string {
  const where = `${method.toUpperCase()} ${path}`;
  return typeof operation.operationId === "string" ? `${operation.operationId} (${where})` : where;
}

/** What one operation's extensions say; `null`: written, but not readable (the findings say why). */
export interface OperationExtensions {
  /** `x-method`: the SDK method's name, when it is one. */
  methodName?: string;
  pagination?: PaginationModel | null;
  filter?: FilterModel | null;
  /** `x-effects`, in the order of EFFECTS; absent when missing or unreadable (the findings say why). */
  effects?: Effect[];
  /** `x-preflight`: the check the SDK method runs before sending. */
  preflight?: Preflight | null;
}

/** The extensions of one path operation (`x-method`, `x-pagination`, `x-filter`, …); `schemas` are the schema components. */
export function readOperationExtensions(entry: OperationEntry, schemas: Record<string, unknown>, report: Report): OperationExtensions {
  const { operation, pointer } = entry;
  const extensions: OperationExtensions = {};
  const methodName = operation["x-method"];
  if (methodName === undefined) {
    report({ rule: "operation-x-method", pointer, message: `operation ${operationLabel(entry)} has no x-method`, hint: "name its SDK method in camelCase (e.g. x-method: search)" });
  } else if (typeof methodName !== "string" || !CAMEL_CASE.test(methodName)) {
    report({
      rule: "operation-x-method",
      pointer: joinPointer(pointer, "x-method"),
      message: `x-method ${JSON.stringify(methodName)} is not camelCase (${CAMEL_CASE.source})`,
      hint: "name the SDK method as a JavaScript method is named: search, listAll, getMetrics",
    });
  } else {
    extensions.methodName = methodName;
  }
  if (operation["x-pagination"] !== undefined) extensions.pagination = readPagination(operation["x-pagination"], joinPointer(pointer, "x-pagination"), report) ?? null;
  if (operation["x-filter"] !== undefined) extensions.filter = readFilter(operation["x-filter"], joinPointer(pointer, "x-filter"), schemas, report) ?? null;
  const effects = readEffects(entry, report);
  if (effects) extensions.effects = effects;
  if (operation["x-preflight"] !== undefined) extensions.preflight = readPreflight(entry, report) ?? null;
  return extensions;
}

function readPreflight(entry: OperationEntry, report: Report): Preflight | undefined {
  const value = entry.operation["x-preflight"];
  const preflight = PREFLIGHTS.find((known) => known === value);
  if (preflight) return preflight;
  report({
    rule: "operation-x-preflight",
    pointer: joinPointer(entry.pointer, "x-preflight"),
    message: `x-preflight ${JSON.stringify(value)} is not one of ${PREFLIGHTS.join(", ")}`,
    hint: "name the check the SDK runs before sending (validateFlow: an automation version's rules), or remove it",
  });
  return undefined;
}

const EFFECTS_HINT = `write x-effects: [read], or a list of what the call can do among ${EFFECTS.slice(1).join(", ")}`;

/**
 * `x-effects`, required on every operation: a non-empty list of known effects, each once, `read` alone (or with
 * `reveal`: a read can answer a secret); and what the HTTP method allows: a GET only reads, a DELETE destroys. The MCP
 * server lets a call through by these values, so a missing or wrong one would be unsafe: generate refuses both.
 */
function readEffects(entry: OperationEntry, report: Report): Effect[] | undefined {
  const value = entry.operation["x-effects"];
  const pointer = joinPointer(entry.pointer, "x-effects");
  const problem = (at: string, message: string, hint = EFFECTS_HINT) => report({ rule: "operation-x-effects", pointer: at, message, hint });
  if (value === undefined) {
    problem(entry.pointer, `operation ${operationLabel(entry)} has no x-effects`);
    return undefined;
  }
  if (!Array.isArray(value) || value.length === 0) {
    problem(pointer, "x-effects must be a non-empty list");
    return undefined;
  }
  const seen = new Set<Effect>();
  value.forEach((item, index) => {
    const effect = EFFECTS.find((known) => known === item);
    if (!effect) problem(joinPointer(pointer, index), `x-effects value ${JSON.stringify(item)} is not one of ${EFFECTS.join(", ")}`);
    else if (seen.has(effect)) problem(joinPointer(pointer, index), `x-effects lists "${effect}" twice`, "list each effect once");
    else seen.add(effect);
  });
  // An unknown or repeated value was reported above.
  if (seen.size !== value.length) return undefined;
  const changes = [...seen].filter((effect) => effect !== "read" && effect !== "reveal");
  if (seen.has("read") && changes.length > 0) {
    const others = changes.join(", ");
    problem(pointer, `x-effects lists "read" with ${others}: "read" means the call changes nothing`, "drop read, or the others if the call really only reads");
    return undefined;
  }
  if (!seen.has("read") && changes.length === 0) {
    problem(pointer, `x-effects lists only "reveal", which says what the answer holds`, "add read, or what the call changes");
    return undefined;
  }
  const effects = EFFECTS.filter((effect) => seen.has(effect));
  const label = operationLabel(entry);
  if (entry.method === "get" && !seen.has("read")) {
    problem(pointer, `${label} is a GET but its x-effects are [${effects.join(", ")}]`, "a GET must only read: [read] (or [read, reveal])");
    return undefined;
  }
  if (entry.method === "delete" && !effects.includes("destroy")) {
    problem(pointer, `${label} is a DELETE but its x-effects [${effects.join(", ")}] do not list destroy`, "add destroy");
    return undefined;
  }
  return effects;
}

function readPagination(value: unknown, pointer: string, report: Report): PaginationModel | undefined {
  const where = isRecord(value) ? value.in : undefined;
  if (where === "query" || where === "body") return { in: where };
  report({
    rule: "paginated-list-envelope",
    pointer,
    message: `x-pagination must be { in: query } or { in: body }, not ${JSON.stringify(value)}`,
    hint: "say where limit and offset go: x-pagination: { in: query } or { in: body }",
  });
  return undefined;
}

function readFilter(value: unknown, pointer: string, schemas: Record<string, unknown>, report: Report): FilterModel | undefined {
  const problem = (at: string, message: string, hint: string) => report({ rule: "x-filter-valid", pointer: at, message, hint });
  if (!isRecord(value)) {
    problem(pointer, "x-filter must be an object with encoding, resource and fields", "write x-filter: { encoding: query | body | query-json, resource: <Schema>, fields: { <name>: { type: ... } } }");
    return undefined;
  }
  let valid = true;
  const encoding = value.encoding;
  if (!FILTER_ENCODINGS.includes(encoding as FilterEncoding)) {
    valid = false;
    problem(
      encoding === undefined ? pointer : joinPointer(pointer, "encoding"),
      `x-filter encoding ${JSON.stringify(encoding)} is not one of ${FILTER_ENCODINGS.join(", ")}`,
      "say how the filter is sent: body (a `filter` body property), query (filter[field]=… parameters) or query-json (JSON text in `filter`)",
    );
  }
  const resource = value.resource;
  if (typeof resource !== "string" || !isRecord(schemas[resource])) {
    valid = false;
    problem(resource === undefined ? pointer : joinPointer(pointer, "resource"), `x-filter resource ${JSON.stringify(resource)} is not a schema component`, "name the schema whose records are filtered");
  }
  const entries = isRecord(value.fields) ? Object.entries(value.fields) : [];
  if (entries.length === 0) {
    valid = false;
    problem(value.fields === undefined ? pointer : joinPointer(pointer, "fields"), "x-filter has no fields", "list the field names the filter accepts, each with its type");
  }
  const fields: FilterFieldModel[] = [];
  for (const [name, spec] of entries) {
    const field = readFilterField(name, spec, joinPointer(pointer, "fields", name), schemas, problem);
    if (field) fields.push(field);
    else valid = false;
  }
  // The field type's name depends on the other operations' filters: model/filter-names.ts gives it once all are read.
  return valid ? { encoding: encoding as FilterEncoding, resource: resource as string, fieldsTypeName: "", fields } : undefined;
}

function readFilterField(
  name: string,
  spec: unknown,
  pointer: string,
  schemas: Record<string, unknown>,
  problem: (pointer: string, message: string, hint: string) => void,
): FilterFieldModel | undefined {
  const type = isRecord(spec) ? spec.type : spec;
  if (!isRecord(spec) || !FILTER_FIELD_TYPES.includes(spec.type as FilterFieldType)) {
    problem(isRecord(spec) && spec.type !== undefined ? joinPointer(pointer, "type") : pointer, `x-filter field "${name}" has type ${JSON.stringify(type)}`, `use one of ${FILTER_FIELD_TYPES.join(", ")}`);
    return undefined;
  }
  let valid = true;
  if (spec.search !== undefined && spec.search !== true) {
    valid = false;
    problem(joinPointer(pointer, "search"), `x-filter field "${name}" has search: ${JSON.stringify(spec.search)}`, "use search: true for a free-text search key, or leave it out");
  }
  if (spec.search === true) {
    if (spec.type !== "string") {
      valid = false;
      problem(joinPointer(pointer, "type"), `x-filter search field "${name}" must have type: string`, "a free-text search key is a plain string");
    }
    for (const key of ["enum", "nullable"] as const) {
      if (spec[key] === undefined) continue;
      valid = false;
      problem(joinPointer(pointer, key), `x-filter search field "${name}" takes no ${key}`, `remove ${key}: a search key is a plain string`);
    }
  }
  if (spec.enum !== undefined && (typeof spec.enum !== "string" || !readEnumSet(schemas[spec.enum]))) {
    valid = false;
    problem(joinPointer(pointer, "enum"), `x-filter field "${name}" names enum ${JSON.stringify(spec.enum)}, which is not an enum schema component`, "name the enum component the property refers to, or leave enum out");
  }
  if (spec.nullable !== undefined && typeof spec.nullable !== "boolean") {
    valid = false;
    problem(joinPointer(pointer, "nullable"), `x-filter field "${name}" has nullable: ${JSON.stringify(spec.nullable)}`, "use nullable: true, or leave it out");
  }
  if (!valid) return undefined;
  return {
    name,
    type: spec.type as FilterFieldType,
    ...(typeof spec.enum === "string" && { enumName: spec.enum }),
    nullable: spec.nullable === true,
    search: spec.search === true,
  };
}
