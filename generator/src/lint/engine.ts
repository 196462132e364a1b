import { join } from "node:path";
import { BaseResolver, createConfig, lintDocument, type Config, type NormalizedProblem, type RuleConfig, type RuleSeverity } from "@redocly/openapi-core";
import type { Finding, SourceLocation } from "../errors.ts";
import type { Bundle } from "../load/bundle.ts";
import { isRecord } from "../load/pointer.ts";
import { getAtPointer, joinPointer } from "../load/pointer.ts";
import { redoclyDocument } from "../validate/oas.ts";
import { GRINFI_RULES, PLUGIN_ID, grinfiPlugin } from "./plugin.ts";
import { readModelForLint } from "./rules/support.ts";

export type LintSeverity = "error" | "warn" | "off";

export interface LintOptions {
  /** Severity overrides by rule id: Redocly's (`no-unused-components`) or ours (`grinfi/array-items`, or just `array-items`). */
  rules?: Record<string, LintSeverity>;
}

/**
 * How we run Redocly's `recommended` ruleset, and every rule of ours. Only the differences from `recommended` are
 * listed for Redocly's rules; each says why.
 */
export const RULE_SEVERITIES: Record<string, LintSeverity> = {
  ...Object.fromEntries(Object.keys(GRINFI_RULES).map((id) => [`${PLUGIN_ID}/${id}`, "error" as const])),
  // Every component is hand-written and ends up in the SDK; an unused one is a mistake, not a style issue (recommended: warn).
  "no-unused-components": "error",
  // Replaced by grinfi/operation-success-response, the check `generate` makes (this one also accepts 2XX and default).
  "operation-2xx-response": "off",
  // Replaced by grinfi/example-valid, which checks the same examples (media types, parameters, headers, schemas)
  // with ajv's JSON Schema 2020-12 and formats and points at the offending value; keeping both reports each bad example twice.
  "no-invalid-media-type-examples": "off",
  "no-invalid-parameter-examples": "off",
  "no-invalid-schema-examples": "off",
  // Replaced by grinfi/operation-id-camel-case, which reports a missing operationId as an error (this one would repeat it as a warning).
  "operation-operationId": "off",
  // As in redocly.yaml: the Grinfi API itself has /flows/api/flows/leads/{leadUuid} beside /flows/api/flows/{flowUuid}/start;
  // those paths are facts of the API, and a router tells them apart by their literal segments.
  "no-ambiguous-paths": "off",
  // The API's public reference states no licence for the API or its description, so the spec claims none
  // (spec/README.md, Evidence); the package's own licence is in its package.json.
  "info-license": "off",
};

const configs = new Map<string, Promise<Config>>();

/**
 * The Redocly config for a set of overrides, created once per process (per recordings folder) and shared by every
 * lint run. `recordingsDir` is where grinfi/evidenced-answers reads the recorded answers.
 */
export function lintConfig(overrides: Record<string, LintSeverity> = {}, recordingsDir?: string): Promise<Config> {
  const rules: Record<string, RuleConfig> = { ...RULE_SEVERITIES };
  for (const [id, severity] of Object.entries(overrides)) {
    rules[id in GRINFI_RULES ? `${PLUGIN_ID}/${id}` : id] = severity;
  }
  const evidenced = `${PLUGIN_ID}/evidenced-answers`;
  if (recordingsDir !== undefined) rules[evidenced] = { severity: rules[evidenced] as RuleSeverity, recordingsDir };
  const key = JSON.stringify(Object.entries(rules).sort(([a], [b]) => a.localeCompare(b)));
  let config = configs.get(key);
  if (!config) {
    config = createConfig({ extends: ["recommended"], plugins: [grinfiPlugin], rules }).then((created) => {
      // Redocly ignores rule ids it does not know; a misspelt override would silently do nothing.
      const known = new Set(created.getRulesForSpecVersion("oas3").flatMap((ruleset) => Object.keys(ruleset)));
      const unknown = Object.keys(rules).filter((id) => !known.has(id));
      if (unknown.length > 0) throw new Error(`unknown lint rule${unknown.length > 1 ? "s" : ""}: ${unknown.join(", ")}`);
      return created;
    });
    configs.set(key, config);
    // A failed creation must not stick: the next call tries again.
    config.catch(() => configs.delete(key));
  }
  return config;
}

