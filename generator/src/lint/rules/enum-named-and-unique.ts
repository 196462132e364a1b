import type { Oas3Rule } from "@redocly/openapi-core";
import { getAtPointer, joinPointer } from "../../load/pointer.ts";
import { readEnumSet } from "../../model/enums.ts";
import { at, isRecord, placeLabel, pointerOf, quoteList, type Json } from "./support.ts";

const NAMED = /^\/components\/schemas\/[^/]+$/;
/** The listed values of a named open set (`anyOf: [{ type, enum }, { type }]`). */
const NAMED_OPEN_VALUES = /^\/components\/schemas\/[^/]+\/anyOf\/0$/;

/** The identity of an enum's value set: its distinct non-null values, sorted. */
function valueSet(values: unknown[]): string {
  return JSON.stringify([...new Set(values.filter((v) => v !== null).map((v) => JSON.stringify(v)))].sort());
}

/**
 * Every enum is a named schema component, defined once: an inline enum of two or more values is a warning (name it
 * and `$ref` it), and two enum components with the same set of two or more values are an error (one concept, two
 * names). An open set (model/enums.ts) is an enum too: its listed values count.
 */
export const EnumNamedAndUnique: Oas3Rule = () => {
  /** Value set → the enum components that have it, in document order. */
  const components = new Map<string, string[]>();
  const open = new Set<string>();
  let root: Json = {};
  return {
    Root: {
      enter(node) {
        root = node as unknown as Json;
        const schemas = isRecord(root.components) && isRecord(root.components.schemas) ? root.components.schemas : {};
        for (const [name, schema] of Object.entries(schemas)) {
          const set = readEnumSet(schema);
          // A one-value enum (all the API has shown so far) says too little to tell two concepts apart: `[ok]` of a
          // contact and `[ok]` of an email address are not the same thing.
          if (!set || set.values.filter((v) => v !== null).length < 2) continue;
          const key = valueSet(set.values);
          components.set(key, [...(components.get(key) ?? []), name]);
          if (set.open) open.add(name);
        }
      },
      leave(_node, ctx) {
        for (const names of components.values()) {
          const [first, ...others] = names;
          for (const name of others) {
            ctx.report({
              message: `enum components ${first} and ${name} have the same values; one concept gets one component: keep ${first}, $ref it and remove ${name} (or make the values differ if they mean different things)`,
              location: at(joinPointer("/components/schemas", name, open.has(name) ? "anyOf" : "enum"), true),
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
      if (NAMED_OPEN_VALUES.test(pointer) && readEnumSet(getAtPointer(root, pointer.slice(0, -"/anyOf/0".length)))?.open) return;
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
