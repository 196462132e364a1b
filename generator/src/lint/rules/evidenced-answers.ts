import { readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import type { Oas3Rule } from "@redocly/openapi-core";
import { joinPointer } from "../../load/pointer.ts";
import { readEnumSet } from "../../model/enums.ts";
import { HTTP_METHODS, at, deref, isRecord, jsonMediaTypes, placeLabel, quoteList, type Json, type Located } from "./support.ts";

/** Settings the lint engine passes in: where the recordings of this spec live (`<spec>/recordings`). */
export interface EvidencedAnswersOptions {
  recordingsDir?: string;
}

/** An answer body someone wrote down: an example in the spec, or a recording's response. */
interface Specimen {
  body: unknown;
}

/** One answer schema of one operation and status, with what shows its shape. */
interface Answer {
  schema: Located;
  specimens: Specimen[];
}

/**
 * The spec promises only what is evidenced (spec/README.md, "Evidence"). Two checks on every schema an answer
 * reaches:
 * - a property it marks `required` must be present in at least one example or recording of an answer at that
 *   schema (a type that says "always there" for a field nobody has seen is a bug in the user's program);
 * - a closed enum must list at least two values: one value seen is a set built from one example, so it is
 *   written as an open set (`anyOf: [{ type, enum }, { type }]`) unless a source lists the whole set.
 */
export const EvidencedAnswers: Oas3Rule = (options: EvidencedAnswersOptions) => ({
  Root: {
    leave(node, ctx) {
      const root = node as unknown as Json;
      const answers = collectAnswers(root, readRecordings(options.recordingsDir));
      const seen = new Map<Json, Set<string>>();
      const resolve = resolver(root);
      for (const answer of answers) {
        for (const { body } of answer.specimens) observe(resolve, answer.schema.value, body, seen, new Set());
      }
      const nodes = new Map<string, Json>();
      for (const answer of answers) collectNodes(root, answer.schema, nodes);
      for (const [pointer, schema] of nodes) {
        if (Array.isArray(schema.required)) {
          schema.required.forEach((name, index) => {
            if (typeof name !== "string" || seen.get(schema)?.has(name)) return;
            ctx.report({
              message: `${placeLabel(pointer)} is an answer schema and requires "${name}", but no example or recording of an answer shows it; make it optional, or show it in an example or a recording (spec/README.md, Evidence)`,
              location: at(joinPointer(pointer, "required", index)),
            });
          });
        }
        const values = Array.isArray(schema.enum) ? schema.enum.filter((value) => value !== null) : undefined;
        if (values && values.length < 2) {
          ctx.report({
            message: `closed enum [${quoteList(values)}] in ${placeLabel(pointer)} reaches answers with fewer than two values: one value seen is not a whole set; write it as an open set (anyOf: [{ type, enum: [...] }, { type }]) unless a source lists every value`,
            location: at(joinPointer(pointer, "enum"), true),
          });
        }
      }
    },
  },
});

/** Response bodies of the recordings, by operationId and status; unreadable files are the contract check's concern. */
function readRecordings(dir: string | undefined): Map<string, { status: number; body: unknown }[]> {
  const byOperation = new Map<string, { status: number; body: unknown }[]>();
  if (!dir) return byOperation;
  let operations: string[];
  try {
    operations = readdirSync(dir, { withFileTypes: true }).filter((entry) => entry.isDirectory()).map((entry) => entry.name);
  } catch {
    return byOperation;
  }
  for (const operationId of operations) {
    for (const file of readdirSync(join(dir, operationId)).filter((name) => name.endsWith(".json")).sort()) {
      try {
        const recording = JSON.parse(readFileSync(join(dir, operationId, file), "utf8")) as unknown;
        const response = isRecord(recording) ? recording.response : undefined;
        if (!isRecord(response) || typeof response.status !== "number" || !("body" in response)) continue;
        byOperation.set(operationId, [...(byOperation.get(operationId) ?? []), { status: response.status, body: response.body }]);
      } catch {
        continue;
      }
    }
  }
  return byOperation;
}

/** Whether a response key (`200`, `2XX`, `default`) covers a status, `default` only when no other key does. */
function covers(code: string, status: number, codes: string[]): boolean {
  if (code === String(status)) return true;
  if (/^[1-5]XX$/i.test(code)) return code[0] === String(status)[0] && !codes.includes(String(status));
  return code === "default" && !codes.some((other) => other !== "default" && covers(other, status, []));
}

/** Every JSON answer schema of every path operation, with the examples and recorded bodies it must describe. */
function collectAnswers(root: Json, recordings: Map<string, { status: number; body: unknown }[]>): Answer[] {
  const answers: Answer[] = [];
  for (const [path, item] of Object.entries(isRecord(root.paths) ? root.paths : {})) {
    if (!isRecord(item)) continue;
    for (const [method, operation] of Object.entries(item)) {
      if (!HTTP_METHODS.has(method) || !isRecord(operation) || !isRecord(operation.responses)) continue;
      const codes = Object.keys(operation.responses);
      const recorded = typeof operation.operationId === "string" ? (recordings.get(operation.operationId) ?? []) : [];
      for (const [code, entry] of Object.entries(operation.responses)) {
        const response = deref(root, entry, joinPointer("/paths", path, method, "responses", code));
        if (!isRecord(response.value)) continue;
        for (const media of jsonMediaTypes(response.value.content, joinPointer(response.pointer, "content"))) {
          if (media.value.schema === undefined) continue;
          const specimens: Specimen[] = [];
          if ("example" in media.value) specimens.push({ body: media.value.example });
          for (const example of Object.values(isRecord(media.value.examples) ? media.value.examples : {})) {
            const resolved = deref(root, example, "").value;
            if (isRecord(resolved) && "value" in resolved) specimens.push({ body: resolved.value });
          }
          for (const { status, body } of recorded) if (covers(code, status, codes)) specimens.push({ body });
          answers.push({ schema: { value: media.value.schema, pointer: joinPointer(media.pointer, "schema") }, specimens });
        }
      }
    }
  }
  return answers;
}

/**
 * Walks a body alongside its schema and notes, for every schema object it reaches, which keys the body had there.
 * Every member of a union is credited with the body (crediting one that the body does not match can only hide a
 * finding, never invent one). Schema objects are told apart by identity, not pointer: each sits at one place in the
 * document, and the walk visits every item of every recorded page.
 */
function observe(resolve: Resolver, schema: unknown, value: unknown, seen: Map<Json, Set<string>>, visiting: Set<Json>): void {
  if (!isRecord(value) && !Array.isArray(value)) return;
  const node = resolve(schema);
  if (!node || visiting.has(node)) return;
  visiting.add(node);
  for (const key of ["allOf", "anyOf", "oneOf"] as const) {
    const members = node[key];
    if (Array.isArray(members)) for (const member of members) observe(resolve, member, value, seen, visiting);
  }
  visiting.delete(node);
  if (Array.isArray(value)) {
    if (node.items !== undefined) for (const item of value) observe(resolve, node.items, item, seen, new Set());
    return;
  }
  let keys = seen.get(node);
  if (!keys) seen.set(node, (keys = new Set()));
  const properties = isRecord(node.properties) ? node.properties : {};
  for (const [key, child] of Object.entries(value)) {
    keys.add(key);
    if (key in properties) observe(resolve, properties[key], child, seen, new Set());
    else if (isRecord(node.additionalProperties)) observe(resolve, node.additionalProperties, child, seen, new Set());
  }
}

/** The schema object a schema or `$ref` names (undefined when it is not an object), each `$ref` followed once. */
type Resolver = (schema: unknown) => Json | undefined;

function resolver(root: Json): Resolver {
  const targets = new WeakMap<object, Json | undefined>();
  return (schema) => {
    if (!isRecord(schema)) return undefined;
    if (typeof schema.$ref !== "string") return schema;
    if (!targets.has(schema)) {
      const target = deref(root, schema).value;
      targets.set(schema, isRecord(target) ? target : undefined);
    }
    return targets.get(schema);
  };
}

/** Every schema object an answer reaches, by pointer; an open set's listed values are part of it, not a node. */
function collectNodes(root: Json, schema: Located, nodes: Map<string, Json>): void {
  const resolved = deref(root, schema.value, schema.pointer);
  const node = resolved.value;
  if (!isRecord(node) || nodes.has(resolved.pointer)) return;
  nodes.set(resolved.pointer, node);
  const visit = (child: unknown, ...segments: (string | number)[]) => collectNodes(root, { value: child, pointer: joinPointer(resolved.pointer, ...segments) }, nodes);
  if (!readEnumSet(node)?.open) {
    for (const key of ["allOf", "anyOf", "oneOf", "prefixItems"] as const) {
      const members = node[key];
      if (Array.isArray(members)) members.forEach((member, index) => visit(member, key, index));
    }
  }
  if (isRecord(node.properties)) for (const [name, child] of Object.entries(node.properties)) visit(child, "properties", name);
  for (const key of ["items", "additionalProperties", "not", "contains"] as const) if (isRecord(node[key])) visit(node[key], key);
}
