import { spawnSync } from "node:child_process";
import { cpSync, mkdtempSync, readdirSync, readFileSync, statSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { parse } from "yaml";
import { checkGenerated, generateFiles } from "../../generator/src/generate.ts";
import { MINIMAL_THINGS, repoRoot, runCli, writeSpecFixture } from "../helpers/spec-fixture.ts";

const generatedDir = join(repoRoot, "generated");

describe("the committed generated/ package", () => {
  it("is exactly what `grinfi-codegen generate` writes for the committed spec (grinfi-codegen check)", async () => {
    const stale = await checkGenerated({ specDir: join(repoRoot, "spec"), outDir: generatedDir });
    expect(stale).toEqual({ changed: [], missing: [], extra: [] });
  });

  it("type-checks under strict settings with its own tsconfig", () => {
    const result = spawnSync(join(repoRoot, "node_modules", ".bin", "tsc"), ["-p", join(generatedDir, "tsconfig.json"), "--noEmit"], { encoding: "utf8" });
    expect(result.stdout + result.stderr).toBe("");
    expect(result.status).toBe(0);
  });

  it("has the shape npm consumers need", () => {
    const manifest = JSON.parse(readFileSync(join(generatedDir, "package.json"), "utf8"));
    expect(manifest.name).toBe("@grinfi/sdk");
    expect(manifest.type).toBe("module");
    expect(manifest.sideEffects).toBe(false);
    expect(Object.keys(manifest.dependencies)).toEqual(["openapi-fetch"]);
    expect(manifest.exports["."]).toEqual({ types: "./dist/index.d.ts", default: "./dist/index.js" });
    expect(manifest.scripts).not.toHaveProperty("postinstall");
    expect(manifest.scripts).not.toHaveProperty("install");
  });
});

describe("grinfi-codegen check and generate on other folders", () => {
  it("check names a stale file and exits 1", () => {
    const copy = mkdtempSync(join(tmpdir(), "grinfi-stale-"));
    cpSync(generatedDir, copy, { recursive: true, filter: (path) => !/node_modules|dist/.test(path) });
    const target = join(copy, "src", "enums.ts");
    cpSync(join(copy, "README.md"), target);
    const result = runCli(["check", "--out", copy]);
    expect(result.status).toBe(1);
    expect(result.stderr).toContain("changed: src/enums.ts");
  });

  it("a failed generate leaves the output folder byte-for-byte untouched", () => {
    const out = mkdtempSync(join(tmpdir(), "grinfi-out-"));
    const ok = runCli(["generate", "--spec", writeSpecFixture(), "--out", out]);
    expect(ok.status, ok.stderr).toBe(0);
    const before = snapshot(out);
    const broken = writeSpecFixture({ "resources/things.yaml": MINIMAL_THINGS.replace("#/components/schemas/Thing", "#/components/schemas/Nope") });
    const failed = runCli(["generate", "--spec", broken, "--out", out]);
    expect(failed.status).toBe(1);
    expect(failed.stderr).toMatch(/things\.yaml:18:\d+ .*does not resolve/);
    expect(snapshot(out)).toEqual(before);
  });
});

function snapshot(root: string, dir = root): Record<string, string> {
  return Object.fromEntries(
    readdirSync(dir).flatMap((name) => {
      const full = join(dir, name);
      return statSync(full).isDirectory() ? Object.entries(snapshot(root, full)) : [[full.slice(root.length), readFileSync(full, "utf8")]];
    }),
  );
}

describe("the package version", () => {
  it("is the spec's version plus the SDK revisions made for it", async () => {
    const { sdkVersion } = await import("../../generator/src/generate.ts");
    expect(sdkVersion("2.0.0", {})).toBe("2.0.0");
    expect(sdkVersion("2.0.0", { "2.0.0": 2 })).toBe("2.0.2");
    expect(sdkVersion("2.1.0", { "2.0.0": 2 })).toBe("2.1.0");
    const manifest = JSON.parse(readFileSync(join(generatedDir, "package.json"), "utf8"));
    const spec = parse(readFileSync(join(generatedDir, "openapi.yaml"), "utf8")) as { info: { version: string } };
    expect(manifest.version).toBe(sdkVersion(spec.info.version));
  });
});

describe("the package CHANGELOG", () => {
  it("ends with the notes kept beside the spec (<spec>/CHANGELOG.md), and has none without them", async () => {
    const notes = "## 1.0.0\n\nThe things can be listed now.\n";
    const withNotes = await generateFiles({ specDir: writeSpecFixture({ "CHANGELOG.md": notes }) });
    expect(withNotes.get("CHANGELOG.md")).toMatch(/webhook events\.\nThe notes below are written by hand, one section per release\.\n\n## 1\.0\.0\n\nThe things can be listed now\.\n$/);
    const without = await generateFiles({ specDir: writeSpecFixture() });
    expect(without.get("CHANGELOG.md")).not.toContain("##");
    expect(without.get("CHANGELOG.md")).not.toContain("written by hand");
  });

  it("of the committed package holds the 3.0.0 notes: the spec's type changes, the client's behaviour, what is new", () => {
    const changelog = readFileSync(join(generatedDir, "CHANGELOG.md"), "utf8");
    for (const heading of ["## 3.0.0", "### Types: only what is evidenced", "### The client's behaviour", "### Added", "## 2.0.0"]) {
      expect(changelog).toContain(`\n${heading}\n`);
    }
  });
});
