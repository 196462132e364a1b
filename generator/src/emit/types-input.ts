import type { OpenApiDocument } from "../load/bundle.ts";
import { getAtPointer, isRecord } from "../load/pointer.ts";
import { readEnumShape } from "../model/enums.ts";
import { walkRefs } from "../validate/structure.ts";

// What emitTypes prints, prepared without the TypeScript compiler: the compiled CLI does this on the main thread
// while the code worker is still loading the compiler.

/** Marks the schemas emitTypes prints as `string & {}`: the unknown values of a widened enum. */
export const UNKNOWN_VALUE_MARKER = "x-grinfi-unknown-enum-value";
const SCHEMAS = "#/components/schemas/";

/**
 * A copy of the document in which `$ref`s to closed enum components inside response-only schemas accept unknown
 * strings. Enums read from responses are widened with `(string & {})`: a value the server adds later then
 * type-checks (and editors still suggest the known ones), while enums in requests stay closed so typos fail to
 * compile. Schemas used on both sides stay closed; that is the safe choice for the requests that use them.
 * Open enums (DECISIONS D1) accept unknown values everywhere: their `{ type: string }` member is marked too, so it
 * prints as `string & {}` rather than `string`, which would swallow the known values.
 */
export function widenResponseEnums(document: OpenApiDocument): OpenApiDocument {
  const copy = structuredClone(document);
  const schemas = (copy.components.schemas ?? {}) as Record<string, unknown>;
  for (const schema of Object.values(schemas)) {
    if (readEnumShape(schema)?.open && isRecord(schema) && Array.isArray(schema.anyOf) && isRecord(schema.anyOf[1])) {
      schema.anyOf[1][UNKNOWN_VALUE_MARKER] = true;
    }
  }
  const isEnum = (name: string) => readEnumShape(schemas[name]) !== undefined;
  const isClosedEnum = (name: string) => readEnumShape(schemas[name])?.open === false;
  const isEnumRef = (node: unknown): node is { $ref: string } =>
    isRecord(node) && typeof node.$ref === "string" && node.$ref.startsWith(SCHEMAS) && isClosedEnum(node.$ref.slice(SCHEMAS.length));
  const widened = (ref: { $ref: string }) => ({ anyOf: [ref, { type: "string", [UNKNOWN_VALUE_MARKER]: true }] });
  const widenIn = (node: unknown): void => {
    if (Array.isArray(node)) {
      node.forEach((item, index) => (isEnumRef(item) ? (node[index] = widened(item)) : widenIn(item)));
    } else if (isRecord(node)) {
      for (const [key, value] of Object.entries(node)) {
        if (key === "example" || key === "examples") continue;
        if (isEnumRef(value)) node[key] = widened(value);
        else widenIn(value);
      }
    }
  };
  const requestSide = reachableSchemas(copy, "request");
  for (const name of reachableSchemas(copy, "response")) {
    if (!requestSide.has(name) && !isEnum(name)) widenIn(schemas[name]);
  }
  for (const response of responseContents(copy)) widenIn(response);
  return copy;
}

function responseContents(document: OpenApiDocument): unknown[] {
  const contents: unknown[] = [];
  const responses = document.components.responses ?? {};
  for (const response of Object.values(responses)) if (isRecord(response)) contents.push(response.content);
  for (const pathItem of Object.values(document.paths)) {
    for (const operation of Object.values(pathItem)) {
      if (!isRecord(operation) || !isRecord(operation.responses)) continue;
      for (const response of Object.values(operation.responses)) if (isRecord(response) && !("$ref" in response)) contents.push(response.content);
    }
  }
  return contents;
}

/** Names of schema components reachable from request bodies and parameters, or from responses and webhooks. */
export function reachableSchemas(document: OpenApiDocument, side: "request" | "response"): Set<string> {
  const seen = new Set<string>();
  const visit = (node: unknown): void =>
    walkRefs(node, "", (ref) => {
      if (seen.has(ref)) return;
      seen.add(ref);
      visit(getAtPointer(document, ref));
    });
  for (const pathItem of Object.values(document.paths)) {
    if (side === "request") visit(pathItem.parameters);
    for (const operation of Object.values(pathItem)) {
      if (!isRecord(operation)) continue;
      if (side === "request") {
        visit(operation.parameters);
        visit(operation.requestBody);
      } else {
        visit(operation.responses);
      }
    }
  }
  if (side === "response") visit(document.webhooks);
  return new Set([...seen].filter((ref) => ref.startsWith(SCHEMAS)).map((ref) => ref.slice(SCHEMAS.length)));
}
