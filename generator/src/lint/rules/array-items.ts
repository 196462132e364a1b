import type { Oas3Rule } from "@redocly/openapi-core";
import { joinPointer } from "../../load/pointer.ts";
import { at, pointerOf, type Json } from "./support.ts";

/** Every array schema says what it holds: generated types would otherwise be `unknown[]`. */
export const ArrayItems: Oas3Rule = () => ({
  Schema(node, ctx) {
    const schema = node as unknown as Json;
    const isArray = schema.type === "array" || (Array.isArray(schema.type) && schema.type.includes("array"));
    if (!isArray || "items" in schema) return;
    ctx.report({
      message: "array schema has no items; say what the array holds (items: { $ref: ... } or items: { type: ... })",
      location: at(joinPointer(pointerOf(ctx.location), "type")),
    });
  },
});
