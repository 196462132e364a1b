import type { Oas3Rule } from "@redocly/openapi-core";
import { modelFindings } from "./support.ts";

/**
 * Every path operation documents a success answer with a 2xx status (`200` with its schema, `204` without one):
 * the SDK method returns it. The model checks this (generate refuses an operation without one); this rule reports
 * it, in place of Redocly's operation-2xx-response, which also accepts `2XX` and `default`.
 */
export const OperationSuccessResponse: Oas3Rule = () => ({ Root: modelFindings("operation-success-response") });
