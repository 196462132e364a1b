import type { Oas3Rule } from "@redocly/openapi-core";
import { joinPointer } from "../../load/pointer.ts";
import { at, enumValues, isOpenEnum, isRecord, placeLabel, pointerOf, quoteList, type Json } from "./support.ts";

const NAMED = /^\/components\/schemas\/[^/]+$/;
/** The listed values of an open set (`anyOf: [{ enum }, { type }]`) belong to the named component around them. */
const NAMED_OPEN = /^(\/components\/schemas\/[^/]+)\/anyOf\/0$/;

/** The identity of an enum's value set: its distinct non-null values, sorted. */
function valueSet(values: unknown[]): string {
  return JSON.stringify([...new Set(values.filter((v) => v !== null).map((v) => JSON.stringify(v)))].sort());
}

/**
 * Every enum is a named schema component, defined once: an inline enum of two or more values is a warning (name it
 * and `$ref` it), and two enum components with the same set of two or more values are an error (one concept, two
 * names).
 */
export const EnumNamedAndUnique: Oas3Rule = () => {
  /** Value set → the enum components that have it, in document order. */
  const components = new Map<string, string[]>();
  let schemas: Json = {};
  return {
    Root: {
      enter(node) {
        const root = node as unknown as Json;
        schemas = isRecord(root.components) && isRecord(root.components.schemas) ? root.components.schemas : {};
        for (const [name, schema] of Object.entries(schemas)) {
          // A one-value enum (all the API has shown so far) says too little to tell two concepts apart: `[ok]` of a
          // contact and `[ok]` of an email address are not the same thing.
          const values = enumValues(schema);
          if (!values || values.filter((v) => v !== null).length < 2) continue;
          const key = valueSet(values);
          components.set(key, [...(components.get(key) ?? []), name]);
        }
      },
      leave(_node, ctx) {
        for (const names of components.values()) {
          const [first, ...others] = names;
          for (const name of others) {
            ctx.report({
              message: `enum components ${first} and ${name} have the same values; one concept gets one component: keep ${first}, $ref it and remove ${name} (or make the values differ if they mean different things)`,
              location: at(isOpenEnum(schemas[name]) ? joinPointer("/components/schemas", name, "anyOf", 0, "enum") : joinPointer("/components/schemas", name, "enum"), true),
            });
          }
        }
      },
    },
    Schema(node, ctx) {
      const schema = node as unknown as Json;
      if (!Array.isArray(schema.enum)) return;
      const pointer = pointerOf(ctx.location);
      if (NAMED.test(pointer)) return;
      const openSet = NAMED_OPEN.exec(pointer);
      if (openSet?.[1] && isOpenEnum(schemas[openSet[1].slice("/components/schemas/".length)])) return;
      const values = schema.enum.filter((value) => value !== null);
      if (values.length < 2) return;
      const same = components.get(valueSet(schema.enum));
      const suggestion = same?.length
        ? `it has the same values as ${same[0]}: use $ref: '#/components/schemas/${same[0]}'`
        : "define it once under components/schemas with a PascalCase name and $ref it";
      ctx.report({
        message: `inline enum [${quoteList(values)}] (in ${placeLabel(pointer)}) should be a named component; ${suggestion}`,
        location: at(joinPointer(pointer, "enum"), true),
        forceSeverity: "warn",
      });
    },
  };
};
