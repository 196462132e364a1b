import { mkdtempSync, readFileSync, writeFileSync, existsSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
// @ts-expect-error -- a plain ES module of the entry scripts, without declarations
import { loadWithCodeCache } from "../../scripts/code-cache.mjs";

interface Loaded {
  exports: { greet(name: string): string; dir: string; viaRequire: string };
  cacheUsed: boolean;
  save(): void;
}
const load = loadWithCodeCache as (file: string, cacheFile: string) => Loaded;

function moduleFile(): string {
  const dir = mkdtempSync(join(tmpdir(), "grinfi-code-cache-"));
  const file = join(dir, "module.cjs");
  writeFileSync(file, `exports.greet = (name) => "hello " + name;\nexports.dir = __dirname;\nexports.viaRequire = require("node:path").basename(__filename);\n`);
  return file;
}

describe("loading the compiled CLI through V8's code cache", () => {
  it("runs the module as CommonJS, then reuses the saved cache on the next load", () => {
    const file = moduleFile();
    const cacheFile = join(file, "..", "cache", "module.bin");
    const first = load(file, cacheFile);
    expect(first.cacheUsed).toBe(false);
    expect(first.exports.greet("you")).toBe("hello you");
    expect(first.exports.dir).toBe(join(file, ".."));
    expect(first.exports.viaRequire).toBe("module.cjs");
    first.save();
    expect(existsSync(cacheFile)).toBe(true);

    const second = load(file, cacheFile);
    expect(second.cacheUsed).toBe(true);
    expect(second.exports.greet("again")).toBe("hello again");
  });

  it("ignores a damaged cache or one made for other code, and still runs the module", () => {
    const file = moduleFile();
    const cacheFile = join(file, "..", "module.bin");
    writeFileSync(cacheFile, "not a code cache");
    const damaged = load(file, cacheFile);
    expect(damaged.cacheUsed).toBe(false);
    expect(damaged.exports.greet("x")).toBe("hello x");
    damaged.save();

    // The module changes after its cache was saved: V8 rejects the cache, the new code runs.
    writeFileSync(file, readFileSync(file, "utf8").replace('"hello "', '"hi there, "'));
    const changed = load(file, cacheFile);
    expect(changed.cacheUsed).toBe(false);
    expect(changed.exports.greet("x")).toBe("hi there, x");
  });
});
