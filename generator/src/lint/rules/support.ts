/**
 * Helpers shared by the grinfi lint rules. The rules run inside Redocly's walker but read the whole raw document
 * (captured by a `Root` visitor) for the cross-references they check, and report at JSON pointers of that document.
 */
import type { Oas3Visitor, UserContext } from "@redocly/openapi-core";
import { followRefs as deref, getAtPointer, isRecord, joinPointer, splitPointer, type Located } from "../../load/pointer.ts";
import { HTTP_METHODS as METHOD_LIST } from "../../validate/structure.ts";

export { deref, isRecord, type Located };
export type Json = Record<string, unknown>;

export const CAMEL_CASE = /^[a-z][a-zA-Z0-9]*$/;
export const HTTP_METHODS: ReadonlySet<string> = new Set(METHOD_LIST);

/** The JSON pointer (RFC 6901, no `#`) of a Redocly location: `#/paths/~1a/get` → `/paths/~1a/get`, `#/` → ``. */
export function pointerOf(location: { pointer: string }): string {
  const pointer = location.pointer.replace(/^#/, "");
  return pointer === "/" ? "" : pointer;
}

/** A report location for a pointer of the linted document (Redocly wants `#`-prefixed pointers). */
export function at(pointer: string, reportOnKey = false): { pointer: string; reportOnKey: boolean } {
  return { pointer: pointer === "" ? "#/" : `#${pointer}`, reportOnKey };
}

export type Report = UserContext["report"];

/** Where an operation sits: under `paths` (with its path template), under `webhooks`, or somewhere else (callbacks). */
export interface OperationPlace {
  pointer: string;
  kind: "path" | "webhook" | "other";
  /** Path template (`/things/{uuid}`) or webhook name. */
  key: string;
  method: string;
  pathItemPointer: string;
}

export function operationPlace(location: { pointer: string }): OperationPlace {
  const pointer = pointerOf(location);
  const segments = splitPointer(pointer);
  const method = segments[segments.length - 1] ?? "";
  const kind = segments.length === 3 && segments[0] === "paths" ? "path" : segments.length === 3 && segments[0] === "webhooks" ? "webhook" : "other";
  return { pointer, kind, key: segments[segments.length - 2] ?? "", method, pathItemPointer: pointer.slice(0, pointer.lastIndexOf("/")) };
}

/** `searchContacts (POST /leads/api/leads/search)`, or just the method and path when there is no operationId. */
export function operationLabel(operation: Json, place: OperationPlace): string {
  const where = `${place.method.toUpperCase()} ${place.key}`;
  return typeof operation.operationId === "string" ? `${operation.operationId} (${where})` : where;
}

/** Where a pointer is, for people: `GET /things`, `components/schemas/Thing`, `webhook contact.created`. */
export function placeLabel(pointer: string): string {
  const [section, name, third] = splitPointer(pointer);
  if (section === "paths" && name !== undefined) return third !== undefined && HTTP_METHODS.has(third) ? `${third.toUpperCase()} ${name}` : `path ${name}`;
  if (section === "webhooks" && name !== undefined) return `webhook ${name}`;
  if (section === "components" && name !== undefined && third !== undefined) return `components/${name}/${third}`;
  return pointer || "the document root";
}

/** The name of a schema component a `$ref` points at (`#/components/schemas/Contact` → `Contact`). */
export function schemaRefName(ref: unknown): string | undefined {
  if (typeof ref !== "string") return undefined;
  const match = /^#\/components\/schemas\/([^/]+)$/.exec(ref);
  return match ? splitPointer(`/${match[1]}`)[0] : undefined;
}

/** True when a schema is, or leads by pure `$ref`s to, the named schema component. */
export function refersTo(root: unknown, schema: unknown, name: string): boolean {
  let current: unknown = schema;
  for (let hops = 0; hops < 32 && isRecord(current) && typeof current.$ref === "string"; hops++) {
    if (schemaRefName(current.$ref) === name) return true;
    current = getAtPointer(root, current.$ref.replace(/^#/, ""));
  }
  return false;
}

export function isJsonMediaType(name: string): boolean {
  return /^application\/(?:[\w.+-]+\+)?json(?:;.*)?$/i.test(name.trim()) || name.trim() === "*/*";
}

/** The JSON media types of a `content` map (with their pointers). */
export function jsonMediaTypes(content: unknown, pointer: string): Located<Json>[] {
  if (!isRecord(content)) return [];
  return Object.entries(content)
    .filter(([name, media]) => isJsonMediaType(name) && isRecord(media))
    .map(([name, media]) => ({ value: media as Json, pointer: joinPointer(pointer, name) }));
}

/**
 * Every property a schema defines, following `$ref` and `allOf` (the first definition of a name wins). Pointers are
 * those of the property schemas where they are written.
 */
export function schemaProperties(root: unknown, schema: unknown, pointer: string): Map<string, Located> {
  const properties = new Map<string, Located>();
  const seen = new Set<unknown>();
  const visit = (node: unknown, at: string): void => {
    const resolved = deref(root, node, at);
    if (!isRecord(resolved.value) || seen.has(resolved.value)) return;
    seen.add(resolved.value);
    const value = resolved.value;
    if (isRecord(value.properties)) {
      for (const [name, property] of Object.entries(value.properties)) {
        if (!properties.has(name)) properties.set(name, { value: property, pointer: joinPointer(resolved.pointer, "properties", name) });
      }
    }
    if (Array.isArray(value.allOf)) value.allOf.forEach((member, index) => visit(member, joinPointer(resolved.pointer, "allOf", index)));
  };
  visit(schema, pointer);
  return properties;
}

/** A resolved parameter of an operation (path-level ones included unless the operation overrides them). */
export interface ParameterEntry {
  name: string;
  in: string;
  parameter: Json;
  /** Where the entry is listed (operation or path item), which may be a `$ref`. */
  pointer: string;
}

export function operationParameters(root: unknown, place: OperationPlace, operation: Json): ParameterEntry[] {
  const pathItem = getAtPointer(root, place.pathItemPointer);
  const entries: ParameterEntry[] = [];
  const collect = (list: unknown, base: string) => {
    if (!Array.isArray(list)) return [];
    return list.flatMap((entry, index) => {
      const parameter = deref(root, entry, joinPointer(base, "parameters", index)).value;
      if (!isRecord(parameter) || typeof parameter.name !== "string" || typeof parameter.in !== "string") return [];
      return [{ name: parameter.name, in: parameter.in, parameter, pointer: joinPointer(base, "parameters", index) }];
    });
  };
  const own = collect(operation.parameters, place.pointer);
  entries.push(...own);
  if (isRecord(pathItem)) {
    for (const inherited of collect(pathItem.parameters, place.pathItemPointer)) {
      if (!own.some((p) => p.name === inherited.name && p.in === inherited.in)) entries.push(inherited);
    }
  }
  return entries;
}

/** The JSON schema of an operation's request body, resolved, with its pointer; undefined when there is none. */
export function requestBodySchema(root: unknown, place: OperationPlace, operation: Json): Located | undefined {
  if (operation.requestBody === undefined) return undefined;
  const body = deref(root, operation.requestBody, joinPointer(place.pointer, "requestBody"));
  if (!isRecord(body.value)) return undefined;
  const media = jsonMediaTypes(body.value.content, joinPointer(body.pointer, "content"))[0];
  if (!media || media.value.schema === undefined) return undefined;
  return { value: media.value.schema, pointer: joinPointer(media.pointer, "schema") };
}

/** The response entries of an operation, each resolved. */
export function operationResponses(root: unknown, place: OperationPlace, operation: Json): { code: string; response: Located; listedAt: string }[] {
  if (!isRecord(operation.responses)) return [];
  return Object.entries(operation.responses).map(([code, entry]) => {
    const listedAt = joinPointer(place.pointer, "responses", code);
    return { code, response: deref(root, entry, listedAt), listedAt };
  });
}

/**
 * The values of an enum component, whether closed (`{ type, enum: [...] }`) or an open set (DECISIONS D1:
 * `anyOf: [{ type, enum: [...] }, { type }]`, the listed values plus any other of the type); undefined otherwise.
 */
export function enumValues(schema: unknown): unknown[] | undefined {
  if (!isRecord(schema)) return undefined;
  if (Array.isArray(schema.enum)) return schema.enum;
  return isOpenEnum(schema) && Array.isArray(schema.anyOf) && isRecord(schema.anyOf[0]) ? (schema.anyOf[0].enum as unknown[]) : undefined;
}

/** Whether a schema is written as an open value set: `anyOf: [{ type: T, enum: [...] }, { type: T }]`, nothing else. */
export function isOpenEnum(schema: unknown): boolean {
  if (!isRecord(schema) || !Array.isArray(schema.anyOf) || schema.anyOf.length !== 2 || schema.enum !== undefined) return false;
  const [listed, rest] = schema.anyOf as unknown[];
  return (
    isRecord(listed) && isRecord(rest) && Array.isArray(listed.enum) &&
    (listed.type === "string" || listed.type === "integer") && rest.type === listed.type &&
    Object.keys(rest).every((key) => key === "type" || key === "description")
  );
}

export function quoteList(values: readonly unknown[]): string {
  return values.map((value) => JSON.stringify(value)).join(", ");
}

/** Lets a rule see the whole raw document before any other of its visitors runs. */
export function rootHolder(): { get(): Json; set(root: unknown): void } {
  let root: Json = {};
  return {
    get: () => root,
    set: (value) => {
      root = isRecord(value) ? value : {};
    },
  };
}

/** What a path-operation check receives: the operation, where it is, the whole raw document and Redocly's context. */
export interface PathOperationCheck {
  operation: Json;
  place: OperationPlace;
  root: Json;
  ctx: UserContext;
}

/**
 * The visitors of a rule that checks every operation under `paths` (webhooks and callbacks are skipped) with the
 * whole raw document at hand.
 */
export function pathOperationVisitor(check: (input: PathOperationCheck) => void): Oas3Visitor {
  const root = rootHolder();
  return {
    Root: { enter: (node) => root.set(node) },
    Operation(node, ctx) {
      const place = operationPlace(ctx.location);
      if (place.kind === "path") check({ operation: node as unknown as Json, place, root: root.get(), ctx });
    },
  };
}
