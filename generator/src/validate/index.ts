import { SpecError } from "../errors.ts";
import type { Bundle } from "../load/bundle.ts";
import { checkOpenApiStructure } from "./oas.ts";
import { checkStructure } from "./structure.ts";

export interface ValidateOptions {
  /**
   * Check the OpenAPI 3.1 structure too (default). The linter turns this off because its Redocly ruleset runs
   * the same `struct` rule; running it twice would cost a second pass over the document.
   */
  openApiStructure?: boolean;
}

/**
 * The checks every command needs before it reads the bundle: what merging found, our structure checks (references,
 * operationIds, path parameters) and, when those pass, Redocly's OpenAPI 3.1 structure check. A SpecError lists
 * every problem.
 */
export async function validateBundle(bundle: Bundle, options: ValidateOptions = {}): Promise<void> {
  const findings = [...bundle.findings, ...checkStructure(bundle)];
  if (findings.length === 0 && options.openApiStructure !== false) findings.push(...(await checkOpenApiStructure(bundle)));
  if (findings.some((f) => f.severity === "error")) throw new SpecError(findings);
}
