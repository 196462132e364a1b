import { followRefs, isRecord, joinPointer } from "../load/pointer.ts";
import { operations } from "../load/traverse.ts";

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

/** Which way data flows through a schema: a caller writes requests, a reader reads responses. */
type Direction = "request" | "response";

/**
 * Classifies every change between two bundled documents with the rules an SDK user feels:
 * - callers break on a removed operation or parameter, a new required parameter or body field, a narrowed
 *   request enum, or a changed type;
 * - readers break on a removed operation, a removed response field, a response field that may now be
 *   missing, a removed response enum value, or a changed type;
 * - additions (operations, optional inputs, response fields, enum values) are minor; prose is a patch.
 */
export function compareDocuments(base: Json, head: Json): Change[] {
  const changes: Change[] = [];
  const baseOps = indexOperations(base);
  const headOps = indexOperations(head);
  for (const [key, before] of baseOps) {
    const after = headOps.get(key);
    if (!after) {
      changes.push({ severity: "breaking", resource: before.tag, subject: before.id, pointer: before.pointer, message: `operation ${key} (${before.id}) was removed` });
      continue;
    }
    compareOperation(base, head, before, after, changes);
  }
  for (const [key, after] of headOps) {
    if (!baseOps.has(key)) changes.push({ severity: "addition", resource: after.tag, subject: after.id, pointer: after.pointer, message: `operation ${key} (${after.id}) was added` });
  }
  if (JSON.stringify((base.info as Json | undefined)?.description) !== JSON.stringify((head.info as Json | undefined)?.description)) {
    changes.push({ severity: "patch", resource: "(document)", subject: "info", pointer: "/info/description", message: "the API description changed" });
  }
  return changes;
}

interface IndexedOperation {
  id: string;
  tag: string;
  pointer: string;
  pathItem: Json;
  operation: Json;
}

function indexOperations(document: Json): Map<string, IndexedOperation> {
  const index = new Map<string, IndexedOperation>();
  for (const { method, path, pointer, pathItem, operation } of operations(document)) {
    // Path parameters are positional: `/a/{id}` and `/a/{uuid}` are the same route.
    const key = `${method.toUpperCase()} ${path.replace(/\{[^}]+\}/g, "{}")}`;
    const tag = Array.isArray(operation.tags) && typeof operation.tags[0] === "string" ? operation.tags[0] : "(untagged)";
    index.set(key, { id: String(operation.operationId ?? key), tag, pointer, pathItem, operation });
  }
  return index;
}

function compareOperation(base: Json, head: Json, before: IndexedOperation, after: IndexedOperation, changes: Change[]): void {
  const add = (severity: Severity, pointer: string, message: string) => changes.push({ severity, resource: after.tag, subject: after.id, pointer, message });
  if (before.id !== after.id) add("breaking", joinPointer(after.pointer, "operationId"), `operationId ${before.id} became ${after.id} (the SDK method's types are named after it)`);
  if (before.operation["x-method"] !== after.operation["x-method"]) {
    add("breaking", joinPointer(after.pointer, "x-method"), `SDK method ${String(before.operation["x-method"])} was renamed ${String(after.operation["x-method"])}`);
  }
  for (const field of ["summary", "description"] as const) {
    if (before.operation[field] !== after.operation[field]) add("patch", joinPointer(after.pointer, field), `${field} changed`);
  }

  const beforeParams = parameters(base, before);
  const afterParams = parameters(head, after);
  const label = (parameter: Json) => `${String(parameter.in)} parameter ${String(parameter.name)}`;
  for (const [key, parameter] of beforeParams) {
    const next = afterParams.get(key);
    if (!next) {
      add("breaking", parameter.pointer, `${label(parameter.value)} was removed (callers passing it no longer compile)`);
      continue;
    }
    if (next.value.required === true && parameter.value.required !== true) add("breaking", next.pointer, `${label(next.value)} became required`);
    compareSchemas(base, head, parameter.value.schema, next.value.schema, joinPointer(next.pointer, "schema"), "request", label(next.value), add, new Set());
  }
  for (const [key, parameter] of afterParams) {
    if (beforeParams.has(key)) continue;
    add(parameter.value.required === true ? "breaking" : "addition", parameter.pointer, `${parameter.value.required === true ? "required" : "optional"} ${label(parameter.value)} was added`);
  }

  const beforeBody = jsonSchema(base, before.operation.requestBody);
  const afterBody = jsonSchema(head, after.operation.requestBody);
  const bodyPointer = joinPointer(after.pointer, "requestBody", "content", "application/json", "schema");
  if (beforeBody === undefined && afterBody !== undefined) {
    add(requestBodyRequired(head, after.operation.requestBody) ? "breaking" : "addition", bodyPointer, "a request body was added");
  } else if (beforeBody !== undefined && afterBody === undefined) {
    add("breaking", joinPointer(before.pointer, "requestBody"), "the request body was removed");
  } else {
    compareSchemas(base, head, beforeBody, afterBody, bodyPointer, "request", "request body", add, new Set());
  }

  const beforeOk = successResponse(base, before.operation);
  const afterOk = successResponse(head, after.operation);
  if (beforeOk && afterOk) {
    if (beforeOk.status !== afterOk.status) add("breaking", joinPointer(after.pointer, "responses", afterOk.status), `success status ${beforeOk.status} became ${afterOk.status}`);
    compareSchemas(base, head, beforeOk.schema, afterOk.schema, joinPointer(after.pointer, "responses", afterOk.status, "content", "application/json", "schema"), "response", "response", add, new Set());
  }
}

