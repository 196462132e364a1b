import type { Oas3Rule } from "@redocly/openapi-core";
import { modelFindings } from "./support.ts";

/**
 * The automation builder's step factories come from the schema `KnownAutomationNode` (model/flow-nodes.ts): a
 * `oneOf` of one `$ref` per node type, discriminated on `type` with a mapping that names each member. The model
 * checks it (generate refuses a union it cannot read); this rule reports it.
 */
export const AutomationNodeUnion: Oas3Rule = () => ({ Root: modelFindings("automation-node-union") });
