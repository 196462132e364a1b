import { mkdtempSync, readdirSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterEach, describe, expect, it } from "vitest";
import { keptOutput, useCache } from "../../generator/src/cache.ts";
import { generateFiles } from "../../generator/src/generate.ts";

const roots: string[] = [];
function cacheRoot(): string {
  const root = mkdtempSync(join(tmpdir(), "grinfi-kept-output-"));
  roots.push(root);
  return root;
}

describe("emitter output kept between runs (the CLI's cache)", () => {
  afterEach(() => {
    useCache(undefined);
    for (const root of roots.splice(0)) rmSync(root, { recursive: true, force: true });
  });

  it("computes once per input and build, and again for another input or another build", async () => {
    const root = cacheRoot();
    let computed = 0;
    const compute = () => `output ${++computed}`;
    useCache(root, "build-a");
    expect(await keptOutput("step", "input 1", compute)).toBe("output 1");
    expect(await keptOutput("step", "input 1", compute)).toBe("output 1");
    expect(await keptOutput("step", "input 2", compute)).toBe("output 2");
    useCache(root, "build-b");
    expect(await keptOutput("step", "input 1", compute)).toBe("output 3");
    expect(readdirSync(join(root, "emit"))).toHaveLength(3);
  });

  it("keeps nothing without a known build of the generator (sources run through tsx)", async () => {
    const root = cacheRoot();
    let computed = 0;
    useCache(root);
    await keptOutput("step", "input", () => `output ${++computed}`);
    await keptOutput("step", "input", () => `output ${++computed}`);
    expect(computed).toBe(2);
  });

  it("generates the same package from kept output as from a cold run", async () => {
    const cold = await generateFiles({ specDir: "spec" });
    useCache(cacheRoot(), "build-a");
    await generateFiles({ specDir: "spec" });
    const warm = await generateFiles({ specDir: "spec" });
    expect([...warm.keys()]).toEqual([...cold.keys()]);
    for (const [path, contents] of cold) expect(warm.get(path), path).toBe(contents);
  }, 120_000);
});
