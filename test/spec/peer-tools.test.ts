import { spawnSync } from "node:child_process";
import { mkdtempSync, readdirSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { beforeAll, describe, expect, it } from "vitest";
import { loadSpec, serializeBundle } from "../../generator/src/load/index.ts";
import { repoRoot } from "../helpers/spec-fixture.ts";

/**
 * The bundle must satisfy the tools our users already run: Redocly and Spectral with zero errors and zero
 * warnings (rules turned off only with a written reason, in redocly.yaml / .spectral.yaml), and the three
 * most used generators must all generate from it.
 */
let work: string;
let bundlePath: string;
beforeAll(async () => {
  work = mkdtempSync(join(tmpdir(), "grinfi-peers-"));
  bundlePath = join(work, "openapi.yaml");
  writeFileSync(bundlePath, serializeBundle((await loadSpec(join(repoRoot, "spec"))).document));
});

const bin = (name: string) => join(repoRoot, "node_modules", ".bin", name);
const run = (command: string, args: string[], cwd = repoRoot) => {
  const result = spawnSync(command, args, { cwd, encoding: "utf8", timeout: 180_000, env: { ...process.env, NO_COLOR: "1", FORCE_COLOR: "0" } });
  return { status: result.status, output: `${result.stdout}\n${result.stderr}` };
};

describe("peer tools on the bundle", { timeout: 180_000 }, () => {
  it("redocly lint (recommended): no errors, no warnings", () => {
    const { status, output } = run(bin("redocly"), ["lint", bundlePath, "--config", join(repoRoot, "redocly.yaml"), "--format", "summary"]);
    // (Redocly prints a Node-version banner that says "warning"; findings are counted on their own lines.)
    expect(output).toContain("Your API description is valid");
    expect(output).not.toMatch(/You have \d+ warnings?/);
    expect(status, output).toBe(0);
  });

  it("spectral lint (spectral:oas): no errors, no warnings", () => {
    const { status, output } = run(bin("spectral"), ["lint", "--ruleset", join(repoRoot, ".spectral.yaml"), "--fail-severity", "warn", bundlePath]);
    expect(status, output).toBe(0);
    expect(output).toMatch(/No results with a severity of 'warn' or higher found/);
  });

  it("openapi-typescript generates types", () => {
    const out = join(work, "ot.d.ts");
    const { status, output } = run(bin("openapi-typescript"), [bundlePath, "-o", out]);
    expect(status, output).toBe(0);
  });

  it("@hey-api/openapi-ts generates an SDK", () => {
    const out = join(work, "hey");
    const { status, output } = run(bin("openapi-ts"), ["-i", bundlePath, "-o", out, "-c", "@hey-api/client-fetch"]);
    expect(status, output).toBe(0);
    expect(readdirSync(out)).toEqual(expect.arrayContaining(["sdk.gen.ts", "types.gen.ts"]));
  });

  it("orval generates a fetch client", () => {
    const config = join(work, "orval.config.cjs");
    writeFileSync(config, `module.exports = { grinfi: { input: ${JSON.stringify(bundlePath)}, output: { target: ${JSON.stringify(join(work, "orval", "api.ts"))}, client: "fetch" } } };`);
    const { status, output } = run(bin("orval"), ["--config", config], work);
    expect(status, output).toBe(0);
    expect(readdirSync(join(work, "orval")).length).toBeGreaterThan(0);
  });
});
