import { compareVersions } from "./compare.ts";
import { formatJson, formatMarkdown } from "./report.ts";
import { loadVersion } from "./sources.ts";

/** `grinfi-codegen diff <base> <head>`: 1 when anything breaks, unless `allowBreaking`. */
export async function runDiff(options: { base: string; head: string; format: string; allowBreaking: boolean }): Promise<number> {
  if (options.format !== "markdown" && options.format !== "json") {
    process.stderr.write(`unknown format "${options.format}"; use markdown or json\n`);
    return 2;
  }
  const changes = compareVersions(await loadVersion(options.base), await loadVersion(options.head));
  process.stdout.write(options.format === "json" ? formatJson(changes) : formatMarkdown(changes));
  return changes.some((c) => c.severity === "breaking") && !options.allowBreaking ? 1 : 0;
}
