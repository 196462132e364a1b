import type { OpenApiDocument } from "../load/bundle.ts";
import { followRefs, isRecord, joinPointer } from "../load/pointer.ts";
import { readEnumSet } from "../model/enums.ts";
import type { ApiModel, OperationModel, ParameterModel } from "../model/types.ts";

type Json = Record<string, unknown>;
export type Severity = "breaking" | "addition" | "patch";

/** One classified difference between two versions of the spec. */
export interface Change {
  severity: Severity;
  /** The resource (tag) it belongs to, for grouping; `(document)` for document-wide changes. */
  resource: string;
  /** `searchContacts` or `components/schemas/Contact`. */
  subject: string;
  /** JSON pointer in the head version (or the base version for removals). */
  pointer: string;
  message: string;
}

/** One version of the spec: the bundled document (for its schemas) and its model (for everything else). */
export interface SpecVersion {
  document: OpenApiDocument;
  model: ApiModel;
}

/** Which way data flows through a schema: a caller writes requests, a reader reads responses. */
type Direction = "request" | "response";

/**
 * Classifies every change between two versions with the rules an SDK user feels:
 * - callers break on a removed operation or parameter, a new required parameter or body field, a narrowed
 *   request enum (a value removed, or an open set closed), or a type they can no longer send;
 * - readers break on a removed operation, a removed response field, a response field that may now be
 *   missing, a removed response enum value, or a type they may now get (null included);
 * - a field inside a union (`oneOf`/`anyOf`) is compared as part of every member that has it;
 * - additions (operations, optional inputs, response fields, enum values, also to open sets) are minor; prose is a patch.
 */
export function compareVersions(base: SpecVersion, head: SpecVersion): Change[] {
  const changes: Change[] = [];
  const baseOps = indexOperations(base.model);
  const headOps = indexOperations(head.model);
  for (const [key, before] of baseOps) {
    const after = headOps.get(key);
    if (!after) {
      changes.push({ severity: "breaking", resource: before.tag, subject: before.operationId, pointer: before.pointer, message: `operation ${key} (${before.operationId}) was removed` });
      continue;
    }
    compareOperation(base.document, head.document, before, after, changes);
  }
  for (const [key, after] of headOps) {
    if (!baseOps.has(key)) changes.push({ severity: "addition", resource: after.tag, subject: after.operationId, pointer: after.pointer, message: `operation ${key} (${after.operationId}) was added` });
  }
  if (base.model.description !== head.model.description) {
    changes.push({ severity: "patch", resource: "(document)", subject: "info", pointer: "/info/description", message: "the API description changed" });
  }
  return changes;
}

function indexOperations(model: ApiModel): Map<string, OperationModel> {
  // Path parameters are positional: `/a/{id}` and `/a/{uuid}` are the same route.
  return new Map(model.operations.map((operation) => [`${operation.httpMethod.toUpperCase()} ${operation.path.replace(/\{[^}]+\}/g, "{}")}`, operation]));
}

function compareOperation(base: Json, head: Json, before: OperationModel, after: OperationModel, changes: Change[]): void {
  const add = (severity: Severity, pointer: string, message: string) => changes.push({ severity, resource: after.tag, subject: after.operationId, pointer, message });
  if (before.operationId !== after.operationId) add("breaking", joinPointer(after.pointer, "operationId"), `operationId ${before.operationId} became ${after.operationId} (the SDK method's types are named after it)`);
  if (before.methodName !== after.methodName) add("breaking", joinPointer(after.pointer, "x-method"), `SDK method ${before.methodName} was renamed ${after.methodName}`);
  for (const field of ["summary", "description"] as const) {
    if (before[field] !== after[field]) add("patch", joinPointer(after.pointer, field), `${field} changed`);
  }

  // Path parameters are compared by position, so their names may change freely.
  const named = (operation: OperationModel) => new Map(operation.parameters.filter((p) => p.in !== "path").map((p) => [`${p.in}:${p.name}`, p]));
  const beforeParams = named(before);
  const afterParams = named(after);
  const label = (parameter: ParameterModel) => `${parameter.in} parameter ${parameter.name}`;
  for (const [key, parameter] of beforeParams) {
    const next = afterParams.get(key);
    if (!next) {
      add("breaking", parameter.pointer, `${label(parameter)} was removed (callers passing it no longer compile)`);
      continue;
    }
    if (next.required && !parameter.required) add("breaking", next.pointer, `${label(next)} became required`);
    compareSchemas(base, head, parameter.schema, next.schema, joinPointer(next.pointer, "schema"), "request", label(next), add, new Set());
  }
  for (const [key, parameter] of afterParams) {
    if (beforeParams.has(key)) continue;
    add(parameter.required ? "breaking" : "addition", parameter.pointer, `${parameter.required ? "required" : "optional"} ${label(parameter)} was added`);
  }

  const beforeBody = before.body?.json?.schema;
  const afterBody = after.body?.json?.schema;
  const bodyPointer = joinPointer(after.pointer, "requestBody", "content", "application/json", "schema");
  if (beforeBody === undefined && afterBody !== undefined) {
    add(after.body?.required ? "breaking" : "addition", bodyPointer, "a request body was added");
  } else if (beforeBody !== undefined && afterBody === undefined) {
    add("breaking", joinPointer(before.pointer, "requestBody"), "the request body was removed");
  } else {
    compareSchemas(base, head, beforeBody, afterBody, bodyPointer, "request", "request body", add, new Set());
  }

  const status = String(after.success.status);
  if (before.success.status !== after.success.status) add("breaking", joinPointer(after.pointer, "responses", status), `success status ${before.success.status} became ${after.success.status}`);
  compareSchemas(base, head, before.success.json?.schema, after.success.json?.schema, joinPointer(after.pointer, "responses", status, "content", "application/json", "schema"), "response", "response", add, new Set());
}

