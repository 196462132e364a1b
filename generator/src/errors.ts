/** Where something is in the multi-file spec: the file, the 1-based line and column, and the JSON pointer. */
export interface SourceLocation {
  file: string;
  line: number;
  column: number;
  pointer: string;
}

export interface Finding {
  /** Stable identifier of the check that produced it (e.g. `yaml-syntax`, `unresolved-ref`). */
  rule: string;
  severity: "error" | "warning";
  message: string;
  /** What to do about it. */
  hint?: string;
  location?: SourceLocation;
}

/** The one error type the toolchain throws for bad input. It carries every finding, never a partial result. */
export class SpecError extends Error {
  readonly findings: Finding[];

  constructor(findings: Finding[]) {
    super(SpecError.summarise(findings));
    this.name = "SpecError";
    this.findings = findings;
  }

  static single(rule: string, message: string, location?: SourceLocation, hint?: string): SpecError {
    return new SpecError([{ rule, severity: "error", message, location, hint }]);
  }

  private static summarise(findings: Finding[]): string {
    const errors = findings.filter((f) => f.severity === "error");
    return errors.map(formatFinding).join("\n");
  }
}

export function formatLocation(location: SourceLocation | undefined): string {
  if (!location) return "";
  return `${location.file}:${location.line}:${location.column} (${location.pointer || "/"})`;
}

export function formatFinding(finding: Finding): string {
  const where = finding.location ? `${formatLocation(finding.location)} ` : "";
  const hint = finding.hint ? `\n    → ${finding.hint}` : "";
  return `${where}${finding.severity} [${finding.rule}] ${finding.message}${hint}`;
}
