import { readFileSync } from "node:fs";
import { join } from "node:path";
import type { OpenApiDocument } from "../load/bundle.ts";
import type { ApiModel } from "../model/types.ts";
import { RUNTIME_DIR } from "../paths.ts";
import { emitClient, emitIndex } from "./client.ts";
import { emitEnums } from "./enums.ts";
import { coreExportNames, PackageExports } from "./exports.ts";
import type { EmittedFile } from "./file.ts";
import { emitFilters } from "./filters.ts";
import { emitModels } from "./models.ts";
import { emitResources } from "./resources.ts";
import { emitTypes } from "./types.ts";
import { emitWebhooks } from "./webhooks.ts";

// The emitters of the package's TypeScript files. schema.ts needs the TypeScript compiler (openapi-typescript
// prints it), and so does reading the core's exports; the compiled CLI runs them in a worker thread, from their
// own bundle (see code-worker.ts).

/** `src/schema.ts`, from `widenResponseEnums(document)`: it can start before the model is built. */
export function emitDocumentCode(widened: OpenApiDocument): EmittedFile {
  return emitTypes(widened);
}

/** The other TypeScript files, made from the model. */
export function emitModelCode(model: ApiModel): EmittedFile[] {
  const names = new PackageExports(model, coreExportNames(readFileSync(join(RUNTIME_DIR, "index.ts"), "utf8")));
  return [
    emitModels(names),
    emitEnums(model, names),
    emitFilters(model, names),
    ...emitResources(model, names),
    emitClient(model, names),
    emitIndex(model),
    emitWebhooks(model, names),
  ];
}