type Add = (severity: Severity, pointer: string, message: string) => void;

/** Structural comparison of two schemas as seen from one direction; `seen` stops recursion through cycles. */
function compareSchemas(base: Json, head: Json, beforeRaw: unknown, afterRaw: unknown, pointer: string, direction: Direction, where: string, add: Add, seen: Set<string>): void {
  const before = flatten(base, beforeRaw);
  const after = flatten(head, afterRaw);
  const pairKey = `${before.key}|${after.key}|${direction}`;
  if (seen.has(pairKey)) return;
  seen.add(pairKey);

  const beforeTypes = before.types.join("|");
  const afterTypes = after.types.join("|");
  if (beforeTypes && afterTypes && beforeTypes !== afterTypes) {
    const gained = after.types.filter((t) => !before.types.includes(t));
    const lost = before.types.filter((t) => !after.types.includes(t));
    if (lost.length === 0) {
      // More types than before: a reader must now handle them; a caller may now send them.
      const what = gained.join() === "null" ? "may now be null" : `may now also be ${gained.join("|")}`;
      add(direction === "response" ? "breaking" : "addition", pointer, `${where} ${what}`);
    } else if (gained.length === 0) {
      // Fewer: a caller can no longer send them; a reader no longer gets them.
      const what = lost.join() === "null" ? "null" : lost.join("|");
      add(direction === "request" ? "breaking" : "addition", pointer, `${where} no longer accepts ${what}`);
    } else {
      add("breaking", pointer, `${where} changed type from ${beforeTypes} to ${afterTypes}`);
    }
  }

  if (before.enum && after.enum) {
    const removed = before.enum.filter((v) => !after.enum!.includes(v));
    const added = after.enum.filter((v) => !before.enum!.includes(v));
    if (removed.length) {
      add("breaking", pointer, `${where} no longer ${direction === "request" ? "accepts" : "returns"} ${removed.map((v) => JSON.stringify(v)).join(", ")}`);
    }
    if (added.length) add("addition", pointer, `${where} gained enum values ${added.map((v) => JSON.stringify(v)).join(", ")}`);
    if (before.open && !after.open) {
      // Callers could send any value and now only the listed ones; readers already expected those.
      add(direction === "request" ? "breaking" : "patch", pointer, `${where} is no longer an open set: only ${after.enum.map((v) => JSON.stringify(v)).join(", ")}`);
    } else if (!before.open && after.open) {
      add(direction === "request" ? "addition" : "patch", pointer, `${where} became an open set: values beyond ${after.enum.map((v) => JSON.stringify(v)).join(", ")} may occur`);
    }
  } else if (!before.enum && after.enum && direction === "request" && !after.open) {
    add("breaking", pointer, `${where} is now limited to ${after.enum.map((v) => JSON.stringify(v)).join(", ")}`);
  }

  for (const [name, property] of before.properties) {
    const next = after.properties.get(name);
    const childPointer = joinPointer(pointer, "properties", name);
    if (!next) {
      // Readers lose the field; callers that set it no longer compile.
      add("breaking", childPointer, `${where} field ${name} was removed`);
      continue;
    }
    if (direction === "request" && after.required.has(name) && !before.required.has(name)) add("breaking", childPointer, `${where} field ${name} became required`);
    if (direction === "response" && before.required.has(name) && !after.required.has(name)) add("breaking", childPointer, `${where} field ${name} may now be missing`);
    if (direction === "request" && before.required.has(name) && !after.required.has(name)) add("addition", childPointer, `${where} field ${name} became optional`);
    compareSchemas(base, head, property, next, childPointer, direction, `${where} field ${name}`, add, seen);
  }
  for (const name of after.properties.keys()) {
    if (before.properties.has(name)) continue;
    const required = after.required.has(name);
    add(direction === "request" && required ? "breaking" : "addition", joinPointer(pointer, "properties", name), `${where} gained ${required ? "required " : ""}field ${name}`);
  }
  if (before.items !== undefined && after.items !== undefined) {
    compareSchemas(base, head, before.items, after.items, joinPointer(pointer, "items"), direction, `${where} items`, add, seen);
  }
}

