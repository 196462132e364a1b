import type { Oas3Rule } from "@redocly/openapi-core";
import { modelFindings } from "./support.ts";

/**
 * `x-preflight` names a check the SDK method runs before sending (today `validateFlow`, on the operation that saves
 * an automation version, which needs the spec's node union). The model reads and checks it; this rule reports it.
 */
export const OperationXPreflight: Oas3Rule = () => ({ Root: modelFindings("operation-x-preflight") });
