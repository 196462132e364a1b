import { BaseResolver, createConfig, lintDocument, makeDocumentFromString, type Config } from "@redocly/openapi-core";
import type { Finding } from "../errors.ts";
import type { Bundle } from "../load/bundle.ts";

let structConfig: Promise<Config> | undefined;

/** Checks the merged document against the OpenAPI 3.1 structure (Redocly's `struct` rule), nothing else. */
export async function checkOpenApiStructure(bundle: Bundle): Promise<Finding[]> {
  structConfig ??= createConfig({ rules: { struct: "error" } });
  const config = await structConfig;
  const document = makeDocumentFromString(JSON.stringify(bundle.document), "bundle.json");
  const problems = await lintDocument({ document, config, externalRefResolver: new BaseResolver() });
  return problems.map((problem) => ({
    rule: "openapi-structure",
    severity: "error" as const,
    message: problem.message,
    hint: problem.suggest?.length ? `did you mean: ${problem.suggest.join(", ")}?` : "write it as the OpenAPI 3.1 specification defines this object; `grinfi-codegen lint` explains the common mistakes",
    location: bundle.locate(problem.location[0]?.pointer?.replace(/^#/, "") ?? ""),
  }));
}