function parameters(document: Json, entry: IndexedOperation): Map<string, { value: Json; pointer: string }> {
  const found = new Map<string, { value: Json; pointer: string }>();
  const lists: [unknown, string][] = [
    [entry.pathItem.parameters, joinPointer(entry.pointer.slice(0, entry.pointer.lastIndexOf("/")), "parameters")],
    [entry.operation.parameters, joinPointer(entry.pointer, "parameters")],
  ];
  for (const [list, pointer] of lists) {
    if (!Array.isArray(list)) continue;
    list.forEach((item, index) => {
      const value = followRefs(document, item).value;
      // Path parameters are compared by position, so their names may change freely.
      if (isRecord(value) && value.in !== "path") found.set(`${String(value.in)}:${String(value.name)}`, { value, pointer: joinPointer(pointer, index) });
    });
  }
  return found;
}

function jsonSchema(document: Json, holder: unknown): unknown {
  const resolved = followRefs(document, holder).value;
  return isRecord(resolved) && isRecord(resolved.content) && isRecord(resolved.content["application/json"]) ? resolved.content["application/json"].schema : undefined;
}

function requestBodyRequired(document: Json, holder: unknown): boolean {
  const resolved = followRefs(document, holder).value;
  return isRecord(resolved) && resolved.required === true;
}

function successResponse(document: Json, operation: Json): { status: string; schema: unknown } | undefined {
  const responses = operation.responses;
  if (!isRecord(responses)) return undefined;
  const status = Object.keys(responses).filter((code) => /^2\d\d$/.test(code)).sort()[0];
  return status ? { status, schema: jsonSchema(document, responses[status]) } : undefined;
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
    const gainedNull = after.types.filter((t) => t !== "null").join("|") === before.types.filter((t) => t !== "null").join("|");
    if (gainedNull && after.types.includes("null")) {
      // A reader must now handle null; a caller may now send it.
      add(direction === "response" ? "breaking" : "addition", pointer, `${where} may now be null`);
    } else if (gainedNull) {
      add(direction === "request" ? "breaking" : "addition", pointer, `${where} no longer accepts null`);
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
  } else if (!before.enum && after.enum && direction === "request") {
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
  properties: Map<string, unknown>;
  required: Set<string>;
  items?: unknown;
}

/** Merges `allOf`, follows refs, and reads `anyOf: [X, {type: null}]` as nullable X. */
function flatten(document: Json, schema: unknown, depth = 0): FlatSchema {
  const ref = isRecord(schema) && typeof schema.$ref === "string" ? schema.$ref : undefined;
  const resolved = followRefs(document, schema).value;
  const flat: FlatSchema = { key: ref ?? `inline:${depth}:${JSON.stringify(resolved)?.slice(0, 200)}`, types: [], properties: new Map(), required: new Set() };
  if (!isRecord(resolved) || depth > 16) return flat;
  const typeList = Array.isArray(resolved.type) ? resolved.type.map(String) : typeof resolved.type === "string" ? [resolved.type] : [];
  flat.types.push(...typeList);
  if (Array.isArray(resolved.enum)) flat.enum = resolved.enum;
  if (resolved.const !== undefined) flat.enum = [resolved.const];
  if (isRecord(resolved.properties)) for (const [name, value] of Object.entries(resolved.properties)) flat.properties.set(name, value);
  if (Array.isArray(resolved.required)) for (const name of resolved.required) flat.required.add(String(name));
  if (resolved.items !== undefined) flat.items = resolved.items;
  for (const part of Array.isArray(resolved.allOf) ? resolved.allOf : []) merge(flat, flatten(document, part, depth + 1));
  const union = Array.isArray(resolved.anyOf) ? resolved.anyOf : Array.isArray(resolved.oneOf) ? resolved.oneOf : [];
  const nonNull = union.filter((member) => !(isRecord(member) && member.type === "null"));
  if (nonNull.length === 1) {
    merge(flat, flatten(document, nonNull[0], depth + 1));
    if (nonNull.length < union.length) flat.types.push("null");
  }
  flat.types = [...new Set(flat.types)].sort();
  return flat;
}

function merge(into: FlatSchema, part: FlatSchema): void {
  into.types.push(...part.types);
  if (part.enum) into.enum = part.enum;
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
