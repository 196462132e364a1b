import { execFileSync } from "node:child_process";
import { existsSync, mkdtempSync, readFileSync, rmSync, statSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { parse } from "yaml";
import { SpecError } from "../errors.ts";
import { loadSpec } from "../load/index.ts";

/**
 * Reads one version of the spec for `diff`: a spec folder (bundled in memory), a bundled YAML/JSON file, or a
 * git ref such as `origin/main` or `HEAD~1` (its `spec/` folder is extracted to a temporary folder and bundled).
 */
export async function loadVersion(source: string, repoDir = process.cwd()): Promise<Record<string, unknown>> {
  if (existsSync(source)) {
    if (statSync(source).isDirectory()) return (await loadSpec(source)).document;
    return parse(readFileSync(source, "utf8")) as Record<string, unknown>;
  }
  const scratch = mkdtempSync(join(tmpdir(), "grinfi-diff-"));
  try {
    try {
      const archive = execFileSync("git", ["archive", "--format=tar", source, "spec"], { cwd: repoDir, maxBuffer: 256 * 1024 * 1024, stdio: ["ignore", "pipe", "pipe"] });
      execFileSync("tar", ["-x", "-C", scratch], { input: archive });
    } catch {
      throw SpecError.single("diff-source", `"${source}" is neither a file, a folder nor a git ref with a spec/ folder`, undefined, "pass a spec folder, a bundled openapi.yaml, or a git ref like origin/main");
    }
    return (await loadSpec(join(scratch, "spec"))).document;
  } finally {
    rmSync(scratch, { recursive: true, force: true });
  }
}
