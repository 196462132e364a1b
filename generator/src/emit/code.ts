import type { OpenApiDocument } from "../load/bundle.ts";
import type { ApiModel } from "../model/types.ts";
import { emitClient } from "./client.ts";
import { emitEnums } from "./enums.ts";
import type { EmittedFile } from "./file.ts";
import { emitFlow } from "./flow.ts";
import { emitFilters } from "./filters.ts";
import { emitResources } from "./resources.ts";
import { emitTypes } from "./types.ts";
import { emitWebhooks } from "./webhooks.ts";

// The emitters that need the TypeScript compiler (through openapi-typescript and ts-morph). The compiled CLI
// runs them in a worker thread, from their own bundle (see code-worker.ts).

/** `src/schema.ts`, from `widenResponseEnums(document)`: it can start before the model is built. */
export function emitDocumentCode(widened: OpenApiDocument): EmittedFile {
  return emitTypes(widened);
}

/** The other TypeScript files, made from the model. */
export function emitModelCode(model: ApiModel): EmittedFile[] {
  return [emitEnums(model), emitFilters(model), ...emitResources(model), ...emitClient(model), emitWebhooks(model), ...emitFlow(model)];
}
