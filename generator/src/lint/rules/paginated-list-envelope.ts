import type { Oas3Rule } from "@redocly/openapi-core";
import { joinPointer } from "../../load/pointer.ts";
import {
  at,
  deref,
  isRecord,
  jsonMediaTypes,
  operationLabel,
  operationParameters,
  operationResponses,
  refersTo,
  requestBodySchema,
  pathOperationVisitor,
  schemaProperties,
} from "./support.ts";

type PageShape = { kind: "page" } | { kind: "bare" } | { kind: "no-items"; pointer: string } | { kind: "none" };

/** Whether a 2xx schema is a page: an `allOf` with `ListEnvelope` and a member narrowing `data` to `items`. */
function pageShape(root: unknown, schema: unknown, pointer: string): PageShape {
  if (refersTo(root, schema, "ListEnvelope")) return { kind: "bare" };
  const resolved = deref(root, schema, pointer);
  const value = resolved.value;
  if (!isRecord(value) || !Array.isArray(value.allOf) || !value.allOf.some((member) => refersTo(root, member, "ListEnvelope"))) return { kind: "none" };
  const narrowed = value.allOf.some((member, index) => {
    if (refersTo(root, member, "ListEnvelope")) return false;
    const data = schemaProperties(root, member, joinPointer(resolved.pointer, "allOf", index)).get("data");
    if (!data) return false;
    const dataSchema = deref(root, data.value, data.pointer).value;
    return isRecord(dataSchema) && dataSchema.items !== undefined;
  });
  return narrowed ? { kind: "page" } : { kind: "no-items", pointer: resolved.pointer };
}

/**
 * Paged lists are recognisable: an operation with `x-pagination` answers a `ListEnvelope` page whose `data` has
 * `items`, and an operation answering such a page says `x-pagination` with `in` where `limit`/`offset` really are
 * (`query` parameters or `body` properties).
 */
export const PaginatedListEnvelope: Oas3Rule = () =>
  pathOperationVisitor(({ operation, place, root: doc, ctx }) => {
    const label = operationLabel(operation, place);
    const shapes: PageShape[] = [];
    for (const { code, response } of operationResponses(doc, place, operation)) {
      if (!/^2(?:\d\d|XX)$/i.test(code) || !isRecord(response.value)) continue;
      for (const media of jsonMediaTypes(response.value.content, joinPointer(response.pointer, "content"))) {
        if (media.value.schema !== undefined) shapes.push(pageShape(doc, media.value.schema, joinPointer(media.pointer, "schema")));
      }
    }
    const usesEnvelope = shapes.some((shape) => shape.kind !== "none");

    const queryNames = new Set(operationParameters(doc, place, operation).filter((p) => p.in === "query").map((p) => p.name));
    const body = requestBodySchema(doc, place, operation);
    const bodyNames = new Set(body ? schemaProperties(doc, body.value, body.pointer).keys() : []);
    const inQuery = queryNames.has("limit") || queryNames.has("offset");
    const inBody = bodyNames.has("limit") || bodyNames.has("offset");
    const where = inQuery ? "query" : inBody ? "body" : undefined;

    const pagination = operation["x-pagination"];
    const paginationPointer = joinPointer(place.pointer, "x-pagination");
    if (pagination === undefined) {
      if (usesEnvelope) {
        ctx.report({
          message: `operation ${label} answers a ListEnvelope page but has no x-pagination; add x-pagination: { in: ${where ?? "query | body"} }${where ? ` (limit/offset are ${where === "query" ? "query parameters" : "body properties"})` : ""}`,
          location: at(place.pointer, true),
        });
      }
      return;
    }
    const location = isRecord(pagination) ? pagination.in : undefined;
    if (location !== "query" && location !== "body") {
      ctx.report({ message: `x-pagination must be { in: query } or { in: body }, not ${JSON.stringify(pagination)}`, location: at(paginationPointer) });
    } else {
      const names = location === "query" ? queryNames : bodyNames;
      const missing = ["limit", "offset"].filter((name) => !names.has(name));
      if (missing.length > 0) {
        const actual = where && where !== location ? `; they are ${where === "query" ? "query parameters" : "body properties"}, so say in: ${where}` : "";
        ctx.report({
          message: `x-pagination says in: ${location} but the operation has no ${missing.map((n) => `\`${n}\``).join(" or ")} ${location === "query" ? "query parameter" : "body property"}${actual}`,
          location: at(joinPointer(paginationPointer, "in")),
        });
      }
    }
    if (shapes.some((shape) => shape.kind === "page")) return;
    const bare = shapes.find((shape) => shape.kind === "bare");
    const noItems = shapes.find((shape): shape is { kind: "no-items"; pointer: string } => shape.kind === "no-items");
    if (noItems) {
      ctx.report({ message: `the page answered by ${label} does not narrow data to an item type: add an allOf member with properties: { data: { type: array, items: { $ref: ... } } }`, location: at(noItems.pointer) });
    } else if (bare) {
      ctx.report({ message: `operation ${label} answers the bare ListEnvelope; answer a <Item>Page schema (allOf: [ListEnvelope, { properties: { data: { items } } }])`, location: at(paginationPointer, true) });
    } else {
      ctx.report({ message: `operation ${label} has x-pagination but no 2xx answer is a ListEnvelope page (allOf: [$ref ListEnvelope, { properties: { data: { items } } }])`, location: at(paginationPointer, true) });
    }
  });
