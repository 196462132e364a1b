import { isAbsolute, relative, sep } from "node:path";
import type { Finding } from "../errors.ts";
import { GRINFI_RULES, PLUGIN_ID, RULE_DESCRIPTIONS, type GrinfiRuleId } from "./plugin.ts";

export type OutputFormat = "pretty" | "json" | "github" | "sarif";

export interface FormatOptions {
  /** ANSI colours in `pretty` output (only when asked: never by default). */
  color?: boolean;
  /** Base of the relative file URIs in `sarif` output, for locations given as absolute paths. Default: the working directory. */
  cwd?: string;
  /** Tool version recorded in `sarif` output. */
  version?: string;
}

export function formatFindings(findings: Finding[], format: OutputFormat, options: FormatOptions = {}): string {
  switch (format) {
    case "pretty":
      return formatPretty(findings, options);
    case "json":
      return formatJson(findings);
    case "github":
      return formatGithub(findings);
    case "sarif":
      return formatSarif(findings, options);
  }
}

/** Files in first-seen order, findings by line and column; findings without a location come last. */
function sorted(findings: Finding[]): Finding[] {
  const fileOrder = new Map<string, number>();
  for (const f of findings) if (f.location && !fileOrder.has(f.location.file)) fileOrder.set(f.location.file, fileOrder.size);
  const rank = (f: Finding) => (f.location ? (fileOrder.get(f.location.file) ?? 0) : Number.MAX_SAFE_INTEGER);
  return findings
    .map((finding, index) => ({ finding, index }))
    .sort((a, b) => rank(a.finding) - rank(b.finding) || (a.finding.location?.line ?? 0) - (b.finding.location?.line ?? 0) || (a.finding.location?.column ?? 0) - (b.finding.location?.column ?? 0) || a.index - b.index)
    .map(({ finding }) => finding);
}

function totals(findings: Finding[]): { errors: number; warnings: number } {
  const errors = findings.filter((f) => f.severity === "error").length;
  return { errors, warnings: findings.length - errors };
}

function plural(count: number, word: string): string {
  return `${count} ${word}${count === 1 ? "" : "s"}`;
}

const ANSI = { red: 31, yellow: 33, dim: 2, bold: 1, underline: 4, green: 32 } as const;

/** Grouped by file, sorted by line, with a totals line. */
export function formatPretty(findings: Finding[], options: FormatOptions = {}): string {
  const paint = (style: keyof typeof ANSI, text: string) => (options.color ? `\u001b[${ANSI[style]}m${text}\u001b[0m` : text);
  const lines: string[] = [];
  let currentFile: string | undefined | null = null;
  const ordered = sorted(findings);
  const width = Math.max(0, ...ordered.map((f) => (f.location ? `${f.location.line}:${f.location.column}` : "").length));
  for (const finding of ordered) {
    const file = finding.location?.file;
    if (file !== currentFile) {
      if (currentFile !== null) lines.push("");
      lines.push(paint("underline", file ?? "(no location)"));
      currentFile = file;
    }
    const position = finding.location ? `${finding.location.line}:${finding.location.column}` : "";
    const severity = finding.severity === "error" ? paint("red", "error  ") : paint("yellow", "warning");
    lines.push(`  ${position.padEnd(width)}  ${severity}  ${finding.message}  ${paint("dim", finding.rule)}`);
    const detail = [finding.location?.pointer ? `at ${finding.location.pointer}` : "", finding.hint ? `→ ${finding.hint}` : ""].filter(Boolean);
    for (const text of detail) lines.push(`  ${" ".repeat(width)}  ${" ".repeat(7)}  ${paint("dim", text)}`);
  }
  const { errors, warnings } = totals(findings);
  if (lines.length > 0) lines.push("");
  lines.push(
    findings.length === 0
      ? paint("green", "✔ no problems")
      : paint(errors > 0 ? "red" : "yellow", `✖ ${plural(findings.length, "problem")} (${plural(errors, "error")}, ${plural(warnings, "warning")})`),
  );
  return lines.join("\n") + "\n";
}

