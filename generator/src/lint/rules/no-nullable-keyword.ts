import type { Oas3Rule } from "@redocly/openapi-core";
import { joinPointer } from "../../load/pointer.ts";
import { at, pointerOf, type Json } from "./support.ts";

function advice(schema: Json): string {
  if (schema.nullable === false) return "remove it (values are non-null unless the type allows 'null')";
  if (typeof schema.$ref === "string") return `use anyOf: [{ $ref: '${schema.$ref}' }, { type: 'null' }]`;
  const types = Array.isArray(schema.type) ? schema.type.map(String) : typeof schema.type === "string" ? [schema.type] : [];
  if (types.length === 0) return "add 'null' to the schema's type list, e.g. type: [string, 'null']";
  return `use type: [${[...types.filter((t) => t !== "null"), "'null'"].join(", ")}]`;
}

/** `nullable` is an OpenAPI 3.0 keyword; a 3.1 schema says `type: [x, 'null']` (or `anyOf` with `{ type: 'null' }`). */
export const NoNullableKeyword: Oas3Rule = () => {
  const check = (schema: Json, pointer: string, report: (p: { message: string; location: ReturnType<typeof at> }) => void) => {
    if (!("nullable" in schema)) return;
    report({ message: `nullable is an OpenAPI 3.0 keyword and means nothing in 3.1; ${advice(schema)}`, location: at(joinPointer(pointer, "nullable"), true) });
  };
  return {
    Schema(node, ctx) {
      check(node as unknown as Json, pointerOf(ctx.location), ctx.report);
    },
    // A `$ref` with a `nullable` sibling is never walked as a schema (the walker follows the reference), so look here.
    ref(node, ctx) {
      check(node as unknown as Json, pointerOf(ctx.location), ctx.report);
    },
  };
};
