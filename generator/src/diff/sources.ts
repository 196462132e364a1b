import { execFileSync } from "node:child_process";
import { existsSync, mkdtempSync, rmSync, statSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { SpecError } from "../errors.ts";
import { bundleFile, bundleSpec, type Bundle } from "../load/bundle.ts";
import { buildModel } from "../model/build.ts";
import { validateBundle } from "../validate/index.ts";
import type { SpecVersion } from "./compare.ts";

/**
 * Reads one version of the spec for `diff`: a spec folder (bundled in memory), a bundled YAML/JSON file, or a
 * git ref such as `origin/main` or `HEAD~1` (its `spec/` folder is extracted to a temporary folder and bundled).
 * Each is validated and read into the model, like every other command's input.
 */
export async function loadVersion(source: string, repoDir = process.cwd()): Promise<SpecVersion> {
  if (existsSync(source)) return await read(statSync(source).isDirectory() ? bundleSpec(source) : bundleFile(source));
  const scratch = mkdtempSync(join(tmpdir(), "grinfi-diff-"));
  try {
    try {
      const archive = execFileSync("git", ["archive", "--format=tar", source, "spec"], { cwd: repoDir, maxBuffer: 256 * 1024 * 1024, stdio: ["ignore", "pipe", "pipe"] });
      execFileSync("tar", ["-x", "-C", scratch], { input: archive });
    } catch {
      throw SpecError.single("diff-source", `"${source}" is neither a file, a folder nor a git ref with a spec/ folder`, undefined, "pass a spec folder, a bundled openapi.yaml, or a git ref like origin/main");
    }
    return await read(bundleSpec(join(scratch, "spec")));
  } finally {
    rmSync(scratch, { recursive: true, force: true });
  }
}

async function read(bundle: Bundle): Promise<SpecVersion> {
  await validateBundle(bundle);
  return { document: bundle.document, model: buildModel(bundle) };
}
