import { mkdirSync, readdirSync, readFileSync, writeFileSync, existsSync } from "node:fs";
import { dirname, join } from "node:path";
import { describe, expect, it } from "vitest";
import { generateFiles } from "../../generator/src/generate.ts";
import { repoRoot } from "../helpers/spec-fixture.ts";

const fixture = join(repoRoot, "test", "fixtures", "mini-spec");
const goldenDir = join(repoRoot, "test", "fixtures", "mini-golden");

/**
 * The generated package for a small spec, compared file by file with reviewed output. Run with
 * UPDATE_GOLDEN=1 to rewrite the expected files after an intended change, then review the diff.
 * `src/core/` and `mcp/src/core/` are runtimes copied verbatim with their own tests, so they are left out here.
 */
describe("generator golden output (test/fixtures/mini-spec)", async () => {
  const files = await generateFiles({ specDir: fixture, packageName: "@example/mini" });
  const compared = [...files].filter(([path]) => !path.startsWith("src/core/") && !path.startsWith("mcp/src/core/"));

  if (process.env.UPDATE_GOLDEN) {
    for (const [path, contents] of compared) {
      mkdirSync(dirname(join(goldenDir, path)), { recursive: true });
      writeFileSync(join(goldenDir, path), contents);
    }
  }

  it("produces exactly the expected set of files", () => {
    const expected = listFiles(goldenDir).sort();
    expect(compared.map(([path]) => path).sort()).toEqual(expected);
  });

  it.each(compared.map(([path]) => path))("%s matches the reviewed output", (path) => {
    const expectedPath = join(goldenDir, path);
    expect(existsSync(expectedPath), `${path} has no golden file; run with UPDATE_GOLDEN=1`).toBe(true);
    expect(files.get(path)).toBe(readFileSync(expectedPath, "utf8"));
  });

  it("is deterministic: a second run gives byte-identical output", async () => {
    const again = await generateFiles({ specDir: fixture, packageName: "@example/mini" });
    expect([...again]).toEqual([...files]);
  });
});

function listFiles(root: string, dir = root): string[] {
  if (!existsSync(dir)) return [];
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) =>
    entry.isDirectory() ? listFiles(root, join(dir, entry.name)) : [join(dir, entry.name).slice(root.length + 1)],
  );
}
