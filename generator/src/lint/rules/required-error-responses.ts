import type { Oas3Rule } from "@redocly/openapi-core";
import { joinPointer } from "../../load/pointer.ts";
import { at, isRecord, operationLabel, operationParameters, pathOperationVisitor } from "./support.ts";

const SHARED: Record<string, string> = {
  "401": "Unauthorized",
  "403": "Forbidden",
  "404": "NotFound",
  "422": "ValidationFailed",
  "429": "RateLimited",
  "5XX": "ServerError",
};

/**
 * The answers every caller must be ready for are documented on every path operation: 401, 403, 429 and 5XX (or 500);
 * 404 when the path addresses a record (has a parameter); 422 when there is a request body or query to validate.
 */
export const RequiredErrorResponses: Oas3Rule = () =>
  pathOperationVisitor(({ operation, place, root, ctx }) => {
    const codes = new Set(isRecord(operation.responses) ? Object.keys(operation.responses).map((code) => code.toUpperCase()) : []);
    const required = ["401", "403", "429"];
    if (/\{[^}]+\}/.test(place.key)) required.push("404");
    const hasQuery = operationParameters(root, place, operation).some((p) => p.in === "query");
    if (operation.requestBody !== undefined || hasQuery) required.push("422");
    if (!codes.has("5XX") && !codes.has("500")) required.push("5XX");
    const why: Record<string, string> = {
      "404": ` (the path ${place.key} addresses a record)`,
      "422": operation.requestBody !== undefined ? " (it has a request body to validate)" : " (it has query parameters to validate)",
    };
    for (const code of required.sort()) {
      if (codes.has(code)) continue;
      ctx.report({
        message: `operation ${operationLabel(operation, place)} does not document ${code}${why[code] ?? ""}; add '${code}': { $ref: '#/components/responses/${SHARED[code]}' }`,
        location: at(isRecord(operation.responses) ? joinPointer(place.pointer, "responses") : place.pointer, true),
      });
    }
  });
