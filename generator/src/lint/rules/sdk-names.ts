import type { Oas3Rule } from "@redocly/openapi-core";
import { modelFindings } from "./support.ts";

/**
 * The names the SDK derives from the spec are TypeScript names, distinct and not reserved: resources from tags
 * (`grinfi.pipelineStages`, class `PipelineStages`; not `then`, `transport`, …), enum types from enum components,
 * webhook event types from event names, and each method's one argument object, which holds the parameters and
 * the body fields together; and no two exports of the package share a name (model/exports.ts: an enum called like
 * an operation's `…Response` type, a tag called like a core class). The model checks them (generate refuses
 * them); this rule reports it.
 */
export const SdkNames: Oas3Rule = () => ({ Root: modelFindings("sdk-names") });
