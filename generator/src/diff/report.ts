import { semverBump, type Change } from "./compare.ts";

const HEADINGS = { breaking: "Breaking", addition: "Additions", patch: "Other changes" } as const;

/** A pull-request comment: the bump first, then changes grouped by resource, breaking ones first. */
export function formatMarkdown(changes: Change[]): string {
  const bump = semverBump(changes);
  const counts = (["breaking", "addition", "patch"] as const).map((s) => `${changes.filter((c) => c.severity === s).length} ${HEADINGS[s].toLowerCase()}`);
  const lines = [`## Spec changes: ${bump === "none" ? "none" : `${bump} release`}`, "", changes.length ? counts.join(", ") : "The two versions describe the same API.", ""];
  const byResource = new Map<string, Change[]>();
  for (const change of changes) byResource.set(change.resource, [...(byResource.get(change.resource) ?? []), change]);
  for (const resource of [...byResource.keys()].sort()) {
    lines.push(`### ${resource}`, "");
    for (const severity of ["breaking", "addition", "patch"] as const) {
      for (const change of byResource.get(resource)!.filter((c) => c.severity === severity)) {
        lines.push(`- ${severity === "breaking" ? "**breaking** " : ""}\`${change.subject}\`: ${change.message} (\`${change.pointer}\`)`);
      }
    }
    lines.push("");
  }
  return lines.join("\n");
}

export function formatJson(changes: Change[]): string {
  return JSON.stringify({ bump: semverBump(changes), changes }, null, 2) + "\n";
}
