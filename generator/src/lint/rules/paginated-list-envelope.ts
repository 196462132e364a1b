import type { Oas3Rule } from "@redocly/openapi-core";
import { joinPointer } from "../../load/pointer.ts";
import {
  at,
  deref,
  isRecord,
  jsonMediaTypes,
  modelOf,
  operationLabel,
  operationParameters,
  operationResponses,
  refersTo,
  requestBodySchema,
  pathOperationVisitor,
  schemaProperties,
} from "./support.ts";

/** Whether a schema is the `ListEnvelope`, or an `allOf` with it (a page). */
function usesEnvelope(root: unknown, schema: unknown): boolean {
  if (refersTo(root, schema, "ListEnvelope")) return true;
  const value = deref(root, schema).value;
  return isRecord(value) && Array.isArray(value.allOf) && value.allOf.some((member) => refersTo(root, member, "ListEnvelope"));
}

/**
 * Paged lists are recognisable: an operation with `x-pagination` answers a `ListEnvelope` page whose `data` has
 * `items`, and an operation answering such a page says `x-pagination` with `in` where `limit`/`offset` really are.
 * The model reads x-pagination and checks what the SDK relies on (limit and offset where `in` says, a `data` list
 * of typed items: model/build.ts); this rule reports that, and finds the pages that lack x-pagination.
 */
export const PaginatedListEnvelope: Oas3Rule = () =>
  pathOperationVisitor(({ operation, place, root: doc, ctx }) => {
    if (modelOf(doc).extensions.get(place.pointer)?.pagination !== undefined) return;
    const answersPage = operationResponses(doc, place, operation).some(({ code, response }) => {
      if (!/^2(?:\d\d|XX)$/i.test(code) || !isRecord(response.value)) return false;
      return jsonMediaTypes(response.value.content, joinPointer(response.pointer, "content")).some(({ value }) => value.schema !== undefined && usesEnvelope(doc, value.schema));
    });
    if (!answersPage) return;
    const queryNames = new Set(operationParameters(doc, place, operation).filter((p) => p.in === "query").map((p) => p.name));
    const body = requestBodySchema(doc, place, operation);
    const bodyNames = new Set(body ? schemaProperties(doc, body.value, body.pointer).keys() : []);
    const where = queryNames.has("limit") || queryNames.has("offset") ? "query" : bodyNames.has("limit") || bodyNames.has("offset") ? "body" : undefined;
    ctx.report({
      message: `operation ${operationLabel(operation, place)} answers a ListEnvelope page but has no x-pagination; add x-pagination: { in: ${where ?? "query | body"} }${where ? ` (limit/offset are ${where === "query" ? "query parameters" : "body properties"})` : ""}`,
      location: at(place.pointer, true),
    });
  }, "paginated-list-envelope");
