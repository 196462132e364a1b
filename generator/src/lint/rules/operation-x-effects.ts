import type { Oas3Rule } from "@redocly/openapi-core";
import { joinPointer } from "../../load/pointer.ts";
import { EFFECTS, readEffects } from "../../model/effects.ts";
import { at, operationLabel, pathOperationVisitor } from "./support.ts";

/**
 * Every path operation says in `x-effects` what it does in the world: `[read]`, or what it can do among write, send,
 * spend and destroy (the MCP server refuses each of those until it is enabled, so an operation without a value, or
 * with a wrong one, would be unsafe). The values are checked by the model's reader; on top of it, two
 * consistency checks the method allows: a GET only reads, and a DELETE destroys.
 */
export const OperationXEffects: Oas3Rule = () =>
  pathOperationVisitor(({ operation, place, ctx }) => {
    const pointer = joinPointer(place.pointer, "x-effects");
    const label = operationLabel(operation, place);
    if (operation["x-effects"] === undefined) {
      ctx.report({
        message: `operation ${label} has no x-effects; say what it does in the world: [read], or a list among ${EFFECTS.slice(1).join(", ")}`,
        location: at(place.pointer, true),
      });
      return;
    }
    const { effects, findings } = readEffects(operation["x-effects"], pointer);
    for (const finding of findings) ctx.report({ message: `${finding.message}; ${finding.hint}`, location: at(finding.pointer) });
    if (!effects) return;
    if (place.method === "get" && effects.join() !== "read") {
      ctx.report({
        message: `${label} is a GET but its x-effects are [${effects.join(", ")}]; a GET must only read: [read]`,
        location: at(pointer),
      });
    }
    if (place.method === "delete" && !effects.includes("destroy")) {
      ctx.report({
        message: `${label} is a DELETE but its x-effects [${effects.join(", ")}] do not list destroy; add it`,
        location: at(pointer),
      });
    }
  });
