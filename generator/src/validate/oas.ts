import { BaseResolver, createConfig, lintDocument, Source, type Config, type Document } from "@redocly/openapi-core";
import type { Finding } from "../errors.ts";
import type { Bundle } from "../load/bundle.ts";

let structConfig: Promise<Config> | undefined;

/** Checks the merged document against the OpenAPI 3.1 structure (Redocly's `struct` rule), nothing else. */
export async function checkOpenApiStructure(bundle: Bundle): Promise<Finding[]> {
  structConfig ??= createConfig({ rules: { struct: "error" } });
  const config = await structConfig;
  const document = redoclyDocument(bundle);
  const problems = await lintDocument({ document, config, externalRefResolver: new BaseResolver() });
  return problems.map((problem) => ({
    rule: "openapi-structure",
    severity: "error" as const,
    message: problem.message,
    hint: problem.suggest?.length ? `did you mean: ${problem.suggest.join(", ")}?` : "write it as the OpenAPI 3.1 specification defines this object; `grinfi-codegen lint` explains the common mistakes",
    location: bundle.locate(problem.location[0]?.pointer?.replace(/^#/, "") ?? ""),
  }));
}

/**
 * The merged document as Redocly reads it. Its `parsed` value is the bundle itself, not a parse of the bundle's
 * text: parsing 500 kB of JSON again with Redocly's YAML parser was a sixth of a lint run. The text is kept for
 * Redocly's own use (code frames); findings are located through the bundle's source map.
 */
export function redoclyDocument(bundle: Bundle): Document {
  return { source: new Source("bundle.json", JSON.stringify(bundle.document)), parsed: bundle.document };
}
