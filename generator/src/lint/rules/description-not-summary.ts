import type { Oas3Rule } from "@redocly/openapi-core";
import { joinPointer } from "../../load/pointer.ts";
import { at, operationLabel, operationPlace, type Json } from "./support.ts";

/** Lowercase, single spaces, no trailing punctuation: the form summaries and descriptions are compared in. */
export function normaliseText(text: string): string {
  return text.toLowerCase().replace(/\s+/g, " ").trim().replace(/[\s.!?:;,]+$/, "");
}

/** Every operation has a description that says more than its summary: not missing, not a copy, and longer. */
export const DescriptionNotSummary: Oas3Rule = () => ({
  Operation(node, ctx) {
    const operation = node as unknown as Json;
    const place = operationPlace(ctx.location);
    const label = operationLabel(operation, place);
    const description = typeof operation.description === "string" ? normaliseText(operation.description) : "";
    if (description === "") {
      ctx.report({ message: `operation ${label} has no description; say what it does, when to use it and what to watch for`, location: at(place.pointer, true) });
      return;
    }
    if (typeof operation.summary !== "string") return;
    const summary = normaliseText(operation.summary);
    const location = at(joinPointer(place.pointer, "description"));
    if (description === summary) {
      ctx.report({ message: `the description of ${label} only repeats its summary; explain what it does, when to use it and what to watch for`, location });
    } else if (description.length <= summary.length) {
      ctx.report({ message: `the description of ${label} is no longer than its summary (${description.length} ≤ ${summary.length} characters); it should say more than the summary`, location });
    }
  },
});
