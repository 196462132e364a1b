import { spawnSync } from "node:child_process";
import { cpSync, mkdtempSync, symlinkSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { pathToFileURL } from "node:url";
import { beforeAll, describe, expect, it } from "vitest";
import { repoRoot } from "../helpers/spec-fixture.ts";

/**
 * The package as npm would publish it: built with its own `npm run build` (tsc) in a scratch copy of generated/,
 * then checked with publint, @arethetypeswrong/cli (ESM-only profile: the package is ESM by design) and
 * `npm pack --dry-run`.
 */
let dir: string;
const bin = (name: string) => join(repoRoot, "node_modules", ".bin", name);
const run = (command: string, args: string[]) => spawnSync(command, args, { cwd: dir, encoding: "utf8", timeout: 120_000, env: { ...process.env, NO_COLOR: "1" } });

beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), "grinfi-sdk-"));
  cpSync(join(repoRoot, "generated"), dir, { recursive: true, filter: (path) => !/\/(dist|node_modules)(\/|$)/.test(path) });
  symlinkSync(join(repoRoot, "node_modules"), join(dir, "node_modules"), "dir");
  const build = run(bin("tsc"), ["-p", "tsconfig.json"]);
  expect(build.stdout + build.stderr).toBe("");
}, 120_000);

describe("the published @grinfi/sdk", { timeout: 120_000 }, () => {
  it("passes publint", () => {
    const result = run(bin("publint"), ["."]);
    expect(result.status, result.stdout + result.stderr).toBe(0);
    expect(result.stdout).toContain("All good!");
  });

  it("passes @arethetypeswrong/cli for ESM consumers (the bundled openapi.yaml is data, not a module)", () => {
    const result = run(bin("attw"), ["--pack", ".", "--profile", "esm-only", "--exclude-entrypoints", "openapi.yaml", "--format", "json"]);
    expect(result.status, result.stdout + result.stderr).toBe(0);
  });

  it("packs only what a user needs: dist, the spec, README, CHANGELOG and package.json", () => {
    const result = run("npm", ["pack", "--dry-run", "--json"]);
    expect(result.status, result.stderr).toBe(0);
    const [pack] = JSON.parse(result.stdout) as { files: { path: string }[] }[];
    const paths = pack!.files.map((f) => f.path);
    const outside = paths.filter((p) => !p.startsWith("dist/") && !["openapi.yaml", "README.md", "CHANGELOG.md", "package.json"].includes(p));
    expect(outside).toEqual([]);
    expect(paths).toEqual(expect.arrayContaining(["dist/index.js", "dist/index.d.ts", "dist/core/client.js", "openapi.yaml"]));
    expect(paths.some((p) => p.startsWith("src/") || p.endsWith(".ts") && !p.endsWith(".d.ts"))).toBe(false);
  });

  it("the built JavaScript loads and constructs a client", async () => {
    const sdk = (await import(pathToFileURL(join(dir, "dist", "index.js")).href)) as typeof import("../../generated/src/index.ts");
    const grinfi = new sdk.Grinfi({ apiKey: "sdk-secret-key-42", baseUrl: "http://127.0.0.1:9" });
    expect(typeof grinfi.contacts.search).toBe("function");
    expect(sdk.TASK_STATUSES).toContain("skipped");
    expect(JSON.stringify(grinfi)).not.toContain("sdk-secret-key-42");
  });

  it("exports @grinfi/sdk/validators: a Transport built alone, given them, reports an answer that drifts", () => {
    // A module inside the package imports it by name (Node's self-reference), as an app would, over real HTTP.
    writeFileSync(join(dir, "validators-check.mjs"), `
      import { createServer } from "node:http";
      import { Contacts, Transport } from "@grinfi/sdk";
      const server = createServer((_req, res) => {
        res.writeHead(200, { "content-type": "application/json" });
        res.end(JSON.stringify({ uuid: "3a4ac30b-1321-449c-9b37-e9fe3174e00e", team_id: 7, nickname: "Zed" }));
      });
      await new Promise((resolve) => server.listen(0, "127.0.0.1", resolve));
      const reports = [];
      const transport = new Transport(
        { apiKey: "publish-test-key-7f3e", baseUrl: "http://127.0.0.1:" + server.address().port, validateResponses: "report", onDrift: (r) => reports.push(r) },
        () => import("@grinfi/sdk/validators"),
      );
      await new Contacts(transport).get({ uuid: "3a4ac30b-1321-449c-9b37-e9fe3174e00e" });
      server.close();
      console.log(JSON.stringify(reports.map((r) => [r.operationId, r.problems.map((p) => p.pointer + " " + p.kind)])));
    `);
    const result = run(process.execPath, ["validators-check.mjs"]);
    expect(result.stderr).toBe("");
    expect(JSON.parse(result.stdout)).toEqual([["getContact", ["/nickname undeclared-field"]]]);
  });
});