/** A stable JSON array: sorted findings, fixed key order, every key present. */
export function formatJson(findings: Finding[]): string {
  const rows = sorted(findings).map((f) => ({
    rule: f.rule,
    severity: f.severity,
    message: f.message,
    hint: f.hint ?? null,
    file: f.location?.file ?? null,
    line: f.location?.line ?? null,
    column: f.location?.column ?? null,
    pointer: f.location?.pointer ?? null,
  }));
  return JSON.stringify(rows, null, 2) + "\n";
}

function escapeData(text: string): string {
  return text.replace(/%/g, "%25").replace(/\r/g, "%0D").replace(/\n/g, "%0A");
}

function escapeProperty(text: string): string {
  return escapeData(text).replace(/:/g, "%3A").replace(/,/g, "%2C");
}

/** GitHub Actions workflow commands: each finding becomes an annotation on its file and line. */
export function formatGithub(findings: Finding[]): string {
  return sorted(findings)
    .map((f) => {
      const properties = f.location
        ? [`file=${escapeProperty(toPosix(f.location.file))}`, `line=${f.location.line}`, `col=${f.location.column}`, `title=${escapeProperty(f.rule)}`]
        : [`title=${escapeProperty(f.rule)}`];
      const text = f.hint ? `${f.message}\n${f.hint}` : f.message;
      return `::${f.severity === "error" ? "error" : "warning"} ${properties.join(",")}::${escapeData(text)}\n`;
    })
    .join("");
}

function toPosix(path: string): string {
  return path.split(sep).join("/").replace(/\\/g, "/");
}

function ruleHelp(rule: string): { text: string; helpUri?: string } {
  const ours = rule.startsWith(`${PLUGIN_ID}/`) ? rule.slice(PLUGIN_ID.length + 1) : undefined;
  if (ours && ours in GRINFI_RULES) return { text: RULE_DESCRIPTIONS[ours as GrinfiRuleId] };
  if (ours) return { text: rule };
  return { text: `Redocly rule ${rule}.`, helpUri: `https://redocly.com/docs/cli/rules/oas/${rule}` };
}

/** SARIF 2.1.0, for code scanning: one run, its rules, and a result per finding with a relative file URI. */
export function formatSarif(findings: Finding[], options: FormatOptions = {}): string {
  const ordered = sorted(findings);
  const ruleIds = [...new Set(ordered.map((f) => f.rule))].sort();
  const cwd = options.cwd ?? process.cwd();
  const uriOf = (file: string) => encodeURI(toPosix(isAbsolute(file) ? relative(cwd, file) : file));
  const sarif = {
    $schema: "https://json.schemastore.org/sarif-2.1.0.json",
    version: "2.1.0",
    runs: [
      {
        tool: {
          driver: {
            name: "grinfi-codegen lint",
            ...(options.version ? { version: options.version } : {}),
            rules: ruleIds.map((id) => {
              const help = ruleHelp(id);
              return { id, shortDescription: { text: help.text }, ...(help.helpUri ? { helpUri: help.helpUri } : {}) };
            }),
          },
        },
        results: ordered.map((f) => ({
          ruleId: f.rule,
          ruleIndex: ruleIds.indexOf(f.rule),
          level: f.severity === "error" ? "error" : "warning",
          message: { text: f.hint ? `${f.message} (${f.hint})` : f.message },
          ...(f.location
            ? {
                locations: [
                  {
                    physicalLocation: {
                      artifactLocation: { uri: uriOf(f.location.file) },
                      region: { startLine: f.location.line, startColumn: f.location.column },
                    },
                    ...(f.location.pointer ? { logicalLocations: [{ fullyQualifiedName: f.location.pointer }] } : {}),
                  },
                ],
              }
            : {}),
        })),
      },
    ],
  };
  return JSON.stringify(sarif, null, 2) + "\n";
}
