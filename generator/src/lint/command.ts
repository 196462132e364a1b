import { loadSpec } from "../load/index.ts";
import { lintBundle } from "./engine.ts";
import { formatFindings, type OutputFormat } from "./format.ts";

const FORMATS: OutputFormat[] = ["pretty", "json", "github", "sarif"];

/** `grinfi-codegen lint`: structural errors first (as SpecError), then the lint findings; 1 when any is an error. */
export async function runLint(specDir: string, format: string): Promise<number> {
  if (!FORMATS.includes(format as OutputFormat)) {
    process.stderr.write(`unknown format "${format}"; use one of ${FORMATS.join(", ")}\n`);
    return 2;
  }
  const bundle = await loadSpec(specDir, { openApiStructure: false });
  const findings = await lintBundle(bundle);
  process.stdout.write(formatFindings(findings, format as OutputFormat, { color: process.stdout.isTTY === true }));
  return findings.some((f) => f.severity === "error") ? 1 : 0;
}
