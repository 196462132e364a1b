import type { OpenApiDocument } from "../load/bundle.ts";
import { getAtPointer, isRecord } from "../load/pointer.ts";
import { walkRefs } from "../load/traverse.ts";
import type { ApiModel, EnumModel } from "../model/types.ts";

/** Marks a schema emitTypes prints as `string & {}` or `number & {}` (the value): the other values of a set. */
export const OTHER_VALUES = "x-grinfi-other-values";
const SCHEMAS = "#/components/schemas/";

/**
 * The document emitTypes prints: a copy in which value sets read as the SDK promises (DECISIONS D1).
 * - An open set (model: `open`) prints its plain member as `string & {}`: `"a" | "b" | (string & {})` accepts any
 *   value, in requests and answers, and editors still suggest the known ones.
 * - A closed set is closed in requests, so typos fail to compile, and open in answers: a `$ref` to it inside a
 *   response-only schema accepts unknown values too, so a value the server adds later still type-checks. Schemas
 *   used on both sides stay closed; that is the safe choice for the requests that use them.
 */
export function typesInput(document: OpenApiDocument, model: ApiModel): OpenApiDocument {
  const copy = structuredClone(document);
  const schemas = (copy.components.schemas ?? {}) as Record<string, unknown>;
  const enums = new Map(model.enums.map((enumModel) => [enumModel.name, enumModel]));
  for (const enumModel of model.enums) {
    const other = (schemas[enumModel.name] as { anyOf?: Record<string, unknown>[] }).anyOf?.[1];
    if (enumModel.open && other) other[OTHER_VALUES] = primitive(enumModel);
  }

  const closedEnum = (node: unknown): EnumModel | undefined => {
    if (!isRecord(node) || typeof node.$ref !== "string" || !node.$ref.startsWith(SCHEMAS)) return undefined;
    const found = enums.get(node.$ref.slice(SCHEMAS.length));
    return found && !found.open ? found : undefined;
  };
  const widened = (ref: Record<string, unknown>, enumModel: EnumModel) => ({ anyOf: [ref, { type: primitive(enumModel), [OTHER_VALUES]: primitive(enumModel) }] });
  const widenIn = (node: unknown): void => {
    if (Array.isArray(node)) {
      node.forEach((item, index) => {
        const enumModel = closedEnum(item);
        if (enumModel) node[index] = widened(item, enumModel);
        else widenIn(item);
      });
    } else if (isRecord(node)) {
      for (const [key, value] of Object.entries(node)) {
        if (key === "example" || key === "examples") continue;
        const enumModel = closedEnum(value);
        if (enumModel) node[key] = widened(value as Record<string, unknown>, enumModel);
        else widenIn(value);
      }
    }
  };
  const requestSide = reachableSchemas(copy, "request");
  for (const name of reachableSchemas(copy, "response")) {
    if (!requestSide.has(name) && !enums.has(name)) widenIn(schemas[name]);
  }
  for (const response of responseContents(copy)) widenIn(response);
  return copy;
}

/** What the values of a set are: numbers, or else text. */
function primitive(enumModel: EnumModel): "string" | "number" {
  return enumModel.values.length > 0 && enumModel.values.every((value) => typeof value === "number") ? "number" : "string";
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
function reachableSchemas(document: OpenApiDocument, side: "request" | "response"): Set<string> {
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
