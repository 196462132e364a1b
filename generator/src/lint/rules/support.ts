/**
 * Helpers shared by the grinfi lint rules. The rules run inside Redocly's walker but read the whole raw document
 * (captured by a `Root` visitor) for the cross-references they check, and report at JSON pointers of that document.
 */
import type { Oas3Visitor, UserContext } from "@redocly/openapi-core";
import type { OpenApiDocument } from "../../load/bundle.ts";
import { followRefs as deref, getAtPointer, isRecord, joinPointer, splitPointer, type Located } from "../../load/pointer.ts";
import { HTTP_METHODS as METHOD_LIST } from "../../load/traverse.ts";
import { readModel, type ModelReading } from "../../model/build.ts";
import { readParameters } from "../../model/parameters.ts";
import type { ModelRule, ParameterModel } from "../../model/types.ts";

export { deref, isRecord, type Located };
export type Json = Record<string, unknown>;

export const HTTP_METHODS: ReadonlySet<string> = new Set(METHOD_LIST);

const readings = new WeakMap<object, ModelReading>();

/** Reads the model of a document about to be linted: the rules of that run share this one reading. */
export function readModelForLint(document: OpenApiDocument): void {
  readings.set(document, readModel(document));
}

/** The model of the linted document (see model/build.ts). */
export function modelOf(root: unknown): ModelReading {
  const document = root as OpenApiDocument;
  if (!readings.has(document)) readModelForLint(document);
  return readings.get(document)!;
}

/**
 * A Root visitor reporting the model's findings of one rule: what `generate` refuses, `lint` reports first, with
 * the same message (and the hint after it).
 */
export function modelFindings(rule: ModelRule): { enter(node: unknown, ctx: UserContext): void } {
  return {
    enter(node, ctx) {
      for (const finding of modelOf(node).findings) {
        if (finding.rule === rule) ctx.report({ message: `${finding.message}; ${finding.hint}`, location: at(finding.pointer) });
      }
    },
  };
}

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

/** An operation's parameters, resolved, by OpenAPI's rule (see model/parameters.ts). */
export function operationParameters(root: unknown, place: OperationPlace, operation: Json): ParameterModel[] {
  const pathItem = getAtPointer(root, place.pathItemPointer);
  return readParameters(root, { pathItem: isRecord(pathItem) ? pathItem : {}, operation, pointer: place.pointer });
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
 * whole raw document at hand; with `rule`, they also report the model's findings of that rule.
 */
export function pathOperationVisitor(check: (input: PathOperationCheck) => void, rule?: ModelRule): Oas3Visitor {
  const root = rootHolder();
  const fromModel = rule === undefined ? undefined : modelFindings(rule);
  return {
    Root: {
      enter: (node, ctx) => {
        root.set(node);
        fromModel?.enter(node, ctx);
      },
    },
    Operation(node, ctx) {
      const place = operationPlace(ctx.location);
      if (place.kind === "path") check({ operation: node as unknown as Json, place, root: root.get(), ctx });
    },
  };
}