/** Runs Redocly's recommended rules and ours over the bundled document; findings point into the source files. */
export async function lintBundle(bundle: Bundle, options: LintOptions = {}): Promise<Finding[]> {
  const config = await lintConfig(options.rules, join(bundle.rootDir, "recordings"));
  readModelForLint(bundle.document);
  const problems = await lintDocument({ document: redoclyDocument(bundle), config, externalRefResolver: new BaseResolver() });
  return orderFindings(removeRepeats(problems.filter((p) => !p.ignored).map((p) => problemToFinding(bundle, p))), bundle.files);
}

/** A Redocly problem as a Finding located in the multi-file spec. */
export function problemToFinding(bundle: Bundle, problem: NormalizedProblem): Finding {
  const first = problem.location[0];
  const pointer = first?.pointer === undefined ? undefined : toJsonPointer(first.pointer);
  const location = pointer === undefined ? undefined : locate(bundle, pointer);
  const finding: Finding = { rule: problem.ruleId, severity: problem.severity === "error" ? "error" : "warning", message: problem.message };
  if (problem.suggest.length > 0) finding.hint = `did you mean: ${problem.suggest.join(", ")}?`;
  if (location) finding.location = location;
  return finding;
}

/**
 * The source location of a pointer. A path item that resource files fill in (`/paths/~1things`) is owned by no
 * file as a whole; it is shown where its first operation is written rather than at the root's `paths:` key.
 */
function locate(bundle: Bundle, pointer: string): SourceLocation | undefined {
  const location = bundle.locate(pointer);
  if (!location || location.file !== bundle.files[0] || pointer === "") return location;
  const value = getAtPointer(bundle.document, pointer);
  if (!isRecord(value)) return location;
  for (const key of Object.keys(value)) {
    const child = bundle.locate(joinPointer(pointer, key));
    if (child && child.file !== location.file) return { ...child, pointer };
  }
  return location;
}

/** `#/paths/~1a/get` → `/paths/~1a/get`; `#/` → ``. */
function toJsonPointer(pointer: string): string {
  const bare = pointer.replace(/^#/, "");
  return bare === "/" ? "" : bare;
}

/**
 * Drops exact repeats, and Redocly's generic `struct` complaint about a `nullable` key where
 * grinfi/no-nullable-keyword already says what to write instead.
 */
function removeRepeats(findings: Finding[]): Finding[] {
  const seen = new Set<string>();
  const nullable = new Set(findings.filter((f) => f.rule === `${PLUGIN_ID}/no-nullable-keyword`).map((f) => f.location?.pointer));
  return findings.filter((finding) => {
    const pointer = finding.location?.pointer;
    if (finding.rule === "struct" && pointer?.endsWith("/nullable") && nullable.has(pointer)) return false;
    const key = `${finding.rule}\0${pointer ?? ""}\0${finding.message}`;
    if (seen.has(key)) return false;
    seen.add(key);
    return true;
  });
}

/** Source order: files as the bundle read them (root first), then line and column; stable for equal positions. */
export function orderFindings(findings: Finding[], files: string[] = []): Finding[] {
  const rank = (file: string | undefined) => {
    if (file === undefined) return -1;
    const index = files.indexOf(file);
    return index === -1 ? files.length : index;
  };
  return findings
    .map((finding, index) => ({ finding, index }))
    .sort((a, b) => {
      const x = a.finding.location, y = b.finding.location;
      return (
        rank(x?.file) - rank(y?.file) ||
        (x?.file ?? "").localeCompare(y?.file ?? "") ||
        (x?.line ?? 0) - (y?.line ?? 0) ||
        (x?.column ?? 0) - (y?.column ?? 0) ||
        a.finding.rule.localeCompare(b.finding.rule) ||
        a.index - b.index
      );
    })
    .map(({ finding }) => finding);
}
