import type { Oas3Rule } from "@redocly/openapi-core";
import { joinPointer } from "../../load/pointer.ts";
import { readEnumSet } from "../../model/enums.ts";
import { at, pointerOf, quoteList, type Json } from "./support.ts";

export const ENUM_VALUE = /^[a-z][a-z0-9_]*$/;

/**
 * Enum string values are lowercase snake_case, so generated constants and docs look alike everywhere. An enum whose
 * values must keep the API's spelling (`InMail`, HTTP methods, filter operators) says `x-enum-case: verbatim` and
 * explains why in its description.
 */
export const EnumValueCase: Oas3Rule = () => {
  /** The listed values of open sets, checked with their set (whose marker is on the set, not on them). */
  const checked = new Set<string>();
  return {
    Schema(node, ctx) {
      const schema = node as unknown as Json;
      const pointer = pointerOf(ctx.location);
      if (checked.has(pointer)) return;
      const marker = schema["x-enum-case"];
      if (marker !== undefined) {
        if (marker !== "verbatim") {
          ctx.report({ message: `x-enum-case must be "verbatim" (the only exception to snake_case values), not ${JSON.stringify(marker)}`, location: at(joinPointer(pointer, "x-enum-case")) });
        } else if (typeof schema.description !== "string" || schema.description.trim() === "") {
          ctx.report({ message: "x-enum-case: verbatim needs a description saying why the values keep the API's spelling", location: at(joinPointer(pointer, "x-enum-case"), true) });
        }
      }
      const set = readEnumSet(schema);
      if (!set) return;
      // An open set's values are in its first member: `anyOf: [{ type, enum: [...] }, { type }]`.
      const valuesAt = set.open ? joinPointer(pointer, "anyOf", 0) : pointer;
      if (set.open) checked.add(valuesAt);
      if (marker === "verbatim") return;
      const bad = set.values.map((value, index) => ({ value, index })).filter(({ value }) => typeof value === "string" && !ENUM_VALUE.test(value));
      const first = bad[0];
      if (!first) return;
      const values = bad.map(({ value }) => value);
      ctx.report({
        message: `enum value${values.length > 1 ? "s" : ""} ${quoteList(values)} ${values.length > 1 ? "are" : "is"} not lowercase snake_case (${ENUM_VALUE.source}); rename, or mark the enum x-enum-case: verbatim and say why in its description`,
        location: at(joinPointer(valuesAt, "enum", first.index)),
      });
    },
  };
};
