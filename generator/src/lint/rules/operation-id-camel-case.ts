import type { Oas3Rule } from "@redocly/openapi-core";
import { CAMEL_CASE } from "../../model/names.ts";
import { at, modelFindings, operationLabel, operationPlace, pointerOf, type Json } from "./support.ts";

/**
 * Every operation has an operationId in camelCase (`searchContacts`): it names the generated types. The model
 * checks those under `paths` (generate refuses the others); this rule reports that, and checks webhooks itself.
 */
export const OperationIdCamelCase: Oas3Rule = () => ({
  Root: modelFindings("operation-id-camel-case"),
  Operation(node, ctx) {
    const operation = node as unknown as Json;
    const place = operationPlace(ctx.location);
    if (place.kind === "path") return;
    const id = operation.operationId;
    if (id === undefined) {
      ctx.report({
        message: `operation ${operationLabel(operation, place)} has no operationId; add a camelCase one, verb first (e.g. searchContacts)`,
        location: at(pointerOf(ctx.location), true),
      });
    } else if (typeof id !== "string" || !CAMEL_CASE.test(id)) {
      ctx.report({
        message: `operationId ${JSON.stringify(id)} is not camelCase (${CAMEL_CASE.source}); write it like searchContacts`,
        location: ctx.location.child("operationId"),
      });
    }
  },
});
