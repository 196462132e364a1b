import type { Oas3Rule } from "@redocly/openapi-core";
import { modelFindings } from "./support.ts";

/**
 * Every path operation says in `x-effects` what it does in the world: `[read]`, or what it can do among write, send,
 * spend and destroy (the MCP server refuses each of those until it is enabled, so an operation without a value, or
 * with a wrong one, would be unsafe). The model reads and checks the values (model/extensions.ts: a missing value, a
 * malformed list, `read` with others, a GET that does more than read or a DELETE that does not destroy), so
 * `generate` refuses what this rule reports.
 */
export const OperationXEffects: Oas3Rule = () => ({ Root: modelFindings("operation-x-effects") });