interface FlatSchema {
  /** Identity for cycle detection: the component ref, or the JSON of an inline schema's shape. */
  key: string;
  types: string[];
  enum?: unknown[];
  /** The enum is an open set: the values so far (see model/enums.ts). */
  open?: boolean;
  properties: Map<string, unknown>;
  required: Set<string>;
  items?: unknown;
}

/**
 * Merges `allOf`, follows refs, reads `anyOf: [X, {type: null}]` as nullable X, and reads any other union
 * (`oneOf`/`anyOf` of several members: node types, alternative body forms) as the fields of all its members.
 */
function flatten(document: Json, schema: unknown, depth = 0): FlatSchema {
  const ref = isRecord(schema) && typeof schema.$ref === "string" ? schema.$ref : undefined;
  const resolved = followRefs(document, schema).value;
  const flat: FlatSchema = { key: ref ?? `inline:${depth}:${JSON.stringify(resolved)?.slice(0, 200)}`, types: [], properties: new Map(), required: new Set() };
  if (!isRecord(resolved) || depth > 16) return flat;
  const typeList = Array.isArray(resolved.type) ? resolved.type.map(String) : typeof resolved.type === "string" ? [resolved.type] : [];
  flat.types.push(...typeList);
  const set = readEnumSet(resolved);
  if (set?.open) {
    // `anyOf: [{ type, enum }, { type }]`: one type, these values so far.
    flat.types = [String((resolved.anyOf as Json[])[0]?.type)];
    flat.enum = set.values;
    flat.open = true;
    return flat;
  }
  if (set) flat.enum = set.values;
  if (resolved.const !== undefined) flat.enum = [resolved.const];
  if (isRecord(resolved.properties)) for (const [name, value] of Object.entries(resolved.properties)) flat.properties.set(name, value);
  if (Array.isArray(resolved.required)) for (const name of resolved.required) flat.required.add(String(name));
  if (resolved.items !== undefined) flat.items = resolved.items;
  for (const part of Array.isArray(resolved.allOf) ? resolved.allOf : []) merge(flat, flatten(document, part, depth + 1));
  const union = Array.isArray(resolved.anyOf) ? resolved.anyOf : Array.isArray(resolved.oneOf) ? resolved.oneOf : [];
  const nonNull = union.filter((member) => !(isRecord(member) && member.type === "null"));
  if (nonNull.length === 1) merge(flat, flatten(document, nonNull[0], depth + 1));
  if (nonNull.length > 1) mergeUnion(flat, nonNull.map((member) => flatten(document, member, depth + 1)));
  if (nonNull.length > 0 && nonNull.length < union.length) flat.types.push("null");
  flat.types = [...new Set(flat.types)].sort();
  return flat;
}

/**
 * What a value of one of several schemas may hold: a field any member has (its schemas as a union when members
 * differ), required only where every member requires it, the values of every member when each lists them. So a
 * field that moves into the members of a union is not "removed", and `{ uuids } | { filter }` requires neither.
 */
function mergeUnion(into: FlatSchema, members: FlatSchema[]): void {
  for (const member of members) into.types.push(...member.types);
  const names = new Set(members.flatMap((member) => [...member.properties.keys()]));
  for (const name of names) {
    if (!into.properties.has(name)) {
      const schemas = [...new Set(members.flatMap((member) => (member.properties.has(name) ? [member.properties.get(name)] : [])))];
      into.properties.set(name, schemas.length === 1 ? schemas[0] : { anyOf: schemas });
    }
    if (members.every((member) => member.required.has(name))) into.required.add(name);
  }
  if (members.every((member) => member.enum)) {
    into.enum = [...new Set(members.flatMap((member) => member.enum ?? []))];
    into.open = members.some((member) => member.open);
  }
  const items = [...new Set(members.flatMap((member) => (member.items === undefined ? [] : [member.items])))];
  if (items.length > 0 && into.items === undefined) into.items = items.length === 1 ? items[0] : { anyOf: items };
}

function merge(into: FlatSchema, part: FlatSchema): void {
  into.types.push(...part.types);
  if (part.enum) {
    into.enum = part.enum;
    into.open = part.open;
  }
  for (const [name, value] of part.properties) if (!into.properties.has(name)) into.properties.set(name, value);
  for (const name of part.required) into.required.add(name);
  if (part.items !== undefined && into.items === undefined) into.items = part.items;
}

/** The version bump a set of changes needs. */
export function semverBump(changes: Change[]): "major" | "minor" | "patch" | "none" {
  if (changes.some((c) => c.severity === "breaking")) return "major";
  if (changes.some((c) => c.severity === "addition")) return "minor";
  return changes.length ? "patch" : "none";
}
