import { spawnSync } from "node:child_process";
import { existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, statSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { dirname, join, relative } from "node:path";
import { describe, expect, it } from "vitest";
import { replaceDirectory } from "../../generator/src/write/atomic.ts";
import { repoRoot } from "../helpers/spec-fixture.ts";

/**
 * `generate` killed at any moment of its swap (a real SIGKILL of a child process, right before a chosen file-system
 * call) leaves `generated/` whole or, between its two renames, absent; the next run restores what it needs, keeps
 * `node_modules` and `dist`, writes the new files and leaves no `.generated.staging-*` or `.generated.old-*` behind.
 */

const CHILD = join(repoRoot, "test", "reliability", "interrupted-generate.child.ts");
const KEEP = ["dist", "node_modules"];

function files(dir: string): Record<string, string> {
  const out: Record<string, string> = {};
  const walk = (at: string): void => {
    for (const name of readdirSync(at)) {
      const full = join(at, name);
      if (statSync(full).isDirectory()) walk(full);
      else out[relative(dir, full)] = readFileSync(full, "utf8");
    }
  };
  walk(dir);
  return out;
}

const KEPT = { "dist/index.js": "built", "node_modules/pkg/index.js": "installed" };
const contents = (version: string): Record<string, string> => ({ "a.txt": version, "c.txt": version, "sub/b.txt": version, ...KEPT });

function firstGeneration(): string {
  const root = join(mkdtempSync(join(tmpdir(), "grinfi-swap-")), "generated");
  for (const [path, text] of Object.entries({ "a.txt": "v1", "sub/b.txt": "v1", "old-only.txt": "v1", ...KEPT })) {
    mkdirSync(dirname(join(root, path)), { recursive: true });
    writeFileSync(join(root, path), text);
  }
  return root;
}

const KILL_POINTS = [
  { operation: "writeFileSync", nth: 1, left: "v1", moment: "before the first staged file" },
  { operation: "writeFileSync", nth: 2, left: "v1", moment: "with the staging folder half-written" },
  { operation: "renameSync", nth: 1, left: "v1", moment: "before moving dist into the staging folder" },
  { operation: "renameSync", nth: 2, left: "v1 without dist", moment: "with dist moved, node_modules not yet" },
  { operation: "renameSync", nth: 3, left: "v1 without dist and node_modules", moment: "before the old folder is renamed away" },
  { operation: "renameSync", nth: 4, left: "nothing", moment: "between the two renames" },
  { operation: "rmSync", nth: 1, left: "v2", moment: "before the old copy is removed" },
] as const;

describe("a generate killed mid-swap", () => {
  it.each(KILL_POINTS)("killed $moment: the next run cleans up and loses nothing", ({ operation, nth, left }) => {
    const root = firstGeneration();
    const child = spawnSync(process.execPath, ["--import", "tsx", CHILD, root, operation, String(nth), "v2"], { cwd: repoRoot, encoding: "utf8" });
    expect(child.signal, child.stderr).toBe("SIGKILL");

    // What the kill left: the folder is never half-written, only absent between the renames.
    const leftBehind = readdirSync(dirname(root)).filter((name) => name !== "generated");
    expect(leftBehind.length).toBeGreaterThan(0);
    const v1 = { "a.txt": "v1", "old-only.txt": "v1", "sub/b.txt": "v1", ...KEPT };
    const expected: Record<string, Record<string, string> | undefined> = {
      v1,
      "v1 without dist": { "a.txt": "v1", "old-only.txt": "v1", "sub/b.txt": "v1", "node_modules/pkg/index.js": "installed" },
      "v1 without dist and node_modules": { "a.txt": "v1", "old-only.txt": "v1", "sub/b.txt": "v1" },
      nothing: undefined,
      v2: contents("v2"),
    };
    expect(existsSync(root) ? files(root) : undefined).toEqual(expected[left]);

    replaceDirectory(root, new Map(Object.entries({ "a.txt": "v3", "c.txt": "v3", "sub/b.txt": "v3" })), KEEP);
    expect(files(root)).toEqual(contents("v3"));
    expect(readdirSync(dirname(root))).toEqual(["generated"]);
  });

  it("leaves alone the staging folder of a run still going (its pid is alive)", () => {
    const root = firstGeneration();
    const live = join(dirname(root), `.generated.staging-${process.ppid}-AbC123`);
    mkdirSync(live);
    replaceDirectory(root, new Map([["a.txt", "v2"]]), KEEP);
    expect(readdirSync(dirname(root)).sort()).toEqual([".generated.staging-" + process.ppid + "-AbC123", "generated"]);
  });

  it("removes the un-suffixed staging folders earlier versions left", () => {
    const root = firstGeneration();
    mkdirSync(join(dirname(root), ".generated.staging-Xy12Zq"));
    replaceDirectory(root, new Map([["a.txt", "v2"]]), KEEP);
    expect(readdirSync(dirname(root))).toEqual(["generated"]);
  });

  it("git ignores what a killed run leaves next to generated/", () => {
    for (const name of [".generated.staging-4242-AbC123", ".generated.staging-Xy12Zq", ".generated.old-4242"]) {
      const ignored = spawnSync("git", ["check-ignore", "-q", "--no-index", `${name}/file`], { cwd: repoRoot });
      expect(ignored.status, name).toBe(0);
    }
  });
});
