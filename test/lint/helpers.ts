import { readFileSync } from "node:fs";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { parse } from "yaml";
import type { Finding } from "../../generator/src/errors.ts";
import type { Bundle, OpenApiDocument } from "../../generator/src/load/bundle.ts";
import { parentPointer } from "../../generator/src/load/pointer.ts";
import { parseYamlText } from "../../generator/src/load/yaml-file.ts";
import { lintBundle, type LintSeverity } from "../../generator/src/lint/engine.ts";
import { GRINFI_RULES } from "../../generator/src/lint/plugin.ts";

export const fixturesDir = join(dirname(fileURLToPath(import.meta.url)), "fixtures");
export const BASE_YAML = readFileSync(join(fixturesDir, "base.yaml"), "utf8");

/** A fresh copy of the fixture document, to break one thing in. */
export function baseDocument(): Record<string, any> {
  return parse(BASE_YAML);
}

/** A Bundle of one in-memory file: YAML text keeps real line numbers, an object gets line 1 for everything. */
export function bundleOf(source: string | Record<string, unknown>, file = "spec.yaml"): Bundle {
  if (typeof source === "string") {
    const parsed = parseYamlText(source, file);
    return {
      document: parsed.value as OpenApiDocument,
      rootDir: ".",
      files: [file],
      findings: [],
      locate(pointer) {
        for (let p: string | undefined = pointer; p !== undefined; p = parentPointer(p)) {
          const location = parsed.locate(p);
          if (location) return { ...location, pointer };
        }
        return undefined;
      },
    };
  }
  return { document: source as OpenApiDocument, rootDir: ".", files: [file], findings: [], locate: (pointer) => ({ file, line: 1, column: 1, pointer }) };
}

/** Lints a document with every rule and returns the findings of one rule (`grinfi/` is added to our ids). */
export async function findingsOf(rule: string, source: string | Record<string, unknown>, rules?: Record<string, LintSeverity>): Promise<Finding[]> {
  const id = rule in GRINFI_RULES ? `grinfi/${rule}` : rule;
  const findings = await lintBundle(bundleOf(source), { rules });
  return findings.filter((finding) => finding.rule === id);
}

/** `{ pointer, message, severity }` of each finding: what the rule tests compare. */
export function summary(findings: Finding[]): { pointer: string | undefined; message: string; severity: string }[] {
  return findings.map((f) => ({ pointer: f.location?.pointer, message: f.message, severity: f.severity }));
}
