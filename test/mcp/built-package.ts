import { spawnSync } from "node:child_process";
import { cpSync, mkdirSync, mkdtempSync, rmSync, symlinkSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { repoRoot } from "../helpers/spec-fixture.ts";

/** The libraries `@grinfi/mcp` needs at run and build time, linked from this repository's node_modules. */
const LINKED = ["@modelcontextprotocol", "ajv", "ajv-formats", "@types", "typescript"];

export interface BuiltPackages {
  dir: string;
  /** generated/mcp built with its own tsconfig, `@grinfi/sdk` resolving to generated/ built likewise. */
  mcpDir: string;
  bin: string;
  remove(): void;
}

/** The SDK's own strict build is test/generator/publish.test.ts's; here its declarations are all that is needed. */
function tsc(cwd: string): void {
  const args = ["-p", "tsconfig.json", "--skipLibCheck"];
  const result = spawnSync(join(repoRoot, "node_modules", ".bin", "tsc"), args, { cwd, encoding: "utf8", timeout: 180_000 });
  if (result.status !== 0) throw new Error(`tsc in ${cwd} failed:\n${result.stdout}${result.stderr}`);
}

/**
 * Both generated packages as npm would install them side by side: each built by its own `tsc -p tsconfig.json` in a
 * scratch folder, the server's `node_modules/@grinfi/sdk` being the built SDK.
 */
export function buildPackages(): BuiltPackages {
  const dir = mkdtempSync(join(tmpdir(), "grinfi-mcp-"));
  const sdkDir = join(dir, "sdk");
  const mcpDir = join(dir, "mcp");
  const generated = join(repoRoot, "generated");
  cpSync(generated, sdkDir, { recursive: true, filter: (path) => !/\/(dist|node_modules)(\/|$)/.test(path) && path !== join(generated, "mcp") });
  symlinkSync(join(repoRoot, "node_modules"), join(sdkDir, "node_modules"), "dir");
  tsc(sdkDir);
  cpSync(join(generated, "mcp"), mcpDir, { recursive: true, filter: (path) => !/\/(dist|node_modules)(\/|$)/.test(path) });
  mkdirSync(join(mcpDir, "node_modules", "@grinfi"), { recursive: true });
  symlinkSync(sdkDir, join(mcpDir, "node_modules", "@grinfi", "sdk"), "dir");
  for (const name of LINKED) symlinkSync(join(repoRoot, "node_modules", name), join(mcpDir, "node_modules", name), "dir");
  tsc(mcpDir);
  return { dir, mcpDir, bin: join(mcpDir, "dist", "bin.js"), remove: () => rmSync(dir, { recursive: true, force: true }) };
}
