import type { Oas3Rule } from "@redocly/openapi-core";
import { EFFECTS } from "../../model/extensions.ts";
import { at, modelOf, operationLabel, pathOperationVisitor } from "./support.ts";

/**
 * Every path operation says in `x-effects` what it does in the world: `[read]`, or what it can do among write, send,
 * spend and destroy (the MCP server refuses each of those until it is enabled, so an operation without a value, or
 * with a wrong one, would be unsafe). The model reads the values (model/extensions.ts: a malformed list, `read`
 * with others, a GET that does more than read or a DELETE that does not destroy; generate refuses them too); this
 * rule reports those and, on its own, an operation that has no value at all.
 */
export const OperationXEffects: Oas3Rule = () =>
  pathOperationVisitor(({ operation, place, root, ctx }) => {
    if (modelOf(root).extensions.get(place.pointer)?.effects !== undefined) return;
    ctx.report({
      message: `operation ${operationLabel(operation, place)} has no x-effects; say what it does in the world: [read], or a list among ${EFFECTS.slice(1).join(", ")}`,
      location: at(place.pointer, true),
    });
  }, "operation-x-effects");
